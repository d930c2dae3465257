"""Outline order follows the numbering: top-level items and module folders are ordered
together by their number, on the learner's course page, in the API outline, after an export
round trip, and in ``lms questions import-gift`` ("last" is after the last of them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from lms.cli.courses import next_item_path
from lms.core.importer.export import export_course
from lms.core.importer.service import import_paths
from lms.core.models import Course, CourseItem
from lms.core.services import learning

FILES = {
    "01-intro.md": "# Pengantar\n\nSelamat datang.\n",
    "02-lanjutan/module.md": "---\ntitle: Materi Lanjutan\n---\n",
    "02-lanjutan/01-bagian-satu.md": "# Bagian Satu\n\nIsi.\n",
    "02-lanjutan/02-bagian-dua.md": "# Bagian Dua\n\nIsi.\n",
    "03-penutup.md": "# Penutup\n\nTerima kasih.\n",
}
ORDER = ["intro", "lanjutan/bagian-satu", "lanjutan/bagian-dua", "penutup"]


def _keys(db: Any, slug: str) -> list[str]:
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    return list(db.session.scalars(select(CourseItem.key).where(CourseItem.revision_id == course.published_revision_id)
                                   .order_by(CourseItem.position)))


def test_learner_page_and_api_follow_the_numbering(db, client, make_course, make_user, login_as) -> None:
    course = make_course("urutan-nomor", files=dict(FILES))
    assert _keys(db, "urutan-nomor") == ORDER
    learner = make_user()
    learning.enroll(learner, course)
    db.session.commit()
    login_as(learner)
    page = client.get("/courses/urutan-nomor").text
    places = [page.index(text) for text in ("Pengantar", "Materi Lanjutan", "Bagian Satu", "Bagian Dua", "Penutup")]
    assert places == sorted(places)

    from lms.core.services.tokens import create_token

    token = create_token(learner, "uji")[1]
    db.session.commit()
    outline = client.get("/api/v1/courses/urutan-nomor", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert [(s["key"], [i["key"] for i in s["items"]]) for s in outline["outline"]] == [
        ("", ["intro"]), ("lanjutan", ["lanjutan/bagian-satu", "lanjutan/bagian-dua"]), ("", ["penutup"])]


def test_an_export_imports_again_in_the_same_order(db, make_course, tmp_path: Path) -> None:
    make_course("urutan-ekspor", files=dict(FILES))
    folder = export_course("urutan-ekspor", tmp_path)
    course_md = (folder / "course.md").read_text(encoding="utf-8")
    again = tmp_path / "lagi" / "urutan-lagi"
    for path in folder.rglob("*"):
        if path.is_file():
            target = again / path.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    (again / "course.md").write_text(course_md, encoding="utf-8")
    import_paths([again])
    assert _keys(db, "urutan-lagi") == ORDER


def test_a_gift_quiz_goes_after_the_last_top_level_entry() -> None:
    paths = ["course.md", "01-intro.md", "02-lanjutan/01-a.md", "03-penutup.md", "media/x.png"]
    assert next_item_path(paths, "bank.gift") == "04-bank.gift"
    paths = ["course.md", "01-intro.md", "02-lanjutan/01-a.md", "02-lanjutan/02-b.md"]
    assert next_item_path(paths, "bank.gift") == "02-lanjutan/03-bank.gift"
    assert next_item_path(["course.md"], "bank.gift") == "01-bank.gift"
