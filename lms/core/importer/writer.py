"""Write validated course drafts into the database as revisions.

Unchanged content (same hash as the latest revision) changes nothing. Changed content becomes
a new revision; progress and attempts stay attached through item keys and question ids.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import func, select

from lms.core import transaction
from lms.core.importer.reader import CourseDraft
from lms.core.media_store import media_store
from lms.core.models import (
    Course,
    CourseAuthor,
    CourseCompetency,
    CourseFile,
    CourseItem,
    CourseModule,
    CourseRevision,
    CourseStatus,
    EnrollmentPolicy,
    User,
)
from lms.core.models.base import utcnow
from lms.extensions import db


@dataclass(frozen=True)
class WriteResult:
    slug: str
    outcome: str  # created | updated | unchanged
    revision: int


def latest_revision(course: Course) -> CourseRevision | None:
    return db.session.scalar(
        select(CourseRevision).where(CourseRevision.course_id == course.id)
        .order_by(CourseRevision.number.desc()).limit(1)
    )


def write_course(draft: CourseDraft, *, publish: bool = True, user: User | None = None,
                 message: str = "") -> WriteResult:
    course = db.session.scalar(select(Course).where(Course.slug == draft.slug))
    created = course is None
    if course is None:
        course = Course(slug=draft.slug, title=draft.settings.title, status=CourseStatus.DRAFT)
        db.session.add(course)
        db.session.flush()
    else:
        latest = latest_revision(course)
        if latest is not None and latest.content_hash == draft.content_hash:
            if publish and course.published_revision_id != latest.id:
                publish_revision(course, latest)
            return WriteResult(draft.slug, "unchanged", latest.number)
    revision = build_revision(course, draft, user=user, message=message)
    if user is not None and user.id not in {a.user_id for a in course.authors}:
        course.authors.append(CourseAuthor(user_id=user.id))
    if publish:
        publish_revision(course, revision)
    else:
        course.draft_revision_id = revision.id
    transaction.emit("course_imported", course_id=course.id, revision_id=revision.id)
    return WriteResult(draft.slug, "created" if created else "updated", revision.number)


def build_revision(course: Course, draft: CourseDraft, *, user: User | None, message: str) -> CourseRevision:
    number = (db.session.scalar(select(func.max(CourseRevision.number))
                                .where(CourseRevision.course_id == course.id)) or 0) + 1
    revision = CourseRevision(course_id=course.id, number=number, content_hash=draft.content_hash,
                              settings=draft.settings.as_dict(), description_html=draft.description_html,
                              created_by_id=user.id if user else None, message=message[:500])
    db.session.add(revision)
    db.session.flush()
    write_revision_rows(revision, draft)
    return revision


def write_revision_rows(revision: CourseRevision, draft: CourseDraft) -> None:
    """The files, modules and items of a read course, as rows of ``revision`` (a new one, or a
    draft being refilled by the web editor)."""
    store = media_store()
    for path, data in draft.files.items():
        media = draft.media.get(path)
        sha = media.sha256 if media else hashlib.sha256(data).hexdigest()
        store.put(sha, data, media.content_type if media else "text/plain; charset=utf-8")
        db.session.add(CourseFile(revision_id=revision.id, path=path, sha256=sha))
    for module in draft.modules:
        db.session.add(CourseModule(revision_id=revision.id, key=module.key, title=module.title,
                                    intro_html=module.intro_html, position=module.position))
    for item in draft.items:
        parsed = item.parsed
        db.session.add(CourseItem(
            revision_id=revision.id, module_key=item.module_key, key=item.key, type=item.type,
            title=parsed.title[:300], position=item.position, minutes=parsed.minutes,
            required=parsed.required, source_path=item.path, settings=parsed.settings,
            content=parsed.content,
        ))
    db.session.flush()


def publish_revision(course: Course, revision: CourseRevision) -> None:
    """Make ``revision`` what learners see, and mirror its settings on the course row."""
    settings = revision.settings
    course.title = settings["title"]
    course.summary = settings["summary"]
    course.description_html = revision.description_html
    course.jp = settings["jp"]
    course.category = settings.get("category")
    course.tags = list(settings.get("tags", []))
    course.language = settings.get("language", "id")
    course.enrollment = EnrollmentPolicy(settings.get("enrollment", "open"))
    course.prerequisites = list(settings.get("prerequisites", []))
    course.certificate = bool(settings.get("certificate", True))
    course.valid_months = settings.get("valid_months")
    course.cover_url = settings.get("cover_url")
    items = db.session.scalars(select(CourseItem).where(CourseItem.revision_id == revision.id)).all()
    course.minutes = sum(i.minutes for i in items)
    course.item_count = len(items)
    wanted = {c["code"]: c["level"] for c in settings.get("competencies", [])}
    for row in list(course.competencies):
        if row.code not in wanted:
            course.competencies.remove(row)
        else:
            row.level = wanted.pop(row.code)
    for code, level in wanted.items():
        course.competencies.append(CourseCompetency(code=code, level=level))
    course.published_revision_id = revision.id
    if course.draft_revision_id == revision.id:
        course.draft_revision_id = None
    course.status = CourseStatus.PUBLISHED
    revision.published_at = revision.published_at or utcnow()
    db.session.flush()
    transaction.emit("course_published", course_id=course.id, revision_id=revision.id)
