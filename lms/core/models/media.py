"""Media files (images, PDFs, audio/video) of courses.

Stored content-addressed (SHA-256) so that identical files are kept once, every app server
can serve them (the default store is the database), and URLs never change for a given content:
``/media/<sha256>/<name>`` can be cached for a year.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column

from lms.core.models.base import UTCDateTime, utcnow
from lms.extensions import db


class Blob(db.Model):
    """Bytes by their SHA-256. ``data`` is NULL when a file store keeps the bytes."""

    __tablename__ = "blob"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CourseFile(db.Model):
    """One file of a course revision (sources and media), as imported or edited.

    The revision's files are what ``export`` writes back and what a diff compares.
    """

    __tablename__ = "course_file"
    __table_args__ = (UniqueConstraint("revision_id", "path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("course_revision.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(ForeignKey("blob.sha256"))
