"""``/notifications``: the reminders of the signed-in person, and the unread count of the nav
(one cheap COUNT per page, for signed-in users only, capped at 100)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_login import current_user

from lms.core.services import notifications
from lms.web.access import login_required
from lms.web.accounts.forms import EmptyForm

bp = Blueprint("notifications", __name__, url_prefix="/notifications")
# Pages with a tight query budget show the nav link without the number: the lesson/quiz page
# (learners spend their time there; 4 queries, tests/web/learning).
NO_COUNT_ENDPOINTS = frozenset({"learner.item"})


@bp.app_context_processor
def _unread() -> dict[str, Any]:
    """``unread_notifications`` for the nav. Only full pages of signed-in users pay the one
    indexed COUNT; API calls and static files never render templates."""
    if not current_user.is_authenticated or request.blueprint == "api" or request.endpoint in NO_COUNT_ENDPOINTS:
        return {}
    return {"unread_notifications": notifications.unread_count(current_user.id)}


@bp.get("")
@login_required
def index() -> str:
    rows = notifications.latest(current_user.id)
    items = [(n, *notifications.render(n.kind, n.params or {})) for n in rows]
    return render_template("team/notifications.html", items=items, form=EmptyForm())


@bp.post("/read")
@login_required
def read_all() -> Response:
    if not EmptyForm().validate_on_submit():
        abort(400)
    notifications.mark_read(current_user.id)
    return redirect(url_for("notifications.index"))


@bp.post("/<int:notification_id>/open")
@login_required
def open_one(notification_id: int) -> Response:
    """Mark as read and go where the notification points (a path of this site only)."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    row = notifications.mark_read(current_user.id, notification_id)
    if row is None:
        abort(404)
    link = row.link or ""
    safe = link.startswith("/") and not link.startswith("//") and "\\" not in link
    return redirect(link if safe else url_for("notifications.index"))
