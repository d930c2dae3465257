"""The learner's pages."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_login import current_user

from lms.web.access import login_required

bp = Blueprint("learner", __name__)


@bp.get("/")
@login_required
def dashboard() -> str:
    host = current_app.extensions["lms.host"]
    widgets = sorted(
        w for result in host.hook.lms_dashboard_widgets(user=current_user._get_current_object())
        for w in (result or [])
    )
    return render_template("learner/dashboard.html", widgets=widgets)
