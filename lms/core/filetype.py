"""What a file really is, from its first bytes (magic numbers).

Uploads are judged by their content only: a file name's extension and the browser's
``Content-Type`` are chosen by the sender and prove nothing. Only the few types we accept are
recognised; anything else (HTML, SVG, scripts, archives, office files) is ``None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class FileType:
    mime: str
    extension: str  # what the file is served as, whatever it was called when uploaded
    label: str  # for messages: "PDF", "PNG", ...


PDF = FileType("application/pdf", "pdf", "PDF")
PNG = FileType("image/png", "png", "PNG")
JPEG = FileType("image/jpeg", "jpg", "JPEG")
WEBP = FileType("image/webp", "webp", "WebP")

DOCUMENTS_AND_IMAGES: tuple[FileType, ...] = (PDF, PNG, JPEG, WEBP)


def sniff(data: bytes) -> FileType | None:
    """The type of ``data`` among PDF, PNG, JPEG and WebP, or ``None``.

    The signature must stand at offset 0. (PDF readers tolerate junk before ``%PDF-``; we do
    not, so an HTML page with a PDF hidden further down is refused.)
    """
    if data.startswith(b"%PDF-") and len(data) > 8:
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        return PNG
    if data.startswith(b"\xff\xd8\xff") and len(data) > 3:
        return JPEG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP" and data[12:15] == b"VP8":
        return WEBP
    return None


def sniff_allowed(data: bytes, allowed: tuple[FileType, ...] = DOCUMENTS_AND_IMAGES) -> FileType | None:
    found = sniff(data)
    return found if found in allowed else None


# --------------------------------------------------------------------------- course media


@dataclass(frozen=True)
class MediaKind:
    extensions: tuple[str, ...]
    content_type: str


#: What a course may hold as media (uploaded on its own, in a zip or in an imported folder),
#: recognised by content (magic numbers) matching the name's extension, never by the name or
#: the browser's Content-Type alone. No SVG, HTML or script: they can run in the site's origin.
MEDIA_KINDS: tuple[tuple[MediaKind, tuple[tuple[int, bytes], ...]], ...] = (
    (MediaKind(("png",), "image/png"), ((0, b"\x89PNG\r\n\x1a\n"),)),
    (MediaKind(("jpg", "jpeg"), "image/jpeg"), ((0, b"\xff\xd8\xff"),)),
    (MediaKind(("gif",), "image/gif"), ((0, b"GIF87a"), (0, b"GIF89a"))),
    (MediaKind(("webp",), "image/webp"), ((0, b"RIFF"), (8, b"WEBP"))),
    (MediaKind(("pdf",), "application/pdf"), ((0, b"%PDF-"),)),
    (MediaKind(("mp3",), "audio/mpeg"), ((0, b"ID3"),)),
    (MediaKind(("ogg", "oga", "ogv"), "audio/ogg"), ((0, b"OggS"),)),
    (MediaKind(("mp4", "m4a", "m4v"), "video/mp4"), ((4, b"ftyp"),)),
    (MediaKind(("webm",), "video/webm"), ((0, b"\x1a\x45\xdf\xa3"),)),
    # A SCORM package (and other bundles an activity type reads): served only as a download
    # (never inline), so nothing in it runs in the site's origin from /media/.
    (MediaKind(("zip",), "application/zip"), ((0, b"PK\x03\x04"),)),
)
_MP3_FRAME = re.compile(rb"^\xff[\xe0-\xff]")


def media_kind(data: bytes, extension: str) -> MediaKind | None:
    """The kind of ``data`` when its content matches the file name's extension."""
    for kind, signatures in MEDIA_KINDS:
        if extension not in kind.extensions:
            continue
        if all(data[offset:offset + len(magic)] == magic for offset, magic in signatures):
            return kind
        if kind.content_type == "audio/mpeg" and _MP3_FRAME.match(data):
            return kind
    return None


def accepted_extensions() -> list[str]:
    return [ext for kind, _sig in MEDIA_KINDS for ext in kind.extensions]


def media_type(data: bytes, name: str) -> str | None:
    """The content type ``data`` is served as when it may be course media called ``name``."""
    kind = media_kind(data, name.rsplit(".", 1)[-1].lower() if "." in name else "")
    return kind.content_type if kind else None


def media_content_types() -> frozenset[str]:
    return frozenset(kind.content_type for kind, _sig in MEDIA_KINDS)
