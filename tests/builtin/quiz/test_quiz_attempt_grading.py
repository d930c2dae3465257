"""Grading submitted attempts: points, partial credit, feedback rules, highest/last, progress,
course completion, and snapshots that survive a re-import."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.builtin.quiz import attempts as service
from lms.core import transaction
from lms.core.importer.service import import_paths
from lms.core.models import Completion, CourseItem, ItemProgress, ProgressStatus
from lms.core.queries import learning as learning_queries
from lms.core.services import learning


def answers(attempt, option_id, *, capital="Jakarta", even=("Dua", "Empat"), jp="20", pi="3,14") -> dict:
    return {"ibu-kota": [option_id(attempt, "ibu-kota", capital)],
            "genap": [option_id(attempt, "genap", t) for t in even],
            "jp-minimal": jp, "pi": pi}


def take(user, course, option_id, **kw):
    attempt = service.start_attempt(user, course, "kuis")
    return service.submit(attempt, user, answers(attempt, option_id, **kw))


def progress(user, course) -> ItemProgress | None:
    return learning_queries.progress_of(learning_queries.enrollment_of(user, course), "kuis")


@pytest.mark.parametrize(("partial", "even", "expected"), [
    (False, ("Dua", "Empat"), 100.0),
    (False, ("Dua",), 60.0),           # all-or-nothing: 0 of 2 points
    (True, ("Dua",), 80.0),            # 1/2 right -> 1 of 2 points
    (True, ("Dua", "Empat", "Tiga"), 80.0),  # 2/2 right - 1/2 wrong -> 1 point
    (True, ("Tiga", "Lima"), 60.0),    # never below zero
])
def test_points_and_partial_credit(db, make_quiz_course, learner, option_id, partial, even, expected) -> None:
    course = make_quiz_course({"partial_credit": partial})
    attempt = take(learner(course), course, option_id, even=even)
    assert attempt.score == pytest.approx(expected)
    assert attempt.results["total"] == 5.0
    genap = next(r for r in attempt.results["questions"] if r["id"] == "genap")
    assert genap["points"] == 2.0


def test_short_and_numeric_answers(db, make_quiz_course, learner, option_id) -> None:
    course = make_quiz_course()
    user = learner(course)
    attempt = take(user, course, option_id, capital="Bandung", even=("Tiga",), jp=" RAHASIA-dua-PULUH ", pi="3.144")
    assert attempt.score == pytest.approx(40.0)
    assert not attempt.passed  # pass_score defaults to 70


def test_pass_mark_decides_passed(db, make_quiz_course, learner, option_id) -> None:
    course = make_quiz_course({"pass_score": 60})
    attempt = take(learner(course), course, option_id, even=("Dua",))
    assert attempt.score == 60.0 and attempt.passed


def test_submission_emits_events_after_commit(db, make_quiz_course, learner, option_id) -> None:
    course = make_quiz_course()
    attempt = take(learner(course), course, option_id)
    events = [(name, kw) for name, kw in transaction.pending_events()
              if name in ("attempt_submitted", "quiz_graded")]
    assert events == [("attempt_submitted", {"attempt_id": attempt.id}),
                      ("quiz_graded", {"attempt_id": attempt.id, "score": 100.0, "passed": True})]


# --------------------------------------------------------------------------- feedback


def test_after_submit_shows_correct_answers_and_feedback(db, make_quiz_course, learner, option_id) -> None:
    course = make_quiz_course({"show_feedback": "after_submit"})
    attempt = take(learner(course), course, option_id, capital="Bandung")
    results = service.results_for(attempt)
    assert results["feedback_shown"] and len(results["questions"]) == 4
    capital = next(q for q in results["questions"] if q["id"] == "ibu-kota")
    assert not capital["correct"]
    by_html = {o["html"]: o for o in capital["options"]}
    assert by_html["Jakarta"]["correct"] and not by_html["Jakarta"]["chosen"]
    assert by_html["Bandung"]["chosen"] and "rahasia-umpan-balik-bandung" in by_html["Bandung"]["feedback_html"]
    assert by_html["Jakarta"]["feedback_html"] == ""  # only the chosen options' feedback
    assert "rahasia-umpan-balik-umum-ibu-kota" in capital["feedback_html"]
    jp = next(q for q in results["questions"] if q["id"] == "jp-minimal")
    assert jp["accepted_answers"] == ["rahasia-dua-puluh", "20"]


def test_never_shows_the_score_only(db, make_quiz_course, learner, option_id) -> None:
    course = make_quiz_course({"show_feedback": "never"})
    attempt = take(learner(course), course, option_id)
    results = service.results_for(attempt)
    assert results["score"] == 100.0 and results["passed"]
    assert results["questions"] == [] and not results["feedback_shown"]
    assert "rahasia" not in str(results)


def test_after_pass_shows_feedback_once_passed(db, make_quiz_course, learner, option_id) -> None:
    course = make_quiz_course({"show_feedback": "after_pass"})
    user = learner(course)
    failed = take(user, course, option_id, capital="Bandung", even=("Tiga",))
    assert service.results_for(failed)["questions"] == []
    assert "rahasia" not in str(service.results_for(failed))
    passed = take(user, course, option_id)
    assert len(service.results_for(passed)["questions"]) == 4
    assert len(service.results_for(failed)["questions"]) == 4  # once passed, earlier ones too


def test_results_of_an_open_attempt_are_refused(db, make_quiz_course, learner) -> None:
    course = make_quiz_course()
    user = learner(course)
    attempt = service.start_attempt(user, course, "kuis")
    with pytest.raises(learning.LearningError):
        service.results_for(attempt)


# --------------------------------------------------------------------------- highest / last


def test_highest_keeps_the_best_score(db, make_quiz_course, learner, option_id) -> None:
    course = make_quiz_course({"grading": "highest"})
    user = learner(course)
    take(user, course, option_id, capital="Bandung", even=("Tiga",))  # 40
    assert progress(user, course).score == 40.0 and progress(user, course).status != ProgressStatus.DONE
    take(user, course, option_id)  # 100
    take(user, course, option_id, capital="Bandung")  # 80
    assert progress(user, course).score == 100.0
    assert progress(user, course).status == ProgressStatus.DONE


def test_last_counts_the_latest_attempt_and_a_pass_stays_done(db, make_quiz_course, learner, option_id) -> None:
    course = make_quiz_course({"grading": "last"})
    user = learner(course)
    take(user, course, option_id)  # 100
    assert progress(user, course).score == 100.0
    take(user, course, option_id, capital="Bandung", even=("Tiga",))  # 40
    assert progress(user, course).score == 40.0
    assert progress(user, course).status == ProgressStatus.DONE  # completion is never taken back
    summary = service.overview(user, course, service.quiz_item(course, "kuis"), cycle=1)
    assert summary.recorded_score == 40.0 and [a.number for a in summary.attempts] == [2, 1]


def test_passing_the_last_required_item_completes_the_course(db, make_quiz_course, learner, option_id) -> None:
    course = make_quiz_course()
    user = learner(course)
    learning.mark_done(user, course, "pengantar")
    take(user, course, option_id, capital="Bandung", even=("Tiga",))  # fails
    assert db.session.scalar(select(Completion).where(Completion.user_id == user.id)) is None
    take(user, course, option_id)
    completion = db.session.scalar(select(Completion).where(Completion.user_id == user.id))
    assert completion is not None and completion.score == 100.0
    names = [name for name, _kw in transaction.pending_events()]
    assert "item_completed" in names and "course_completed" in names


# --------------------------------------------------------------------------- re-import


CHANGED = """\
## Apa ibu kota Indonesia sekarang? {#ibu-kota}
- [ ] Jakarta
- [x] Bandung
- [ ] Surabaya

