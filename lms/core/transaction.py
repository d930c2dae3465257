"""The unit of work: one commit per request or command, then the queued events.

Services call :func:`emit` to announce what happened; nothing is dispatched until
:func:`commit` succeeds, so a handler never sees a state that was rolled back. Each handler
then runs in its own transaction: its failure is logged with the plugin's name, its writes are
rolled back, and the learner's work (already committed) stands.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app
from sqlalchemy import event as orm_events
from sqlalchemy.orm import ORMExecuteState, Session

from lms.extensions import db

log = logging.getLogger(__name__)
_KEY = "lms_pending_events"


def emit(event: str, **kwargs: Any) -> None:
    """Queue event ``lms_on_<event>`` for after the commit. Arguments are plain values.

    The facts the world outside hears about (a completed course, a verified record) are written
    to the outbox here, in the emitter's own transaction (:mod:`lms.core.outbox.capture`)."""
    from lms.core.outbox.capture import capture

    capture(event, kwargs)
    db.session.info.setdefault(_KEY, []).append((event, kwargs))


def pending_events() -> list[tuple[str, dict[str, Any]]]:
    return list(db.session.info.get(_KEY, []))


_WROTE = "lms_wrote"


@orm_events.listens_for(Session, "after_flush")
def _flushed(session: Session, _context: Any) -> None:
    session.info[_WROTE] = True


@orm_events.listens_for(Session, "do_orm_execute")
def _executed(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:  # bulk DML: no flush sees it
        state.session.info[_WROTE] = True


@orm_events.listens_for(Session, "after_commit")
@orm_events.listens_for(Session, "after_rollback")
def _ended(session: Session) -> None:
    session.info.pop(_WROTE, None)


def has_work() -> bool:
    """Whether this unit of work has anything to commit: changed or new objects, something
    already flushed or written by a bulk statement, events or jobs waiting for the commit.
    A page that only read (most GETs) has none: ending its transaction without a commit spares
    the flush check and expiring every object it loaded (a twentieth of a lesson page)."""
    session = db.session()
    if session.new or session.dirty or session.deleted or session.info.get(_WROTE):
        return True
    from lms.core.jobs.runs import PENDING_KEY

    return bool(session.info.get(_KEY) or session.info.get(PENDING_KEY))


def rollback() -> None:
    db.session.info.pop(_KEY, None)
    _jobs().forget_pending()
    db.session.rollback()


def commit() -> None:
    """Commit, then dispatch the events queued during the unit of work (and those queued by
    the handlers themselves, breadth-first)."""
    db.session.commit()
    _jobs().dispatch_pending()  # jobs enqueued in the unit of work reach the queue now
    for _round in range(10):  # handlers may emit events; a loop of events must end
        events = db.session.info.pop(_KEY, None)
        if not events:
            return
        for event, kwargs in events:
            _dispatch(event, kwargs)
    dropped = db.session.info.pop(_KEY, [])
    if dropped:
        log.error("events still queued after 10 rounds (a loop between handlers?): dropped %s",
                  [name for name, _ in dropped])


def _dispatch(event: str, kwargs: dict[str, Any]) -> None:
    host = current_app.extensions["lms.host"]
    caller = getattr(host.pm.hook, f"lms_on_{event}")
    for impl in caller.get_hookimpls():  # registration order
        plugin = host.pm.get_name(impl.plugin) or repr(impl.plugin)
        queued = db.session.info.setdefault(_KEY, [])
        before = len(queued)
        try:
            impl.function(**{name: kwargs[name] for name in impl.argnames})
            db.session.commit()
            _jobs().dispatch_pending()
        except Exception:
            db.session.rollback()
            del queued[before:]  # events of a failed handler never happened
            _jobs().forget_pending()
            log.exception("event handler lms_on_%s of plugin %r failed", event, plugin)


def _jobs():  # noqa: ANN202 - lms.core.jobs.runs imports this module
    from lms.core.jobs import runs

    return runs
