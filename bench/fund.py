"""The fund at county scale: schedules made and stored for 10,000 loans, then portfolio quality (PAR30/PAR90)
over them through finance.fund.portfolio against the same aggregate in raw SQL, in the same run, as a ratio.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coop_bench .venv/bin/python bench/fund.py [loans]

One loan is paid out through the operations; the others are copies of its row (each with a voucher row of its
own, as the loan's constraint requires), since what is measured is the schedule and the reads, not disbursement.
"""

import sys
import time
from datetime import date
from decimal import Decimal

from _setup import test_database

METHODS = ("annuity", "fee_monthly", "lump_sum")

RAW_PAR = """
WITH paid AS (
    SELECT l.id, l.amount, c.village_id, COALESCE(SUM(i.paid_principal), 0) AS paid,
           MIN(i.due_on) FILTER (WHERE NOT i.superseded AND i.due_on < %(on)s
                                 AND (i.paid_principal < i.principal OR i.paid_fee < i.fee)) AS oldest_late
    FROM fund_loan l JOIN fund_fund f ON f.id = l.fund_id JOIN coop_cooperative c ON c.id = f.cooperative_id
    LEFT JOIN fund_instalment i ON i.loan_id = l.id
    WHERE l.stage = 'disbursed' GROUP BY l.id, l.amount, c.village_id)
SELECT village_id, SUM(amount - paid),
       SUM(amount - paid) FILTER (WHERE %(on)s - oldest_late > 30),
       SUM(amount - paid) FILTER (WHERE %(on)s - oldest_late > 90)
FROM paid GROUP BY village_id
"""


