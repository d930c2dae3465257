"""Reading a course's files exactly as an import does.

Saving reads the whole course through :func:`lms.core.importer.service.read_sources` (every
rule of the format, prerequisites included), so what the editor accepts is what an import
accepts. The live preview reads through the same :class:`CourseReader`, with one difference:
media bytes are not loaded for every keystroke, their stored hashes give their URLs.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from lms.core.competency_framework import known_codes
from lms.core.diagnostics import Diagnostics
from lms.core.importer.layout import is_media
from lms.core.importer.reader import CourseDraft, CourseReader, content_hash
from lms.core.importer.service import read_sources
from lms.core.importer.source import CourseSource
from lms.core.models import Course, CourseRevision
from lms.core.services.authoring.common import latest_revision


@dataclass(frozen=True)
class SameAs:
    """The files are those of an existing revision, read with the current format version:
    its stored rows are what reading them again would give."""

    revision: CourseRevision


def read_course(course: Course, files: dict[str, bytes], diagnostics: Diagnostics) -> CourseDraft | SameAs | None:
    """The draft of ``files`` for ``course``; diagnostics collect every problem.

    The importer does not parse files whose hash is the newest revision's (it answers with a
    stand-in without items); here that case is returned as :class:`SameAs`.
    """
    latest = latest_revision(course)
    if latest is not None and latest.content_hash == content_hash(files):
        return SameAs(latest)
    drafts = read_sources([CourseSource(course.slug, files)], diagnostics, workers=1)
    return drafts[0] if drafts else None


def read_for_preview(course: Course, texts: dict[str, bytes], hashes: dict[str, str],
                     diagnostics: Diagnostics) -> CourseDraft:
    """Read the course's text files (``texts``) with its media known by hash (``hashes``)."""
    settings = current_app.extensions["lms.settings"]
    host = current_app.extensions["lms.host"]
    files = dict(texts)
    media = {path: sha for path, sha in hashes.items() if is_media(path)}
    for path in media:
        files.setdefault(path, b"")
    reader = CourseReader(
        CourseSource(course.slug, files), host.activities, diagnostics,
        known_competencies=known_codes(), embed_hosts=tuple(settings.embed_hosts),
        extensions=tuple(host.markdown_extensions), max_media_bytes=settings.max_upload_mb * 1024 * 1024,
        media_hashes=media)
    return reader.read()
