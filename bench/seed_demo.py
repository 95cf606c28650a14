"""What `make run` waits for after pip (issue 10): migrate, then seed_demo part by part, in seconds and statements.

    .venv/bin/python bench/seed_demo.py      # a fresh SQLite file in a temporary directory, as `make run` makes
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coop_bench .venv/bin/python bench/seed_demo.py

On PostgreSQL the database is a throw-away test database (bench/_setup.py). The parts are coop.demo's registered
parts, run in their order inside one transaction, as the command runs them.
"""

import os
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"

from _setup import test_database  # noqa: E402


@contextmanager
def fresh_database():
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "sqlite":
        started = time.perf_counter()
        with test_database() as conn:
            print(f"{'migrate (test database)':<34}{time.perf_counter() - started:8.1f} s")
            yield conn
        return
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"{'migrate':<34}{time.perf_counter() - started:8.1f} s")
    yield connection
    Path(connection.settings_dict["NAME"]).unlink()


def main() -> None:
    with fresh_database() as connection:
        from django.db import transaction
        from django.utils.module_loading import import_string

        from coop import demo

        parts = [("coop.demo.seed", demo.seed)] + [(path, import_string(path)) for _, path in demo._PARTS]
        total, statements = 0.0, 0
        count = [0]

        def counted(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with transaction.atomic(), connection.execute_wrapper(counted):
            for name, seed in parts:
                count[0] = 0
                started = time.perf_counter()
                seed()
                took = time.perf_counter() - started
                total, statements = total + took, statements + count[0]
                print(f"{name:<34}{took:8.1f} s {count[0]:8d} statements")
        print(f"{'seed_demo':<34}{total:8.1f} s {statements:8d} statements  (CPU {time.process_time():.1f} s)")


if __name__ == "__main__":
    sys.exit(main())
