"""Enqueueing on the embedded default (job_run row + SqliteHuey on instance/jobs.db): what it
adds to a request, p50/p95/max over BENCH_JOBS_N enqueues (default 2000). Target: p95 < 2 ms.

``added`` is what a view pays for ``enqueue()`` plus the hand-off to the queue after its commit
(the INSERT of the run and huey's write); ``unit`` is a whole unit of work that only enqueues
(enqueue + commit + hand-off), an upper bound. Nothing is consumed meanwhile.

    python -m bench enqueue        (BENCH_DB=postgres for the run rows on PostgreSQL)
"""

from __future__ import annotations

import os
import statistics
import time
import uuid

from bench.common import each_database, env_int


def _quantiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return (f"p50 {statistics.median(ordered) * 1000:.3f} ms, p95 {p95 * 1000:.3f} ms, "
            f"max {ordered[-1] * 1000:.3f} ms")


def run(app, n: int) -> tuple[list[float], list[float], list[float]]:  # noqa: ANN001
    from lms.core import transaction
    from lms.core.jobs import enqueue
    from lms.core.jobs.runs import dispatch_pending
    from lms.extensions import db

    added: list[float] = []
    unit: list[float] = []
    cpu: list[float] = []  # CPU time of "added": what it costs when the machine is busy with others
    with app.app_context():
        for _ in range(50):  # warm up: connections, statement caches, huey's table
            enqueue("jobs.sweep", key=uuid.uuid4().hex)
            transaction.commit()
        for _ in range(n):
            key = uuid.uuid4().hex
            start, cpu_start = time.perf_counter(), time.thread_time()
            enqueue("jobs.sweep", key=key)
            enqueued, cpu_enqueued = time.perf_counter(), time.thread_time()
            db.session.commit()
            committed, cpu_committed = time.perf_counter(), time.thread_time()
            dispatch_pending()
            end, cpu_end = time.perf_counter(), time.thread_time()
            added.append((enqueued - start) + (end - committed))
            cpu.append((cpu_enqueued - cpu_start) + (cpu_end - cpu_committed))
            unit.append(end - start)
        pending = app.extensions["lms.jobs"].huey.pending_count()
    assert pending >= n, pending
    return added, unit, cpu


def main() -> None:
    n = env_int("JOBS_N", 2000)
    for kind, app in each_database():
        added, unit, cpu = run(app, n)
        print(f"enqueue on {kind} + SqliteHuey ({n} runs, load average {os.getloadavg()[0]:.1f}):\n"
              f"  added (wall) {_quantiles(added)}\n  added (CPU)  {_quantiles(cpu)}\n"
              f"  unit (wall)  {_quantiles(unit)}")


if __name__ == "__main__":
    main()
