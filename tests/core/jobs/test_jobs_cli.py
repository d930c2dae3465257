"""lms jobs list / lms jobs retry / lms worker."""

from __future__ import annotations

from lms.core import transaction
from lms.core.jobs import enqueue
from tests.core.jobs.jobs_plugin import FAILURES_LEFT


def test_failed_runs_are_listed_with_their_error_and_retried(db, runner) -> None:
    FAILURES_LEFT["cli"] = 3
    run = enqueue("test.flaky", key="cli", name="cli")
    transaction.commit()
    run.status, run.attempts = "failed", 3  # its retries used up
    transaction.commit()
    listed = runner.invoke(args=["jobs", "list"])
    assert listed.exit_code == 0, listed.output
    line = next(line for line in listed.output.splitlines() if line.startswith(f"{run.id}\t"))
    assert "\tfailed\ttest.flaky\tcli\t3/3\t" in line and "RuntimeError: berkas cli belum siap" in line
    assert "failed 1" in listed.output.splitlines()[0]
    done = runner.invoke(args=["jobs", "list", "--status", "done"])
    assert f"{run.id}\t" not in done.output
    FAILURES_LEFT["cli"] = 0
    again = runner.invoke(args=["jobs", "retry", str(run.id)])
    assert again.exit_code == 0 and "diantrekan lagi" in again.output
    db.session.refresh(run)
    assert run.status == "done" and run.attempts == 4
    refused = runner.invoke(args=["jobs", "retry", str(run.id)])
    assert refused.exit_code == 1 and "only failed runs are retried" in refused.output


def test_the_worker_is_not_needed_when_jobs_run_inside_the_app(runner) -> None:
    result = runner.invoke(args=["worker"])
    assert result.exit_code == 1 and "tidak perlu worker" in result.output


def test_lms_worker_runs_queued_jobs_and_stops_on_sigint(tmp_path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from lms.app import create_app
    from lms.core.models import JobRun
    from lms.extensions import db as _db
    from lms.testing.plugin import settings_for

    settings = settings_for(tmp_path, LMS_JOBS_IMMEDIATE="0")
    app = create_app(settings)
    with app.app_context():
        _db.create_all()
        run_id = enqueue("jobs.sweep", key="by-hand").id
        transaction.commit()
    env = {**os.environ, **{k: str(v) for k, v in settings.items()}}
    lms = Path(sys.executable).with_name("lms")
    worker = subprocess.Popen([str(lms), "worker", "--workers", "1"], env=env, cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline and status != "done":
            with app.app_context():
                status = _db.session.get(JobRun, run_id).status
                _db.session.remove()
            time.sleep(0.1)
        assert status == "done"
    finally:
        worker.send_signal(signal.SIGINT)
        output = worker.communicate(timeout=60)[0]
        with app.app_context():
            _db.engine.dispose()
    assert worker.returncode == 0, output
    assert "scheduler on" in output and "reminders" in output
