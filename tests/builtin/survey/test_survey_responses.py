"""Survey responses: answered once, validated per question, gating completion, anonymous results."""

from __future__ import annotations

from unittest import mock

import pytest
from sqlalchemy import func, select

from lms.builtin.survey import responses
from lms.builtin.survey.models import SurveyResponse
from lms.builtin.survey.responses import SurveyInvalid, results, submit_response
from lms.core.models import Completion, ItemProgress, ProgressStatus
from lms.core.queries import learning as learning_queries
from lms.core.services import learning
from lms.core.services.learning import LearningError
from lms.plugins.formats.ids import derived_question_id, option_id

SCALE = derived_question_id("Materi mudah dipahami.")
CHOICE = derived_question_id("Apakah Anda merekomendasikan kursus ini?")
TEXT = derived_question_id("Saran untuk pengajar")
YES, NO = option_id(CHOICE, "Ya"), option_id(CHOICE, "Tidak")

GOOD = {SCALE: "4", CHOICE: YES, TEXT: "Tambah contoh kasus."}


def response_count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(SurveyResponse))


def enrolled(make_user, course, **kwargs):
    user = make_user(**kwargs)
    learning.enroll(user, course)
    return user


def test_answers_are_stored_with_cycle_and_item_and_complete_the_survey(
    db, make_user, survey_course
) -> None:
    course = survey_course()
    user = enrolled(make_user, course)
    response = submit_response(user, course, "evaluasi", GOOD)
    assert response.answers == {SCALE: 4, CHOICE: YES, TEXT: "Tambah contoh kasus."}
    assert (response.user_id, response.course_id, response.cycle) == (user.id, course.id, 1)
    item = responses.survey_item(course, "evaluasi")
    assert response.item_id == item.id and response.submitted_at.tzinfo is not None
    progress = db.session.scalar(select(ItemProgress).where(ItemProgress.item_key == "evaluasi"))
    assert progress.status == ProgressStatus.DONE


def test_a_second_submission_is_refused(db, make_user, survey_course) -> None:
    course = survey_course()
    user = enrolled(make_user, course)
    submit_response(user, course, "evaluasi", GOOD)
    with pytest.raises(LearningError) as info:
        submit_response(user, course, "evaluasi", {**GOOD, SCALE: 1})
    assert info.value.code == "conflict" and "sudah mengisi" in info.value.message
    assert response_count(db) == 1
    assert db.session.scalar(select(SurveyResponse.answers))[SCALE] == 4


def test_a_lost_race_is_already_answered_and_leaves_the_transaction_usable(
    db, make_user, survey_course
) -> None:
    """Two requests both found no response; the database's unique constraint decides."""
    course = survey_course()
    user = enrolled(make_user, course)
    submit_response(user, course, "evaluasi", GOOD)
    with (
        mock.patch.object(responses, "response_of", return_value=None) as check,
        pytest.raises(LearningError) as info,
    ):
        submit_response(user, course, "evaluasi", GOOD)
    assert check.called and info.value.code == "conflict"
    assert response_count(db) == 1  # the savepoint rolled back only the losing insert


def test_every_error_is_reported_at_its_question(db, make_user, survey_course) -> None:
    course = survey_course()
    user = enrolled(make_user, course)
    with pytest.raises(SurveyInvalid) as info:
        submit_response(
            user, course, "evaluasi", {SCALE: "9", CHOICE: "o-bukan-pilihan", TEXT: "x" * 5001}
        )
    errors = info.value.errors
    assert set(errors) == {SCALE, CHOICE, TEXT}
    assert (
        "1 sampai 5" in errors[SCALE]
        and "tidak dikenal" in errors[CHOICE]
        and "5001" in errors[TEXT]
    )
    with pytest.raises(SurveyInvalid) as info:
        submit_response(user, course, "evaluasi", {})
    assert set(info.value.errors) == {SCALE, CHOICE}  # text questions may stay empty
    with pytest.raises(SurveyInvalid) as info:
        submit_response(user, course, "evaluasi", {SCALE: "empat", CHOICE: YES})
    assert set(info.value.errors) == {SCALE}
    assert response_count(db) == 0
    assert learning_queries.progress_of(learning_queries.enrollment_of(user, course), "evaluasi") is None


def test_text_is_optional_and_counted_like_the_browser_counts_it(
    db, make_user, survey_course
) -> None:
    course = survey_course()
    first, second = enrolled(make_user, course), enrolled(make_user, course)
    assert submit_response(
        first, course, "evaluasi", {SCALE: 5, CHOICE: NO, TEXT: "   "}
    ).answers == {SCALE: 5, CHOICE: NO}
    # line breaks arrive as CRLF but count as one character, as in the textarea's maxlength
    text = "a\r\n" * 2499 + "ab"
    assert len(text) > 7000
    stored = submit_response(second, course, "evaluasi", {SCALE: 1, CHOICE: YES, TEXT: text})
    assert len(stored.answers[TEXT]) == 5000 and "\r" not in stored.answers[TEXT]


