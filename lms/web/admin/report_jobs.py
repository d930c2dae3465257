"""The admins' XLSX report exports as a job: built in the admin's language into the run's
result folder, offered on the job's page, deleted after the retention period."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from lms.core.jobs import JobContext, enqueue, job
from lms.core.models import JobRun
from lms.core.models.base import utcnow
from lms.core.queries import lookups, reports
from lms.web import spreadsheets


def enqueue_export(user_id: int, kind: str, f: reports.ReportFilter, only: str, direct: bool,
                   locale: str) -> JobRun:
    """One run per admin, export, filters, language and minute: a double click is one job, a
    click a minute later a fresh file."""
    filters = asdict(f)
    key = (f"{user_id}:{kind}:{filters['unit_id']}:{filters['year']}:{filters['employee_type']}:"
           f"{filters['course_id']}:{only}:{int(direct)}:{locale}:{utcnow():%Y%m%d%H%M}")
    return enqueue("reports.export", key=key, user_id=user_id, kind=kind, filters=filters, only=only,
                   direct=direct, locale=locale)


@job("reports.export", label=_l("Ekspor laporan (XLSX)"), writes=False, stale_after=1800)
def export_report(ctx: JobContext, kind: str, filters: dict[str, Any], only: str, direct: bool,
                  locale: str) -> dict[str, Any]:
    from lms.web.admin.reports import about, export_sheet

    f = reports.ReportFilter(**filters)
    unit = lookups.unit(f.unit_id) if f.unit_id else None
    with force_locale(locale):
        name, sheet = export_sheet(kind, f, unit, only, direct)
        path = ctx.result_dir() / f"{name}.xlsx"
        rows = spreadsheets.write_xlsx(path, [sheet], about(f, unit))
    return {"file": path.name, "filename": path.name, "media_type": spreadsheets.XLSX_TYPE, "rows": rows}
