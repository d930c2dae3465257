"""Where course files come from: a folder on disk or a ``.zip`` (CLI or web upload).

A zip is checked before anything is read: no absolute paths or ``..`` (path traversal), no
symbolic links, no encrypted entries, at most ``MAX_FILES`` entries, at most ``max_bytes``
uncompressed in all, and no entry whose compression ratio suggests a zip bomb. Then every entry
is read whole before anything is written; a damaged entry (bad CRC, a size that lies, an unknown
compression) is an error naming it, like every other refusal, and the zip gives no course.
"""

from __future__ import annotations

import io
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from flask_babel import gettext as _

from lms.core.diagnostics import Diagnostics

MAX_FILES = 5000
MAX_RATIO = 200  # uncompressed / compressed; text compresses ~5-10x, bombs thousands of times
#: what reading a damaged or hostile zip raises (bad CRC and lying sizes: BadZipFile; an
#: encrypted entry: RuntimeError; an unknown method: NotImplementedError; corrupt data: zlib.error)
ZIP_READ_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, RuntimeError,
                   NotImplementedError, ValueError, UnicodeDecodeError)


@dataclass(frozen=True)
class SourceFile:
    path: str  # relative to the course folder, POSIX separators
    data: bytes


class CourseSource:
    """The files of one course folder, read fully (courses are small)."""

    def __init__(self, label: str, files: dict[str, bytes]) -> None:
        self.label = label  # shown in messages: the folder path, or ``archive.zip:folder``
        self.files = files

    def read(self, path: str) -> bytes | None:
        return self.files.get(path)

    def display(self, path: str) -> str:
        return f"{self.label}/{path}" if self.label else path

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self.files))


class _ZipRootSource(CourseSource):
    """A course whose ``course.md`` is at the root of the zip. The reader takes the slug from
    the label's last part, so the label ends with the zip's name without ``.zip``; messages
    still name the entries as they are in the archive (``kursus.zip:course.md``)."""

    def __init__(self, archive: str, files: dict[str, bytes]) -> None:
        stem = PurePosixPath(archive.replace("\\", "/")).name
        if stem.lower().endswith(".zip"):
            stem = stem[:-4]
        super().__init__(f"{archive}:{stem}", files)
        self.archive = archive

    def display(self, path: str) -> str:
        return f"{self.archive}:{path}"


def _is_hidden(parts: tuple[str, ...]) -> bool:
    return any(part.startswith(".") or part == "__MACOSX" for part in parts)


def folder_courses(root: Path, diagnostics: Diagnostics) -> list[CourseSource]:
    """One course (``root/course.md``) or a folder of course folders."""
    root = root.resolve()
    if (root / "course.md").is_file():
        return [_read_folder(root, diagnostics)]
    courses = [
        _read_folder(child, diagnostics)
        for child in sorted(root.iterdir())
        if child.is_dir() and not child.name.startswith(".") and (child / "course.md").is_file()
    ]
    if not courses:
        diagnostics.error(str(root), 1, _("tidak ada course.md di folder ini maupun di subfoldernya"))
    return courses


def _read_folder(folder: Path, diagnostics: Diagnostics) -> CourseSource:
    files: dict[str, bytes] = {}
    label = str(folder)
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if _is_hidden(rel.parts):
            if path.is_file() and not any(p.startswith(".") for p in rel.parts[:-1]):
                diagnostics.warning(f"{label}/{rel.as_posix()}", 1, _("berkas tersembunyi diabaikan"))
            continue
        if path.is_symlink():
            diagnostics.error(f"{label}/{rel.as_posix()}", 1, _("tautan simbolik tidak diizinkan"))
            continue
        if path.is_file():
            files[rel.as_posix()] = path.read_bytes()
    return CourseSource(label, files)


def zip_courses(archive: Path | str, data: bytes | None, diagnostics: Diagnostics,
                max_bytes: int) -> list[CourseSource]:
    """Courses in a zip: ``course.md`` at its root, or one folder per course."""
    label = str(archive)
    try:
        zf = zipfile.ZipFile(archive if data is None else io.BytesIO(data))
    except ZIP_READ_ERRORS as exc:
        diagnostics.error(label, 1, _("bukan berkas zip yang valid: %(reason)s", reason=str(exc) or type(exc).__name__))
        return []
    with zf:
        courses = _zip_courses(zf, label, diagnostics, max_bytes)
    return [] if diagnostics.has_errors() else courses


