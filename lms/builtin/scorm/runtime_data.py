"""The rules of a package's runtime data: what a commit may change, how the 1.2 limits are
held, and how status and score complete the course item."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from lms.builtin.scorm.models import ScormAttempt
from lms.plugins import (
    LearningError,
    complete_item,
    db,
    get_or_create,
    published_items,
    record_score,
    require_enrollment,
    utcnow,
)

SUSPEND_DATA_MAX = 4096  # cmi.suspend_data is CMIString4096 in SCORM 1.2
LOCATION_MAX = 255  # cmi.core.lesson_location is CMIString255
STATUSES = frozenset({"passed", "completed", "failed", "incomplete", "browsed", "not attempted"})
EXITS = frozenset({"", "time-out", "suspend", "logout"})
DONE_STATUSES = frozenset({"passed", "completed"})
_TIMESPAN = re.compile(r"^(\d{2,4}):(\d{2}):(\d{2})(\.\d{1,2})?$")  # CMITimespan HHHH:MM:SS.SS
_SESSION = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class CommitRefused(LearningError):
    """A commit the 1.2 data model does not allow; nothing of it is stored."""

    def __init__(self, message: str) -> None:
        super().__init__("invalid", message)


@dataclass(frozen=True)
class Commit:
    """One commit, checked: the fields of ``cmi`` Sinau keeps."""

    session: str
    lesson_status: str | None
    score_raw: float | None
    score_min: float | None
    score_max: float | None
    lesson_location: str | None
    suspend_data: str | None
    exit: str | None
    session_seconds: float | None


def seconds_of(timespan: str) -> float:
    match = _TIMESPAN.match(timespan.strip())
    if not match:
        raise CommitRefused(_("cmi.core.session_time tidak valid: %(v)s", v=timespan[:40]))
    hours, minutes, seconds = int(match.group(1)), int(match.group(2)), int(match.group(3))
    if minutes > 59 or seconds > 59:
        raise CommitRefused(_("cmi.core.session_time tidak valid: %(v)s", v=timespan[:40]))
    return hours * 3600 + minutes * 60 + seconds + float(match.group(4) or 0)


def timespan_of(seconds: float) -> str:
    """Seconds as CMITimespan (what ``cmi.core.total_time`` is loaded with)."""
    whole = int(seconds)
    return f"{whole // 3600:04d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _score(value: Any, name: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise CommitRefused(_("%(name)s bukan angka", name=name)) from None
    if not 0 <= number <= 100:  # CMIDecimal 0-100 in SCORM 1.2
        raise CommitRefused(_("%(name)s harus 0 sampai 100", name=name))
    return number


def parse_commit(payload: Any) -> Commit:
    """The commit of ``scorm-again`` (``{"session": ..., "cmi": {"core": {...}, "suspend_data": ...}}``),
    checked. Fields the package did not send stay None (unchanged)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("cmi"), dict):
        raise CommitRefused(_("data SCORM tidak lengkap"))
    session = payload.get("session")
    if not isinstance(session, str) or not _SESSION.match(session):
        raise CommitRefused(_("sesi pemutar tidak valid"))
    cmi = payload["cmi"]
    core = cmi.get("core") if isinstance(cmi.get("core"), dict) else {}
    score = core.get("score") if isinstance(core.get("score"), dict) else {}
    status = core.get("lesson_status")
    if status is not None and status not in STATUSES:
        raise CommitRefused(_("cmi.core.lesson_status tidak dikenal: %(v)s", v=str(status)[:40]))
    suspend = cmi.get("suspend_data")
    if suspend is not None and not isinstance(suspend, str):
        raise CommitRefused(_("cmi.suspend_data harus teks"))
    if suspend is not None and len(suspend) > SUSPEND_DATA_MAX:
        # Refused whole, never cut: a cut suspend_data breaks the package's own resume.
        raise CommitRefused(_("cmi.suspend_data %(n)d karakter; SCORM 1.2 membolehkan paling banyak %(max)d",
                              n=len(suspend), max=SUSPEND_DATA_MAX))
    location = core.get("lesson_location")
    if location is not None and (not isinstance(location, str) or len(location) > LOCATION_MAX):
        raise CommitRefused(_("cmi.core.lesson_location paling banyak %(max)d karakter", max=LOCATION_MAX))
    exit_ = core.get("exit")
    if exit_ is not None and exit_ not in EXITS:
        raise CommitRefused(_("cmi.core.exit tidak dikenal: %(v)s", v=str(exit_)[:40]))
    session_time = core.get("session_time")
    return Commit(
        session=session,
        lesson_status=status,
        score_raw=_score(score.get("raw"), "cmi.core.score.raw"),
        score_min=_score(score.get("min"), "cmi.core.score.min"),
        score_max=_score(score.get("max"), "cmi.core.score.max"),
        lesson_location=location,
        suspend_data=suspend,
        exit=exit_,
        session_seconds=seconds_of(session_time) if isinstance(session_time, str) and session_time else None,
    )


def attempt_of(user: Any, course: Any, key: str) -> ScormAttempt | None:
    """The learner's runtime data of item ``key`` in their current cycle, or None."""
    enrollment = require_enrollment(user, course)
    return db.session.scalar(select(ScormAttempt).where(
        ScormAttempt.user_id == user.id, ScormAttempt.course_id == course.id,
        ScormAttempt.cycle == enrollment.cycle, ScormAttempt.item_key == key))


