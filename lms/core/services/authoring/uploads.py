"""Files a trainer uploads into the draft: media, a GIFT question bank as a quiz, a whole
course as a zip. Each is then a save like any other (the course is read again)."""

from __future__ import annotations

import posixpath
import re
import unicodedata

from flask_babel import gettext as _

from lms.core.diagnostics import Diagnostics, InputError
from lms.core.filetype import MEDIA_KINDS, MediaKind, accepted_extensions, media_kind  # noqa: F401 - re-exported
from lms.core.importer.layout import MEDIA_DIR
from lms.core.importer.source import zip_courses
from lms.core.models import Course, User
from lms.core.services.authoring.common import (
    AuthoringError,
    all_files,
    max_upload_bytes,
    require_editor,
    working_revision,
)
from lms.core.services.authoring.drafts import SaveResult, replace_draft
from lms.core.services.authoring.structure import add_file


def safe_name(filename: str) -> tuple[str, str]:
    """(stem, extension) of an uploaded file's name, as ``a-z0-9-`` and a lowercase extension."""
    base = posixpath.basename(filename.replace("\\", "/"))
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii").lower()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_stem).strip("-")[:80].strip("-") or "berkas"
    return stem, extension.lower()


def upload_media(user: User, course: Course, filename: str, data: bytes) -> tuple[SaveResult, str]:
    """Store ``data`` as ``media/<name>`` in the draft (replacing a file of the same name, so
    every link to it shows the new version)."""
    require_editor(user, course)
    limit = max_upload_bytes()
    if not data:
        raise AuthoringError("invalid", _("Berkas kosong."))
    if len(data) > limit:
        raise AuthoringError("invalid", _("Berkas %(mb).1f MB; batasnya %(max).0f MB.",
                                          mb=len(data) / 1e6, max=limit / 1e6))
    stem, extension = safe_name(filename)
    kind = media_kind(data, extension)
    if kind is None:
        raise AuthoringError("invalid", _("Jenis berkas tidak diterima. Yang diterima: %(types)s (isi berkas harus sesuai dengan ekstensinya).",  # noqa: E501 - one message, whole for translators
                                          types=", ".join(accepted_extensions())))
    path = f"{MEDIA_DIR}/{stem}.{extension}"
    files = all_files(working_revision(course))
    files[path] = data
    return replace_draft(user, course, files), path


def upload_gift(user: User, course: Course, filename: str, data: bytes, *, module_key: str = ""
                ) -> tuple[SaveResult, str]:
    """A GIFT question bank (Moodle) as a new quiz item ``NN-<name>.gift``."""
    require_editor(user, course)
    stem, extension = safe_name(filename)
    if extension not in ("gift", "txt"):
        raise AuthoringError("invalid", _("Unggah berkas GIFT (.gift atau .txt)."))
    if len(data) > max_upload_bytes():
        raise AuthoringError("invalid", _("Berkas terlalu besar."))
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AuthoringError("invalid", _("Berkas GIFT harus berupa teks UTF-8.")) from exc
    return add_file(user, course, module_key=module_key, slug=stem, suffix=".gift", data=data)


def upload_zip(user: User, course: Course, filename: str, data: bytes) -> SaveResult:
    """Replace the draft's files with the one course in a zip (its folder name is ignored:
    the course keeps its slug)."""
    require_editor(user, course)
    diagnostics = Diagnostics()
    sources = zip_courses(filename or "kursus.zip", data, diagnostics, max_upload_bytes() * 4)
    if diagnostics.has_errors():
        raise InputError(diagnostics)
    if len(sources) != 1:
        raise AuthoringError("invalid", _("Zip harus berisi tepat satu kursus (satu course.md)."))
    return replace_draft(user, course, dict(sources[0].files))