def main(n: int) -> None:
    with test_database() as connection:
        from django.db import transaction

        from finance import operations as fin
        from finance.fund import operations as fund_ops
        from finance.fund import portfolio, schedules
        from finance.fund.models import Instalment, Loan
        from finance.models import Account, Voucher, VoucherLine
        from members import operations as mem
        from tests import builders as b
        from tests.fund.conftest import terms_kwargs

        world = b.world()
        officer, chair, admin = (world.users[r] for r in ("township_officer", "chairman", "county_admin"))
        b.ledger(world.v11, officer)
        fin.add_sub_account(parent=Account.objects.get(chart="2023", village=None, code="102"), village=world.v11,
                            code="10201", name="农村信用社", by=officer)
        fund_ops.set_policy(county=world.c1, effective_from=date(2016, 1, 1), by=admin,
                            first_loan_max=Decimal("5000"), loan_max=Decimal("10000"),
                            household_max=Decimal("20000"), max_term_months=24, fee_rate_monthly=Decimal("10"),
                            penalty_rate_daily=Decimal("10"), cadre_loans_allowed=False)
        fund = fund_ops.open_fund(cooperative=world.k11, name="基准互助资金协会", established_on=date(2016, 6, 1),
                                  by=officer)
        fund_ops.set_terms(fund=fund, adopted_on=date(2016, 6, 1), effective_from=date(2016, 6, 1), by=officer,
                           **terms_kwargs())
        receipt = fund_ops.record_capital(fund=fund, source="county_capital", amount=Decimal("300000"),
                                          received_on=date(2026, 1, 5), payer="县财政局", by=chair)
        fund_ops.approve_capital(receipt=receipt, by=officer)
        household = mem.register_household(village=world.v11, number="001", group="一组", is_registered_poor=True,
                                           by=chair)
        mem.register_person(household=household, name="借款人", id_number=b.id_number(1), phone="13800000000",
                            by=chair)
        member = mem.admit_member(cooperative=world.k11, kind="poor_household", household=household,
                                  joined_on=date(2025, 1, 10), by=chair)
        loan = fund_ops.apply_for_loan(fund=fund, member=member, amount=Decimal("5000"), term_months=12,
                                       method="annuity", purpose="养殖", applied_on=date(2026, 1, 10),
                                       payee_bank="农村信用社", payee_account="6228480000000001", by=chair)
        loan = fund_ops.review_loan(loan=loan, reviewed_on=date(2026, 1, 11), votes_for=5, votes_against=0, by=chair)
        loan = fund_ops.approve_loan(loan=loan, by=officer)
        loan = fund_ops.disburse_loan(loan=loan, disbursed_on=date(2026, 1, 12), by=chair)

        with transaction.atomic():  # the vouchers balance at commit, with their lines
            template = Voucher.objects.get(pk=loan.voucher_id)
            vouchers = Voucher.objects.bulk_create([
                Voucher(ledger_id=template.ledger_id, period_id=template.period_id, number=template.number + 1 + i,
                        date=template.date, status=Voucher.Status.REVIEWED, prepared_by_id=template.prepared_by_id,
                        prepared_at=template.prepared_at, reviewed_by_id=template.reviewed_by_id,
                        reviewed_at=template.reviewed_at, posted_by_id=template.posted_by_id,
                        posted_at=template.posted_at, source=f"bench:{i}") for i in range(n - 1)], batch_size=2000)
            lines = list(VoucherLine.objects.filter(voucher=template))
            VoucherLine.objects.bulk_create([
                VoucherLine(voucher=voucher, line_no=line.line_no, summary=line.summary, account_id=line.account_id,
                            side=line.side, amount=line.amount) for voucher in vouchers for line in lines],
                batch_size=5000)
            Voucher.objects.filter(pk__in=[v.pk for v in vouchers]).update(status=template.status)
            copies = []
            for i, voucher in enumerate(vouchers):
                copy = Loan.objects.get(pk=loan.pk)
                copy.pk, copy.id, copy.number, copy.voucher = None, None, loan.number + 1 + i, voucher
                copy.amount = Decimal(1000 + (i * 37) % 4000)
                copy.method, copy.term_months = METHODS[i % 3], (6, 12)[i % 2]
                copy.disbursed_on = date(2025, 1 + i % 12, 1 + i % 28)
                copies.append(copy)
            loans = Loan.objects.bulk_create(copies, batch_size=2000)
        Instalment.objects.filter(loan=loan).delete()

        start = time.perf_counter()
        with transaction.atomic():
            rows = []
            for each in [loan, *loans]:
                rows += [Instalment(loan=each, seq=r.seq, due_on=r.due_on, principal=r.principal, fee=r.fee)
                         for r in schedules.make(each.method, principal=each.amount, months=each.term_months,
                                                 rate_per_mille=each.fee_rate_monthly, start=each.disbursed_on)]
            Instalment.objects.bulk_create(rows, batch_size=5000)
        made = time.perf_counter() - start
        # most borrowers pay: every instalment of four loans in five is paid up to the day PAR is read
        with connection.cursor() as cur:
            cur.execute("UPDATE fund_instalment SET paid_principal = principal, paid_fee = fee"
                        " WHERE due_on <= '2026-09-30' AND loan_id % 5 <> 0")
        print(f"schedules: {n} loans, {len(rows)} instalments made and stored in {made:.2f} s "
              f"({made / n * 1000:.3f} ms a loan)")

        on = date(2026, 9, 30)
        everything = Loan.objects.all()

        def orm():
            return portfolio.quality_by_village(everything, on=on, with_rate=False)

        def raw():
            with connection.cursor() as cur:
                cur.execute(RAW_PAR, {"on": on})
                return cur.fetchall()

        quality, raw_rows = orm(), raw()
        village, gross, par30, par90 = raw_rows[0]
        mine = quality[village]
        assert (mine.outstanding, mine.at_risk[30], mine.at_risk[90]) == (gross, par30 or 0, par90 or 0), (
            mine, raw_rows)
        timings = {}
        for label, fn in (("portfolio", orm), ("raw SQL", raw)):
            fn()
            start = time.perf_counter()
            for _ in range(5):
                fn()
            timings[label] = (time.perf_counter() - start) / 5
        print(f"PAR over {n} loans: PAR30 {mine.par(30)}%, PAR90 {mine.par(90)}% of {mine.outstanding}")
        print(f"{'':12}{'portfolio ms':>14}{'raw SQL ms':>12}{'ratio':>8}")
        print(f"{'PAR':12}{timings['portfolio'] * 1000:14.1f}{timings['raw SQL'] * 1000:12.1f}"
              f"{timings['portfolio'] / timings['raw SQL']:8.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
