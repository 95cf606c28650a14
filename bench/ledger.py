"""Benchmark of the village ledger: posting vouchers, then the trial balance and its PDF, with a year of
books in one village. Speed is measured here, not asserted in tests.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coop_bench .venv/bin/python bench/ledger.py [vouchers]

It creates and drops its own test database through Django's test runner utilities.
"""

import sys
import time
from datetime import date

from _setup import test_database


def main(n: int) -> None:
    with test_database():
        from coop.reports import render_pdf
        from finance import operations as fin
        from finance import queries
        from finance.reports import builders
        from tests import builders as b

        world = b.world()
        officer, chair = world.users["township_officer"], world.users["chairman"]
        books = b.ledger(world.v11, officer)
        start = time.perf_counter()
        for i in range(n):
            fin.post_entry(village=books, on=date(2026, 1 + i % 10, 1 + i % 28), summary="基准测试",
                           lines=[fin.Line.debit("102", f"{i + 1}.00"), fin.Line.credit("501", f"{i + 1}.00")],
                           prepared_by=chair, approved_by=officer)
        posting = time.perf_counter() - start
        start = time.perf_counter()
        queries.trial_balance(books, 2026, 10)
        trial = time.perf_counter() - start
        start = time.perf_counter()
        pdf = render_pdf(builders.journal(books, 2026, 10, "bank"))
        journal_pdf = time.perf_counter() - start
        print(f"{n} vouchers posted in {posting:.2f} s ({n / posting:.0f}/s)")
        print(f"trial balance over them: {trial * 1000:.0f} ms")
        print(f"bank journal PDF for October: {journal_pdf:.2f} s, {len(pdf) // 1024} KB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
