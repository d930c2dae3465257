"""``/admin/reports``: the agency report per perangkat daerah, drill-down to sub-units, to the
people of a unit and to one person; the training needs analysis (AKPK); exports (CSV, XLSX)
with the filters applied. Numbers come from :mod:`lms.core.queries.reports` (set-based SQL)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from lms.core.models import EnrollmentSource, Role, Unit
from lms.core.models.base import utcnow
from lms.core.queries import competencies as competency_queries
from lms.core.queries import employee_types, lookups, reports
from lms.core.queries import learning as learner_queries
from lms.core.queries.employee_types import jp_target_for
from lms.web import spreadsheets
from lms.web.access import roles_required
from lms.web.admin import report_exports as exports
from lms.web.admin.labels import install as install_labels
from lms.web.admin.sections import AdminSection
from lms.web.params import parse_int

bp = Blueprint("admin_reports", __name__, url_prefix="/admin/reports")
bp.admin_sections = [AdminSection(3, _l("Laporan"), "admin_reports.index",
                                  _l("Per perangkat daerah dan unit: target JP, penugasan, keterlambatan; AKPK."))]
install_labels(bp)
EXPORT_KINDS = ("units", "people", "akpk")
EXPORT_FORMATS = ("csv", "xlsx")


def _number(name: str) -> int | None:
    return parse_int(request.args.get(name))


def _filters() -> reports.ReportFilter:
    year = _number("year")
    this_year = learner_queries.local_year()
    etype = request.args.get("type", "")
    return reports.ReportFilter(
        unit_id=_number("unit"), year=year if year and 2000 <= year <= this_year + 1 else this_year,
        employee_type=etype if etype in employee_types.by_code() else "", course_id=_number("course"))


def _unit(f: reports.ReportFilter) -> Unit | None:
    if f.unit_id is None:
        return None
    unit = lookups.unit(f.unit_id)
    if unit is None:
        abort(404)
    return unit


def _common(f: reports.ReportFilter) -> dict[str, Any]:
    this_year = learner_queries.local_year()
    types = [(t.code, t.name) for t in employee_types.all_types()]
    return {"f": f, "years": list(range(this_year, this_year - 5, -1)), "types": types,
            "courses": reports.course_choices(), "group_label": exports.group_label}


@bp.get("/")
@roles_required(Role.ADMIN)
def index() -> str:
    f = _filters()
    _unit(f)
    data = reports.report(f)
    return render_template("admin/report.html", report=data, **_common(f))


@bp.get("/people")
@roles_required(Role.ADMIN)
def people() -> str:
    f = _filters()
    unit = _unit(f)
    only = request.args.get("only", "")
    only = only if only in reports.PEOPLE_FILTERS else ""
    direct = request.args.get("direct") == "1" and unit is not None
    q = (request.args.get("q") or "").strip()[:100]
    page = reports.people_page(f, unit, direct=direct, only=only, q=q, page=_number("page") or 1)
    extra = {k: v for k, v in {"only": only, "direct": "1" if direct else "", "q": q}.items() if v}
    args = f.args() | extra
    base = {k: v for k, v in args.items() if k != "only"}
    only_links = [(value, label, url_for(".people", **base, **({"only": value} if value else {})))
                  for value, label in (("", _("Semua")), ("short", _("Belum mencapai target JP")),
                                       ("overdue", _("Ada penugasan terlambat")),
                                       ("gap", _("Ada kesenjangan kompetensi")))]
    return render_template("admin/report_people.html", page=page, unit=unit, crumbs=reports.crumbs_of(unit),
                           only=only, direct=direct, q=q, args=args, target=reports.jp_target(),
                           keep={k: v for k, v in extra.items() if k != "q"}, only_links=only_links,
                           export_args={k: v for k, v in args.items() if k != "q"}, **_common(f))


@bp.get("/people/<int:user_id>")
@roles_required(Role.ADMIN)
def person(user_id: int) -> str:
    user = lookups.user(user_id)
    if user is None:
        abort(404)
    f = _filters()
    now = utcnow()
    cards = [c for c in learner_queries.dashboard_cards(user, now)
             if c.enrollment is not None and c.enrollment.source == EnrollmentSource.ASSIGNED]
    profile = competency_queries.profile(user)
    unit_path = reports.unit_labels().get(user.unit_id, "") if user.unit_id else ""
    return render_template("admin/report_person.html", user=user, unit_path=unit_path, cards=cards,
                           employee_type_label=employee_types.label,
                           gaps=profile.gaps, jp=learner_queries.jp_in_year(user.id, f.year),
                           target=jp_target_for(user), f=f)


@bp.get("/akpk")
@roles_required(Role.ADMIN)
def akpk() -> str:
    f = _filters()
    _unit(f)
    return render_template("admin/report_akpk.html", data=reports.akpk(f), **_common(f))


def _scope_label(unit: Unit | None) -> str:
    return unit.name if unit is not None else _("Semua perangkat daerah")


def _about(f: reports.ReportFilter, unit: Unit | None) -> list[tuple[str, Any]]:
    course = dict(reports.course_choices()).get(f.course_id or 0, "") if f.course_id else ""
    return [(_("Tahun"), f.year), (_("Unit kerja"), _scope_label(unit)),
            (_("Jenis pegawai"), f.employee_type or _("Semua")), (_("Kursus"), course or _("Semua")),
            (_("Target JP"), reports.jp_target()),
            (_("Dibuat"), utcnow().astimezone(ZoneInfo(current_app.extensions["lms.settings"].timezone))
             .strftime("%Y-%m-%d %H:%M"))]


def export_sheet(kind: str, f: reports.ReportFilter, unit: Unit | None, only: str = "",
                 direct: bool = False) -> tuple[str, spreadsheets.Sheet]:
    """(file name without suffix, the sheet) of one export; rows are read as they are written."""
    name = f"laporan-{kind}-{f.year}" + (f"-unit{unit.id}" if unit else "")
    if kind == "units":
        title, headers, rows = _("Rekap unit"), exports.unit_headers(), exports.unit_rows(reports.report(f))
    elif kind == "people":
        people = reports.stream_people(f, unit, direct=direct and unit is not None,
                                       only=only if only in reports.PEOPLE_FILTERS else "")
        title, headers, rows = _("Pegawai"), exports.people_headers(), exports.people_rows(people)
    else:
        name = f"akpk-{f.year}" + (f"-unit{unit.id}" if unit else "")
        title, headers = _("AKPK"), exports.akpk_headers()
        rows = exports.akpk_rows(reports.akpk(f), _scope_label(unit))
    return name, (title, headers, rows)


def about(f: reports.ReportFilter, unit: Unit | None) -> list[tuple[str, Any]]:
    return _about(f, unit)


@bp.get("/export/<kind>.<fmt>")
@roles_required(Role.ADMIN)
def export(kind: str, fmt: str) -> Response:
    """CSV streams straight to the browser; an XLSX workbook is built by a job (a whole agency's
    people take longer than a request may): the same filters within the same minute are the
    same job, and the admin lands on its page, which offers the file when it is ready."""
    if kind not in EXPORT_KINDS or fmt not in EXPORT_FORMATS:
        abort(404)
    f = _filters()
    unit = _unit(f)
    only, direct = request.args.get("only", ""), request.args.get("direct") == "1"
    if fmt == "xlsx":
        from lms.web.admin.report_jobs import enqueue_export

        run = enqueue_export(current_user.id, kind, f, only, direct, str(get_locale() or "id"))
        return redirect(url_for("jobs.show", run_id=run.id), 303)
    name, (_title, headers, rows) = export_sheet(kind, f, unit, only, direct)
    return spreadsheets.csv_response(headers, rows, name)
