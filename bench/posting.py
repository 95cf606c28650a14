"""One posting through finance.operations.post_entry against the same rows written in raw SQL, in the same run,
as a ratio of medians (the two alternated); with its statement count. Then again with the other villages' books
grown, since a village's posting must not slow as the county grows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coop_bench .venv/bin/python bench/posting.py [postings]
"""

import statistics
import sys
import time
from datetime import date

from _setup import test_database


def main(n: int) -> None:
    with test_database() as connection:
        from django.db import transaction
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone

        from finance import operations as fin
        from finance.models import Account, Period
        from tests import builders as b

        world = b.world()
        officer, chair = world.users["township_officer"], world.users["chairman"]
        books = b.ledger(world.v11, officer)
        other = b.ledger(world.v12, officer)
        preparer = {books.pk: chair, other.pk: b.account("officer_b", "township_officer", township=world.t1)}
        lines = [fin.Line.debit("102", "1.00"), fin.Line.credit("501", "1.00")]
        accounts = [Account.objects.get(chart=books.chart, code=c, village__isnull=True).pk for c in ("102", "501")]

        def orm(ledger, day):
            fin.post_entry(village=ledger, on=day, summary="基准", lines=lines,
                           prepared_by=preparer[ledger.pk], approved_by=officer)

        def raw(ledger, day):
            with transaction.atomic(), connection.cursor() as cur:
                cur.execute("SELECT id FROM finance_ledger WHERE id = %s FOR UPDATE", [ledger.pk])
                period = Period.objects.filter(ledger=ledger, year=day.year, month=day.month).values_list(
                    "pk", flat=True)[0]
                cur.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM finance_voucher WHERE period_id = %s",
                            [period])
                number = cur.fetchone()[0]
                now = timezone.now()
                cur.execute(
                    "INSERT INTO finance_voucher (ledger_id, period_id, number, date, status, attachments,"
                    " prepared_by_id, prepared_at, reviewed_by_id, reviewed_at, note, is_closing, source)"
                    " VALUES (%s, %s, %s, %s, 'reviewed', 0, %s, %s, %s, %s, '', false, '') RETURNING id",
                    [ledger.pk, period, number, day, chair.pk, now, officer.pk, now])
                voucher = cur.fetchone()[0]
                cur.execute("INSERT INTO finance_voucherline (voucher_id, ledger_id, line_no, summary, account_id,"
                            " side, amount) VALUES (%s, %s, 1, '基准', %s, 'debit', 1), (%s, %s, 2, '基准', %s,"
                            " 'credit', 1)", [voucher, ledger.pk, accounts[0], voucher, ledger.pk, accounts[1]])
                cur.execute("UPDATE finance_voucher SET status = 'posted', posted_by_id = %s, posted_at = %s"
                            " WHERE id = %s", [officer.pk, now, voucher])

        def grow(ledger):
            for i in range(n):
                orm(ledger, date(2026, 1 + i % 10, 1 + i % 28))

        def paired(ledger):
            """n postings each way, alternated so both meet the same load; the median of each, since on a
            shared machine another process's burst lands on a few postings, not on the path's own cost."""
            times = {orm: [], raw: []}
            for i in range(n):
                for fn in (orm, raw):
                    start = time.perf_counter()
                    fn(ledger, date(2026, 1 + i % 10, 1 + i % 28))
                    times[fn].append(time.perf_counter() - start)
            return statistics.median(times[orm]), statistics.median(times[raw])

        orm(books, date(2026, 1, 1))  # the first posting freezes the openings: not the common case
        with CaptureQueriesContext(connection) as captured:
            orm(books, date(2026, 1, 2))
        rows = []
        for label in ("as built", "other villages grown"):
            if label != "as built":
                grow(other)
                grow(other)  # the neighbour's books: 2×n more vouchers
            rows.append((label, *paired(books)))
        print(f"post_entry: {len(captured)} statements (savepoints included)")
        print(f"{'':24}{'post_entry ms':>14}{'raw SQL ms':>12}{'ratio':>8}")
        for label, o, r in rows:
            print(f"{label:24}{o * 1000:14.2f}{r * 1000:12.2f}{o / r:8.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
