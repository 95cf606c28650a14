"""Two clerks at once: jobs run in threads, each on its own database connection (PostgreSQL tests only)."""

import threading

from django.db import connection, connections


def run_in_threads(*jobs, interleave_locks=False):
    """Run each job in its own thread and connection, released together; return results or exceptions.

    With `interleave_locks`, each job, once it holds its first row lock, waits until every other job holds its
    own first lock or is queued behind one: the interleaving in which two lock orders meet head on, forced
    every time instead of hoped for."""
    barrier = threading.Barrier(len(jobs))
    first_locks = [threading.Event() for _ in jobs]
    backends = [None] * len(jobs)
    results = [None] * len(jobs)
    ticker = threading.Event()  # never set: waiting on it paces the polling of the other connections

    def others_ready(i, cursor) -> bool:
        for j, event in enumerate(first_locks):
            if j == i or event.is_set():
                continue
            cursor.execute("SELECT cardinality(pg_blocking_pids(%s)) > 0", [backends[j]])
            if not cursor.fetchone()[0]:
                return False
        return True

    def pause_after_first_lock(i):
        def wrapper(execute, sql, params, many, context):
            result = execute(sql, params, many, context)
            if "FOR UPDATE" in sql and not first_locks[i].is_set():
                first_locks[i].set()
                with connection.cursor() as cursor:
                    for _ in range(500):  # at most ~10 s: a job that never locks must not hang the test
                        if others_ready(i, cursor):
                            break
                        ticker.wait(0.02)
            return result
        return wrapper

    def worker(i, job):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                backends[i] = cursor.fetchone()[0]
            barrier.wait()
            if interleave_locks:
                with connection.execute_wrapper(pause_after_first_lock(i)):
                    results[i] = job()
            else:
                results[i] = job()
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread met
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results