def scorm_item(course: Any, key: str) -> Any:
    item = next((i for i in published_items(course) if i.key == key and i.type == "scorm"), None)
    if item is None or not item.content.get("package"):
        raise LearningError("not_found", _("Materi tidak ditemukan."))
    return item


def percent(attempt: ScormAttempt) -> float | None:
    """The score as a percentage: raw within min..max when the package gives a range."""
    if attempt.score_raw is None:
        return None
    low = attempt.score_min if attempt.score_min is not None else 0.0
    high = attempt.score_max if attempt.score_max is not None else 100.0
    if high <= low:
        return round(attempt.score_raw, 2)
    return round(max(0.0, min(100.0, (attempt.score_raw - low) / (high - low) * 100)), 2)


def commit(user: Any, course: Any, key: str, data: Commit) -> ScormAttempt:
    """Store one commit of the learner's package and complete the item when it says so. The
    request commits."""
    item = scorm_item(course, key)
    enrollment = require_enrollment(user, course)
    where = {"user_id": user.id, "course_id": course.id, "cycle": enrollment.cycle, "item_key": key}
    attempt = get_or_create(
        lambda: ScormAttempt(**where, item_id=item.id, lesson_status="not attempted", lesson_location="",
                             suspend_data="", exit="", session="", session_seconds=0, total_seconds=0,
                             sessions=0, commits=0),
        lambda: db.session.scalar(select(ScormAttempt).filter_by(**where)),
    )
    if attempt.session != data.session:  # a new visit: the last one's time is final
        attempt.total_seconds = (attempt.total_seconds or 0) + (attempt.session_seconds or 0)
        attempt.session_seconds = 0
        attempt.session = data.session
        attempt.sessions = (attempt.sessions or 0) + 1
    if data.session_seconds is not None:
        attempt.session_seconds = data.session_seconds
    if data.lesson_status is not None and not (
        attempt.lesson_status in DONE_STATUSES and data.lesson_status in ("incomplete", "browsed", "not attempted")
    ):  # a finished package reopened in review does not undo its result
        attempt.lesson_status = data.lesson_status
    for name in ("score_raw", "score_min", "score_max", "lesson_location", "suspend_data", "exit"):
        value = getattr(data, name)
        if value is not None:
            setattr(attempt, name, value)
    attempt.commits = (attempt.commits or 0) + 1
    attempt.updated_at = utcnow()
    _feed_course(user, course, item, attempt)
    return attempt


def mastery_of(item: Any) -> float | None:
    value = (item.settings or {}).get("mastery_score")
    return float(value) if value is not None else None


def _feed_course(user: Any, course: Any, item: Any, attempt: ScormAttempt) -> None:
    """Status and score to the item's progress, the way a quiz's grade goes: a score with a
    mastery score decides passing (the course's rule, not the package's claim)."""
    score = percent(attempt)
    mastery = mastery_of(item)
    status = attempt.lesson_status
    if score is not None and mastery is not None and status in ("passed", "completed", "failed"):
        record_score(user, course, item.key, score, score >= mastery)
    elif status in DONE_STATUSES:
        if score is not None:
            record_score(user, course, item.key, score, True)
        else:
            complete_item(user, course, item.key, by="activity")
    elif status == "failed" and score is not None:
        record_score(user, course, item.key, score, False)


def initial_cmi(user: Any, attempt: ScormAttempt | None, item: Any) -> dict[str, Any]:
    """What ``scorm-again`` is loaded with before the package starts: the learner, and what the
    package stored last time (so it resumes)."""
    mastery = mastery_of(item)
    core: dict[str, Any] = {
        "student_id": user.nip or str(user.id),
        "student_name": user.name,
        "lesson_status": "not attempted",
        "entry": "ab-initio",
        "total_time": "0000:00:00",
        "credit": "credit",
        "lesson_mode": "normal",
    }
    cmi: dict[str, Any] = {"core": core, "suspend_data": "", "launch_data": ""}
    if mastery is not None:
        cmi["student_data"] = {"mastery_score": f"{mastery:g}"}
    if attempt is None:
        return cmi
    core["lesson_status"] = attempt.lesson_status
    core["lesson_location"] = attempt.lesson_location or ""
    core["total_time"] = timespan_of((attempt.total_seconds or 0) + (attempt.session_seconds or 0))
    core["entry"] = "resume" if attempt.exit == "suspend" or attempt.suspend_data else ""
    if attempt.score_raw is not None:
        core["score"] = {"raw": f"{attempt.score_raw:g}",
                         "min": "" if attempt.score_min is None else f"{attempt.score_min:g}",
                         "max": "" if attempt.score_max is None else f"{attempt.score_max:g}"}
    cmi["suspend_data"] = attempt.suspend_data or ""
    return cmi


def course_results(course: Any) -> list[tuple[Any, list[ScormAttempt]]]:
    """Per package item of the published revision: the learners' runtime data (trainer page)."""
    items = [i for i in published_items(course) if i.type == "scorm"]
    if not items:
        return []
    rows = db.session.scalars(select(ScormAttempt).where(ScormAttempt.course_id == course.id)
                              .order_by(ScormAttempt.updated_at.desc())).all()
    return [(item, [r for r in rows if r.item_key == item.key]) for item in items]
