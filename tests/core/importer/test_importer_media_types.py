"""Media in a course folder or zip pass the same content check as a single upload: SVG, HTML,
scripts, and files whose content is not what their name says are refused with the file's name,
and nothing is written."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from lms.core.diagnostics import InputError
from lms.core.importer.service import import_paths
from lms.core.models import Blob, Course

COURSE_MD = "---\ntitle: Kursus Media\nsummary: Ringkas.\njp: 1\n---\nIsi.\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32

HOSTILE = {
    "gambar.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "halaman.html": b"<html><script>alert(document.cookie)</script></html>",
    "skrip.js": b"alert(document.cookie)",
    "palsu.png": b"<html><script>alert(1)</script></html>",  # a page called .png
}


def _folder(root: Path, name: str, data: bytes) -> Path:
    folder = root / "kursus-media"
    (folder / "media").mkdir(parents=True)
    (folder / "course.md").write_text(COURSE_MD, encoding="utf-8")
    (folder / "01-materi.md").write_text(f"# Materi\n\n[unduh](media/{name})\n\n![bagan](media/bagan.png)\n",
                                         encoding="utf-8")
    (folder / "media" / "bagan.png").write_bytes(PNG)
    (folder / "media" / name).write_bytes(data)
    return folder


def _zip(root: Path, folder: Path) -> Path:
    archive = root / "kursus-media.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, f"kursus-media/{path.relative_to(folder).as_posix()}")
    return archive


@pytest.mark.parametrize("as_zip", [False, True], ids=["folder", "zip"])
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_active_or_disguised_media_are_refused_by_name(tmp_path: Path, db: Any, name: str, as_zip: bool) -> None:
    folder = _folder(tmp_path, name, HOSTILE[name])
    blobs = db.session.scalar(select(func.count()).select_from(Blob))
    with pytest.raises(InputError) as caught:
        import_paths([_zip(tmp_path, folder) if as_zip else folder])
    errors = [str(d) for d in caught.value.diagnostics if d.level == "error"]
    assert any(f"media/{name}" in e and "tidak diterima" in e and name in e.split(":", 2)[-1] for e in errors), errors
    assert db.session.scalar(select(Course).where(Course.slug == "kursus-media")) is None
    assert db.session.scalar(select(func.count()).select_from(Blob)) == blobs


def test_media_of_an_accepted_type_import_with_the_sniffed_type(tmp_path: Path, db: Any) -> None:
    folder = _folder(tmp_path, "daftar.pdf", b"%PDF-1.4 daftar periksa")
    import_paths([folder])
    assert db.session.get(Blob, __import__("hashlib").sha256(PNG).hexdigest()).content_type == "image/png"
