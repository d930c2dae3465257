"""Core facts that go to the outbox, built from the events services already ``emit``.

Each translator runs inside :func:`lms.core.transaction.emit`, so in the emitter's own
transaction, and publishes the facts the event stands for: a completed course is
``course.completed`` and, when the course carries JP, ``jp.credited``; a verified external
record is ``record.verified`` and ``jp.credited``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app

from lms.core.models import Completion, User
from lms.core.models.external import ExternalRecord
from lms.core.outbox import publish
from lms.core.outbox.payloads import course_ref, person
from lms.extensions import db


def _course_completed(completion_id: int, **_: Any) -> None:
    completion = db.session.get(Completion, completion_id)
    if completion is None:
        return
    user = db.session.get(User, completion.user_id)
    course = completion.course
    data = {"completion_id": completion.id, "user": person(user), "course": course_ref(course),
            "cycle": completion.cycle, "completed_at": completion.completed_at.isoformat(),
            "score": completion.score, "jp": completion.jp,
            "expires_at": completion.expires_at.isoformat() if completion.expires_at else None}
    publish("course.completed", key=f"course.completed:completion:{completion.id}", data=data,
            user_id=user.id, occurred_at=completion.completed_at)
    if completion.jp and completion.jp > 0:
        publish("jp.credited", key=f"jp.credited:completion:{completion.id}", user_id=user.id,
                occurred_at=completion.completed_at,
                data={"source": "course", "completion_id": completion.id, "user": person(user),
                      "course": course_ref(course), "jp": completion.jp, "year": _local_year(completion.completed_at)})


def _record_verified(record_id: int, **_: Any) -> None:
    record = db.session.get(ExternalRecord, record_id)
    if record is None:
        return
    user = db.session.get(User, record.user_id)
    data = {"record_id": record.id, "user": person(user), "title": record.title, "organiser": record.organiser,
            "route": str(record.route), "kind": str(record.kind), "start_date": record.start_date.isoformat(),
            "end_date": record.end_date.isoformat(), "jp": record.jp,
            "verified_at": record.decided_at.isoformat() if record.decided_at else None}
    publish("record.verified", key=f"record.verified:record:{record.id}", data=data, user_id=user.id,
            occurred_at=record.decided_at)
    publish("jp.credited", key=f"jp.credited:record:{record.id}", user_id=user.id, occurred_at=record.decided_at,
            data={"source": "external_record", "record_id": record.id, "user": person(user), "title": record.title,
                  "jp": record.jp, "year": record.end_date.year})


def _local_year(moment: Any) -> int:
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo(current_app.extensions["lms.settings"].timezone)).year


TRANSLATORS: dict[str, Callable[..., None]] = {
    "course_completed": _course_completed,
    "record_verified": _record_verified,
}


def capture(event: str, kwargs: dict[str, Any]) -> None:
    translator = TRANSLATORS.get(event)
    if translator is not None:
        translator(**kwargs)
