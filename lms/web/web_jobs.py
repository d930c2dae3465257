"""Jobs whose work is written in the web layer's terms (sheets with translated headers, the
trainers' upload): registered beside core's, see ``lms.app.create_app``."""

from __future__ import annotations

from lms.core.jobs import JobSpec


def web_jobs() -> list[JobSpec]:
    from lms.web.admin.report_jobs import export_report
    from lms.web.authoring.import_job import import_zip

    return [import_zip, export_report]
