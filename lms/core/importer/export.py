"""``lms courses export``: a course's files, exactly as imported or last edited."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from flask_babel import gettext as _
from sqlalchemy import select

from lms.core.importer.source import CourseSource
from lms.core.media_store import media_store
from lms.core.models import Course, CourseFile, CourseRevision
from lms.extensions import db


class ExportError(ValueError):
    pass


def revision_for_export(course: Course) -> CourseRevision:
    """The draft when there is one (it is the newest work), else the published revision."""
    revision_id = course.draft_revision_id or course.published_revision_id
    revision = db.session.get(CourseRevision, revision_id) if revision_id else None
    if revision is None:
        revision = db.session.scalar(select(CourseRevision).where(CourseRevision.course_id == course.id)
                                     .order_by(CourseRevision.number.desc()).limit(1))
    if revision is None:
        raise ExportError(_("kursus %(slug)s belum punya revisi", slug=course.slug))
    return revision


def revision_files(revision: CourseRevision) -> dict[str, bytes]:
    store = media_store()
    files: dict[str, bytes] = {}
    for row in db.session.scalars(select(CourseFile).where(CourseFile.revision_id == revision.id)):
        found = store.get(row.sha256)
        if found is None:
            raise ExportError(_("isi berkas %(path)s hilang dari penyimpanan", path=row.path))
        files[row.path] = found[1]
    return files


def course_source(course: Course, revision: CourseRevision | None = None) -> CourseSource:
    revision = revision or revision_for_export(course)
    return CourseSource(course.slug, revision_files(revision))


def export_course(slug: str, dest: Path) -> Path:
    """Write the course into ``dest/<slug>/``; returns that folder."""
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    if course is None:
        raise ExportError(_("tidak ada kursus dengan slug %(slug)s", slug=slug))
    folder = dest / slug
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ExportError(_("folder %(folder)s sudah ada dan tidak kosong", folder=str(folder)))
    files = revision_files(revision_for_export(course))
    for path in files:  # stored paths come from imports and editors: never write outside the folder
        parts = PurePosixPath(path).parts
        if not parts or path.startswith("/") or "\\" in path or ".." in parts or ":" in parts[0]:
            raise ExportError(_("jalur berkas tidak valid di revisi: %(path)s", path=path))
    for path, data in sorted(files.items()):
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return folder
