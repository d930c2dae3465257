"""Courses from a ``.zip``: one course, or a folder of courses; dangerous archives are refused
with a clear error before any entry is read, and nothing is written."""

from __future__ import annotations

import io
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from lms.core.diagnostics import Diagnostics, InputError
from lms.core.importer.service import import_paths
from lms.core.importer.source import MAX_FILES, zip_courses
from lms.core.models import Course

BROKEN_COURSE_MD = "---\ntitle: Rusak\nsummary: S\njp: 1\njpp: 2\n---\n"  # would be an error if read


def make_zip(
    path: Path,
    entries: dict[str, bytes | str],
    *,
    prefix: str = "",
    infos: list[tuple[zipfile.ZipInfo, bytes]] = (),
) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(prefix + name, data)
        for info, data in infos:
            zf.writestr(info, data)
    return path


def folder_entries(folder: Path, prefix: str = "") -> dict[str, bytes]:
    return {prefix + p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def slugs(db: Any) -> list[str]:
    return sorted(db.session.scalars(select(Course.slug)))


def test_a_zip_of_one_course_folder_imports(tmp_path: Path, db: Any, samples_dir: Path, published_items: Any) -> None:
    folder = samples_dir / "literasi-digital-keamanan-siber"
    archive = make_zip(tmp_path / "literasi.zip", folder_entries(folder, "literasi-digital-keamanan-siber/"))
    report = import_paths([archive])
    assert [(r.slug, r.outcome) for r in report.results] == [("literasi-digital-keamanan-siber", "created")]
    keys = [i.key for i in published_items("literasi-digital-keamanan-siber")]
    assert keys[0] == "dasar-digital/spbe-dan-keamanan-informasi" and len(keys) == 7
    # the same files from the folder are the same content: unchanged
    assert [r.outcome for r in import_paths([folder]).results] == ["unchanged"]


def test_a_zip_with_course_md_at_its_root_takes_its_slug_from_the_zip_name(
    tmp_path: Path, db: Any, samples_dir: Path, published_items: Any
) -> None:
    folder = samples_dir / "orientasi-sinau"
    archive = make_zip(tmp_path / "orientasi-sinau.zip", folder_entries(folder))
    report = import_paths([archive])
    assert [(r.slug, r.outcome) for r in report.results] == [("orientasi-sinau", "created")]
    assert [i.key for i in published_items("orientasi-sinau")] == [
        "mengenal-sinau",
        "belajar-lewat-ponsel",
        "kuis-latihan",
    ]
    # and errors name the entry as it is in the archive
    bad = make_zip(tmp_path / "kursus-rusak.zip", {"course.md": BROKEN_COURSE_MD, "01-a.md": "# A\n"})
    with pytest.raises(InputError) as caught:
        import_paths([bad])
    assert any(str(d).startswith(f"{bad}:course.md:5: ") and "jpp" in str(d) for d in caught.value.diagnostics)


@pytest.mark.parametrize("prefix", ["", "courses/"], ids=["courses-at-root", "zip-of-the-courses-folder"])
def test_a_zip_of_a_folder_of_courses_imports_them_all(tmp_path: Path, db: Any, samples_dir: Path, prefix: str) -> None:
    archive = make_zip(tmp_path / "semua.zip", folder_entries(samples_dir, prefix))
    report = import_paths([archive])
    expected = sorted(p.name for p in samples_dir.iterdir() if (p / "course.md").is_file())
    assert sorted(r.slug for r in report.results) == expected
    assert {r.outcome for r in report.results} == {"created"}
    assert slugs(db) == expected


def test_the_cli_imports_a_zip_and_reports_errors_inside_it(
    tmp_path: Path, runner: Any, db: Any, course_md: Any
) -> None:
    good = make_zip(tmp_path / "baik.zip", {"kursus-zip/course.md": course_md(), "kursus-zip/01-a.md": "# A\n"})
    result = runner.invoke(args=["courses", "import", str(good)])
    assert result.exit_code == 0, result.output
    assert "kursus-zip: baru (revisi 1)" in result.output
    bad = make_zip(tmp_path / "rusak.zip", {"rusak/course.md": BROKEN_COURSE_MD, "rusak/01-a.md": "# A\n"})
    result = runner.invoke(args=["courses", "import", str(bad)])
    assert result.exit_code != 0
    assert f"{bad}:rusak/course.md:5: " in result.output


def test_hidden_entries_are_skipped_with_a_warning(tmp_path: Path, db: Any, course_md: Any) -> None:
    archive = make_zip(
        tmp_path / "mac.zip",
        {
            "k/course.md": course_md(),
            "k/01-a.md": "# A\n",
            "k/.DS_Store": b"\0",
            "__MACOSX/k/._01-a.md": b"\0",
        },
    )
    report = import_paths([archive])
    assert [r.slug for r in report.results] == ["k"]
    assert any(f"{archive}:k/.DS_Store:1: warning: " in w for w in report.warnings), report.warnings
    assert not any("__MACOSX" in w for w in report.warnings)


# --------------------------------------------------------------------------- refused archives


def _symlink(name: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.create_system = 3  # Unix
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, b"/etc/passwd"


def _bomb() -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo("k/media/bom.png")
    info.compress_type = zipfile.ZIP_DEFLATED
    return info, b"\0" * 3_000_000  # 3 MB of zeros: a compression ratio near 1000


DANGEROUS = {
    "parent": ({"k/../evil.md": "# jahat\n"}, [], "k/../evil.md", "path traversal"),
    "parent-at-start": ({"../evil.md": "# jahat\n"}, [], "../evil.md", "path traversal"),
    "absolute": ({"/etc/evil.md": "# jahat\n"}, [], "/etc/evil.md", "path traversal"),
    "windows-drive": ({"C:/evil.md": "# jahat\n"}, [], "C:/evil.md", "path traversal"),
    "backslash": ({"k\\..\\..\\evil.md": "# jahat\n"}, [], "k\\..\\..\\evil.md", "path traversal"),
    "symlink": ({}, [_symlink("k/media/passwd.png")], "k/media/passwd.png", "simbolik"),
    "bomb": ({}, [_bomb()], "k/media/bom.png", "zip bomb"),
}


@pytest.mark.parametrize("case", list(DANGEROUS))
def test_a_dangerous_zip_is_refused_before_anything_is_read(
    case: str, tmp_path: Path, db: Any, row_counts: Callable[[], dict[str, int]]
) -> None:
    entries, infos, name, reason = DANGEROUS[case]
    archive = make_zip(
        tmp_path / "kursus.zip",
        {"k/course.md": BROKEN_COURSE_MD, "k/01-a.md": "# A\n", **entries},
        infos=infos,
    )
    before = row_counts()
    with pytest.raises(InputError) as caught:
        import_paths([archive])
    messages = [str(d) for d in caught.value.diagnostics]
    assert any(m.startswith(f"{archive}:{name}:1: ") and reason in m for m in messages), messages
    # course.md was never read: its own mistake (jpp) is not reported
    assert not any("jpp" in m for m in messages), messages
    assert row_counts() == before


def test_a_zip_with_too_many_entries_is_refused(
    tmp_path: Path, db: Any, row_counts: Callable[[], dict[str, int]]
) -> None:
    archive = tmp_path / "banyak.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("k/course.md", BROKEN_COURSE_MD)
        for number in range(MAX_FILES):
            zf.writestr(f"k/media/{number}.txt", b"")
    before = row_counts()
    with pytest.raises(InputError) as caught:
        import_paths([archive])
    messages = [str(d) for d in caught.value.diagnostics]
    assert messages == [f"{archive}:1: zip berisi {MAX_FILES + 1} berkas; batasnya {MAX_FILES}"]
    assert row_counts() == before


def test_too_many_bytes_in_all_is_refused_without_reading(tmp_path: Path, app: Any) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("k/course.md", BROKEN_COURSE_MD)
        zf.writestr("k/media/besar.bin", b"x" * 2000)
    diagnostics = Diagnostics()
    with app.test_request_context():
        assert zip_courses("kecil.zip", buffer.getvalue(), diagnostics, max_bytes=1000) == []
    assert [d.message for d in diagnostics.errors] and "MB" in diagnostics.errors[0].message


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path, db: Any) -> None:
    fake = tmp_path / "bukan.zip"
    fake.write_bytes(b"bukan zip")
    with pytest.raises(InputError) as caught:
        import_paths([fake])
    assert str(caught.value.diagnostics[0]).startswith(f"{fake}:1: ")


def test_a_zip_without_course_md_is_refused(tmp_path: Path, db: Any) -> None:
    archive = make_zip(tmp_path / "kosong.zip", {"a/b/c/course.md": "x", "catatan.txt": "x"})
    with pytest.raises(InputError) as caught:
        import_paths([archive])
    assert "course.md" in str(caught.value)


def test_entries_written_with_a_dot_slash_prefix_import(tmp_path: Path, db: Any, course_md: Any) -> None:
    archive = make_zip(tmp_path / "titik.zip", {"./": "", "./k/course.md": course_md(), "./k/01-a.md": "# A\n"})
    report = import_paths([archive])
    assert [(r.slug, r.outcome) for r in report.results] == [("k", "created")]
