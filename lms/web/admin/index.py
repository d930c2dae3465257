"""``/admin``: the key figures of the agency first (staff, the share at their JP target,
who is late, records waiting for verification), each a link to the page that explains it,
then the admin sections."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from lms.core.models import Role
from lms.core.queries import records as record_queries
from lms.core.queries import reports
from lms.core.queries.learning import local_year
from lms.web.access import roles_required
from lms.web.admin.sections import admin_sections

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/")
@roles_required(Role.ADMIN)
def index() -> str:
    year = local_year()
    totals = reports.report(reports.ReportFilter(year=year)).total  # the agency report's own figures
    waiting = record_queries.pending_count()
    return render_template("admin/index.html", sections=admin_sections(current_app), totals=totals, year=year,
                           waiting=waiting)
