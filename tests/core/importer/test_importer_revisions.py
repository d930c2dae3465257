"""Re-importing: unchanged content changes nothing; a change is a new revision that keeps
item keys; ``--draft`` prepares a revision without showing it to learners."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from lms.core.importer.service import import_paths
from lms.core.models import Course, CourseItem, CourseRevision, CourseStatus


def course(db: Any, slug: str) -> Course:
    db.session.flush()
    db.session.expire_all()
    found = db.session.scalar(select(Course).where(Course.slug == slug))
    assert found is not None
    return found


def revisions(db: Any, slug: str) -> list[CourseRevision]:
    return list(
        db.session.scalars(
            select(CourseRevision)
            .join(Course, CourseRevision.course_id == Course.id)
            .where(Course.slug == slug)
            .order_by(CourseRevision.number)
        )
    )


def items(db: Any, revision_id: int) -> list[CourseItem]:
    return list(
        db.session.scalars(
            select(CourseItem).where(CourseItem.revision_id == revision_id).order_by(CourseItem.position)
        )
    )


@pytest.fixture
def kursus(tmp_path: Path, course_md: Any, course_files: Callable[..., Path]) -> Path:
    root = tmp_path.resolve() / "kursus-revisi"
    course_files(
        root,
        {
            "course.md": course_md("Kursus Revisi"),
            "01-pengantar.md": "---\ntitle: Pengantar\n---\nVersi pertama pengantar.\n",
            "02-inti.md": "# Materi Inti\n\nIsi inti.\n",
            "03-kuis.quiz.md": ("---\npass_score: 80\n---\n## Dua tambah dua? {#dua-tambah-dua}\n= 4\n"),
            "media/gambar.png": b"\x89PNG\r\n\x1a\nsatu",
        },
    )
    return root


def test_unchanged_samples_are_unchanged_with_no_new_rows(
    db: Any, samples_dir: Path, row_counts: Callable[[], dict[str, int]]
) -> None:
    first = import_paths([samples_dir])
    assert {r.outcome for r in first.results} == {"created"}
    before = row_counts()
    again = import_paths([samples_dir])
    assert [(r.slug, r.outcome, r.revision) for r in again.results] == [(r.slug, "unchanged", 1) for r in first.results]
    assert row_counts() == before
    assert str(again).startswith(
        f"{len(first.results)} kursus: 0 baru, 0 diperbarui, {len(first.results)} tidak berubah"
    )


def test_a_changed_lesson_is_a_new_published_revision_keeping_keys(
    kursus: Path, db: Any, row_counts: Callable[[], dict[str, int]]
) -> None:
    import_paths([kursus])
    first = course(db, "kursus-revisi")
    old_revision_id = first.published_revision_id
    old_items = {i.key: (i.id, i.content.get("html", "")) for i in items(db, old_revision_id)}
    before = row_counts()

    lesson = kursus / "01-pengantar.md"
    lesson.write_text(lesson.read_text().replace("Versi pertama", "Versi kedua"))
    report = import_paths([kursus])
    assert [(r.outcome, r.revision) for r in report.results] == [("updated", 2)]

    updated = course(db, "kursus-revisi")
    numbers = [(r.number, r.id) for r in revisions(db, "kursus-revisi")]
    assert [n for n, _ in numbers] == [1, 2]
    assert updated.published_revision_id == numbers[1][1] != old_revision_id
    assert updated.draft_revision_id is None
    new_items = items(db, updated.published_revision_id)
    assert [i.key for i in new_items] == list(old_items) == ["pengantar", "inti", "kuis"]
    assert "Versi kedua" in new_items[0].content["html"]
    # the old revision is untouched: learners' old attempts and diffs still read it
    kept = {i.key: (i.id, i.content.get("html", "")) for i in items(db, old_revision_id)}
    assert kept == old_items and "Versi pertama" in kept["pengantar"][1]
    after = row_counts()
    assert after["course"] == before["course"]
    assert after["course_revision"] == before["course_revision"] + 1
    assert after["course_item"] == before["course_item"] + 3
    assert after["blob"] == before["blob"] + 1  # only the changed lesson's bytes are new


def test_renumbering_a_file_keeps_its_key_and_moves_it(kursus: Path, db: Any) -> None:
    import_paths([kursus])
    (kursus / "01-pengantar.md").rename(kursus / "05-pengantar.md")
    report = import_paths([kursus])
    assert [r.outcome for r in report.results] == ["updated"]
    now = items(db, course(db, "kursus-revisi").published_revision_id)
    assert [(i.key, i.position, i.source_path) for i in now] == [
        ("inti", 1, "02-inti.md"),
        ("kuis", 2, "03-kuis.quiz.md"),
        ("pengantar", 3, "05-pengantar.md"),
    ]


def test_retitling_keeps_the_key_and_an_explicit_question_id(kursus: Path, db: Any) -> None:
    import_paths([kursus])
    (kursus / "02-inti.md").write_text("# Materi Inti yang Baru\n\nIsi inti.\n")
    quiz = kursus / "03-kuis.quiz.md"
    quiz.write_text(quiz.read_text().replace("Dua tambah dua?", "Berapakah dua tambah dua?"))
    import_paths([kursus])
    now = {i.key: i for i in items(db, course(db, "kursus-revisi").published_revision_id)}
    assert now["inti"].title == "Materi Inti yang Baru"
    assert [q["id"] for q in now["kuis"].content["questions"]] == ["dua-tambah-dua"]


def test_draft_import_of_a_change_leaves_the_published_revision(kursus: Path, runner: Any, db: Any) -> None:
    result = runner.invoke(args=["courses", "import", str(kursus)])
    assert result.exit_code == 0, result.output
    published = course(db, "kursus-revisi")
    published_id, title = published.published_revision_id, published.title
    (kursus / "course.md").write_text((kursus / "course.md").read_text().replace("Kursus Revisi", "Judul Draf"))
    (kursus / "04-baru.md").write_text("# Materi Baru\n")

    result = runner.invoke(args=["courses", "import", "--draft", str(kursus)])
    assert result.exit_code == 0, result.output
    assert "kursus-revisi: diperbarui (revisi 2)" in result.output
    after = course(db, "kursus-revisi")
    draft = revisions(db, "kursus-revisi")[-1]
    assert after.published_revision_id == published_id
    assert after.draft_revision_id == draft.id and draft.number == 2
    assert draft.published_at is None
    assert after.title == title == "Kursus Revisi"  # learners still see the published settings
    assert after.item_count == 3
    assert [i.key for i in items(db, draft.id)] == ["pengantar", "inti", "kuis", "baru"]
    assert draft.settings["title"] == "Judul Draf"

    # importing the same files without --draft publishes that revision, with no new one
    result = runner.invoke(args=["courses", "import", str(kursus)])
    assert result.exit_code == 0, result.output
    assert "kursus-revisi: tidak berubah (revisi 2)" in result.output
    final = course(db, "kursus-revisi")
    assert final.published_revision_id == draft.id and final.draft_revision_id is None
    assert final.title == "Judul Draf" and final.item_count == 4


def test_a_new_course_imported_as_draft_is_not_published(kursus: Path, db: Any) -> None:
    import_paths([kursus], draft=True)
    created = course(db, "kursus-revisi")
    assert created.status == CourseStatus.DRAFT and not created.is_published
    assert created.published_revision_id is None and created.draft_revision_id is not None


def test_media_change_is_a_new_revision_and_old_bytes_stay(kursus: Path, db: Any, samples_dir: Path) -> None:
    (kursus / "02-inti.md").write_text("# Inti\n\n![g](media/gambar.png)\n")
    import_paths([kursus])
    old_html = items(db, course(db, "kursus-revisi").published_revision_id)[1].content["html"]
    (kursus / "media" / "gambar.png").write_bytes(b"\x89PNG\r\n\x1a\ndua")
    report = import_paths([kursus])
    assert [r.outcome for r in report.results] == ["updated"]
    new_html = items(db, course(db, "kursus-revisi").published_revision_id)[1].content["html"]
    assert old_html != new_html and "/media/" in new_html


def test_settings_change_moves_course_columns_and_competencies(kursus: Path, db: Any) -> None:
    import_paths([kursus])
    md = kursus / "course.md"
    md.write_text(
        md.read_text().replace(
            "jp: 2\n",
            "jp: 3.5\ncompetencies:\n  - code: integritas\n    level: 3\nvalid_months: 6\n",
        )
    )
    import_paths([kursus])
    now = course(db, "kursus-revisi")
    assert now.jp == 3.5 and now.valid_months == 6
    assert [(c.code, c.level) for c in now.competencies] == [("integritas", 3)]
    md.write_text(md.read_text().replace("level: 3", "level: 4"))
    import_paths([kursus])
    assert [(c.code, c.level) for c in course(db, "kursus-revisi").competencies] == [("integritas", 4)]


def test_copying_a_course_keeps_the_copy_independent(kursus: Path, db: Any) -> None:
    import_paths([kursus])
    copy = kursus.parent / "kursus-salinan"
    shutil.copytree(kursus, copy)
    report = import_paths([kursus.parent])
    assert sorted((r.slug, r.outcome) for r in report.results) == [
        ("kursus-revisi", "unchanged"),
        ("kursus-salinan", "created"),
    ]
