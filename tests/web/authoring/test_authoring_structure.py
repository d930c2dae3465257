"""The outline: add, rename (a key change), reorder (renumbered prefixes, same keys, links
rewritten), remove; media, GIFT and zip uploads; history, diff, roll back, export."""

from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import select

from lms.core.diagnostics import InputError
from lms.core.importer.service import import_sources
from lms.core.importer.source import zip_courses
from lms.core.models import Course, CourseItem
from lms.core.services import authoring
from lms.core.services.authoring import AuthoringError
from lms.core.services.authoring.structure import apply_moves

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20


def paths_and_keys(trainer, course) -> list[tuple[str, str]]:
    return [(i.path, i.key) for i in authoring.outline(trainer, course).items]


def test_adding_items_and_modules(db, course, trainer) -> None:
    _result, path = authoring.add_item(trainer, course, module_key="", type_name="survey", slug="evaluasi",
                                       title="Evaluasi")
    assert path == "04-evaluasi.survey.md"
    _result, folder = authoring.add_module(trainer, course, slug="lanjutan", title="Materi Lanjutan")
    assert folder == "05-lanjutan"  # top-level files and module folders share one numbering
    _result, path = authoring.add_item(trainer, course, module_key="lanjutan", type_name="quiz", slug="latihan",
                                       title="Latihan: Bagian 2")
    assert path == "05-lanjutan/01-latihan.quiz.md"
    outline = authoring.outline(trainer, course)
    assert [(m.key, m.title) for m in outline.modules] == [("", ""), ("lanjutan", "Materi Lanjutan")]
    assert [(i.key, i.type, i.title) for i in outline.modules[1].items] == [
        ("lanjutan/latihan", "quiz", "Latihan: Bagian 2")]
    assert outline.items[3].type == "survey"


def test_a_bad_key_or_type_is_refused(db, course, trainer) -> None:
    with pytest.raises(AuthoringError):
        authoring.add_item(trainer, course, module_key="", type_name="lesson", slug="Bab Satu", title="x")
    with pytest.raises(AuthoringError):
        authoring.add_item(trainer, course, module_key="", type_name="nope", slug="bab", title="x")
    with pytest.raises(InputError) as caught:  # the same key twice: the reader's own rule
        authoring.add_item(trainer, course, module_key="", type_name="lesson", slug="standar", title="x")
    assert "kunci standar sudah dipakai" in str(caught.value)


def test_reordering_renumbers_keeps_keys_and_rewrites_links(db, course, trainer) -> None:
    authoring.move_item(trainer, course, "02-standar.md", -1)
    assert paths_and_keys(trainer, course) == [
        ("01-standar.md", "standar"), ("02-pengantar.md", "pengantar"), ("03-kuis.quiz.md", "kuis")]
    assert "[standar](01-standar.md)" in authoring.file_text(trainer, course, "02-pengantar.md")
    with pytest.raises(AuthoringError):
        authoring.move_item(trainer, course, "01-standar.md", -1)


def test_renaming_changes_the_key_and_follows_links(db, course, trainer) -> None:
    _result, new_path = authoring.rename_item(trainer, course, "02-standar.md", slug="standar-pelayanan")
    assert new_path == "02-standar-pelayanan.md"
    assert ("02-standar-pelayanan.md", "standar-pelayanan") in paths_and_keys(trainer, course)
    assert "(02-standar-pelayanan.md)" in authoring.file_text(trainer, course, "01-pengantar.md")


