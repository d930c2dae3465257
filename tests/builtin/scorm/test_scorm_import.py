"""Import of a SCORM 1.2 package: the good one lands, every broken one is refused with the
file and line an author can act on."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest
from sqlalchemy import select

from lms.builtin.scorm import package as pkg
from lms.core.diagnostics import Diagnostics, InputError
from lms.core.importer.service import import_sources
from lms.core.models import Course
from lms.core.queries.learning import published_items

from .conftest import sample, scorm_sources

MANIFEST = (sample.SOURCE / "imsmanifest.xml").read_text()


def errors_of(db, **kwargs) -> list[str]:
    with pytest.raises(InputError) as caught:
        import_sources([scorm_sources(**kwargs)], diagnostics=Diagnostics())
    return [str(d) for d in caught.value.diagnostics]


def test_the_sample_package_imports_with_its_launch_file_title_and_mastery_score(db, scorm_course) -> None:
    course = scorm_course()
    (item,) = published_items(course)
    assert item.type == "scorm"
    assert item.title == "Waspada Phishing di Surel Kantor"  # from the manifest's organization
    assert item.content["launch"] == "index.html"
    assert item.content["files"] == 4
    assert item.settings["mastery_score"] == 75  # adlcp:masteryscore
    assert "Kerjakan modulnya." in item.content["intro_html"]


def test_front_matter_mastery_score_wins_over_the_manifest(db, scorm_course) -> None:
    course = scorm_course(extra="mastery_score: 60\ntitle: Modul saya\n")
    (item,) = published_items(course)
    assert item.settings["mastery_score"] == 60
    assert item.title == "Modul saya"


def test_the_committed_sample_course_zip_is_the_build_of_its_source() -> None:
    assert sample.COURSE_ZIP.read_bytes() == sample.package_bytes()


def test_a_missing_package_names_the_item_file_and_line(db) -> None:
    item = "---\ntitle: X\npackage: media/tidak-ada.zip\n---\n"
    (error,) = [e for e in errors_of(db, item=item) if "tidak-ada" in e]
    assert error.startswith("kursus-scorm/01-modul.scorm.md:3:") or ":3:" in error


def test_without_a_package_the_item_is_a_warning_and_not_playable(db, client, login_as, make_user) -> None:
    from lms.core.services import learning

    diagnostics = Diagnostics()
    import_sources([scorm_sources(item="---\ntitle: Belum ada paket\n---\n")], diagnostics=diagnostics)
    assert any("belum ada paket" in str(w) for w in diagnostics.warnings)
    course = db.session.scalar(select(Course).where(Course.slug == "kursus-scorm"))
    user = login_as(make_user())
    learning.enroll(user, course)
    db.session.commit()
    html = client.get("/courses/kursus-scorm/modul").get_data(as_text=True)
    assert "belum siap" in html and "scorm-frame" not in html
    assert client.post("/scorm/kursus-scorm/modul/commit", data="{}", content_type="application/json").status_code == 400


def test_a_manifest_error_points_at_the_manifests_own_line(db) -> None:
    broken = MANIFEST.replace('href="index.html">', 'href="mulai.html">')
    errors = errors_of(db, package=sample.package_bytes({"imsmanifest.xml": broken.encode()}))
    line = next(n for n, text in enumerate(broken.split("\n"), start=1) if 'href="mulai.html"' in text)
    assert f"media/paket.zip!imsmanifest.xml:{line}: berkas peluncur mulai.html tidak ada di dalam paket" in errors


def test_invalid_xml_is_reported_with_its_line(db) -> None:
    broken = MANIFEST.replace("<resources>", "<resources><oops>", 1)
    errors = errors_of(db, package=sample.package_bytes({"imsmanifest.xml": broken.encode()}))
    assert any(e.startswith("media/paket.zip!imsmanifest.xml:") and "XML tidak valid" in e for e in errors)


def test_no_manifest(db) -> None:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("index.html", "<p>hai</p>")
    assert any("imsmanifest.xml tidak ada" in e for e in errors_of(db, package=out.getvalue()))


def test_a_path_escaping_the_package_is_refused(db) -> None:
    errors = errors_of(db, package=sample.package_bytes({"../../etc/evil.html": b"x"}))
    assert any("jalur di luar paket tidak diizinkan: ../../etc/evil.html" in e for e in errors)


def test_a_launch_href_escaping_the_package_is_refused(db) -> None:
    broken = MANIFEST.replace('href="index.html">', 'href="../index.html">')
    errors = errors_of(db, package=sample.package_bytes({"imsmanifest.xml": broken.encode()}))
    assert any("keluar dari paket" in e for e in errors)


def test_not_a_zip(db) -> None:
    # PK header so it passes as zip media, but the archive itself is broken
    errors = errors_of(db, package=b"PK\x03\x04" + b"\0" * 100)
    assert any("bukan berkas zip yang utuh" in e for e in errors)


def test_external_entities_are_not_resolved() -> None:
    evil = ('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            '<manifest><organizations/><resources><resource identifier="r" href="&x;"/></resources></manifest>')
    found, problems = pkg.read_package(sample.package_bytes({"imsmanifest.xml": evil.encode()}))
    assert found is None
    assert not any("root:" in p.message for p in problems)


def test_size_limits(monkeypatch) -> None:
    monkeypatch.setattr(pkg, "MAX_UNPACKED_BYTES", 1000)
    found, problems = pkg.read_package(sample.package_bytes())
    assert found is None and any("batasnya" in p.message for p in problems)
    monkeypatch.setattr(pkg, "MAX_UNPACKED_BYTES", 200 * 1024 * 1024)
    monkeypatch.setattr(pkg, "MAX_FILES", 2)
    found, problems = pkg.read_package(sample.package_bytes())
    assert found is None and any("berkas; batasnya 2" in p.message for p in problems)


def test_a_zip_bomb_member_is_refused() -> None:
    found, problems = pkg.read_package(sample.package_bytes({"nol.bin": b"\0" * (3 * 1024 * 1024)}))
    assert found is None and any("terlalu padat" in p.message for p in problems)


def test_only_scorm_12() -> None:
    manifest = MANIFEST.replace("<schemaversion>1.2</schemaversion>", "<schemaversion>2004 4th Edition</schemaversion>")
    found, problems = pkg.read_package(sample.package_bytes({"imsmanifest.xml": manifest.encode()}))
    assert found is None and any("hanya SCORM 1.2" in p.message for p in problems)
