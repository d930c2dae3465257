"""The draft: saving a file re-reads the course like an import (nothing saved on an error),
replaces the draft in place, never touches the published revision; publishing keeps progress
and attempts; a new course is validated by the format's own rules."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select

from lms.builtin.quiz import attempts
from lms.core.diagnostics import InputError
from lms.core.models import Course, CourseFile, CourseItem, CourseRevision, CourseStatus, ProgressStatus, Role
from lms.core.queries import learning as learning_queries
from lms.core.services import authoring, learning
from lms.core.services.authoring import AuthoringError, CourseFields, compose_course_md


def items(db, revision_id: int) -> list[CourseItem]:
    return list(db.session.scalars(select(CourseItem).where(CourseItem.revision_id == revision_id)
                                   .order_by(CourseItem.position)))


def test_saving_a_file_starts_a_draft_and_leaves_the_published_revision_alone(db, course, trainer) -> None:
    published = course.published_revision_id
    before = [(i.key, i.title, i.content) for i in items(db, published)]
    result = authoring.save_file(trainer, course, "02-standar.md", "# Standar Baru\r\n\r\nIsi baru.")
    assert result.changed and course.draft_revision_id == result.revision.id != published
    assert result.revision.number == 2
    assert [(i.key, i.title, i.content) for i in items(db, published)] == before
    draft_items = items(db, course.draft_revision_id)
    assert [i.key for i in draft_items] == ["pengantar", "standar", "kuis"]
    assert draft_items[1].title == "Standar Baru" and "Isi baru." in draft_items[1].content["html"]
    # stored as the format's files are: LF line breaks and a final newline
    assert authoring.file_text(trainer, course, "02-standar.md") == "# Standar Baru\n\nIsi baru.\n"


def test_the_draft_is_replaced_in_place(db, course, trainer) -> None:
    first = authoring.save_file(trainer, course, "02-standar.md", "# Satu\n").revision
    second = authoring.save_file(trainer, course, "02-standar.md", "# Dua\n").revision
    assert first.id == second.id and second.number == 2
    assert db.session.scalar(select(func.count()).select_from(CourseRevision)
                             .where(CourseRevision.course_id == course.id)) == 2
    assert [i.title for i in items(db, second.id)][1] == "Dua"
    assert db.session.scalar(select(func.count()).select_from(CourseFile)
                             .where(CourseFile.revision_id == second.id)) == 4


def test_an_error_saves_nothing_and_names_the_file_and_line(db, course, trainer) -> None:
    authoring.save_file(trainer, course, "02-standar.md", "# Draf\n")
    draft = course.draft_revision_id
    broken = "---\npass_score: 70\n---\n## Pertanyaan tanpa jawaban benar\n- [ ] a\n- [ ] b\n"
    with pytest.raises(InputError) as caught:
        authoring.save_file(trainer, course, "03-kuis.quiz.md", broken)
    errors = [(d.path, d.line) for d in caught.value.diagnostics if d.level == "error"]
    assert errors == [("kursus-tulis/03-kuis.quiz.md", 4)]
    assert course.draft_revision_id == draft
    assert "Kuis Dasar" in [i.title for i in items(db, draft)]
    assert "Apa kepanjangan ASN" in authoring.file_text(trainer, course, "03-kuis.quiz.md")


def test_saving_unchanged_text_changes_nothing(db, course, trainer) -> None:
    text = authoring.file_text(trainer, course, "01-pengantar.md")
    result = authoring.save_file(trainer, course, "01-pengantar.md", text)
    assert result.changed  # the draft was started (a copy of the published revision)
    again = authoring.save_file(trainer, course, "01-pengantar.md", text)
    assert not again.changed and again.revision.id == result.revision.id


def test_course_md_is_validated_as_an_import_would(db, course, trainer) -> None:
    text = authoring.file_text(trainer, course, "course.md").replace("jp: 2", "jpp: 2")
    with pytest.raises(InputError) as caught:
        authoring.save_file(trainer, course, "course.md", text)
    messages = [str(d) for d in caught.value.diagnostics]
    assert "kursus-tulis/course.md:4: pengaturan tidak dikenal: jpp (maksudnya jp?)" in messages
    assert course.draft_revision_id is None


def test_only_text_files_of_the_course_can_be_edited(db, course, trainer) -> None:
    for path in ("../course.md", "/etc/passwd", "media/x.png", "99-tidak-ada.md", "./course.md"):
        with pytest.raises(AuthoringError):
            authoring.save_file(trainer, course, path, "x")


def test_publishing_keeps_progress_and_attempts(db, course, trainer, make_user) -> None:
    learner = make_user()
    learning.enroll(learner, course)
    learning.mark_done(learner, course, "pengantar")
    attempt = attempts.start_attempt(learner, course, "kuis", rng=random.Random(1))
    old_prompt = attempt.questions[0]["question"]["prompt"]

    reworded = authoring.file_text(trainer, course, "03-kuis.quiz.md").replace(
        "Apa kepanjangan ASN?", "Apa kepanjangan dari ASN?")
    authoring.save_file(trainer, course, "03-kuis.quiz.md", reworded)
    authoring.move_item(trainer, course, "02-standar.md", -1)  # a reorder keeps keys
    revision = authoring.publish(trainer, course, "Soal diperbaiki")
    assert course.published_revision_id == revision.id and course.draft_revision_id is None
    assert revision.message == "Soal diperbaiki" and revision.published_at is not None

    progress = learning_queries.progress_of(learning_queries.enrollment_of(learner, course), "pengantar")
    assert progress.status == ProgressStatus.DONE
    assert attempt.questions[0]["question"]["prompt"] == old_prompt  # the snapshot stays
    attempts.submit(attempt, learner, {"asn": [attempt.questions[0]["question"]["options"][0]["id"]], "jp": "20"})
    assert attempt.score == 100.0


def test_publishing_without_changes_or_without_a_draft_is_refused(db, course, trainer) -> None:
    with pytest.raises(AuthoringError) as caught:
        authoring.publish(trainer, course)
    assert caught.value.code == "conflict"
    authoring.ensure_draft(trainer, course)
    with pytest.raises(AuthoringError):
        authoring.publish(trainer, course)
    authoring.discard_draft(trainer, course)
    assert course.draft_revision_id is None


def test_a_new_course_is_a_draft_its_creator_authors(db, trainer) -> None:
    text, _owner = compose_course_md(CourseFields(title="Etika: ASN", summary="Ringkas.", jp="1,5",
                                                  competencies=[("integritas", "2")], tags="etika, asn"))
    files = {"course.md": text.encode(), "01-pengantar.md": b"# Pengantar\n\nIsi.\n"}
    course = authoring.create_course(trainer, "etika-asn", files)
    assert course.status == CourseStatus.DRAFT and course.published_revision_id is None
    assert [a.user_id for a in course.authors] == [trainer.id]
    draft = db.session.get(CourseRevision, course.draft_revision_id)
    assert draft.settings["title"] == "Etika: ASN" and draft.settings["jp"] == 1.5
    assert draft.settings["competencies"] == [{"code": "integritas", "level": 2}]
    assert draft.settings["tags"] == ["etika", "asn"]
    authoring.publish(trainer, course, "Terbit pertama")
    assert course.is_published and course.jp == 1.5


def test_a_new_course_with_errors_is_not_created(db, trainer) -> None:
    text, owner = compose_course_md(CourseFields(title="Etika", summary="Ringkas.", jp="1.55",
                                                 competencies=[("integritass", "7")]))
    files = {"course.md": text.encode(), "01-a.md": b"# A\n"}
    with pytest.raises(InputError) as caught:
        authoring.create_course(trainer, "etika", files)
    grouped = authoring.errors_by_field(caught.value.diagnostics, owner)
    assert "jp" in grouped and "competencies" in grouped
    assert "integritas" in grouped["competencies"][0]  # the closest known code is named
    assert db.session.scalar(select(func.count()).select_from(Course)) == 0


def test_a_taken_slug_is_refused(db, course, trainer) -> None:
    text, _ = compose_course_md(CourseFields(title="X", summary="Y", jp="1"))
    with pytest.raises(InputError) as caught:
        authoring.create_course(trainer, "kursus-tulis", {"course.md": text.encode(), "01-a.md": b"# A\n"})
    assert "sudah dipakai" in str(caught.value)


def test_compose_course_md_quotes_what_yaml_would_misread() -> None:
    text, owner = compose_course_md(CourseFields(
        title="Pelayanan: Prima #1", summary="yes", jp="4\nfoo: bar", valid_months="12",
        description="Deskripsi\n\nbaris dua"))
    assert "title: 'Pelayanan: Prima #1'" in text and "summary: 'yes'" in text
    assert "jp: '4\n\n  foo: bar'" in text or "jp: \"4\\nfoo: bar\"" in text
    assert text.endswith("---\nDeskripsi\n\nbaris dua\n")
    assert owner[2] == "title" and owner[max(owner)] == "description"


def test_trainers_edit_only_their_courses_admins_all(db, course, make_user) -> None:
    stranger = make_user(roles=[Role.TRAINER])
    learner = make_user()
    admin = make_user(roles=[Role.ADMIN])
    for user in (stranger, learner):
        with pytest.raises(AuthoringError) as caught:
            authoring.save_file(user, course, "02-standar.md", "# X\n")
        assert caught.value.code == "denied"
        with pytest.raises(AuthoringError):
            authoring.course_for_editing(user, "kursus-tulis")
    with pytest.raises(AuthoringError):
        authoring.create_course(learner, "punya-peserta", {})
    assert authoring.save_file(admin, course, "02-standar.md", "# Admin\n").changed