def _read_entries(zf: zipfile.ZipFile, label: str, entries: dict[str, zipfile.ZipInfo],
                  diagnostics: Diagnostics) -> dict[str, bytes]:
    """Every entry read whole; a damaged one is an error on its name (never more bytes than
    the entry declares: the declared sizes are what the limits were checked against)."""
    files: dict[str, bytes] = {}
    for name, info in entries.items():
        try:
            with zf.open(info) as entry:
                data = entry.read(info.file_size + 1)
        except ZIP_READ_ERRORS as exc:
            diagnostics.error(f"{label}:{info.filename}", 1, _("berkas di dalam zip rusak dan tidak bisa dibaca: "
                                                                 "%(reason)s", reason=str(exc) or type(exc).__name__))
            continue
        if len(data) != info.file_size:
            diagnostics.error(f"{label}:{info.filename}", 1, _("ukuran berkas di dalam zip tidak sesuai dengan "
                                                                 "yang tercatat (zip rusak atau dimanipulasi)"))
            continue
        files[name] = data
    return files


def _zip_courses(zf: zipfile.ZipFile, label: str, diagnostics: Diagnostics, max_bytes: int) -> list[CourseSource]:
    """The checks on the archive's directory, then the entries of each course."""
    infos = zf.infolist()
    if len(infos) > MAX_FILES:
        diagnostics.error(label, 1, _("zip berisi %(n)d berkas; batasnya %(max)d", n=len(infos), max=MAX_FILES))
        return []
    total = 0
    entries: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        where = f"{label}:{name}"
        pure = PurePosixPath(name)
        if not pure.parts:  # "./": the archive's own root
            continue
        if name.startswith(("/", "\\")) or ".." in pure.parts or ":" in pure.parts[0] or "\\" in name:
            diagnostics.error(where, 1, _("jalur berbahaya di dalam zip (path traversal)"))
            continue
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            diagnostics.error(where, 1, _("tautan simbolik tidak diizinkan di dalam zip"))
            continue
        if info.is_dir():
            continue
        if info.flag_bits & 0x1:
            diagnostics.error(where, 1, _("berkas terenkripsi (dengan kata sandi) tidak bisa dibaca; buat zip "
                                          "tanpa kata sandi"))
            continue
        total += info.file_size
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1_000_000:
            diagnostics.error(where, 1, _("rasio kompresi mencurigakan (zip bomb?)"))
            continue
        if _is_hidden(pure.parts):
            if not any(p.startswith(".") or p == "__MACOSX" for p in pure.parts[:-1]):
                diagnostics.warning(where, 1, _("berkas tersembunyi diabaikan"))
            continue
        entries[pure.as_posix()] = info  # "./k/course.md" is "k/course.md"
    if total > max_bytes:
        diagnostics.error(label, 1, _("isi zip %(mb).1f MB setelah dibuka; batasnya %(max).0f MB",
                                      mb=total / 1e6, max=max_bytes / 1e6))
    if diagnostics.has_errors():
        return []
    roots = {str(PurePosixPath(n).parent) for n in entries if PurePosixPath(n).name == "course.md"}
    if "." in roots:  # one course at the zip's root; its sub-folders are modules
        return [_ZipRootSource(label, _read_entries(zf, label, entries, diagnostics))]
    tops = sorted(r for r in roots if "/" not in r)  # a folder of course folders
    if not tops:
        # ``zip -r kursus.zip kursus/`` of a folder of courses: one folder around them all
        wrappers = {r.split("/", 1)[0] for r in roots if r.count("/") == 1}
        if len(wrappers) == 1:
            tops = sorted(r for r in roots if r.count("/") == 1)
    if not tops:
        diagnostics.error(label, 1, _("zip tidak berisi course.md"))
        return []
    files = _read_entries(zf, label, {n: i for n, i in entries.items() if n.startswith(tuple(
        f"{top}/" for top in tops))}, diagnostics)
    return [CourseSource(f"{label}:{top}",
                         {n[len(top) + 1:]: d for n, d in files.items() if n.startswith(top + "/")})
            for top in tops]
