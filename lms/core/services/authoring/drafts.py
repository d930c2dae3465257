"""The draft of a course: create it, replace its contents, publish or discard it.

A course has at most one draft (``Course.draft_revision_id``): a revision like any other,
numbered when it is started, whose files, modules and items are *replaced in place* on every
save until it is published. The published revision is never touched. Every save reads the
whole course again through the importer's reader, so a save is accepted exactly when an
import of the same files would be, and nothing is stored when any file has an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from lms.core.diagnostics import Diagnostic, Diagnostics, InputError
from lms.core.importer.course_settings import SLUG
from lms.core.importer.reader import CourseDraft
from lms.core.importer.service import read_sources
from lms.core.importer.source import CourseSource
from lms.core.importer.writer import publish_revision, write_course, write_revision_rows
from lms.core.models import Course, CourseFile, CourseItem, CourseModule, CourseRevision, User
from lms.core.services import audit
from lms.core.services.authoring.common import (
    AuthoringError,
    all_files,
    require_editor,
    working_revision,
)
from lms.core.services.authoring.reading import SameAs, read_course
from lms.extensions import db


@dataclass
class SaveResult:
    revision: CourseRevision
    changed: bool
    warnings: list[Diagnostic] = field(default_factory=list)


# --------------------------------------------------------------------------- the draft


def draft_of(course: Course) -> CourseRevision | None:
    return db.session.get(CourseRevision, course.draft_revision_id) if course.draft_revision_id else None


def _next_number(course: Course) -> int:
    return (db.session.scalar(select(func.max(CourseRevision.number))
                              .where(CourseRevision.course_id == course.id)) or 0) + 1


def lock_course(course: Course) -> None:
    """Serialise changes to one course's draft (PostgreSQL row lock; SQLite write requests
    already hold the database's lock from BEGIN)."""
    db.session.execute(select(Course.id).where(Course.id == course.id).with_for_update())


def ensure_draft(user: User, course: Course) -> CourseRevision:
    """The course's draft; started as a copy of the published revision when there is none."""
    require_editor(user, course)
    draft = draft_of(course)
    if draft is not None:
        return draft
    source = working_revision(course)
    draft = CourseRevision(course_id=course.id, number=_next_number(course), content_hash=source.content_hash,
                           settings=dict(source.settings), description_html=source.description_html,
                           created_by_id=user.id, message="")
    db.session.add(draft)
    db.session.flush()
    _copy_rows(source, draft)
    course.draft_revision_id = draft.id
    db.session.flush()
    return draft


def _clear(revision: CourseRevision) -> None:
    for model in (CourseFile, CourseItem, CourseModule):
        db.session.execute(delete(model).where(model.revision_id == revision.id))
    db.session.expire(revision, ["items", "modules"])


def _copy_rows(source: CourseRevision, target: CourseRevision) -> None:
    """Give ``target`` the files, modules and items of ``source`` (same bytes, same parse)."""
    for row in db.session.scalars(select(CourseFile).where(CourseFile.revision_id == source.id)):
        db.session.add(CourseFile(revision_id=target.id, path=row.path, sha256=row.sha256))
    for module in db.session.scalars(select(CourseModule).where(CourseModule.revision_id == source.id)):
        db.session.add(CourseModule(revision_id=target.id, key=module.key, title=module.title,
                                    intro_html=module.intro_html, position=module.position))
    for item in db.session.scalars(select(CourseItem).where(CourseItem.revision_id == source.id)):
        db.session.add(CourseItem(
            revision_id=target.id, module_key=item.module_key, key=item.key, type=item.type, title=item.title,
            position=item.position, minutes=item.minutes, required=item.required, source_path=item.source_path,
            settings=dict(item.settings), content=dict(item.content)))
    target.content_hash = source.content_hash
    target.settings = dict(source.settings)
    target.description_html = source.description_html
    db.session.flush()


def _fill(revision: CourseRevision, draft: CourseDraft) -> None:
    """The rows of a freshly read course, written by the importer's own writer."""
    write_revision_rows(revision, draft)
    revision.content_hash = draft.content_hash
    revision.settings = draft.settings.as_dict()
    revision.description_html = draft.description_html
    db.session.flush()


