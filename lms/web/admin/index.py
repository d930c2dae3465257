"""``/admin``: the list of admin sections."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from lms.core.models import Role
from lms.web.access import roles_required
from lms.web.admin.sections import admin_sections

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/")
@roles_required(Role.ADMIN)
def index() -> str:
    return render_template("admin/index.html", sections=admin_sections(current_app))
