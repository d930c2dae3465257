"""Item analysis: facility and discrimination checked against a hand-computed example,
option frequencies, flags, and questions followed by id across revisions."""

from __future__ import annotations

import random

import pytest

from lms.builtin.quiz import attempts
from lms.builtin.quiz.analysis import AttemptRow, analyse, analyse_rows, pearson
from lms.core.services import authoring, learning


def row(*fractions: float, answers: dict | None = None) -> AttemptRow:
    """An attempt of one-point questions q1, q2, ... with these fractions."""
    questions = [{"id": f"q{n}", "graded": True, "points": 1.0, "earned": f, "fraction": f}
                 for n, f in enumerate(fractions, start=1)]
    earned = sum(fractions)
    return AttemptRow(answers or {}, {"earned": earned, "total": float(len(fractions)), "questions": questions},
                      100 * earned / len(fractions))


# Five learners, three one-point questions (1 = right, 0 = wrong):
#
#        q1 q2 q3 | total
#    A    1  1  1 |   3
#    B    1  1  0 |   2
#    C    1  0  0 |   1
#    D    0  1  0 |   1
#    E    1  0  1 |   2
#
# facility: q1 = 4/5 = 0.8, q2 = 3/5 = 0.6, q3 = 2/5 = 0.4
# discrimination (Pearson r of the question against the mean of the two other questions):
#   q3: x = (1,0,0,0,1), rest = (1,1,.5,.5,.5); mean .4 and .7;
#       sum dx*dr = .18-.12+.08+.08-.12 = .10; sum dx^2 = 1.2; sum dr^2 = .30
#       r = .10 / sqrt(1.2 * .30) = .10 / .6 = 0.1667
#   q2: x = (1,1,0,1,0), rest = (1,.5,.5,0,1); means .6 and .6;
#       sum dx*dr = .16-.04+.06-.24-.24 = -.30; sum dx^2 = 1.2; sum dr^2 = .70
#       r = -.30 / sqrt(.84) = -0.3273  -> flagged "negative"
#   q1: x = (1,1,1,0,1), rest = (1,.5,0,.5,.5); sum dx*dr = .1+0-.1+0+0 = 0 -> r = 0
HAND = [row(1, 1, 1), row(1, 1, 0), row(1, 0, 0), row(0, 1, 0), row(1, 0, 1)]


def test_facility_and_discrimination_match_the_hand_computed_example() -> None:
    result = analyse_rows(HAND, {})
    stats = result.by_id()
    assert result.attempts == 5 and result.mean_score == pytest.approx(60.0)
    assert [stats[q].facility for q in ("q1", "q2", "q3")] == pytest.approx([0.8, 0.6, 0.4])
    assert stats["q1"].discrimination == pytest.approx(0.0, abs=1e-9)
    assert stats["q2"].discrimination == pytest.approx(-0.30 / 0.84 ** 0.5)
    assert stats["q3"].discrimination == pytest.approx(0.1 / 0.6)
    assert stats["q2"].flags == ["negative"] and stats["q1"].flags == [] and stats["q3"].flags == []


def test_flags_too_easy_too_hard_and_only_from_enough_attempts() -> None:
    stats = analyse_rows([row(1, 0, 1), row(1, 0, 0), row(1, 0, 1), row(1, 0, 0), row(1, 0, 1)], {}).by_id()
    assert stats["q1"].flags == ["easy"] and stats["q1"].discrimination is None  # no variation
    assert stats["q2"].flags == ["hard"]
    few = analyse_rows(HAND[:4], {}).by_id()
    assert all(s.flags == [] for s in few.values())


def test_option_frequencies_and_responses() -> None:
    questions = {"q1": {"id": "q1", "kind": "single", "prompt": "Pilih",
                        "options": [{"id": "oa", "text": "A", "fraction": 1.0}, {"id": "ob", "text": "B", "fraction": 0}]},
                 "q2": {"id": "q2", "kind": "short", "prompt": "Isi", "options": []}}
    rows = [row(1, 1, answers={"q1": ["oa"], "q2": "Dua Puluh"}), row(0, 1, answers={"q1": ["ob"], "q2": "dua  puluh"}),
            row(1, 0, answers={"q1": ["oa"], "q2": ""})]
    stats = analyse_rows(rows, questions).by_id()
    assert [(o.text, o.correct, o.count) for o in stats["q1"].options] == [("A", True, 2), ("B", False, 1)]
    assert stats["q1"].options[0].share == pytest.approx(2 / 3)
    assert stats["q2"].responses == [("dua puluh", 2)] and stats["q2"].unanswered == 1


