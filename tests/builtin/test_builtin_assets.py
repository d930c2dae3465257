"""The built-ins' own stylesheets and scripts come from their plugins' static/ folders and are
linked only on the pages that show their items (lesson, quiz, survey)."""

from __future__ import annotations

import re

from lms.testing.helpers import csrf_from


def _linked(html: str) -> list[str]:
    """The plugin files a page links (``plugin/file``), in order."""
    return re.findall(r'(?:href|src)="/static/plugins/([^"?]+)\?v=[0-9a-f]{10}"', html)


def _open(client, url: str) -> str:  # noqa: ANN001
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    for asset in re.findall(r'(?:href|src)="(/static/plugins/[^"]+)"', page.text):
        assert client.get(asset, buffered=True).status_code == 200, asset
    return page.text


def test_a_lesson_links_its_own_files_and_no_quiz_file(client, make_quiz_course, enrolled, login_as) -> None:
    course = make_quiz_course()
    login_as(enrolled(course))
    page = _open(client, f"/courses/{course.slug}/pengantar")
    assert _linked(page) == ["lesson/lesson.css", "lesson/lesson.js"]
    assert 'href="/static/css/learning.css' in page


def test_a_quiz_links_its_stylesheet_and_scripts(client, make_quiz_course, enrolled, login_as) -> None:
    course = make_quiz_course()
    login_as(enrolled(course))
    intro = _open(client, f"/courses/{course.slug}/kuis")
    assert _linked(intro) == ["quiz/quiz.css", "quiz/confirm.js"]
    started = client.post(f"/quiz/{course.slug}/kuis/start", data={"csrf_token": csrf_from(intro)})
    assert started.status_code == 302
    attempt = _open(client, started.headers["Location"])
    assert _linked(attempt) == ["quiz/quiz.css", "quiz/quiz.js"]


def test_a_survey_links_its_stylesheet_also_when_shown_again_with_errors(client, survey_course, enrolled,
                                                                          login_as) -> None:
    course = survey_course()
    login_as(enrolled(course))
    for key in ("pengantar", "inti"):
        client.post(f"/courses/{course.slug}/{key}/done",
                    data={"csrf_token": csrf_from(client.get(f"/courses/{course.slug}/{key}").text)})
    page = _open(client, f"/courses/{course.slug}/evaluasi")
    assert _linked(page) == ["survey/survey.css"]
    form = re.search(r'<form method="post" action="([^"]+)" class="survey-form"', page).group(1)
    again = client.post(form, data={"csrf_token": csrf_from(page)})  # nothing answered: the errors
    assert again.status_code == 422
    assert _linked(again.text) == ["survey/survey.css"]


def test_the_built_ins_files_left_core_static(client) -> None:
    for old in ("/static/js/quiz.js", "/static/js/confirm.js", "/static/js/lesson.js", "/static/css/learn.css"):
        assert client.get(old, buffered=True).status_code == 404, old
