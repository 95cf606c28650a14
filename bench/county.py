"""The ledger's paths where users wait, at county scale, as ratios against raw SQL over the same rows in the same
run: the voucher list a township officer opens (its first page) and one village's trial balance.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coop_bench .venv/bin/python bench/county.py [lines]

A county of 21 villages in three townships; `lines` posted voucher lines (default 600,000), a third of them in
桑园村, the rest shared by the other 20 villages. Measured on the nearly empty database (a page of vouchers posted
through post_entry), at scale, and after the other villages' books grew ten-fold. The bulk rows are written in
raw SQL with the triggers off (session_replication_role = replica), in date order across the villages, as
real books interleave on disk; then VACUUM ANALYZE, as autovacuum would. It creates and drops its own test
database through Django's test runner utilities.
"""

import sys
import time
from datetime import date

from _setup import test_database

REPEAT = 7
MAIN_SHARE = 3  # 桑园村 holds one line in MAIN_SHARE


def timed(fn, repeat=REPEAT) -> float:
    """The best of `repeat` runs after one warm-up, in seconds: on a shared machine the other processes only
    ever add time, so the fastest run is the closest to the path's own cost."""
    fn()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return min(runs)


def build_county():
    """桑园村 and 20 more villages in 留坝县 (7 per township), each with its books open January–November."""
    from coop.models import Village
    from tests import builders as b

    world = b.world()
    t4 = b.township(world.c1, "江口镇", "610729201")
    for township, taken in ((world.t1, 2), (world.t2, 2), (t4, 0)):
        for i in range(7 - taken):
            b.village(township, f"基准{township.name[:2]}{i + 1}村", f"{300 + i}")
    officer = world.users["township_officer"]
    officers = {world.t1.pk: officer, world.t2.pk: world.officer2,
                t4.pk: b.account("officer4", "township_officer", township=t4)}
    villages = list(Village.objects.filter(township__county=world.c1).order_by("code"))
    assert len(villages) == 21, len(villages)
    ledgers = {v.pk: b.ledger(v, officers[v.township_id]) for v in villages}
    return world, ledgers


def has_line_ledger() -> bool:
    """Whether this schema copies the ledger onto each voucher line (finance 0009): the bench runs on either."""
    from finance.models import VoucherLine

    return any(f.name == "ledger" for f in VoucherLine._meta.fields)


