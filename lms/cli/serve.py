"""``lms serve``: the production server (gunicorn)."""

from __future__ import annotations

import os
import sys

import click


@click.command("serve")
@click.option("--bind", default="127.0.0.1:8000", show_default=True)
@click.option("--workers", default=None, type=int, help="default: 2 x CPU + 1")
@click.option("--threads", default=2, show_default=True, type=int)
@click.option("--timeout", default=60, show_default=True, type=int)
def serve_command(bind: str, workers: int | None, threads: int, timeout: int) -> None:
    """Serve the site with gunicorn (put a reverse proxy with TLS in front). Run `lms worker`
    beside it as a second process: reminders, imports, exports and certificates are its work."""
    workers = workers or (os.cpu_count() or 1) * 2 + 1
    argv = [sys.executable, "-m", "gunicorn", "--bind", bind, "--workers", str(workers), "--threads", str(threads),
            "--timeout", str(timeout), "--access-logfile", "-", "--forwarded-allow-ips", "*",
            # gunicorn's control socket defaults to one path in the home directory, shared by every
            # instance on the machine (a second server would take over the first one's socket);
            # nothing of ours uses it, so it stays off
            "--no-control-socket",
            "lms.wsgi:app"]
    # this interpreter's gunicorn: works without the venv's bin/ on PATH (systemd units)
    os.execv(sys.executable, argv)  # noqa: S606 - replaces this process with a fixed program