## Manakah bilangan genap? {#genap points=2}
- [x] Dua
- [x] Empat
- [ ] Tiga
- [ ] Lima

## Berapa JP minimal setahun? {#jp-minimal}
= 40

## Berapakah 22/7, dibulatkan dua desimal? {#pi}
= 3.14 ± 0.005
"""


def test_an_attempt_is_graded_against_the_questions_it_started_with(
        db, make_quiz_course, write_quiz_course, learner, option_id) -> None:
    course = make_quiz_course()
    user, other = learner(course), learner(course)
    old = service.start_attempt(user, course, "kuis")
    old_item_id = old.item_id
    import_paths([write_quiz_course(questions=CHANGED)])
    db.session.expire_all()
    new_item = service.quiz_item(course, "kuis")
    assert new_item.id != old_item_id
    service.submit(old, user, answers(old, option_id))
    assert old.score == 100.0 and old.item_id == old_item_id
    prompt = service.results_for(old)["questions"][0]["prompt_html"]
    assert "sekarang" not in prompt
    fresh = service.start_attempt(other, course, "kuis")
    assert fresh.item_id == new_item.id
    service.submit(fresh, other, answers(fresh, option_id))
    assert fresh.score == pytest.approx(60.0)  # Jakarta and 20 are wrong now
    assert db.session.get(CourseItem, old_item_id) is not None
