"""Verifying the books (finance.chain): one ledger of N posted vouchers (three lines each) sealed as posting seals
them, written in bulk, then the whole chain recomputed; prints the time and the statements it took.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coop_bench .venv/bin/python bench/verify_books.py [vouchers]
"""

import sys
import time
from datetime import date, timedelta
from decimal import Decimal

from _setup import test_database


def main(n: int) -> None:
    with test_database() as connection:
        from django.db import transaction
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone

        from finance import chain
        from finance.models import Account, Ledger, Period, Voucher, VoucherLine
        from tests import builders as b

        world = b.world()
        officer, chair = world.users["township_officer"], world.users["chairman"]
        ledger = b.ledger(world.v11, officer)
        codes = {c: Account.objects.get(chart=ledger.chart, code=c, village__isnull=True)
                 for c in ("102", "501", "502")}
        periods = {(p.year, p.month): p for p in Period.objects.filter(ledger=ledger)}
        start = time.perf_counter()
        with transaction.atomic():
            previous, now = chain.GENESIS, timezone.now()
            vouchers, lines, seals = [], [], []
            numbers: dict = {}
            for seq in range(1, n + 1):
                on = ledger.start_date + timedelta(days=(seq * 300) // n)
                on = min(on, date(2026, 11, 28))
                period = periods[(on.year, on.month)]
                numbers[period.pk] = numbers.get(period.pk, 0) + 1
                voucher = Voucher(id=10_000_000 + seq, ledger=ledger, period=period, number=numbers[period.pk],
                                  date=on, status=Voucher.Status.REVIEWED, prepared_by=chair, prepared_at=now,
                                  reviewed_by=officer, reviewed_at=now, posted_by=officer, posted_at=now,
                                  chain_seq=seq)
                rows = [(codes["102"], "debit", "30.00", "收入"), (codes["501"], "credit", "20.00", "收入"),
                        (codes["502"], "credit", "10.00", "收入")]
                chain.seal(voucher, [(a, s, Decimal(m), t) for a, s, m, t in rows],
                           head_seq=seq - 1, head_hash=previous)
                previous = voucher.chain_hash
                seals.append((voucher.pk, seq, voucher.chain_hash))
                voucher.chain_seq, voucher.chain_hash = None, ""  # posted below, after its lines, as posting does
                vouchers.append(voucher)
                lines += [VoucherLine(voucher=voucher, ledger=ledger, line_no=no, account=a, side=s, amount=m,
                                      summary=t) for no, (a, s, m, t) in enumerate(rows, start=1)]
            Voucher._meta.get_field("prepared_at").auto_now_add = False  # keep the time the seal was made with
            Voucher.objects.bulk_create(vouchers, batch_size=2000)
            VoucherLine.objects.bulk_create(lines, batch_size=5000)
            with connection.cursor() as cursor:
                cursor.executemany("UPDATE finance_voucher SET status = 'posted', chain_seq = %s, chain_hash = %s "
                                   "WHERE id = %s", [(seq, digest, pk) for pk, seq, digest in seals])
        print(f"wrote {n} sealed vouchers in {time.perf_counter() - start:.1f} s")
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            result = chain.verify(Ledger.objects.filter(pk=ledger.pk))[0]
            took = time.perf_counter() - start
        print(f"verified {result.vouchers} vouchers: {'ok' if result.ok else result.broken} "
              f"in {took:.2f} s, {len(captured)} statements")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
