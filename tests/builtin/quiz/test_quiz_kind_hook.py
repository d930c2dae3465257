"""Other plugins add question kinds through the quiz plugin's own hook, like its built-ins."""

from pathlib import Path

import pytest

from lms.app import create_app
from lms.builtin.quiz.kind_base import Grade, QuestionKind
from lms.builtin.quiz.kinds import DuplicateKindError, registry_from_plugins
from lms.builtin.quiz.snapshot import kind_registry
from lms.plugins import hookimpl
from lms.plugins.manager import load_plugins
from lms.testing.plugin import settings_for


class Rating(QuestionKind):
    name = "rating"

    def grade(self, question, response, *, partial_credit=False):  # noqa: ANN001, ANN201
        return Grade(fraction=1.0, correct=True)


class RatingPlugin:
    @hookimpl
    def lms_quiz_question_kinds(self):  # noqa: ANN201
        return [Rating()]


def test_builtin_kinds_come_through_the_hook() -> None:
    host = load_plugins(["quiz"])
    assert set(registry_from_plugins(host.pm).names()) == {
        "single", "multiple", "true_false", "short", "numeric", "matching", "missing_word", "text"}


def test_a_plugin_adds_a_kind(tmp_path: Path) -> None:
    app = create_app(settings_for(tmp_path), plugins=[("rating", RatingPlugin())])
    with app.app_context():
        registry = kind_registry()
        assert "rating" in registry and "single" in registry


def test_a_hook_for_quiz_kinds_without_the_quiz_plugin_is_an_unknown_hook() -> None:
    from lms.plugins.errors import PluginError

    with pytest.raises(PluginError, match="unknown hook"):
        load_plugins(["lesson"], extra=[("rating", RatingPlugin())])


def test_two_plugins_claiming_one_kind_name_are_named() -> None:
    class Clash:
        @hookimpl
        def lms_quiz_question_kinds(self):  # noqa: ANN201
            class Single(QuestionKind):
                name = "single"
            return [Single()]

    host = load_plugins(["quiz"], extra=[("clash", Clash())])
    with pytest.raises(DuplicateKindError, match="'single' of plugin 'clash'.*plugin 'quiz'"):
        registry_from_plugins(host.pm)


def test_ungraded_text_items_are_shown_without_an_answer_field() -> None:
    from lms.builtin.quiz.snapshot import widget_of

    assert widget_of({"type": "text", "options": [], "left_items": None}) == "none"
    assert widget_of({"type": "short", "options": [], "left_items": None}) == "text"