def replace_draft(user: User, course: Course, files: dict[str, bytes]) -> SaveResult:
    """Make ``files`` the draft's contents: read them all; on any error raise
    :class:`InputError` with every diagnostic and change nothing."""
    require_editor(user, course)
    lock_course(course)
    diagnostics = Diagnostics()
    result = read_course(course, files, diagnostics)
    if diagnostics.has_errors() or result is None:
        raise InputError(diagnostics)
    draft = ensure_draft(user, course)
    if isinstance(result, SameAs):
        if result.revision.id == draft.id:
            return SaveResult(draft, False)
        _clear(draft)
        _copy_rows(result.revision, draft)
        return SaveResult(draft, True)
    _clear(draft)
    _fill(draft, result)
    return SaveResult(draft, True, diagnostics.warnings)


def draft_files(user: User, course: Course) -> dict[str, bytes]:
    """Every file of the revision being edited (the draft, else the published revision)."""
    require_editor(user, course)
    return all_files(working_revision(course))


# --------------------------------------------------------------------------- publish / discard


def publish(user: User, course: Course, message: str = "", *, audit_action: str = "course.publish",
            audit_extra: dict | None = None) -> CourseRevision:
    """Make the draft what learners see, as ``lms courses import`` does: progress stays with
    item keys, attempts keep their question snapshots. The draft is checked again first
    (a prerequisite or competency may have gone since it was saved)."""
    require_editor(user, course)
    draft = draft_of(course)
    if draft is None:
        raise AuthoringError("conflict", _("Tidak ada draf untuk diterbitkan."))
    published = db.session.get(CourseRevision, course.published_revision_id) if course.published_revision_id else None
    if published is not None and published.content_hash == draft.content_hash:
        raise AuthoringError("conflict", _("Draf sama dengan revisi yang sudah terbit: tidak ada yang diterbitkan."))
    diagnostics = Diagnostics()
    read_sources([CourseSource(course.slug, all_files(draft))], diagnostics, workers=1)
    if diagnostics.has_errors():
        raise InputError(diagnostics)
    if message.strip():
        draft.message = message.strip()[:500]
    if draft.created_by_id is None:
        draft.created_by_id = user.id
    publish_revision(course, draft)
    audit.record(user, audit_action, course, {"revision": published.number if published else None},
                 {"revision": draft.number, **(audit_extra or {})}, label=course.title)
    return draft


def discard_draft(user: User, course: Course) -> None:
    """Delete the draft (never a revision learners have seen)."""
    require_editor(user, course)
    draft = draft_of(course)
    if draft is None:
        raise AuthoringError("conflict", _("Tidak ada draf."))
    if course.published_revision_id is None:
        raise AuthoringError("conflict", _("Kursus ini belum pernah terbit: drafnya tidak bisa dibuang."))
    course.draft_revision_id = None
    db.session.flush()
    _clear(draft)
    db.session.delete(draft)
    db.session.flush()


# --------------------------------------------------------------------------- a new course


def create_course(user: User, slug: str, files: dict[str, bytes]) -> Course:
    """A new course (never published) made of ``files``, ``user`` its author."""
    from lms.core.models import Role

    if not user.has_role(Role.TRAINER, Role.ADMIN):
        raise AuthoringError("denied", _("Hanya pengajar yang dapat membuat kursus."))
    slug = slug.strip()
    if not SLUG.match(slug):
        raise InputError([Diagnostic(f"{slug}/course.md", 1, _(
            "nama folder kursus (slug) hanya boleh huruf kecil a-z, angka, dan '-': %(slug)s", slug=slug))])
    if db.session.scalar(select(Course.id).where(Course.slug == slug)) is not None:
        raise InputError([Diagnostic(f"{slug}/course.md", 1, _("slug %(slug)s sudah dipakai kursus lain", slug=slug))])
    diagnostics = Diagnostics()
    drafts = read_sources([CourseSource(slug, files)], diagnostics, workers=1)
    if diagnostics.has_errors() or not drafts:
        raise InputError(diagnostics)
    write_course(drafts[0], publish=False, user=user, message=_("Kursus dibuat"))
    return db.session.scalar(select(Course).where(Course.slug == slug))
