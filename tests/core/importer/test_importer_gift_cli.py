"""``lms questions import-gift FILE --course SLUG``: a GIFT file becomes a new quiz at the end
of the course, as a new revision; a broken file changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from lms.core.importer.service import import_paths
from lms.core.models import Course, CourseItem, CourseRevision

GIFT = """// soal tambahan
::tambahan-asas:: Asas pelayanan publik yang menuntut informasi mudah diakses adalah {
=keterbukaan#Benar.
~kesamaan hak
~ketepatan waktu
}

::tambahan-ombudsman:: Ombudsman mengawasi pelayanan publik. {TRUE}

::tambahan-sms:: Nomor SMS SP4N-LAPOR! adalah {#1708:0}
"""
BROKEN_LINE = 5
BROKEN = """::satu:: Soal pertama {=a ~b}

::dua:: Soal kedua {T}

::tiga:: Soal ketiga tanpa kurung tutup {=a ~b

::empat:: Soal keempat {F}
"""


def published(db: Any, slug: str) -> tuple[Course, CourseRevision, list[CourseItem]]:
    db.session.flush()
    db.session.expire_all()
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    revision = db.session.get(CourseRevision, course.published_revision_id)
    items = list(
        db.session.scalars(
            select(CourseItem).where(CourseItem.revision_id == revision.id).order_by(CourseItem.position)
        )
    )
    return course, revision, items


def test_a_gift_file_becomes_the_last_quiz_in_a_new_revision(
    runner: Any, db: Any, samples_dir: Path, tmp_path: Path
) -> None:
    import_paths([samples_dir / "pelayanan-publik-prima"])
    _course, first, before = published(db, "pelayanan-publik-prima")
    gift = tmp_path / "Soal Tambahan.GIFT"
    gift.write_text(GIFT, encoding="utf-8")

    result = runner.invoke(args=["questions", "import-gift", str(gift), "--course", "pelayanan-publik-prima"])
    assert result.exit_code == 0, result.output
    assert "07-soal-tambahan.gift" in result.output and "revisi 2" in result.output

    _course, revision, items = published(db, "pelayanan-publik-prima")
    assert revision.number == first.number + 1
    assert [i.key for i in items[:-1]] == [i.key for i in before]  # earlier items kept, in order
    quiz = items[-1]
    assert (quiz.key, quiz.type, quiz.source_path, quiz.position) == (
        "soal-tambahan",
        "quiz",
        "07-soal-tambahan.gift",
        len(before) + 1,
    )
    assert [(q["id"], q["kind"]) for q in quiz.content["questions"]] == [
        ("tambahan-asas", "single"),
        ("tambahan-ombudsman", "true_false"),
        ("tambahan-sms", "numeric"),
    ]
    # the old revision still has its items, without the new quiz
    old_items = db.session.scalars(select(CourseItem).where(CourseItem.revision_id == first.id)).all()
    assert sorted(i.key for i in old_items) == sorted(i.key for i in before)


def test_a_broken_gift_file_is_reported_with_its_line_and_changes_nothing(
    runner: Any,
    db: Any,
    samples_dir: Path,
    tmp_path: Path,
    row_counts: Callable[[], dict[str, int]],
) -> None:
    import_paths([samples_dir / "orientasi-sinau"])
    # committed as `lms courses import` would: the failing command rolls back its own work only
    db.session.commit()
    before = row_counts()
    gift = tmp_path / "rusak.gift"
    gift.write_text(BROKEN, encoding="utf-8")
    assert "tanpa kurung tutup" in BROKEN.split("\n")[BROKEN_LINE - 1]

    result = runner.invoke(args=["questions", "import-gift", str(gift), "--course", "orientasi-sinau"])
    assert result.exit_code != 0
    assert f"04-rusak.gift:{BROKEN_LINE}: " in result.output, result.output
    assert "tidak ada yang diimpor" in result.output
    assert row_counts() == before
    _course, revision, items = published(db, "orientasi-sinau")
    assert revision.number == 1 and len(items) == 3


def test_import_gift_into_an_unknown_course_fails(runner: Any, db: Any, tmp_path: Path) -> None:
    gift = tmp_path / "bank.gift"
    gift.write_text(GIFT, encoding="utf-8")
    result = runner.invoke(args=["questions", "import-gift", str(gift), "--course", "tidak-ada"])
    assert result.exit_code != 0 and "tidak-ada" in result.output


def test_import_gift_as_draft_leaves_the_published_revision(
    runner: Any, db: Any, samples_dir: Path, tmp_path: Path
) -> None:
    import_paths([samples_dir / "orientasi-sinau"])
    course, first, _items = published(db, "orientasi-sinau")
    gift = tmp_path / "bank.gift"
    gift.write_text(GIFT, encoding="utf-8")
    result = runner.invoke(args=["questions", "import-gift", str(gift), "--course", "orientasi-sinau", "--draft"])
    assert result.exit_code == 0, result.output
    course, revision, _items = published(db, "orientasi-sinau")
    assert revision.id == first.id
    draft_items = db.session.scalars(
        select(CourseItem).where(CourseItem.revision_id == course.draft_revision_id).order_by(CourseItem.position)
    ).all()
    assert draft_items[-1].key == "bank"


def test_in_a_course_with_modules_the_gift_quiz_is_last(
    runner: Any, db: Any, samples_dir: Path, tmp_path: Path
) -> None:
    import_paths([samples_dir / "literasi-digital-keamanan-siber"])
    gift = tmp_path / "bank.gift"
    gift.write_text(GIFT, encoding="utf-8")
    result = runner.invoke(args=["questions", "import-gift", str(gift), "--course", "literasi-digital-keamanan-siber"])
    assert result.exit_code == 0, result.output
    _course, _revision, items = published(db, "literasi-digital-keamanan-siber")
    assert items[-1].type == "quiz" and items[-1].key.endswith("bank")
