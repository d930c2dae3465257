"""Where the bytes of media live: in the database (default, every server sees them) or in a
shared folder (``LMS_MEDIA_STORE=file:///srv/sinau/media``, for large video collections)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from flask import current_app
from sqlalchemy import select

from lms.core.models import Blob
from lms.extensions import db


class MediaStore:
    def put(self, sha256: str, data: bytes, content_type: str) -> None:
        """Store bytes under their hash; storing the same content twice is a no-op."""
        if db.session.get(Blob, sha256) is not None:
            return
        db.session.add(Blob(sha256=sha256, size=len(data), content_type=content_type,
                            data=self._inline(sha256, data)))
        db.session.flush()  # the same content may come again in this import: find it then

    def _inline(self, sha256: str, data: bytes) -> bytes | None:
        return data

    def get(self, sha256: str) -> tuple[Blob, bytes] | None:
        blob = db.session.scalar(select(Blob).where(Blob.sha256 == sha256).options())
        if blob is None:
            return None
        data = blob.data if blob.data is not None else self._read(sha256)
        return (blob, data) if data is not None else None

    def _read(self, sha256: str) -> bytes | None:
        return None


class FileMediaStore(MediaStore):
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def _inline(self, sha256: str, data: bytes) -> bytes | None:
        path = self._path(sha256)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(data)
            tmp.replace(path)  # atomic: readers never see half a file
        return None

    def _read(self, sha256: str) -> bytes | None:
        path = self._path(sha256)
        return path.read_bytes() if path.exists() else None


def media_store() -> MediaStore:
    setting = current_app.extensions["lms.settings"].media_store
    if setting.startswith("file://"):
        return FileMediaStore(Path(urlparse(setting).path))
    return MediaStore()