def test_moving_an_item_into_a_module_and_modules_around(db, course, trainer) -> None:
    authoring.add_module(trainer, course, slug="dasar", title="Dasar")
    authoring.add_module(trainer, course, slug="lanjut", title="Lanjut")
    authoring.rename_item(trainer, course, "02-standar.md", slug="standar", module_key="lanjut")
    assert "(05-lanjut/01-standar.md)" in authoring.file_text(trainer, course, "01-pengantar.md")
    authoring.move_module(trainer, course, "lanjut", -1)  # the top level is renumbered as one
    outline = authoring.outline(trainer, course)
    assert [(m.key, m.folder) for m in outline.modules[1:]] == [("lanjut", "03-lanjut"), ("dasar", "04-dasar")]
    assert [i.path for i in outline.modules[0].items] == ["01-pengantar.md", "02-kuis.quiz.md"]
    assert "(03-lanjut/01-standar.md)" in authoring.file_text(trainer, course, "01-pengantar.md")
    authoring.rename_module(trainer, course, "lanjut", slug="lanjutan")
    assert ("03-lanjutan/01-standar.md", "lanjutan/standar") in paths_and_keys(trainer, course)


def test_top_level_items_and_modules_move_past_each_other(db, course, trainer) -> None:
    authoring.add_module(trainer, course, slug="dasar", title="Dasar")  # 04-dasar/
    authoring.add_item(trainer, course, module_key="dasar", type_name="lesson", slug="bacaan", title="Bacaan")
    authoring.move_module(trainer, course, "dasar", -1)  # before the quiz, after the lessons
    outline = authoring.outline(trainer, course)
    assert [(m.key, [i.path for i in m.items]) for m in outline.modules] == [
        ("", ["01-pengantar.md", "02-standar.md"]), ("dasar", ["03-dasar/01-bacaan.md"]), ("", ["04-kuis.quiz.md"])]
    authoring.move_item(trainer, course, "02-standar.md", +1)  # past the module
    assert [k for _p, k in paths_and_keys(trainer, course)] == ["pengantar", "dasar/bacaan", "standar", "kuis"]
    assert [i.path for i in authoring.outline(trainer, course).items] == [
        "01-pengantar.md", "02-dasar/01-bacaan.md", "03-standar.md", "04-kuis.quiz.md"]
    with pytest.raises(AuthoringError):
        authoring.move_item(trainer, course, "04-kuis.quiz.md", +1)


def test_removing_an_item_that_is_linked_is_an_error_then_works(db, course, trainer) -> None:
    with pytest.raises(InputError) as caught:
        authoring.remove_item(trainer, course, "02-standar.md")
    assert "01-pengantar.md:3: tautan ke berkas yang tidak ada: 02-standar.md" in str(caught.value)
    authoring.save_file(trainer, course, "01-pengantar.md", "# Pengantar\n\nTanpa tautan.\n")
    authoring.remove_item(trainer, course, "02-standar.md")
    assert [k for _p, k in paths_and_keys(trainer, course)] == ["pengantar", "kuis"]


def test_removing_a_module_removes_its_files(db, course, trainer) -> None:
    authoring.add_module(trainer, course, slug="ekstra", title="Ekstra")
    authoring.add_item(trainer, course, module_key="ekstra", type_name="lesson", slug="bacaan", title="Bacaan")
    authoring.remove_module(trainer, course, "ekstra")
    assert [m.key for m in authoring.outline(trainer, course).modules] == [""]


def test_apply_moves_rewrites_links_from_a_file_that_changed_folder() -> None:
    files = {"01-a.md": b"[b](02-b.md) ![g](media/g.png)", "02-b.md": b"x", "media/g.png": b"png"}
    moved = apply_moves(files, {"01-a.md": "01-m/01-a.md"})
    assert moved["01-m/01-a.md"] == b"[b](../02-b.md) ![g](../media/g.png)"


