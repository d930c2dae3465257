"""Revision history, a readable diff between two revisions, roll back, and export as .zip."""

from __future__ import annotations

import difflib
import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from lms.core.importer.export import course_source
from lms.core.importer.layout import NUMBERED, is_media
from lms.core.models import Course, CourseRevision, User
from lms.core.services.authoring.common import (
    AuthoringError,
    all_files,
    require_editor,
    revision_by_number,
)
from lms.core.services.authoring.drafts import publish, replace_draft
from lms.extensions import db

MAX_DIFF_LINES = 4000  # per file; a longer diff is cut (the zip export has everything)


@dataclass(frozen=True)
class RevisionRow:
    number: int
    created_at: datetime
    published_at: datetime | None
    author: str | None
    message: str
    is_draft: bool
    is_published: bool


def history(user: User, course: Course) -> list[RevisionRow]:
    """Every revision, newest first, with who made it (one query)."""
    from lms.core.models import User as Author

    require_editor(user, course)
    rows = db.session.execute(
        select(CourseRevision, Author.name).outerjoin(Author, Author.id == CourseRevision.created_by_id)
        .where(CourseRevision.course_id == course.id).order_by(CourseRevision.number.desc())).all()
    return [RevisionRow(r.number, r.created_at, r.published_at, name, r.message,
                        r.id == course.draft_revision_id, r.id == course.published_revision_id)
            for r, name in rows]


@dataclass
class FileDiff:
    path: str
    status: str  # added | removed | changed | renamed
    lines: list[tuple[str, str]] = field(default_factory=list)  # (kind, text): add | del | hunk | ctx
    binary: bool = False
    truncated: bool = False
    old_path: str | None = None  # renamed: the path before


def _unnumbered(path: str) -> str:
    """A path without its numeric prefixes: what stays when an item is reordered."""
    return "/".join(NUMBERED.sub(r"\2", part) for part in path.split("/"))


def _renames(old: dict[str, bytes], new: dict[str, bytes]) -> dict[str, str]:
    """new path -> old path, for files that moved: same content, or same name apart from
    their number (a reorder that also changed the text)."""
    removed = [p for p in old if p not in new]
    added = [p for p in new if p not in old]
    pairs: dict[str, str] = {}
    for path in added:
        match = next((r for r in removed if r not in pairs.values() and old[r] == new[path]), None) or \
            next((r for r in removed if r not in pairs.values() and _unnumbered(r) == _unnumbered(path)), None)
        if match is not None:
            pairs[path] = match
    return pairs


def _text(data: bytes | None) -> list[str] | None:
    if data is None:
        return []
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n").splitlines()
    except UnicodeDecodeError:
        return None


def diff_files(old: dict[str, bytes], new: dict[str, bytes]) -> list[FileDiff]:
    """A unified diff per changed file (text), or a note for binary files. The lines are
    plain strings: templates escape them."""
    result = []
    renames = _renames(old, new)
    for path in sorted((set(old) | set(new)) - set(renames.values())):
        old_path = renames.get(path, path)
        before, after = old.get(old_path), new.get(path)
        if before == after and old_path == path:
            continue
        status = "renamed" if old_path != path else "added" if before is None else \
            "removed" if after is None else "changed"
        a, b = (None, None) if is_media(path) else (_text(before), _text(after))
        if a is None or b is None:
            result.append(FileDiff(path, status, binary=True, old_path=old_path if old_path != path else None))
            continue
        entry = FileDiff(path, status, old_path=old_path if old_path != path else None)
        for line in difflib.unified_diff(a, b, lineterm="", n=2):
            if line.startswith(("---", "+++")):
                continue
            kind = "hunk" if line.startswith("@@") else "add" if line.startswith("+") else \
                "del" if line.startswith("-") else "ctx"
            if len(entry.lines) >= MAX_DIFF_LINES:
                entry.truncated = True
                break
            entry.lines.append((kind, line))
        result.append(entry)
    return result


def diff(user: User, course: Course, old_number: int, new_number: int) -> list[FileDiff]:
    require_editor(user, course)
    old = all_files(revision_by_number(course, old_number))
    new = all_files(revision_by_number(course, new_number))
    return diff_files(old, new)


def rollback(user: User, course: Course, number: int, message: str = "") -> CourseRevision:
    """Publish again what revision ``number`` had: its files become the draft (replacing any
    unpublished changes), which is then published as a new revision."""
    require_editor(user, course)
    old = revision_by_number(course, number)
    if old.id == course.published_revision_id and course.draft_revision_id is None:
        raise AuthoringError("conflict", _("Revisi ini yang sedang terbit."))
    replace_draft(user, course, all_files(old))
    return publish(user, course, message or _("Kembali ke revisi %(n)d", n=number), audit_action="course.rollback",
                   audit_extra={"from_revision": number})


def export_zip(user: User, course: Course, number: int | None = None) -> tuple[str, bytes]:
    """The course in the course format, as ``<slug>.zip`` holding the folder ``<slug>/``
    (the draft when there is one, else the published revision; or revision ``number``)."""
    require_editor(user, course)
    source = course_source(course, revision_by_number(course, number) if number else None)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(source.files):
            archive.writestr(f"{course.slug}/{path}", source.files[path])
    return f"{course.slug}.zip", buffer.getvalue()
