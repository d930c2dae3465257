"""Numbers, percentages and dates on pages go through the one formatter (lms.web.formatting),
in the reader's language; a wrong answer is never drawn green."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from flask_babel import force_locale

from lms.web.formatting import format_day_month

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("lms/builtin/*/templates/**/*.html")]
#: integers that are not quantities: a year (2026, never "2.026"), a line of a file, a day
NOT_QUANTITIES = {"year", "line", "day"}


def test_templates_format_numbers_through_the_formatter() -> None:
    raw = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for key in re.findall(r"%\((\w+)\)d", text):
            if key not in NOT_QUANTITIES:
                raw.append(f"{path.relative_to(ROOT)}: %({key})d (use %({key})s and |number)")
        raw += [f"{path.relative_to(ROOT)}: {m}" for m in re.findall(r"'%\.\d+f'\|format|strftime\(|\}\}%|\|int \}\}\s*%", text)]
    assert raw == []


@pytest.mark.parametrize(("lang", "expected"), [("id", "3 Des"), ("en", "Dec 3")])
def test_chart_axis_dates(app, lang, expected) -> None:
    with app.test_request_context(), force_locale(lang):
        assert format_day_month(date(2026, 12, 3)) == expected


@pytest.mark.parametrize(("lang", "expected"), [("id", "4 Des 2026 05.49"), ("en", "Dec 4, 2026, 5:49\u202fAM")])
def test_a_moment_names_its_month_in_the_site_time_zone(app, lang, expected) -> None:
    from datetime import datetime

    from lms.web.formatting import format_datetime

    with app.test_request_context(), force_locale(lang):
        assert format_datetime(datetime(2026, 12, 3, 22, 49), "moment") == expected  # stored UTC, shown Jakarta


def test_templates_show_no_numeric_short_moment() -> None:
    assert [str(p.relative_to(ROOT)) for p in TEMPLATES if "datetime('short')" in p.read_text(encoding="utf-8")] == []


@pytest.mark.parametrize(("lang", "minutes", "activities"), [("id", "1.500 menit", "2 aktivitas"),
                                                            ("en", "1,500 min", "2 activities")])
def test_course_facts_in_the_readers_language(client, db, make_user, make_course, login_as, lang, minutes,
                                              activities) -> None:
    login_as(make_user())
    make_course("panjang", {"01-a.md": "---\nminutes: 1450\n---\n# A\n\nIsi.\n",
                            "02-b.md": "---\nminutes: 50\n---\n# B\n\nIsi.\n"}, jp=2.5)
    page = client.get(f"/courses/panjang?lang={lang}").text
    assert minutes in page and activities in page
    assert ("2,5 JP" if lang == "id" else "2.5 JP") in page


def test_item_analysis_draws_only_the_right_answer_green(client, db, make_user, make_course, login_as) -> None:
    from lms.builtin.quiz import attempts
    from lms.core.models import CourseAuthor, Role
    from lms.core.services import learning

    course = make_course("analisis", {"01-kuis.quiz.md": "## Dua tambah dua? {#dua}\n- [x] Empat\n- [ ] Lima\n"})
    trainer = make_user(roles=[Role.TRAINER])
    db.session.add(CourseAuthor(course_id=course.id, user_id=trainer.id))
    for pick in ("Lima", "Lima", "Empat"):
        learner = make_user()
        learning.enroll(learner, course)
        attempt = attempts.start_attempt(learner, course, "kuis")
        option = next(o["id"] for o in attempt.questions[0]["question"]["options"] if o["text"] == pick)
        attempts.submit(attempt, learner, {"dua": [option]})
    login_as(trainer)
    page = client.get("/author/analisis/analysis/kuis").text
    rows = re.findall(r"<tr[^>]*>.*?</tr>", page, re.S)
    wrong = next(r for r in rows if "Lima" in r)
    right = next(r for r in rows if "Empat" in r)
    assert 'class="bar wrong"' in wrong and 'class="bar ok"' in right
    assert "67\u00a0%" in wrong and "33\u00a0%" in right  # the share, as Indonesian writes it
