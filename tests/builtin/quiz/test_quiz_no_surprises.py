"""Quizzes never cost a learner by surprise: unanswered questions are asked about before
sending, a retake that can lower a passing score says so and asks, a pass leads on, and every
page shows the same counted score."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from lms.builtin.quiz.models import Attempt, AttemptStatus
from lms.core.models.base import utcnow
from lms.extensions import db as _db
from lms.testing.helpers import csrf_from

THREE = """\
## Satu tambah satu? {#satu}
- [x] Dua
- [ ] Tiga

## Dua tambah dua? {#dua}
- [x] Empat
- [ ] Lima

## Tiga tambah tiga? {#tiga}
- [x] Enam
- [ ] Tujuh
"""


def _start(client, course, **extra):
    page = client.get(f"/courses/{course.slug}/kuis")
    return client.post(f"/quiz/{course.slug}/kuis/start", data={"csrf_token": csrf_from(page.text), **extra})


def _attempt_id(response) -> int:
    return int(re.fullmatch(r"/quiz/attempts/(\d+)", response.headers["Location"]).group(1))


def _option(attempt: Attempt, question: str, text: str) -> str:
    entry = next(e for e in attempt.questions if e["question"]["id"] == question)
    return next(o["id"] for o in entry["question"]["options"] if o["text"] == text)


def _answer(client, attempt_id: int, right: int, **extra):
    """Answer the three questions, the first ``right`` of them correctly."""
    page = client.get(f"/quiz/attempts/{attempt_id}").text
    attempt = _db.session.get(Attempt, attempt_id)
    picks = [("satu", "Dua", "Tiga"), ("dua", "Empat", "Lima"), ("tiga", "Enam", "Tujuh")]
    data = {"csrf_token": csrf_from(page), **extra}
    for n, (question, good, bad) in enumerate(picks):
        data[f"a:{question}"] = _option(attempt, question, good if n < right else bad)
    return client.post(f"/quiz/attempts/{attempt_id}/submit", data=data)


def test_unanswered_questions_are_asked_about_and_the_answers_kept(client, db, make_quiz_course, learner,
                                                                   login_as) -> None:
    course = make_quiz_course(questions=THREE)
    login_as(learner(course))
    attempt_id = _attempt_id(_start(client, course))
    page = client.get(f"/quiz/attempts/{attempt_id}").text
    assert "data-confirm-unanswered=" in page  # quiz.js asks before sending
    attempt = _db.session.get(Attempt, attempt_id)
    first = _option(attempt, "satu", "Dua")
    response = client.post(f"/quiz/attempts/{attempt_id}/submit",
                           data={"csrf_token": csrf_from(page), "a:satu": first})
    assert response.status_code == 200  # the server's own question, without JavaScript
    assert "Masih ada soal yang belum dijawab" in response.text and "2 dari 3 soal belum dijawab" in response.text
    assert f'name="a:satu" value="{first}"' in response.text and 'name="confirmed" value="1"' in response.text
    assert f'href="/quiz/attempts/{attempt_id}#soal-2"' in response.text
    _db.session.expire_all()
    attempt = _db.session.get(Attempt, attempt_id)
    assert attempt.status == AttemptStatus.OPEN and attempt.answers["satu"] == [first]  # kept for going back
    assert f'value="{first}" checked' in client.get(f"/quiz/attempts/{attempt_id}").text
    # "send anyway": graded with what was answered
    sent = client.post(f"/quiz/attempts/{attempt_id}/submit",
                       data={"csrf_token": csrf_from(page), "a:satu": first, "confirmed": "1"})
    assert sent.headers["Location"] == f"/quiz/attempts/{attempt_id}/result"
    _db.session.expire_all()
    assert _db.session.get(Attempt, attempt_id).score == 33.33


def test_a_complete_form_is_sent_without_a_question(client, db, make_quiz_course, learner, login_as) -> None:
    course = make_quiz_course(questions=THREE)
    login_as(learner(course))
    attempt_id = _attempt_id(_start(client, course))
    assert _answer(client, attempt_id, 3).headers["Location"] == f"/quiz/attempts/{attempt_id}/result"


def test_when_time_is_up_nothing_is_asked(client, db, make_quiz_course, learner, login_as) -> None:
    course = make_quiz_course({"time_limit_minutes": 5}, questions=THREE)
    login_as(learner(course))
    attempt_id = _attempt_id(_start(client, course))
    page = client.get(f"/quiz/attempts/{attempt_id}").text
    attempt = _db.session.get(Attempt, attempt_id)
    attempt.deadline = utcnow() - timedelta(seconds=1)
    _db.session.flush()
    response = client.post(f"/quiz/attempts/{attempt_id}/submit", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/result")


def test_a_retake_that_can_lower_a_pass_says_so_and_asks(client, db, make_quiz_course, learner, login_as) -> None:
    course = make_quiz_course({"grading": "last", "pass_score": 60, "max_attempts": 3}, questions=THREE)
    login_as(learner(course))
    attempt_id = _attempt_id(_start(client, course))
    _answer(client, attempt_id, 3)
    intro = client.get(f"/courses/{course.slug}/kuis").text
    assert "bisa turun" in intro and "data-confirm=" in intro and "/static/plugins/quiz/confirm.js" in intro
    result = client.get(f"/quiz/attempts/{attempt_id}/result").text
    assert "bisa turun" in result and "data-confirm=" in result
    asked = _start(client, course)  # without JavaScript: the server asks, nothing starts
    assert asked.status_code == 200 and "Ulangi kuis?" in asked.text and "nilai percobaan terakhir" in asked.text
    assert _db.session.scalar(select(func.count()).select_from(Attempt)) == 1
    started = _start(client, course, confirmed="1")
    assert started.status_code == 302 and _attempt_id(started) != attempt_id


def test_with_the_highest_score_counted_a_retake_just_starts(client, db, make_quiz_course, learner,
                                                             login_as) -> None:
    course = make_quiz_course({"pass_score": 60, "max_attempts": 3}, questions=THREE)
    login_as(learner(course))
    _answer(client, _attempt_id(_start(client, course)), 3)
    assert "bisa turun" not in client.get(f"/courses/{course.slug}/kuis").text
    assert _start(client, course).status_code == 302


def test_after_a_pass_the_result_leads_on_not_to_try_again(client, db, make_quiz_course, learner,
                                                           login_as) -> None:
    extra = {"03-penutup.md": "# Penutup\n\nTerima kasih.\n"}
    course = make_quiz_course({"pass_score": 60, "max_attempts": 3}, questions=THREE, extra=extra)
    login_as(learner(course))
    attempt_id = _attempt_id(_start(client, course))
    _answer(client, attempt_id, 2)
    result = client.get(f"/quiz/attempts/{attempt_id}/result").text
    main = result.split("<main", 1)[1]
    primary = re.findall(r'class="button primary[^"]*"[^>]*>(.*?)</(?:a|button)>', main, re.S)
    assert len(primary) == 1 and "Lanjut: Penutup" in primary[0]
    assert 'href="/courses/kursus-kuis/penutup"' in main
    assert "Coba lagi untuk nilai lebih baik" in main  # still offered, as a plain button


def test_a_failed_attempt_keeps_the_remedial_as_the_primary_action(client, db, make_quiz_course, learner,
                                                                   login_as) -> None:
    course = make_quiz_course({"pass_score": 60, "max_attempts": 3}, questions=THREE)
    login_as(learner(course))
    attempt_id = _attempt_id(_start(client, course))
    _answer(client, attempt_id, 1)
    main = client.get(f"/quiz/attempts/{attempt_id}/result").text.split("<main", 1)[1]
    primary = re.findall(r'class="button primary[^"]*"[^>]*>(.*?)</(?:a|button)>', main, re.S)
    assert len(primary) == 1 and "Ikuti remedial" in primary[0]


def test_quiz_page_dashboard_and_transcript_show_the_same_counted_score(client, db, make_quiz_course, learner,
                                                                        login_as) -> None:
    course = make_quiz_course({"pass_score": 60, "max_attempts": 3}, questions=THREE, lesson=False)
    login_as(learner(course))
    first = _attempt_id(_start(client, course))
    _answer(client, first, 2)  # 66.67: passes, and completes the course
    assert client.get(f"/quiz/attempts/{first}/result").headers.get("Location") is None

    def shown() -> dict[str, str]:
        pages = {"quiz": f"/courses/{course.slug}/kuis", "dashboard": "/", "transcript": "/me/transcript",
                 "course": f"/courses/{course.slug}"}
        return {name: re.sub(r"<[^>]+>", " ", client.get(url).text.split("<main", 1)[1]) for name, url in pages.items()}

    for name, text in shown().items():
        assert "66,67" in text, name
    assert "Nilai Anda: 66,67" in shown()["quiz"]
    second = _attempt_id(_start(client, course))  # highest counts: a better retake raises it everywhere
    _answer(client, second, 3)
    now = shown()
    assert "Nilai Anda: 100" in now["quiz"]
    for name in ("dashboard", "transcript", "course"):
        assert "66,67" not in now[name] and re.search(r"\b100\b", now[name]), name


def test_a_full_score_is_not_offered_a_try_for_better(client, db, make_quiz_course, learner, login_as) -> None:
    course = make_quiz_course({"pass_score": 60, "max_attempts": 3}, questions=THREE)
    login_as(learner(course))
    attempt_id = _attempt_id(_start(client, course))
    _answer(client, attempt_id, 3)
    for url in (f"/courses/{course.slug}/kuis", f"/quiz/attempts/{attempt_id}/result"):
        main = client.get(url).text.split("<main", 1)[1]
        assert "Coba lagi" not in main and "Nilai Anda sudah sempurna." in main
        if "result" in url:  # "✓ benar · 1 dari 1 poin", not "benar· 1"
            assert re.search(r"benar</span>\s+<span class=\"meta\">·", main)
