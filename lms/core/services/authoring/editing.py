"""One file of the draft: its text, saving it, and the live preview of unsaved text."""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from lms.core.diagnostics import Diagnostic, Diagnostics
from lms.core.importer.layout import is_media
from lms.core.importer.reader import CourseDraft, ItemDraft, ModuleDraft
from lms.core.models import Course, User
from lms.core.services.authoring.common import (
    AuthoringError,
    all_files,
    file_paths,
    read_file,
    require_editor,
    stored_hashes,
    text_files,
    working_revision,
)
from lms.core.services.authoring.drafts import SaveResult, replace_draft
from lms.core.services.authoring.reading import read_for_preview

MAX_TEXT_BYTES = 1024 * 1024  # one Markdown file; a book chapter is ~50 KB


def normalize_text(text: str) -> bytes:
    """What a textarea sends (CRLF line breaks), stored as the format's files are: LF, UTF-8,
    ending with a line break."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if text and not text.endswith("\n"):
        text += "\n"
    data = text.encode("utf-8")
    if len(data) > MAX_TEXT_BYTES:
        raise AuthoringError("invalid", _("Berkas terlalu besar: paling banyak %(kb)d KB.", kb=MAX_TEXT_BYTES // 1024))
    return data


def editable_path(course: Course, path: str, paths: list[str] | None = None) -> str:
    """``path`` when it names a text file of the course the editor may change: ``course.md``,
    an item, a GIFT bank, or a module's ``module.md`` (which may not exist yet)."""
    paths = paths if paths is not None else file_paths(working_revision(course))
    clean = posixpath.normpath(path) if path else ""
    if clean != path or path.startswith(("/", ".")) or ".." in path.split("/") or is_media(path):
        raise AuthoringError("not_found", _("Berkas tidak ditemukan."))
    if path in paths:
        return path
    folder, name = posixpath.split(path)
    if name == "module.md" and folder and "/" not in folder and any(p.startswith(folder + "/") for p in paths):
        return path
    raise AuthoringError("not_found", _("Berkas tidak ditemukan."))


def file_text(user: User, course: Course, path: str) -> str:
    require_editor(user, course)
    revision = working_revision(course)
    editable_path(course, path, file_paths(revision))
    data = read_file(revision, path)
    if data is None:
        return ""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AuthoringError("invalid", _("Berkas ini bukan teks UTF-8.")) from exc


def text_hash(data: bytes | None) -> str:
    """What the editor remembers of the version it opened (``base``), to notice when someone
    else saved the same file in between."""
    return hashlib.sha256((data or b"").removeprefix(b"\xef\xbb\xbf")).hexdigest()


def save_file(user: User, course: Course, path: str, text: str, *, base: str | None = None) -> SaveResult:
    """Put ``text`` in the draft as ``path`` and read the whole course again; raises
    :class:`InputError` (nothing saved) when any file has an error.

    ``base`` (:func:`text_hash` of the text the editor opened): when the stored file has
    changed since, the save is refused (``conflict``) instead of overwriting someone else's
    work; saving again with the new base overwrites it deliberately.
    """
    require_editor(user, course)
    revision = working_revision(course)
    editable_path(course, path, file_paths(revision))
    files = all_files(revision)
    data = normalize_text(text)
    if base is not None and text_hash(files.get(path)) != base and files.get(path) != data:
        raise AuthoringError("conflict", _("Berkas ini disimpan orang lain sejak Anda membukanya. Salin teks Anda, "
                                           "muat ulang halaman untuk melihat versi terbaru, atau simpan lagi untuk "
                                           "menimpanya."))
    files[path] = data
    return replace_draft(user, course, files)


# --------------------------------------------------------------------------- preview


@dataclass
class Preview:
    path: str
    kind: str  # course | module | item | other
    diagnostics: list[Diagnostic]  # of this file, paths relative to the course
    other_errors: list[Diagnostic] = field(default_factory=list)  # of the rest of the course
    item: ItemDraft | None = None
    module: ModuleDraft | None = None
    course: CourseDraft | None = None
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(d.level == "error" for d in self.diagnostics)


def relative(diagnostic: Diagnostic, slug: str) -> Diagnostic:
    prefix = f"{slug}/"
    path = diagnostic.path[len(prefix):] if diagnostic.path.startswith(prefix) else diagnostic.path
    return Diagnostic(path, diagnostic.line, diagnostic.message, diagnostic.level)


def preview(user: User, course: Course, path: str, text: str) -> Preview:
    """Read the course with ``text`` as ``path`` (nothing is stored) and return what the
    file becomes: rendered through the one markup pipeline, with its diagnostics."""
    require_editor(user, course)
    revision = working_revision(course)
    hashes = stored_hashes(revision)
    editable_path(course, path, sorted(hashes))
    texts = text_files(revision)
    texts[path] = normalize_text(text)
    diagnostics = Diagnostics()
    draft = read_for_preview(course, texts, hashes, diagnostics)
    mine = [relative(d, course.slug) for d in diagnostics if relative(d, course.slug).path == path]
    others = [relative(d, course.slug) for d in diagnostics.errors if relative(d, course.slug).path != path]
    result = Preview(path, "other", mine, others, course=draft)
    if path == "course.md":
        result.kind = "course"
        result.settings = draft.settings.as_dict()
    elif posixpath.basename(path) == "module.md":
        result.kind = "module"
        key = posixpath.dirname(path).split("-", 1)[-1]
        result.module = next((m for m in draft.modules if m.key == key), None)
    else:
        result.item = next((i for i in draft.items if i.path == path), None)
        result.kind = "item" if result.item is not None or path.endswith(".md") else "other"
    return result
