"""The quiz's events are the quiz plugin's own hooks (issue #15 item 3): declared in
``lms/builtin/quiz/hookspecs.py``, published through ``lms_add_hookspecs``; core does not know
them, and starts and serves pages with the quiz plugin disabled."""

from __future__ import annotations

from pathlib import Path

import pytest

from lms.app import create_app
from lms.builtin.quiz import attempts as service
from lms.builtin.quiz import hookspecs as quiz_hookspecs
from lms.core import transaction
from lms.plugins import hookimpl, hookspecs
from lms.plugins.errors import PluginError
from lms.plugins.manager import load_plugins
from lms.testing.plugin import settings_for

QUIZ_EVENTS = ("lms_on_attempt_submitted", "lms_on_quiz_graded")


class Listener:
    """A third party's plugin listening to quiz events, with or without the quiz enabled."""

    def __init__(self) -> None:
        self.heard: list[tuple] = []

    @hookimpl(optionalhook=True)
    def lms_on_attempt_submitted(self, attempt_id: int) -> None:
        self.heard.append(("submitted", attempt_id))

    @hookimpl(optionalhook=True)
    def lms_on_quiz_graded(self, attempt_id: int, score: float, passed: bool) -> None:
        self.heard.append(("graded", attempt_id, score, passed))


def test_core_hookspecs_no_longer_declare_quiz_events() -> None:
    for name in QUIZ_EVENTS:
        assert not hasattr(hookspecs, name)
        assert hasattr(quiz_hookspecs, name)


def test_the_quiz_plugin_publishes_its_events() -> None:
    host = load_plugins(["quiz"])
    for name in QUIZ_EVENTS:
        assert getattr(host.hook, name).spec.namespace is quiz_hookspecs


def test_without_the_quiz_its_events_do_not_exist_and_an_optional_listener_still_starts() -> None:
    listener = Listener()
    host = load_plugins(["lesson"], extra=[("listener", listener)])
    for name in QUIZ_EVENTS:
        caller = getattr(host.hook, name)
        assert caller.spec is None  # only the listener's unverified implementation, never called


def test_a_listener_without_optionalhook_is_refused_when_the_quiz_is_disabled() -> None:
    class Strict:
        @hookimpl
        def lms_on_quiz_graded(self, attempt_id, score, passed):  # noqa: ANN001
            pass

    with pytest.raises(PluginError, match="unknown hook"):
        load_plugins(["lesson"], extra=[("strict", Strict())])


def test_core_serves_pages_with_the_quiz_disabled(tmp_path: Path) -> None:
    from lms.extensions import db
    from lms.testing import factories
    from lms.testing.plugin import IsolatedClient

    app = create_app(settings_for(tmp_path, LMS_PLUGINS="lesson,survey"))
    app.test_client_class = IsolatedClient
    assert "quiz" not in app.extensions["lms.host"].names
    with app.app_context():
        db.create_all()
        course = factories.make_course("tanpa-kuis", files={"01-baca.md": "# Baca\n\nIsi.\n"})
        user = factories.make_user()
        slug, user_id = course.slug, user.get_id()
        transaction.commit()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = user_id, True
    for url in ("/", f"/courses/{slug}", "/me"):
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 200, url


def test_a_listener_hears_submission_then_grading_after_the_commit(app, db, make_quiz_course, learner,
                                                                  option_id) -> None:
    host = app.extensions["lms.host"]
    listener = Listener()
    host.pm.register(listener, name="listener")
    try:
        course = make_quiz_course()
        user = learner(course)
        attempt = service.start_attempt(user, course, "kuis")
        answers = {"ibu-kota": [option_id(attempt, "ibu-kota", "Jakarta")],
                   "genap": [option_id(attempt, "genap", t) for t in ("Dua", "Empat")],
                   "jp-minimal": "20", "pi": "3,14"}
        service.submit(attempt, user, answers)
        assert listener.heard == []  # nothing before the commit
        transaction.commit()
        assert listener.heard == [("submitted", attempt.id), ("graded", attempt.id, 100.0, True)]
    finally:
        host.pm.unregister(name="listener")