def test_pearson_edge_cases() -> None:
    assert pearson([1.0], [1.0]) is None
    assert pearson([1.0, 1.0], [0.0, 1.0]) is None
    assert pearson([0.0, 1.0], [0.0, 1.0]) == pytest.approx(1.0)


def take(learner, course, right: bool) -> None:
    attempt = attempts.start_attempt(learner, course, "kuis", rng=random.Random(2))
    answers = {}
    for entry in attempt.questions:
        question = entry["question"]
        if question["options"]:
            answers[question["id"]] = [next(o["id"] for o in question["options"] if (o["fraction"] > 0) == right)]
        else:
            answers[question["id"]] = "20" if right else "10"
    attempts.submit(attempt, learner, answers)


def test_questions_are_followed_by_id_across_revisions(db, course, trainer, make_user) -> None:
    first = make_user()
    learning.enroll(first, course)
    take(first, course, right=True)
    reworded = authoring.file_text(trainer, course, "03-kuis.quiz.md").replace(
        "Apa kepanjangan ASN?", "Apakah kepanjangan dari ASN?").replace("Berapa JP minimal setahun? {#jp}",
                                                                          "JP minimal per tahun?")
    authoring.save_file(trainer, course, "03-kuis.quiz.md", reworded)
    authoring.publish(trainer, course)
    second = make_user()
    learning.enroll(second, course)
    take(second, course, right=False)

    result = analyse(course.id, "kuis")
    stats = result.by_id()
    assert result.attempts == 2
    assert stats["asn"].attempts == 2 and stats["asn"].facility == pytest.approx(0.5)  # same id: both revisions
    assert stats["asn"].prompt == "Apakah kepanjangan dari ASN?"  # the newest wording
    new_id = [q.id for q in result.questions if q.id.startswith("q-")]
    assert stats["jp"].attempts == 1 and stats[new_id[0]].attempts == 1  # reworded without {#id}: a new question
    assert [q.id for q in result.questions][:2] == ["asn", new_id[0]]  # the newest version's order first


def test_the_analysis_page_and_the_editor_show_the_statistics(client, db, course, trainer, make_user, login_as) -> None:
    for right in (True, False, True):
        learner = make_user()
        learning.enroll(learner, course)
        take(learner, course, right)
    login_as(trainer)
    page = client.get("/author/kursus-tulis/analysis/kuis")
    assert page.status_code == 200
    assert "3 percobaan" in page.text and "0,67" in page.text  # facility, in the reader's language
    editor = client.get("/author/kursus-tulis/files/03-kuis.quiz.md")
    assert "Dari 3 percobaan" in editor.text and "dipilih 2×" in editor.text
    assert client.get("/author/kursus-tulis/analysis/pengantar").status_code == 404


def test_statistics_come_from_the_plugin_owning_the_item_type(app, db, course) -> None:
    """Core pages ask ``lms_item_statistics``; the quiz plugin answers for quizzes only (with
    the quiz plugin disabled nobody answers, and the statistics page is a 404)."""
    hook = app.extensions["lms.host"].hook
    ask = {"course_id": course.id, "newest_revision_id": course.draft_revision_id, "first_only": False}
    assert hook.lms_item_statistics(item_key="pengantar", item_type="lesson", **ask) is None
    assert hook.lms_item_statistics(item_key="kuis", item_type="quiz", **ask).item_key == "kuis"


def test_the_course_page_links_statistics_for_types_that_keep_them(client, db, course, trainer, login_as) -> None:
    """``ActivityType.statistics`` (the quiz's), not a type name written into core's template."""
    host = client.application.extensions["lms.host"]
    assert host.activities.has_statistics("quiz") and not host.activities.has_statistics("lesson")
    assert not host.activities.has_statistics("forum")  # a type no longer enabled
    login_as(trainer)
    page = client.get("/author/kursus-tulis/").text
    assert "/author/kursus-tulis/analysis/kuis" in page and "/analysis/pengantar" not in page