def test_unknown_question_ids_are_ignored(db, make_user, survey_course) -> None:
    course = survey_course()
    user = enrolled(make_user, course)
    response = submit_response(user, course, "evaluasi", {**GOOD, "q-lain": "5"})
    assert "q-lain" not in response.answers


def test_a_required_survey_gates_course_completion(db, make_user, survey_course) -> None:
    course = survey_course(required=True)
    user = enrolled(make_user, course)
    learning.mark_done(user, course, "pengantar")
    learning.mark_done(user, course, "inti")
    assert db.session.scalar(select(func.count()).select_from(Completion)) == 0
    with pytest.raises(LearningError) as info:  # a survey is done by answering it, not by a button
        learning.mark_done(user, course, "evaluasi")
    assert info.value.code == "conflict"
    submit_response(user, course, "evaluasi", GOOD)
    completion = db.session.scalar(select(Completion))
    assert completion is not None and completion.user_id == user.id


def test_an_optional_survey_does_not_gate_completion(db, make_user, survey_course) -> None:
    course = survey_course(required=False)
    user = enrolled(make_user, course)
    learning.mark_done(user, course, "pengantar")
    learning.mark_done(user, course, "inti")
    assert db.session.scalar(select(func.count()).select_from(Completion)) == 1
    submit_response(user, course, "evaluasi", GOOD)  # may still be answered
    assert response_count(db) == 1


def test_only_enrolled_learners_may_answer(db, make_user, survey_course) -> None:
    course = survey_course()
    with pytest.raises(LearningError) as info:
        submit_response(make_user(), course, "evaluasi", GOOD)
    assert info.value.code == "denied"
    assert response_count(db) == 0


def test_only_surveys_of_the_published_revision_can_be_answered(
    db, make_user, survey_course
) -> None:
    course = survey_course()
    user = enrolled(make_user, course)
    for key in ("pengantar", "tidak-ada"):
        with pytest.raises(LearningError) as info:
            submit_response(user, course, key, GOOD)
        assert info.value.code == "not_found"


def answer_three(make_user, course) -> list:
    people = [
        enrolled(make_user, course, name=name)
        for name in ("Budi Santoso", "Siti Aminah", "Andi Wijaya")
    ]
    submit_response(
        people[0], course, "evaluasi", {SCALE: 5, CHOICE: YES, TEXT: "Zaman sudah berubah."}
    )
    submit_response(people[1], course, "evaluasi", {SCALE: 3, CHOICE: YES, TEXT: "Bagus sekali."})
    submit_response(people[2], course, "evaluasi", {SCALE: 4, CHOICE: NO})
    return people


def test_results_of_an_anonymous_survey_have_no_names(db, make_user, survey_course) -> None:
    course = survey_course(anonymous=True)
    answer_three(make_user, course)
    summary = results(course, "evaluasi")
    assert summary.anonymous and summary.respondents == 3 and summary.title == "Evaluasi Pelatihan"
    scale, choice, text = summary.questions
    assert (scale.count, scale.average) == (3, 4.0)
    assert scale.distribution == [(1, 0), (2, 0), (3, 1), (4, 1), (5, 1)]
    assert [(o[0], o[2]) for o in choice.options] == [(YES, 2), (NO, 1)] and choice.count == 3
    # alphabetical, not in the order given: the order must not hint at who wrote what
    assert [a.text for a in text.answers] == ["Bagus sekali.", "Zaman sudah berubah."]
    assert all(a.name is None for a in text.answers)
    assert "Budi" not in repr(summary) and "Siti" not in repr(summary)


def test_results_of_a_named_survey_show_who_answered(db, make_user, survey_course) -> None:
    course = survey_course(anonymous=False)
    answer_three(make_user, course)
    summary = results(course, "evaluasi")
    assert not summary.anonymous
    assert [(a.name, a.text) for a in summary.questions[2].answers] == [
        ("Budi Santoso", "Zaman sudah berubah."),
        ("Siti Aminah", "Bagus sekali."),
    ]


def test_answers_given_anonymously_stay_anonymous_when_the_survey_changes(
    db, make_user, survey_course
) -> None:
    course = survey_course(anonymous=True)
    answer_three(make_user, course)
    course = survey_course(anonymous=False)  # re-imported: a new published revision
    later = enrolled(make_user, course, name="Dewi Lestari")
    submit_response(later, course, "evaluasi", {SCALE: 2, CHOICE: NO, TEXT: "Terlalu cepat."})
    text = results(course, "evaluasi").questions[2]
    assert {(a.name, a.text) for a in text.answers} == {
        (None, "Zaman sudah berubah."),
        (None, "Bagus sekali."),
        ("Dewi Lestari", "Terlalu cepat."),
    }


def test_results_of_a_survey_without_answers(db, survey_course) -> None:
    summary = results(survey_course(), "evaluasi")
    assert summary.respondents == 0
    assert summary.questions[0].average is None and summary.questions[0].count == 0
