"""Benchmark of the roster import: a village roster of N persons (two per household, every household a member)
parsed and written, then the same file parsed again as the refusal it now is (every ID already registered).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coop_bench .venv/bin/python bench/members_import.py [rows]

It creates and drops its own test database through Django's test runner utilities.
"""

import sys
import time

from _setup import test_database


def roster_file(n: int) -> bytes:
    from members.imports import roster
    from tests.builders import id_number, xlsx

    rows = []
    for i in range(n):
        household, number = f"{i // 2 + 1:05d}", id_number(i % 1000, year=1930 + i // 1000)
        if i % 2 == 0:
            rows.append([household, "一组", "", "王建国", number, "户主", "", "是", "", "贫困户", "2016-06-01"])
        else:
            rows.append([household, "一组", "", "李秀英", number, "配偶", "", "", "", "", ""])
    return xlsx(rows, roster.HEADERS)


def main(n: int) -> None:
    with test_database() as connection:
        from members.imports import roster
        from tests import builders as b

        world = b.world()
        data = roster_file(n)
        start = time.perf_counter()
        parsed = roster.parse(data, world.v11)
        parse_time = time.perf_counter() - start
        assert parsed.ok, parsed.errors[:3]
        start = time.perf_counter()
        written = roster.apply(parsed, world.users["chairman"])
        apply_time = time.perf_counter() - start
        start = time.perf_counter()
        refused = roster.parse(data, world.v11)
        refusal_time = time.perf_counter() - start
        print(f"{connection.vendor}: {n} rows, {len(data) // 1024} KB")
        print(f"parse and check: {parse_time:.2f} s; write {written}: {apply_time:.2f} s")
        print(f"the same file again, refused with {len(refused.errors)} errors: {refusal_time:.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10000)
