"""A test plugin registering jobs through the public hook, as a third-party plugin would."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from lms.core.models import AuditLog
from lms.extensions import db
from lms.plugins import JobSpec, crontab, hookimpl, job

CALLS: list[tuple[str, dict[str, Any]]] = []
FAILURES_LEFT: dict[str, int] = {}


@job("test.echo")
def echo(ctx, **args: Any) -> dict[str, Any]:
    CALLS.append(("test.echo", args))
    return {"echo": args, "user": ctx.user_id}


@job("test.flaky", retries=2, retry_delay=10)
def flaky(ctx, name: str) -> dict[str, Any]:
    CALLS.append(("test.flaky", {"name": name, "attempt": ctx.attempt}))
    if FAILURES_LEFT.get(name, 0) > 0:
        FAILURES_LEFT[name] -= 1
        raise RuntimeError(f"berkas {name} belum siap")
    return {"ok": True}


@job("test.audit")
def audit(ctx, note: str) -> None:
    """Writes a row: the work and the run's "done" commit together."""
    db.session.add(AuditLog(action="test.job", target_type="job", target_id=str(ctx.run_id),
                            after={"note": note}))
    ctx.progress(50, "separuh")
    CALLS.append(("test.audit", {"rows": len(db.session.scalars(select(AuditLog.id)).all())}))


@job("test.hourly", schedule=crontab(minute="0"))
def hourly(ctx) -> None:
    CALLS.append(("test.hourly", {"key": ctx.key}))


SPECS: list[JobSpec] = [echo, flaky, audit, hourly]


@hookimpl
def lms_register_jobs() -> list[JobSpec]:
    return SPECS


@job("test.report", writes=False)
def report(ctx, steps: int) -> dict[str, Any]:
    """A read-only job (an export) reporting progress."""
    for step in range(steps):
        db.session.scalars(select(AuditLog.id)).all()
        ctx.progress(100 * step / steps, f"langkah {step}")
    CALLS.append(("test.report", {"steps": steps}))
    return {"steps": steps}


SPECS.append(report)
