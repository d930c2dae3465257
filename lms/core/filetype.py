"""What a file really is, from its first bytes (magic numbers).

Uploads are judged by their content only: a file name's extension and the browser's
``Content-Type`` are chosen by the sender and prove nothing. Only the few types we accept are
recognised; anything else (HTML, SVG, scripts, archives, office files) is ``None``.
"""

from __future__ import annotations

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
