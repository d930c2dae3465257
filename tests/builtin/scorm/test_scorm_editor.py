"""A package uploaded in the editor: stored as the draft's media, checked when the item that
names it is saved (live preview included), published like any item."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.core.diagnostics import InputError
from lms.core.models import CourseAuthor, CourseItem, Role
from lms.core.services import authoring

from .conftest import sample

ITEM = "---\npackage: media/modul-phishing.zip\n---\nKerjakan modulnya.\n"


@pytest.fixture
def trainer_course(db, make_user, make_course):
    trainer = make_user(roles=[Role.TRAINER])
    course = make_course("kursus-editor-scorm")
    db.session.add(CourseAuthor(course_id=course.id, user_id=trainer.id))
    db.session.flush()
    return trainer, course


def test_a_package_uploaded_in_the_editor_becomes_a_scorm_item(db, trainer_course) -> None:
    trainer, course = trainer_course
    _result, path = authoring.upload_media(trainer, course, "Modul Phishing.zip", sample.package_bytes())
    assert path == "media/modul-phishing.zip"
    result, item_path = authoring.add_item(trainer, course, module_key="", type_name="scorm", slug="paket",
                                           title="Modul phishing")
    assert any("belum ada paket" in w.message for w in result.warnings)  # added before its zip is named
    authoring.save_file(trainer, course, item_path, ITEM)
    item = db.session.scalar(select(CourseItem).where(CourseItem.revision_id == course.draft_revision_id,
                                                      CourseItem.key == "paket"))
    assert item.type == "scorm" and item.content["launch"] == "index.html"
    assert item.settings["mastery_score"] == 75


def test_a_broken_package_is_refused_on_save_with_the_manifests_line(db, trainer_course) -> None:
    trainer, course = trainer_course
    manifest = (sample.SOURCE / "imsmanifest.xml").read_text().replace(">75</adlcp:masteryscore>", ">seratus</adlcp:masteryscore>")
    authoring.upload_media(trainer, course, "modul-phishing.zip", sample.package_bytes({"imsmanifest.xml": manifest.encode()}))
    _result, item_path = authoring.add_item(trainer, course, module_key="", type_name="scorm", slug="paket", title="X")
    with pytest.raises(InputError) as caught:
        authoring.save_file(trainer, course, item_path, ITEM)
    line = next(n for n, text in enumerate(manifest.split("\n"), start=1) if "seratus" in text)
    assert f"media/modul-phishing.zip!imsmanifest.xml:{line}: masteryscore harus angka 0 sampai 100: seratus" in str(caught.value)
