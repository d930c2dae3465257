"""What every authoring operation shares: the error type, who may edit what, and the
revision a trainer works on (the draft when there is one, else the published revision)."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import undefer

from lms.core.importer.export import revision_files
from lms.core.importer.layout import is_media
from lms.core.media_store import media_store
from lms.core.models import Blob, Course, CourseAuthor, CourseFile, CourseRevision, Role, User
from lms.extensions import db


class AuthoringError(Exception):
    """A rule refused the action: ``not_found``, ``denied``, ``conflict`` or ``invalid``.
    (Errors in the course's files are :class:`lms.core.diagnostics.InputError` instead.)"""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def can_edit(user: User, course: Course) -> bool:
    """Admins edit every course; trainers the courses they author (``CourseAuthor``)."""
    if user.has_role(Role.ADMIN):
        return True
    if not user.has_role(Role.TRAINER):
        return False
    return db.session.get(CourseAuthor, (course.id, user.id)) is not None


def course_for_editing(user: User, slug: str) -> Course:
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    if course is None:
        raise AuthoringError("not_found", _("Kursus tidak ditemukan."))
    require_editor(user, course)
    return course


def require_editor(user: User, course: Course) -> None:
    if not can_edit(user, course):
        raise AuthoringError("denied", _("Anda bukan pengajar kursus ini."))


def revision_by_number(course: Course, number: int) -> CourseRevision:
    revision = db.session.scalar(select(CourseRevision).where(
        CourseRevision.course_id == course.id, CourseRevision.number == number))
    if revision is None:
        raise AuthoringError("not_found", _("Revisi %(n)s tidak ditemukan.", n=number))
    return revision


def latest_revision(course: Course) -> CourseRevision | None:
    return db.session.scalar(select(CourseRevision).where(CourseRevision.course_id == course.id)
                             .order_by(CourseRevision.number.desc()).limit(1))


def working_revision(course: Course) -> CourseRevision:
    """The draft when there is one, else the published revision, else the newest."""
    revision_id = course.draft_revision_id or course.published_revision_id
    revision = db.session.get(CourseRevision, revision_id) if revision_id else None
    revision = revision or latest_revision(course)
    if revision is None:
        raise AuthoringError("not_found", _("Kursus ini belum punya revisi."))
    return revision


def file_paths(revision: CourseRevision) -> list[str]:
    """The paths of a revision's files, without reading their bytes."""
    return sorted(db.session.scalars(select(CourseFile.path).where(CourseFile.revision_id == revision.id)))


def stored_hashes(revision: CourseRevision) -> dict[str, str]:
    """path -> sha256 of a revision's files, without reading their bytes."""
    rows = db.session.execute(select(CourseFile.path, CourseFile.sha256)
                              .where(CourseFile.revision_id == revision.id))
    return {path: sha for path, sha in rows}  # noqa: C416 - a Result is not a mapping


def read_file(revision: CourseRevision, path: str) -> bytes | None:
    sha = db.session.scalar(select(CourseFile.sha256).where(CourseFile.revision_id == revision.id,
                                                            CourseFile.path == path))
    if sha is None:
        return None
    found = media_store().get(sha)
    return found[1] if found else None


def text_files(revision: CourseRevision) -> dict[str, bytes]:
    """The revision's files outside ``media/``, in one query (media bytes are not read)."""
    rows = db.session.execute(
        select(CourseFile.path, Blob).join(Blob, Blob.sha256 == CourseFile.sha256)
        .where(CourseFile.revision_id == revision.id, ~CourseFile.path.like("media/%"),
               ~CourseFile.path.like("%/media/%"))
        .options(undefer(Blob.data)))
    store = media_store()
    files: dict[str, bytes] = {}
    for path, blob in rows:
        if is_media(path):
            continue
        data = blob.data
        if data is None:  # a file store keeps the bytes
            found = store.get(blob.sha256)
            data = found[1] if found else b""
        files[path] = data
    return files


def all_files(revision: CourseRevision) -> dict[str, bytes]:
    return revision_files(revision)


def max_upload_bytes() -> int:
    return current_app.extensions["lms.settings"].max_upload_mb * 1024 * 1024
