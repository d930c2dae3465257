"""The completion mode "confirmed by a trainer": the learner cannot mark the item done and sees
that it waits for the trainer; a trainer of the course confirms one person at a time on the
trainers' confirmation page (audited), and course completion and JP follow as for any item."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from lms.core.models import AuditLog, Completion, CourseAuthor, Role
from lms.core.services import learning
from lms.core.services.completion import complete_item
from lms.testing import factories

PRACTICE = "---\ncompletion: trainer\n---\n# Praktik menyusun SKP\n\nSusun SKP Anda dan tunjukkan ke pengajar.\n"
FILES = {"01-baca.md": "# Baca\n\nIsi.\n", "02-praktik.md": PRACTICE}


@pytest.fixture
def setup(db):  # noqa: ANN001, ANN201
    course = factories.make_course("praktik-skp", files=FILES, jp=3)
    trainer = factories.make_user(name="Bu Pengajar", roles=[Role.TRAINER])
    db.session.add(CourseAuthor(course_id=course.id, user_id=trainer.id))
    learner = factories.make_user(name="Andi Peserta")
    learning.enroll(learner, course)
    learning.mark_done(learner, course, "baca")
    db.session.flush()
    return course, trainer, learner


def _completion(db, user):  # noqa: ANN001, ANN202
    return db.session.scalar(select(Completion).where(Completion.user_id == user.id))


def test_the_learner_cannot_mark_a_trainer_item_nor_can_its_activity(db, setup) -> None:  # noqa: ANN001
    course, _trainer, learner = setup
    for by in ("learner", "activity"):
        with pytest.raises(learning.LearningError) as info:
            complete_item(learner, course, "praktik", by=by)
        assert info.value.code == "conflict"
    assert _completion(db, learner) is None


def test_a_trainer_confirms_and_the_course_completes_with_its_jp_and_an_audit_entry(db, setup) -> None:  # noqa: ANN001
    course, trainer, learner = setup
    progress = complete_item(learner, course, "praktik", by=trainer)
    assert progress.status == "done"
    completion = _completion(db, learner)
    assert completion is not None and completion.jp == 3
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "item.confirm"))
    assert entry.actor_id == trainer.id and entry.target_id == str(learner.id)
    assert entry.after["item"] == "Praktik menyusun SKP"
    complete_item(learner, course, "praktik", by=trainer)  # a second tap records nothing more
    assert len(db.session.scalars(select(AuditLog).where(AuditLog.action == "item.confirm")).all()) == 1


def test_only_a_trainer_of_the_course_confirms_and_only_trainer_items(db, setup) -> None:  # noqa: ANN001
    course, trainer, learner = setup
    stranger = factories.make_user(roles=[Role.TRAINER])
    with pytest.raises(learning.LearningError) as info:
        complete_item(learner, course, "praktik", by=stranger)
    assert info.value.code == "denied"
    with pytest.raises(learning.LearningError) as info:
        complete_item(learner, course, "baca", by=trainer)
    assert info.value.code == "conflict"
    outsider = factories.make_user()
    with pytest.raises(learning.LearningError) as info:
        complete_item(outsider, course, "praktik", by=trainer)
    assert info.value.code == "not_found"
    with pytest.raises(ValueError):
        complete_item(learner, course, "praktik", by="someone")


def test_the_learner_sees_that_the_item_waits_for_the_trainer(client, login_as, setup) -> None:  # noqa: ANN001
    course, _trainer, learner = setup
    login_as(learner)
    outline = client.get("/courses/praktik-skp").get_data(as_text=True)
    assert "menunggu konfirmasi pengajar" in outline
    page = client.get("/courses/praktik-skp/praktik").get_data(as_text=True)
    assert "Menunggu konfirmasi pengajar" in page
    assert "Selesai, lanjutkan" not in page  # no button the learner could press in vain
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/courses/praktik-skp/baca").get_data(as_text=True)).group(1)
    refused = client.post("/courses/praktik-skp/praktik/done", data={"csrf_token": token},
                          headers={"Accept": "application/json"})
    assert refused.status_code == 409


def test_the_trainer_confirms_on_the_page_one_tap_per_person(client, db, login_as, setup) -> None:  # noqa: ANN001
    course, trainer, learner = setup
    login_as(trainer)
    results = client.get("/author/praktik-skp/results").get_data(as_text=True)
    assert "/author/praktik-skp/confirmations" in results
    page = client.get("/author/praktik-skp/confirmations").get_data(as_text=True)
    assert "Andi Peserta" in page and "Praktik menyusun SKP" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/author/praktik-skp/confirmations",
                           data={"csrf_token": token, "key": "praktik", "user_id": learner.id})
    assert response.status_code == 302
    assert _completion(db, learner) is not None
    after = client.get("/author/praktik-skp/confirmations").get_data(as_text=True)
    assert "Semua peserta sudah dikonfirmasi" in after
    login_as(learner)
    assert "Menunggu konfirmasi pengajar" not in client.get("/courses/praktik-skp/praktik").get_data(as_text=True)


def test_bad_confirmations_are_clear_4xx(client, login_as, setup) -> None:  # noqa: ANN001
    course, trainer, learner = setup
    login_as(trainer)
    page = client.get("/author/praktik-skp/confirmations").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    post = lambda **data: client.post("/author/praktik-skp/confirmations", data={"csrf_token": token, **data})  # noqa: E731
    assert post(key="praktik", user_id="abc").status_code == 400
    assert post(key="praktik", user_id="999999").status_code == 404
    assert post(key="tidak-ada", user_id=str(learner.id)).status_code == 404
    assert client.post("/author/praktik-skp/confirmations", data={"key": "praktik"}).status_code == 400
    other = factories.make_user(roles=[Role.TRAINER])
    login_as(other)
    assert client.get("/author/praktik-skp/confirmations").status_code == 403
    login_as(learner)
    assert client.get("/author/praktik-skp/confirmations").status_code in (302, 403)
