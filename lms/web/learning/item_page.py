"""The learner's page of one item: the core frame (title, position, previous/next, the notice
that a trainer confirms it) around the activity's body.

The item view uses it, and so does an activity's own view that shows its item again (a survey
refused, with the errors beside the questions) through ``lms.plugins.item_page``: the template
and what it needs stay core's, not a contract every activity has to copy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, render_template
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from lms.assets import use_activity_assets
from lms.core.models import ProgressStatus
from lms.core.queries import learning as queries
from lms.core.services import learning
from lms.core.services.learning import LearningError
from lms.plugins.activity import TRAINER_COMPLETION, ItemView


def frame(course: Any, items: list[Any], index: int, state: Any, progress: Any, body: Markup,
          activity: Any) -> str:
    """``learning/item.html`` for ``items[index]`` with ``body`` as its main area."""
    current = items[index]
    use_activity_assets(current.type)  # the type's own stylesheets and scripts, on this page only
    awaiting = (current_app.extensions["lms.host"].activities.completion_of(current) == TRAINER_COMPLETION
                and getattr(progress, "status", None) != ProgressStatus.DONE)
    return render_template("learning/item.html", course=course, item=current, body=body, state=state,
                           awaiting_trainer=awaiting,
                           previous=items[index - 1] if index > 0 else None,
                           next=items[index + 1] if index + 1 < len(items) else None,
                           position=index + 1, count=len(items),
                           label=activity.label() if activity else current.type)


def item_page(course: Any, key: str, render_body: Callable[[ItemView], str]) -> str:
    """The signed-in learner's page of item ``key`` of ``course``, its main area
    ``render_body(view)`` instead of the activity's ``render(view)``: for an activity's own view
    that shows the item again after a refused form. Raises ``LearningError`` (not enrolled, no
    such item). Nothing is written (the visit was counted when the page was first opened)."""
    user = current_user._get_current_object()
    enrollment = learning.require_enrollment(user, course)
    items = queries.outline_with_current(course, key)
    index = next((n for n, i in enumerate(items) if i.key == key), None)
    if index is None:
        raise LearningError("not_found", _("Materi tidak ditemukan."))
    state, progress = queries.course_page_state(user, course, enrollment, items)
    view = ItemView(user=user, course=course, item=items[index], enrollment=enrollment, progress=progress.get(key),
                    previous=items[index - 1] if index > 0 else None,
                    next=items[index + 1] if index + 1 < len(items) else None, state=state)
    activity = current_app.extensions["lms.host"].activities.get(items[index].type)
    body = Markup(render_body(view))  # noqa: S704 - the activity renders escaped templates
    return frame(course, items, index, state, progress.get(key), body, activity)
