"""Courses, their revisions, modules and items.

A revision is an immutable snapshot of a course (settings, modules, items, files). Learners
see the published revision; a draft is the next one being prepared. A learner's progress is
attached to (course, item key), never to an item row, so it survives reorders, rewording and
new revisions.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Enum, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.models.base import UTCDateTime, utcnow
from lms.extensions import db


class CourseStatus(enum.StrEnum):
    DRAFT = "draft"  # never published: invisible to learners
    PUBLISHED = "published"
    ARCHIVED = "archived"


class EnrollmentPolicy(enum.StrEnum):
    OPEN = "open"
    ASSIGNED = "assigned"


def _enum(cls: type[enum.Enum], length: int) -> Enum:
    return Enum(cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class Course(db.Model):
    """The course as learners see it: the columns mirror the published revision's settings
    (for the catalogue's queries); the revision holds the full snapshot."""

    __tablename__ = "course"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(300), default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    jp: Mapped[float] = mapped_column(Float, default=0)
    category: Mapped[str | None] = mapped_column(String(100), index=True)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    language: Mapped[str] = mapped_column(String(5), default="id")
    enrollment: Mapped[EnrollmentPolicy] = mapped_column(_enum(EnrollmentPolicy, 10), default=EnrollmentPolicy.OPEN)
    prerequisites: Mapped[list[str]] = mapped_column(JSON, default=list)  # slugs
    certificate: Mapped[bool] = mapped_column(Boolean, default=True)
    valid_months: Mapped[int | None] = mapped_column(Integer)
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    #: the served address of the cover image (course.md ``cover:``); None: a generated pattern
    cover_url: Mapped[str | None] = mapped_column(String(300))
    item_count: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[CourseStatus] = mapped_column(_enum(CourseStatus, 10), default=CourseStatus.DRAFT, index=True)
    published_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("course_revision.id", use_alter=True, ondelete="SET NULL")
    )
    draft_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("course_revision.id", use_alter=True, ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    # Loaded when used (not with every course: lesson pages must stay at a few queries).
    competencies: Mapped[list[CourseCompetency]] = relationship(
        cascade="all, delete-orphan", order_by="CourseCompetency.code"
    )
    authors: Mapped[list[CourseAuthor]] = relationship(cascade="all, delete-orphan")

    @property
    def is_published(self) -> bool:
        return self.status == CourseStatus.PUBLISHED and self.published_revision_id is not None

    def __repr__(self) -> str:
        return f"<Course {self.slug}>"


class CourseCompetency(db.Model):
    """What completing the (published revision of the) course is evidence of."""

    __tablename__ = "course_competency"

    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(ForeignKey("competency.code"), primary_key=True)
    level: Mapped[int] = mapped_column(Integer)


class CourseAuthor(db.Model):
    """Trainers who may edit the course (the importer's user when given, co-authors)."""

    __tablename__ = "course_author"

    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True)


class CourseRevision(db.Model):
    __tablename__ = "course_revision"
    __table_args__ = (UniqueConstraint("course_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))  # of every file: unchanged imports stop here
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # course.md, normalised
    description_html: Mapped[str] = mapped_column(Text, default="")
    message: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    modules: Mapped[list[CourseModule]] = relationship(
        cascade="all, delete-orphan", order_by="CourseModule.position", back_populates="revision"
    )
    items: Mapped[list[CourseItem]] = relationship(
        cascade="all, delete-orphan", order_by="CourseItem.position", back_populates="revision"
    )


class CourseModule(db.Model):
    """A section of a course (one level of folders). Courses without folders have one module
    with an empty key."""

    __tablename__ = "course_module"
    __table_args__ = (UniqueConstraint("revision_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("course_revision.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(200), default="")
    intro_html: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer)

    revision: Mapped[CourseRevision] = relationship(back_populates="modules")


class CourseItem(db.Model):
    """A lesson, quiz, survey or plugin activity of one revision, stored generically.

    ``settings`` and ``content`` belong to the activity type (rendered HTML, parsed questions);
    a type's own tables refer to this row by foreign key.
    """

    __tablename__ = "course_item"
    __table_args__ = (UniqueConstraint("revision_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("course_revision.id", ondelete="CASCADE"), index=True)
    module_key: Mapped[str] = mapped_column(String(100), default="")
    key: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer)
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    source_path: Mapped[str] = mapped_column(String(500))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    revision: Mapped[CourseRevision] = relationship(back_populates="items")