def bulk_post(connection, plan: dict[int, int], preparer, approver):
    """Posted vouchers of two lines each, `plan[ledger_id]` lines per ledger, spread over 1 January–30 November
    and written in date order across ledgers. Numbers continue each ledger's (unique in each month)."""
    from finance.models import Account

    codes = dict(Account.objects.filter(chart="2023", village__isnull=True, code__in=["102", "301", "501", "513"])
                 .values_list("code", "pk"))
    line_ledger = has_line_ledger()
    with connection.cursor() as cur:
        cur.execute("SET session_replication_role = replica")
        cur.execute("CREATE TEMP TABLE bench_plan (ledger_id bigint, n integer, base integer)")
        cur.executemany("INSERT INTO bench_plan SELECT %s, %s, COALESCE(MAX(number), 0) FROM finance_voucher"
                        " WHERE ledger_id = %s", [(pk, n // 2, pk) for pk, n in plan.items()])
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM finance_voucher")
        last = cur.fetchone()[0]
        cur.execute("""
            INSERT INTO finance_voucher (ledger_id, period_id, number, date, status, attachments, prepared_by_id,
                prepared_at, reviewed_by_id, reviewed_at, posted_by_id, posted_at, note, is_closing, source)
            SELECT p.ledger_id, per.id, p.base + g, d.day, 'posted', 0, %(prep)s, now(), %(appr)s, now(),
                   %(appr)s, now(), '', false, ''
              FROM bench_plan p CROSS JOIN LATERAL generate_series(1, p.n) g
              CROSS JOIN LATERAL (SELECT date '2026-01-01' + ((g - 1) * 334 / p.n) AS day) d
              JOIN finance_period per ON per.ledger_id = p.ledger_id AND per.year = 2026
                   AND per.month = extract(month FROM d.day)
             ORDER BY d.day, g, p.ledger_id""", {"prep": preparer.pk, "appr": approver.pk})
        ledger_col, ledger_val = (", ledger_id", ", v.ledger_id") if line_ledger else ("", "")
        cur.execute(f"""
            INSERT INTO finance_voucherline (voucher_id, line_no, summary, account_id, side, amount{ledger_col})
            SELECT v.id, s.no, '基准摘要', CASE WHEN s.no = 1 THEN (ARRAY[%(b)s, %(e)s, %(b)s])[v.id %% 3 + 1]
                                               ELSE (ARRAY[%(i)s, %(b)s, %(c)s])[v.id %% 3 + 1] END,
                   CASE s.no WHEN 1 THEN 'debit' ELSE 'credit' END, (v.id %% 997 + 1)::numeric{ledger_val}
              FROM finance_voucher v CROSS JOIN (VALUES (1), (2)) s(no)
             WHERE v.id > %(last)s ORDER BY v.id, s.no""",
                    {"b": codes["102"], "e": codes["513"], "i": codes["501"], "c": codes["301"], "last": last})
        cur.execute("DROP TABLE bench_plan")
        cur.execute("SET session_replication_role = DEFAULT")
    vacuum(connection)


def vacuum(connection):
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE finance_voucher")
        cur.execute("VACUUM ANALYZE finance_voucherline")


def count_lines(connection) -> int:
    with connection.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM finance_voucherline")
        return cur.fetchone()[0]


LIST_PAGE_SQL = """
    SELECT v.id, v.date, v.number, v.status, vil.name, u.first_name, u.last_name,
           (SELECT l.summary FROM finance_voucherline l WHERE l.voucher_id = v.id ORDER BY l.line_no LIMIT 1),
           (SELECT SUM(l.amount) FROM finance_voucherline l WHERE l.voucher_id = v.id AND l.side = 'debit')
      FROM finance_voucher v JOIN finance_ledger led ON led.id = v.ledger_id
      JOIN coop_village vil ON vil.id = led.village_id JOIN accounts_user u ON u.id = v.prepared_by_id
     WHERE vil.township_id = %s
     ORDER BY v.date DESC, v.number DESC, v.id DESC LIMIT 50"""

# With the line's own ledger column where the schema has one, so that raw SQL uses the indexes the ORM can.
TRIAL_SQL = """
    SELECT l.account_id, l.side, SUM(l.amount) FROM finance_voucherline l
      JOIN finance_voucher v ON v.id = l.voucher_id
     WHERE v.ledger_id = %(ledger)s {line_ledger} AND v.status = 'posted' AND v.date <= %(end)s
     GROUP BY l.account_id, l.side"""


def main(total_lines: int) -> None:
    with test_database() as connection:
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.urls import reverse

        from finance import operations as fin
        from finance import queries

        world, ledgers = build_county()
        officer, chair = world.users["township_officer"], world.users["chairman"]
        main_books = ledgers[world.v11.pk]
        user_table = get_user_model()._meta.db_table
        page_sql = LIST_PAGE_SQL.replace("accounts_user", user_table)
        trial_sql = TRIAL_SQL.format(line_ledger="AND l.ledger_id = %(ledger)s" if has_line_ledger() else "")
        client = Client()
        client.force_login(officer)
        url = reverse("admin:finance_voucher_changelist")

        def view():
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        def raw_page():
            with connection.cursor() as cur:
                cur.execute(page_sql, [world.t1.pk])
                rows = cur.fetchall()
            assert rows

        def trial():
            queries.trial_balance(main_books, 2026, 11)

        def raw_trial():
            with connection.cursor() as cur:
                cur.execute(trial_sql, {"ledger": main_books.pk, "end": date(2026, 11, 30)})
                cur.fetchall()

        for i in range(60):  # a full first page, through the real door
            fin.post_entry(village=main_books, on=date(2026, 11, 1 + i % 28), summary="近乎空库",
                           lines=[fin.Line.debit("102", "1.00"), fin.Line.credit("501", "1.00")],
                           prepared_by=chair, approved_by=officer)
        vacuum(connection)
        results = {}

        def measure(label):
            results[label] = {"lines": count_lines(connection), "list": timed(view), "list_raw": timed(raw_page),
                              "trial": timed(trial), "trial_raw": timed(raw_trial)}
            r = results[label]
            print(f"  {label}: {r['lines']:,} lines; list {r['list'] * 1000:.1f} ms (raw {r['list_raw'] * 1000:.2f})"
                  f"; trial balance {r['trial'] * 1000:.1f} ms (raw {r['trial_raw'] * 1000:.1f})", flush=True)

        measure("nearly empty")
        others = [pk for pk in (b.pk for b in ledgers.values()) if pk != main_books.pk]
        share = total_lines // MAIN_SHARE
        plan = {main_books.pk: share, **{pk: (total_lines - share) // len(others) for pk in others}}
        start = time.perf_counter()
        bulk_post(connection, plan, chair, officer)
        print(f"  (county built in {time.perf_counter() - start:.0f} s)", flush=True)
        measure("at scale")
        start = time.perf_counter()
        bulk_post(connection, {pk: plan[pk] * 9 for pk in others}, chair, officer)
        print(f"  (other villages grown in {time.perf_counter() - start:.0f} s)", flush=True)
        measure("others grown 10x")

        empty = results["nearly empty"]
        print(f"\n{'':20}{'lines':>11}{'list ms':>9}{'raw ms':>8}{'×raw':>7}{'×empty':>8}"
              f"{'trial ms':>10}{'raw ms':>8}{'×raw':>7}{'×scale':>8}")
        for label, r in results.items():
            print(f"{label:20}{r['lines']:>11,}{r['list'] * 1000:9.1f}{r['list_raw'] * 1000:8.2f}"
                  f"{r['list'] / r['list_raw']:7.1f}{r['list'] / empty['list']:8.2f}"
                  f"{r['trial'] * 1000:10.1f}{r['trial_raw'] * 1000:8.1f}{r['trial'] / r['trial_raw']:7.2f}"
                  f"{r['trial'] / results.get('at scale', r)['trial']:8.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 600_000)
