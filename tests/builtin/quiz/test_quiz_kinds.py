"""The kind registry: unique names, lookups, fresh registries, third-party kinds."""

from __future__ import annotations

import random
from typing import Any, ClassVar

import pytest

from lms.builtin.quiz.kind_base import Grade
from lms.builtin.quiz.kinds import (
    DuplicateKindError,
    KindRegistry,
    QuestionKind,
    UnknownKindError,
    default_registry,
)
from lms.builtin.quiz.questions import KINDS, Question


class Poll(QuestionKind):
    name: ClassVar[str] = "poll"

    def validate_response(self, question: Question, response: Any) -> bool:
        return isinstance(response, str)

    def grade(self, question: Question, response: Any, *, partial_credit: bool = False) -> Grade:
        return Grade.of(1.0 if self.validate_response(question, response) else 0.0)

    def public_view(self, question, rng: random.Random, *, shuffle_options: bool = True):
        return super().public_view(question, rng, shuffle_options=shuffle_options)


def test_default_registry_has_every_builtin_kind():
    assert set(default_registry().names()) == set(KINDS)


def test_duplicate_name_is_an_error():
    registry = default_registry()
    with pytest.raises(DuplicateKindError, match="single"):
        registry.register(type(registry.get("single"))())
    registry.register(Poll())
    with pytest.raises(DuplicateKindError, match="poll"):
        registry.register(Poll())


def test_unknown_kind_is_an_error():
    with pytest.raises(UnknownKindError, match="essay"):
        default_registry().get("essay")
    assert "essay" not in default_registry()


def test_registries_are_independent():
    first, second = default_registry(), default_registry()
    first.register(Poll())
    assert "poll" in first and "poll" not in second


def test_a_plugin_kind_grades_through_the_registry():
    registry = KindRegistry([Poll()])
    question = Question(id="q1", kind="poll", prompt="Suka?")
    assert registry.grade(question, "ya").correct
    assert registry.grade(question, 3).fraction == 0.0
    assert registry.public_view(question, random.Random(1))["type"] == "poll"


def test_only_named_kinds_register():
    class Nameless(QuestionKind):
        pass

    with pytest.raises(TypeError):
        KindRegistry().register(Nameless())
    with pytest.raises(TypeError):
        KindRegistry().register("single")  # type: ignore[arg-type]


def test_grade_of_clamps():
    assert Grade.of(1.7) == Grade(1.0, True)
    assert Grade.of(-0.2) == Grade(0.0, False)
    assert Grade.of(0.9999999999).correct
