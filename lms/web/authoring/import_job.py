"""Importing a .zip of courses from the trainers' page, as a job: the upload is kept under
the instance folder, the request enqueues and redirects to the job's page, and the worker
reads, checks and writes (all or nothing) in the uploader's language."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from lms.core import transaction
from lms.core.diagnostics import Diagnostics, InputError
from lms.core.importer.service import import_sources
from lms.core.importer.source import CourseSource, zip_courses
from lms.core.jobs import JobContext, enqueue, job
from lms.core.models import JobRun, User
from lms.core.queries import lookups
from lms.core.queries.courses import titles_by_slug

INPUTS = "job-inputs"


def inputs_dir() -> Path:
    folder = Path(current_app.extensions["lms.settings"].instance_path) / INPUTS
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def enqueue_import(user: User, filename: str, data: bytes, draft: bool, locale: str) -> JobRun:
    """Keep the upload and ask for its import (the caller commits)."""
    token = uuid.uuid4().hex
    (inputs_dir() / f"{token}.zip").write_bytes(data)
    return enqueue("courses.import", key=token, user_id=user.id, token=token, filename=filename, draft=draft,
                   locale=locale)


def _diagnostic(d: Any) -> dict[str, Any]:
    return {"path": d.path, "line": d.line, "message": str(d.message), "level": d.level}


@job("courses.import", label=_l("Impor kursus dari berkas .zip"), stale_after=1800)
def import_zip(ctx: JobContext, token: str, filename: str, draft: bool, locale: str) -> dict[str, Any]:
    upload = inputs_dir() / f"{Path(token).name}.zip"
    user = lookups.user(ctx.user_id) if ctx.user_id else None
    limit = current_app.extensions["lms.settings"].max_upload_mb * 1024 * 1024 * 4

    def progress(sources: Iterable[CourseSource]) -> Iterator[CourseSource]:
        items = list(sources)
        for n, source in enumerate(items):
            ctx.progress(90 * n / max(len(items), 1), f"{n}/{len(items)}")
            yield source

    with force_locale(locale):
        diagnostics = Diagnostics()
        sources = zip_courses(filename, upload.read_bytes(), diagnostics, limit)
        try:
            if diagnostics.has_errors():
                raise InputError(diagnostics)
            report = import_sources(sources, draft=draft, user=user, diagnostics=diagnostics,
                                    check_authorship=True, progress=progress)
        except InputError as exc:
            transaction.rollback()  # nothing of the import is written
            upload.unlink(missing_ok=True)
            return {"ok": False, "filename": filename, "errors": [_diagnostic(d) for d in exc.diagnostics]}
    upload.unlink(missing_ok=True)
    titles = titles_by_slug(r.slug for r in report.results)
    return {"ok": True, "filename": filename,
            "courses": [{"slug": r.slug, "title": titles.get(r.slug, r.slug), "outcome": r.outcome,
                         "revision": r.revision} for r in report.results],
            "warnings": report.warnings}
