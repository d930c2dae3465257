"""The folder layout: order, keys, modules, media references, consumed GIFT banks."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from lms.core.diagnostics import InputError
from lms.core.importer.service import import_paths
from lms.core.models import Course, CourseModule

PNG = b"\x89PNG\r\n\x1a\nlayout"


def modules_of(db: Any, slug: str) -> list[tuple[str, str, int]]:
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    return [
        (m.key, m.title, m.position)
        for m in db.session.scalars(
            select(CourseModule)
            .where(CourseModule.revision_id == course.published_revision_id)
            .order_by(CourseModule.position)
        )
    ]


def test_top_level_items_and_module_folders_share_one_numbering(
    tmp_path: Path, db: Any, course_md: Any, course_files: Callable[..., Path], published_items: Any
) -> None:
    root = tmp_path / "urutan"
    course_files(
        root,
        {
            "course.md": course_md(),
            "10-akhir.md": "# Akhir\n",
            "2-awal.md": "# Awal\n",
            "02-lanjut/module.md": "---\ntitle: Lanjut\n---\n",
            "02-lanjut/01-c.md": "# C\n",
            "01-dasar/02-b.md": "# B\n",
            "01-dasar/01-a.quiz.md": "## ?\n= 1\n",
        },
    )
    import_paths([root])
    # 01-dasar/, 2-awal.md, 02-lanjut/ (on one number the file first), 10-akhir.md
    assert [(i.key, i.module_key, i.position) for i in published_items("urutan")] == [
        ("dasar/a", "dasar", 1),
        ("dasar/b", "dasar", 2),
        ("awal", "", 3),
        ("lanjut/c", "lanjut", 4),
        ("akhir", "", 5),
    ]
    # root items live in a module without a key; a module without module.md gets a title
    assert modules_of(db, "urutan") == [("", "", 0), ("dasar", "Dasar", 1), ("lanjut", "Lanjut", 2)]


def test_two_module_folders_with_one_number_do_not_interleave(
    tmp_path: Path, db: Any, course_md: Any, course_files: Callable[..., Path], published_items: Any
) -> None:
    root = tmp_path / "kembar"
    course_files(
        root,
        {
            "course.md": course_md(),
            "01-beta/01-b1.md": "# B1\n",
            "01-beta/02-b2.md": "# B2\n",
            "01-alfa/01-a1.md": "# A1\n",
            "01-alfa/02-a2.md": "# A2\n",
        },
    )
    import_paths([root])
    assert [i.key for i in published_items("kembar")] == [
        "alfa/a1",
        "alfa/a2",
        "beta/b1",
        "beta/b2",
    ]
    assert [m[0] for m in modules_of(db, "kembar")] == ["alfa", "beta"]


def test_media_resolves_from_the_module_folder_and_the_course_root(
    tmp_path: Path, db: Any, course_md: Any, course_files: Callable[..., Path], published_items: Any
) -> None:
    root = tmp_path / "media-modul"
    own = PNG + b"modul"
    course_files(
        root,
        {
            "course.md": course_md() + "\n![logo](media/logo.png)\n",
            "media/logo.png": PNG,
            "01-modul/media/bagan.png": own,
            "01-modul/01-a.md": "# A\n\n![b](media/bagan.png) ![l](media/logo.png) "
            "![p](../media/logo.png)\n"
            "[unduh](media/logo.png#halaman-2)\n",
        },
    )
    import_paths([root])
    html = published_items("media-modul")[0].content["html"]
    logo = f"/media/{hashlib.sha256(PNG).hexdigest()}/logo.png"
    assert f'src="/media/{hashlib.sha256(own).hexdigest()}/bagan.png"' in html
    assert html.count(f'src="{logo}"') == 2
    assert f'href="{logo}#halaman-2"' in html
    assert logo in db.session.scalar(select(Course.description_html).where(Course.slug == "media-modul"))


def test_links_between_items_point_at_their_pages(
    tmp_path: Path, db: Any, course_md: Any, course_files: Callable[..., Path], published_items: Any
) -> None:
    root = tmp_path / "tautan"
    course_files(
        root,
        {
            "course.md": course_md(),
            "01-a.md": "# A\n\nLanjut ke [B](02-b.md#bagian).\n",
            "02-b.md": "# B\n",
        },
    )
    import_paths([root])
    assert 'href="/courses/tautan/b#bagian"' in published_items("tautan")[0].content["html"]


def test_a_reference_outside_the_course_is_a_missing_file(
    tmp_path: Path, db: Any, course_md: Any, course_files: Callable[..., Path]
) -> None:
    root = tmp_path.resolve() / "keluar"
    (tmp_path / "rahasia.png").write_bytes(PNG)
    course_files(root, {"course.md": course_md(), "01-a.md": "# A\n\n![x](../rahasia.png)\n"})
    with pytest.raises(InputError) as caught:
        import_paths([root])
    assert [str(d) for d in caught.value.diagnostics] == [
        f"{root}/01-a.md:3: tautan ke berkas yang tidak ada: ../rahasia.png"
    ]


def test_a_gift_bank_in_a_module_used_by_questions_from(
    tmp_path: Path, db: Any, course_md: Any, course_files: Callable[..., Path], published_items: Any
) -> None:
    root = tmp_path / "bank-modul"
    course_files(
        root,
        {
            "course.md": course_md(),
            "01-modul/01-kuis.quiz.md": "---\nquestions_from: bank.gift\n"
            "questions_per_attempt: 2\n---\n"
            "## Satu? {#satu}\n= 1\n",
            "01-modul/bank.gift": "::dua:: Dua? {=2}\n\n::tiga:: Tiga? {T}\n",
            "01-modul/02-lain.gift": "::empat:: Empat? {F}\n",
        },
    )
    report = import_paths([root])
    assert not report.warnings  # the bank is consumed, not ignored
    items = published_items("bank-modul")
    assert [i.key for i in items] == ["modul/kuis", "modul/lain"]
    assert [q["id"] for q in items[0].content["questions"]] == ["satu", "dua", "tiga"]


def test_a_numbered_gift_file_can_be_a_quiz_and_a_bank(
    tmp_path: Path, db: Any, course_md: Any, course_files: Callable[..., Path], published_items: Any
) -> None:
    root = tmp_path / "ganda"
    course_files(
        root,
        {
            "course.md": course_md(),
            "01-latihan.gift": "::l1:: Satu? {T}\n\n::l2:: Dua? {F}\n",
            "02-ujian.quiz.md": "---\nquestions_from: 01-latihan.gift\n---\n## Tiga? {#u3}\n= 3\n",
        },
    )
    import_paths([root])
    items = {i.key: i for i in published_items("ganda")}
    assert [q["id"] for q in items["latihan"].content["questions"]] == ["l1", "l2"]
    assert [q["id"] for q in items["ujian"].content["questions"]] == ["u3", "l1", "l2"]


def test_an_id_repeated_between_a_quiz_and_its_bank_is_an_error(
    tmp_path: Path, db: Any, course_md: Any, course_files: Callable[..., Path]
) -> None:
    root = tmp_path.resolve() / "bentrok"
    course_files(
        root,
        {
            "course.md": course_md(),
            "01-kuis.quiz.md": "---\nquestions_from: bank.gift\n---\n## Satu? {#sama}\n= 1\n",
            "bank.gift": "// bank\n::lain:: Lain? {T}\n\n::sama:: Sama? {F}\n",
        },
    )
    with pytest.raises(InputError) as caught:
        import_paths([root])
    errors = [d for d in caught.value.diagnostics if d.level == "error"]
    assert [(d.path, d.line) for d in errors] == [(f"{root}/bank.gift", 4)]
    assert "sama" in errors[0].message and f"{root}/01-kuis.quiz.md:4" in errors[0].message


def test_one_slug_twice_in_a_run_is_an_error(
    tmp_path: Path, db: Any, course_md: Any, course_files: Callable[..., Path]
) -> None:
    for side in ("a", "b"):
        course_files(tmp_path / side / "sama", {"course.md": course_md(), "01-a.md": "# A\n"})
    with pytest.raises(InputError) as caught:
        import_paths([tmp_path / "a", tmp_path / "b"])
    assert any("sama" in d.message for d in caught.value.diagnostics)


def test_a_missing_link_is_reported_at_the_line_of_the_link(
    tmp_path: Path, db: Any, course_md: Any, course_files: Callable[..., Path]
) -> None:
    root = tmp_path.resolve() / "baris"
    course_files(
        root,
        {
            "course.md": course_md(),
            "01-a.md": "# A\n\nBagan ada di berkas peta.png (lihat di bawah).\n\n![peta](peta.png)\n",
        },
    )
    with pytest.raises(InputError) as caught:
        import_paths([root])
    assert [str(d).split(": ", 1)[0] for d in caught.value.diagnostics] == [f"{root}/01-a.md:5"]


def test_a_questions_from_bank_that_is_not_utf8_is_reported_as_such(
    tmp_path: Path, db: Any, course_md: Any, course_files: Callable[..., Path]
) -> None:
    root = tmp_path.resolve() / "latin"
    course_files(
        root,
        {
            "course.md": course_md(),
            "01-kuis.quiz.md": "---\nquestions_from: bank.gift\n---\n## Satu?\n= 1\n",
            "bank.gift": "::a:: Satu? {T}\n\n::b:: Caf\xe9? {F}\n".encode("latin-1"),
        },
    )
    with pytest.raises(InputError) as caught:
        import_paths([root])
    assert [str(d).split(": ", 1)[0] for d in caught.value.diagnostics] == [f"{root}/bank.gift:3"]
    assert "UTF-8" in caught.value.diagnostics[0].message


def test_format_features_no_sample_shows_still_import(
    tmp_path: Path, db: Any, course_files: Callable[..., Path], published_items: Any
) -> None:
    """The features missing from the samples (see the feature-coverage test) work."""
    root = tmp_path / "fitur"
    course_files(
        root,
        {
            "course.md": "---\ntitle: F\nsummary: S\njp: 1\nlanguage: en\n---\nx\n",
            "01-tanpa-judul.md": "Pembuka.\n\n# Judul dari Heading\n\nIsi.\n",
            "02-kuis.quiz.md": "---\nshow_feedback: never\n---\n## Berapa?\nParagraf kedua.\n\n"
            "```\nkode\n```\n\n= 3,5 +- 0,1\n",
            "03-bank.gift": "::h::[html]<b>tebal</b> {=a ~b}\n\n::p::[plain]<b>polos</b> {=a ~b}\n\n"
            "::m::[moodle]<i>moodle</i> {=a ~b}\n\n::e:: Esai. {}\n\n::n:: Angka? {#=3:0 =%50%4:0}\n\n"
            "::s:: Kota? {=Jakarta =%50%Bandung}\n",
        },
    )
    report = import_paths([root])
    assert any("03-bank.gift:7: warning: " in w for w in report.warnings)  # the essay
    course = db.session.scalar(select(Course).where(Course.slug == "fitur"))
    assert course.language == "en"
    lesson, quiz, bank = published_items("fitur")
    assert lesson.title == "Judul dari Heading"
    assert quiz.settings["show_feedback"] == "never"
    question = quiz.content["questions"][0]
    assert question["prompt"].startswith("Berapa?\n\nParagraf kedua.")
    assert "<pre><code>kode" in quiz.content["rendered"][question["id"]]["prompt"]
    assert [(a["value"], a["tolerance"]) for a in question["answers"]] == [(3.5, 0.1)]
    questions = {q["id"]: q for q in bank.content["questions"]}
    rendered = bank.content["rendered"]
    assert rendered["h"]["prompt"].startswith("<b>tebal</b>")
    assert rendered["p"]["prompt"].startswith("&lt;b&gt;polos")
    assert "<i>moodle</i>" in rendered["m"]["prompt"]
    assert questions["e"]["kind"] == "text"
    assert [(a["value"], a["fraction"]) for a in questions["n"]["answers"]] == [(3.0, 1.0), (4.0, 0.5)]
    assert [(a["text"], a["fraction"]) for a in questions["s"]["answers"]] == [
        ("Jakarta", 1.0),
        ("Bandung", 0.5),
    ]