def test_media_upload_checks_content_and_size(db, course, trainer, app, monkeypatch) -> None:
    _result, path = authoring.upload_media(trainer, course, "Alur Layanan (final).PNG", PNG)
    assert path == "media/alur-layanan-final.png"
    entry = authoring.outline(trainer, course).media[0]
    assert entry.content_type == "image/png" and entry.url.endswith("/alur-layanan-final.png")
    authoring.save_file(trainer, course, "02-standar.md", "# Standar\n\n![Alur](media/alur-layanan-final.png)\n")
    item = db.session.scalar(select(CourseItem).where(CourseItem.revision_id == course.draft_revision_id,
                                                      CourseItem.key == "standar"))
    assert f'src="{entry.url}"' in item.content["html"]
    with pytest.raises(AuthoringError):  # an HTML page named .png
        authoring.upload_media(trainer, course, "x.png", b"<html><script>alert(1)</script>")
    with pytest.raises(AuthoringError):  # SVG can carry script: not accepted
        authoring.upload_media(trainer, course, "x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    monkeypatch.setattr("lms.core.services.authoring.uploads.max_upload_bytes", lambda: 10)
    with pytest.raises(AuthoringError) as caught:
        authoring.upload_media(trainer, course, "besar.png", PNG)
    assert "batasnya" in caught.value.message


def test_a_gift_file_becomes_a_quiz_item(db, course, trainer) -> None:
    gift = b"::ibukota::Ibukota Indonesia adalah {=Jakarta ~Bandung ~Surabaya}\n"
    _result, path = authoring.upload_gift(trainer, course, "Bank Soal.gift", gift)
    assert path == "04-bank-soal.gift"
    item = authoring.outline(trainer, course).items[-1]
    assert (item.key, item.type) == ("bank-soal", "quiz")
    with pytest.raises(InputError) as caught:
        authoring.upload_gift(trainer, course, "rusak.gift", b"::a:: Soal {=\n")
    assert "rusak.gift" in str(caught.value)


def test_a_zip_replaces_the_draft(db, course, trainer) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("nama-lain/course.md", authoring.file_text(trainer, course, "course.md"))
        archive.writestr("nama-lain/01-satu.md", "# Satu\n")
    authoring.upload_zip(trainer, course, "k.zip", buffer.getvalue())
    assert paths_and_keys(trainer, course) == [("01-satu.md", "satu")]
    assert course.slug == "kursus-tulis"


def test_history_diff_and_roll_back(db, course, trainer) -> None:
    authoring.save_file(trainer, course, "02-standar.md", "# Standar\n\nIsi kedua.\n")
    authoring.move_item(trainer, course, "03-kuis.quiz.md", -1)
    authoring.publish(trainer, course, "Revisi kedua")
    rows = authoring.history(trainer, course)
    assert [(r.number, r.is_published, r.message) for r in rows] == [(2, True, "Revisi kedua"), (1, False, "")]
    assert rows[0].author == trainer.name
    changes = {d.path: d for d in authoring.diff(trainer, course, 1, 2)}
    assert changes["03-standar.md"].status == "renamed" and changes["03-standar.md"].old_path == "02-standar.md"
    assert ("del", "-Isi standar.") in changes["03-standar.md"].lines
    assert ("add", "+Isi kedua.") in changes["03-standar.md"].lines
    assert changes["02-kuis.quiz.md"].status == "renamed" and changes["02-kuis.quiz.md"].lines == []

    revision = authoring.rollback(trainer, course, 1)
    assert revision.number == 3 and course.published_revision_id == revision.id
    assert "Isi standar." in authoring.file_text(trainer, course, "02-standar.md")
    assert authoring.diff(trainer, course, 1, 3) == []
    with pytest.raises(AuthoringError):
        authoring.rollback(trainer, course, 3)


def test_export_zip_imports_back_as_the_same_course(db, course, trainer) -> None:
    name, data = authoring.export_zip(trainer, course)
    assert name == "kursus-tulis.zip"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == [
            "kursus-tulis/01-pengantar.md", "kursus-tulis/02-standar.md", "kursus-tulis/03-kuis.quiz.md",
            "kursus-tulis/course.md"]
    diagnostics_sources = zip_courses("kursus-tulis.zip", data, _no_errors(), 10**8)
    assert [s.files for s in diagnostics_sources] == [authoring.draft_files(trainer, course)]
    report = import_sources(diagnostics_sources)  # the same files: nothing to change
    assert [r.outcome for r in report.results] == ["unchanged"]
    assert db.session.scalar(select(Course).where(Course.slug == "kursus-tulis")).id == course.id


def _no_errors():
    from lms.core.diagnostics import Diagnostics

    return Diagnostics()
