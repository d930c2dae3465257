"""Results of a course: weeks, funnel, score distribution and pass rate, surveys, CSV; a
fixed number of queries whatever the number of learners."""

from __future__ import annotations

import csv
import io
import random
from datetime import UTC, datetime, timedelta

import pytest

from lms.builtin.quiz import attempts
from lms.builtin.survey.responses import submit_response
from lms.core.models import CourseAuthor, Enrollment
from lms.core.queries.results import course_results, learner_rows, week_starts
from lms.core.services import learning
from lms.extensions import db as _db

SURVEY = """---
title: Evaluasi
---
## Materi mudah dipahami. {#mudah}
scale: 1-5

## Saran untuk pengajar {#saran}
text
"""
QUIZ = """---
title: Kuis
pass_score: 60
---
## Dua tambah dua? {#dua}
= 4
"""
FILES = {"01-materi.md": "# Materi\n\nIsi.\n", "02-kuis.quiz.md": QUIZ, "03-evaluasi.survey.md": SURVEY}
NOW = datetime(2025, 3, 12, 5, 0, tzinfo=UTC)  # a Wednesday (12:00 WIB)


@pytest.fixture
def hasil(make_course, trainer, db):
    course = make_course("kursus-hasil", files=dict(FILES), title="Kursus Hasil")
    _db.session.add(CourseAuthor(course_id=course.id, user_id=trainer.id))
    _db.session.flush()
    return course


def quiz(learner, course, answer: str) -> None:
    attempt = attempts.start_attempt(learner, course, "kuis", rng=random.Random(1))
    attempts.submit(attempt, learner, {"dua": answer})


def populate(course, make_user, n: int) -> list:
    """n learners: all read the lesson; the first half pass the quiz and answer the survey."""
    learners = []
    for index in range(n):
        learner = make_user(name=f"Peserta {index:02d}")
        enrollment = learning.enroll(learner, course)
        enrollment.enrolled_at = NOW - timedelta(weeks=index % 3, hours=1)
        learning.mark_done(learner, course, "materi")
        enrollment.last_item_key = "kuis"
        if index < n // 2:
            quiz(learner, course, "4")
            submit_response(learner, course, "evaluasi", {"mudah": index % 5 + 1, "saran": f"Saran {index}"})
        else:
            quiz(learner, course, "5")
        learners.append(learner)
    _db.session.flush()
    return learners


def test_week_starts_are_mondays_in_the_site_time_zone(app) -> None:
    with app.app_context():
        starts = week_starts(2, datetime(2025, 3, 9, 18, 0, tzinfo=UTC))  # Monday 01:00 WIB
    assert starts == [datetime(2025, 3, 2, 17, 0, tzinfo=UTC), datetime(2025, 3, 9, 17, 0, tzinfo=UTC),
                      datetime(2025, 3, 16, 17, 0, tzinfo=UTC)]


def test_results_count_weeks_funnel_and_scores(db, hasil, make_user) -> None:
    populate(hasil, make_user, 6)
    data = course_results(hasil, weeks=4, now=NOW)
    assert (data.enrolled, data.completed) == (6, 3)
    assert [(w.start.isoformat(), w.enrolled) for w in data.weeks] == [
        ("2025-02-17", 0), ("2025-02-24", 2), ("2025-03-03", 2), ("2025-03-10", 2)]
    assert [(s.key, s.done, s.last_seen) for s in data.funnel] == [("materi", 6, 0), ("kuis", 3, 3), ("evaluasi", 3, 0)]
    [score] = data.scores
    assert (score.learners, score.passed, score.pass_rate, score.mean) == (6, 3, 0.5, 50.0)
    assert score.buckets[0] == 3 and score.buckets[9] == 3


def test_the_number_of_queries_does_not_grow_with_learners(db, hasil, make_user, count_queries) -> None:
    populate(hasil, make_user, 2)
    with count_queries() as few:
        course_results(hasil)
        list(learner_rows(hasil))
    populate(hasil, make_user, 8)
    with count_queries() as many:
        course_results(hasil)
        list(learner_rows(hasil))
    assert len(few) == len(many) <= 12


def test_results_page_and_survey_answers_stay_anonymous(client, db, hasil, trainer, make_user, login_as) -> None:
    populate(hasil, make_user, 4)
    login_as(trainer)
    page = client.get("/author/kursus-hasil/results")
    assert page.status_code == 200
    assert "Saran 0" in page.text and "Saran 1" in page.text
    assert "Peserta 00" not in page.text  # the survey is anonymous
    assert "2 dari 4 selesai" in page.text and "Rata-rata" in page.text


def test_csv_export_has_a_row_per_learner_and_no_formulas(client, db, hasil, trainer, make_user, login_as) -> None:
    learners = populate(hasil, make_user, 2)
    learners[0].name = "=HYPERLINK(\"http://evil\")"
    _db.session.flush()
    login_as(trainer)
    response = client.get("/author/kursus-hasil/results.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["nip", "nama", "unit_kerja"] and rows[0][-1] == "nilai:kuis"
    assert len(rows) == 3
    by_nip = {r[0]: r for r in rows[1:]}
    assert by_nip[learners[0].nip][1].startswith("'=HYPERLINK")
    assert by_nip[learners[0].nip][-1] == "100" and by_nip[learners[1].nip][-1] == "0"
    enrollment = _db.session.scalar(_db.select(Enrollment).where(Enrollment.user_id == learners[0].id))
    assert by_nip[learners[0].nip][5] != "" and enrollment.completed_at is not None


def test_the_weekly_chart_leaves_room_for_its_first_and_last_date(client, db, hasil, trainer, login_as) -> None:
    import re

    login_as(trainer)
    page = client.get("/author/kursus-hasil/results").text
    left, width = (float(v) for v in re.search(r'class="results-chart" viewBox="(-?[\d.]+) 0 ([\d.]+) 130"', page).groups())
    chart = page.split('class="results-chart"', 1)[1].split("</svg>", 1)[0]
    ticks = [float(x) for x in re.findall(r'<text x="([\d.]+)" y="126" class="chart-tick"', chart)]
    assert ticks and min(ticks) - left >= 25 and left + width - max(ticks) >= 25  # "30 Nov" is ~50 units wide
    if chart.count('class="bar-enrolled"') > 8:  # many weeks: every third date, so "16 Nov" and "30 Nov" never touch
        assert all(b - a >= 90 for a, b in zip(ticks, ticks[1:], strict=False)), ticks
