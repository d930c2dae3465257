"""The question-kind registry: kinds looked up by name, each name registered once.

There is no global registry: :func:`default_registry` builds a fresh one holding the built-in
kinds, and the quiz plugin exposes it through a hook so other plugins register their kinds
into the app's registry (a duplicate name is an error, never a silent override).
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Any

from lms.builtin.quiz.answer_kinds import MatchingKind, NumericKind, ShortKind, TextKind
from lms.builtin.quiz.choice_kinds import MissingWordKind, MultipleKind, SingleKind, TrueFalseKind
from lms.builtin.quiz.kind_base import Grade, QuestionKind
from lms.builtin.quiz.questions import Question

__all__ = [
    "DuplicateKindError",
    "Grade",
    "KindRegistry",
    "QuestionKind",
    "UnknownKindError",
    "default_registry",
]


class DuplicateKindError(ValueError):
    """Two kinds registered under one name (a plugin clash, found at start-up)."""


class UnknownKindError(LookupError):
    """A question of a kind no enabled plugin provides."""


class KindRegistry:
    def __init__(self, kinds: Iterable[QuestionKind] = ()) -> None:
        self._kinds: dict[str, QuestionKind] = {}
        for kind in kinds:
            self.register(kind)

    def register(self, kind: QuestionKind) -> None:
        if not isinstance(kind, QuestionKind) or not kind.name:
            raise TypeError(f"not a named QuestionKind: {kind!r}")
        if kind.name in self._kinds:
            existing = type(self._kinds[kind.name]).__qualname__
            raise DuplicateKindError(
                f"question kind {kind.name!r} is already registered by {existing}"
            )
        self._kinds[kind.name] = kind

    def get(self, name: str) -> QuestionKind:
        try:
            return self._kinds[name]
        except KeyError:
            raise UnknownKindError(f"unknown question kind {name!r}") from None

    def __contains__(self, name: object) -> bool:
        return name in self._kinds

    def names(self) -> tuple[str, ...]:
        return tuple(self._kinds)

    def grade(self, question: Question, response: Any, *, partial_credit: bool = False) -> Grade:
        return self.get(question.kind).grade(question, response, partial_credit=partial_credit)

    def public_view(
        self, question: Question, rng: random.Random, *, shuffle_options: bool = True
    ) -> dict[str, Any]:
        return self.get(question.kind).public_view(question, rng, shuffle_options=shuffle_options)


def builtin_kinds() -> tuple[QuestionKind, ...]:
    return (SingleKind(), MultipleKind(), TrueFalseKind(), ShortKind(), NumericKind(),
            MatchingKind(), MissingWordKind(), TextKind())


def default_registry() -> KindRegistry:
    """A new registry with the built-in kinds (a new one per call: no shared mutable state)."""
    return KindRegistry(builtin_kinds())


def registry_from_plugins(pm: Any) -> KindRegistry:
    """The kinds every plugin contributes through ``lms_quiz_question_kinds``, in load order;
    a name claimed twice raises :class:`DuplicateKindError` naming both plugins."""
    registry = KindRegistry()
    owner: dict[str, str] = {}
    for impl in pm.hook.lms_quiz_question_kinds.get_hookimpls():  # registration order
        plugin = pm.get_name(impl.plugin) or repr(impl.plugin)
        for kind in impl.function() or ():
            if kind.name in owner:
                raise DuplicateKindError(
                    f"question kind {kind.name!r} of plugin {plugin!r} is already provided by plugin "
                    f"{owner[kind.name]!r}")
            registry.register(kind)
            owner[kind.name] = plugin
    return registry
