"""``complete_item``: how an activity (or a trainer) completes an item for a learner.

A thin door onto :mod:`lms.core.services.completion`, imported when called: core's services
import :mod:`lms.plugins.activity`, so importing them here at load time would be circular."""

from __future__ import annotations

from typing import Any

from lms.plugins.activity import TRAINER_COMPLETION

__all__ = ["TRAINER_COMPLETION", "complete_item"]


def complete_item(user: Any, course: Any, key: str, score: float | None = None, *, by: Any) -> Any:
    """Complete item ``key`` of ``course`` for ``user``; returns its ``ItemProgress``.

    ``by``: ``"activity"`` (the type's own rules say it is done: an assignment handed in, a
    quiz passed), ``"learner"`` (the learner marks a ``view``/``manual`` item done), or the
    trainer (a ``User``) confirming an item in the ``trainer`` completion mode (audited).
    Idempotent. Raises ``LearningError`` (``.code``: not_found, denied, conflict; ``.message``
    is translated) when a rule refuses. Course completion, JP and events follow; the request
    (or the job) commits."""
    from lms.core.services.completion import complete_item as complete

    return complete(user, course, key, score, by=by)
