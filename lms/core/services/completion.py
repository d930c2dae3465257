"""Completing an item on someone's behalf: ``lms.plugins.complete_item``, and the trainer's
confirmation of items in the ``trainer`` completion mode.

Who completes decides which rule applies (``by``):

* ``"learner"``: the learner marks it done (only ``view`` and ``manual`` items);
* ``"activity"``: the item's activity type says it is done by its own rules (a quiz passed, a
  survey submitted, a plugin's assignment handed in);
* a trainer (a ``User``): a confirmation, for items in the ``trainer`` mode only, by someone who
  may manage the course; recorded in the audit log.

Course completion, JP, certificates and events then follow exactly as for any other item.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext as _

from lms.core.models import Course, ItemProgress, ProgressStatus, User
from lms.core.queries import learning as learning_queries
from lms.core.services import audit, learning
from lms.core.services.authoring import AuthoringError
from lms.core.services.authoring.common import require_editor
from lms.core.services.learning import LearningError
from lms.plugins.activity import TRAINER_COMPLETION

BY_LEARNER = "learner"
BY_ACTIVITY = "activity"
CONFIRM_ACTION = "item.confirm"


def complete_item(user: User, course: Course, key: str, score: float | None = None, *,
                  by: str | User) -> ItemProgress:
    """Complete item ``key`` of ``course`` for ``user`` (see the module's docstring for ``by``).

    Idempotent: completing a done item again changes nothing. Raises
    :class:`lms.core.services.learning.LearningError` (``code``: not_found, denied, conflict)
    when a rule refuses. The caller commits (one commit per request)."""
    if isinstance(by, User):
        return confirm(by, user, course, key, score=score)
    if by == BY_LEARNER:
        return learning.mark_done(user, course, key, score=score)
    if by == BY_ACTIVITY:
        return learning.mark_done(user, course, key, score=score, by_activity=True)
    raise ValueError(f"complete_item: by must be 'learner', 'activity' or a trainer (User), not {by!r}")


def confirm(trainer: User, user: User, course: Course, key: str, score: float | None = None) -> ItemProgress:
    """A trainer confirms that ``user`` did item ``key`` (an item in the ``trainer`` mode)."""
    try:
        require_editor(trainer, course)
    except AuthoringError as exc:
        raise LearningError("denied", _("Anda tidak mengelola kursus ini.")) from exc
    enrollment = learning_queries.enrollment_of(user, course)
    if enrollment is None:
        raise LearningError("not_found", _("Pegawai ini tidak terdaftar di kursus ini."))
    item = learning.item_of(course, key)
    if current_app.extensions["lms.host"].activities.completion_of(item) != TRAINER_COMPLETION:
        raise LearningError("conflict", _("Kegiatan ini tidak menunggu konfirmasi pengajar."))
    existing = learning_queries.progress_of(enrollment, key)
    if existing is not None and existing.status == ProgressStatus.DONE:
        return existing  # a second tap (two trainers, a double click): nothing more to record
    progress = learning.mark_done(user, course, key, score=score, confirmed=True)
    audit.record(trainer, CONFIRM_ACTION, user, after=_details(course, item, enrollment.cycle, score))
    return progress


def _details(course: Course, item: Any, cycle: int, score: float | None) -> dict[str, Any]:
    details: dict[str, Any] = {"course": course.title, "item": item.title, "cycle": cycle}
    if score is not None:
        details["score"] = score
    return details
