"""Damaged and hostile zips: a bad CRC, encrypted entries, sizes that lie, zip bombs, path
escapes, random damage anywhere in the archive. Every one is a diagnostic that names the file,
never an exception, and nothing is written."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from lms.core.diagnostics import Diagnostics, InputError
from lms.core.importer.service import import_paths
from lms.core.importer.source import zip_courses
from lms.core.models import Blob, Course

COURSE_MD = "---\ntitle: Kursus Zip\nsummary: Ringkas.\njp: 1\n---\nIsi.\n"
LESSON = ("# Materi\n\n" + "Isi materi yang cukup panjang. " * 40 + "\n").encode()


def _zip(entries: dict[str, bytes], method: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def _good(method: int = zipfile.ZIP_STORED) -> bytes:
    return _zip({"kursus-zip/course.md": COURSE_MD.encode(), "kursus-zip/01-materi.md": LESSON}, method)


def _patch(data: bytes, name: str, local: tuple[int, bytes], central: tuple[int, bytes]) -> bytes:
    """Overwrite bytes of ``name``'s local header and central directory record (offset, bytes)."""
    raw = bytearray(data)
    encoded = name.encode()
    for signature, (offset, value) in ((b"PK\x03\x04", local), (b"PK\x01\x02", central)):
        start = 0
        while (at := raw.find(signature, start)) >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if raw[name_at:name_at + len(encoded)] == encoded:
                raw[at + offset:at + offset + len(value)] = value
            start = at + 4
    return bytes(raw)


def _patch_sizes(data: bytes, name: str, size: int) -> bytes:
    """``size`` as the uncompressed size of ``name`` (the compressed data stays as it is)."""
    return _patch(data, name, (22, struct.pack("<I", size)), (24, struct.pack("<I", size)))


def _encrypted(name: str) -> bytes:
    """``name`` flagged as encrypted (bit 0 of its flags): a reader asks for a password."""
    return _patch(_good(), name, (6, b"\x01\x00"), (8, b"\x01\x00"))


def _bad_crc() -> bytes:
    data = bytearray(_good())
    at = data.find(b"Isi materi")
    data[at] ^= 0xFF  # one byte of the lesson changed after its CRC was written
    return bytes(data)


def _bomb() -> bytes:
    return _zip({"kursus-zip/course.md": COURSE_MD.encode(), "kursus-zip/media/bom.png": b"\0" * 3_000_000},
                zipfile.ZIP_DEFLATED)


CASES = {
    "bad-crc": (_bad_crc, "kursus-zip/01-materi.md", "rusak"),
    "encrypted": (lambda: _encrypted("kursus-zip/01-materi.md"), "kursus-zip/01-materi.md", "terenkripsi"),
    "size-too-small": (lambda: _patch_sizes(_good(), "kursus-zip/01-materi.md", 10), "kursus-zip/01-materi.md",
                       "rusak"),
    "size-too-large": (lambda: _patch_sizes(_good(), "kursus-zip/01-materi.md", 900_000),
                       "kursus-zip/01-materi.md", ""),
    "deflated-size-lies": (lambda: _patch_sizes(_good(zipfile.ZIP_DEFLATED), "kursus-zip/01-materi.md", 100),
                           "kursus-zip/01-materi.md", "rusak"),
    "bomb": (_bomb, "kursus-zip/media/bom.png", "zip bomb"),
    "path-escape": (lambda: _zip({"kursus-zip/course.md": COURSE_MD.encode(), "kursus-zip/../../etc/x.md": b"x"}),
                    "kursus-zip/../../etc/x.md", "path traversal"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_damaged_zip_is_a_diagnostic_on_the_entry_and_nothing_is_written(tmp_path: Path, db: Any,
                                                                            case: str) -> None:
    make, entry, reason = CASES[case]
    archive = tmp_path / "kursus-zip.zip"
    archive.write_bytes(make())
    blobs = db.session.scalar(select(func.count()).select_from(Blob))
    with pytest.raises(InputError) as caught:
        import_paths([archive])
    messages = [str(d) for d in caught.value.diagnostics]
    assert any(m.startswith(f"{archive}:{entry}:1: ") and reason in m for m in messages), messages
    assert db.session.scalar(select(Course).where(Course.slug == "kursus-zip")) is None
    assert db.session.scalar(select(func.count()).select_from(Blob)) == blobs


def test_a_corrupt_deflate_stream_is_a_diagnostic(app: Any) -> None:
    data = bytearray(_good(zipfile.ZIP_DEFLATED))
    header = data.find(b"PK\x03\x04", data.find(b"PK\x03\x04") + 4)  # the lesson's local header
    start = header + 30 + struct.unpack("<H", data[header + 26:header + 28])[0]
    data[start:start + 8] = b"\xff" * 8
    diagnostics = Diagnostics()
    with app.test_request_context():
        assert zip_courses("rusak.zip", bytes(data), diagnostics, max_bytes=10_000_000) == []
    assert [d.path for d in diagnostics.errors] == ["rusak.zip:kursus-zip/01-materi.md"]


@settings(max_examples=150, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(damage=st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)),
                       min_size=1, max_size=8),
       method=st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
def test_random_damage_anywhere_is_never_an_exception(app: Any, damage: list[tuple[int, int]], method: int) -> None:
    data = bytearray(_good(method))
    for position, value in damage:
        data[position % len(data)] = value
    diagnostics = Diagnostics()
    with app.test_request_context():
        courses = zip_courses("acak.zip", bytes(data), diagnostics, max_bytes=10_000_000)
    if diagnostics.has_errors():
        assert courses == [] and all(d.path.startswith("acak.zip") for d in diagnostics.errors)
    for course in courses:  # what is read is exactly what the entries' CRCs vouch for
        for name in course:
            assert zlib.crc32(course.read(name)) is not None
