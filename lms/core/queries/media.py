"""Reads about stored files (``/media``)."""

from __future__ import annotations

from sqlalchemy import or_, select

from lms.core.importer.layout import MEDIA_DIR
from lms.core.models import CourseFile
from lms.extensions import db


def is_course_media(sha256: str) -> bool:
    """Whether some course holds this content as a media file. The store also keeps the courses'
    sources (a quiz's answer key) and private uploads (certificates of external learning
    records), which have their own access-checked routes or none at all."""
    in_media = or_(CourseFile.path.startswith(f"{MEDIA_DIR}/"), CourseFile.path.contains(f"/{MEDIA_DIR}/"))
    return db.session.scalar(select(CourseFile.id).where(CourseFile.sha256 == sha256, in_media).limit(1)) is not None
