"""What every question kind provides: grading, a browser-safe view, response validation.

Kept apart from :mod:`lms.builtin.quiz.kinds` (the registry) so built-in and third-party
kinds import the base without importing the registry that lists them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, ClassVar

from lms.builtin.quiz.questions import Option, Question

_EPSILON = 1e-9


@dataclass(frozen=True)
class Grade:
    """A graded response: ``fraction`` of the question's points, always within 0..1.

    ``feedback_ids`` are the ids of the options, answers or pairs whose feedback (or, for
    matching, whose "correct" mark) applies to this response, in question order.
    """

    fraction: float
    correct: bool
    feedback_ids: tuple[str, ...] = ()

    @classmethod
    def of(cls, fraction: float, feedback_ids: tuple[str, ...] = ()) -> Grade:
        clamped = min(1.0, max(0.0, fraction))
        return cls(clamped, clamped >= 1.0 - _EPSILON, feedback_ids)


ZERO = Grade(0.0, False)


class QuestionKind:
    """Base of a question kind. Subclasses set ``name`` and implement the three methods.

    Implementations must never raise on a malformed response: whatever the browser sends is
    untrusted, and a response that is not valid grades as 0.
    """

    name: ClassVar[str] = ""
    #: False for kinds that are shown but not scored (GIFT essays and descriptions).
    graded: ClassVar[bool] = True

    def validate_response(self, question: Question, response: Any) -> bool:
        raise NotImplementedError

    def grade(self, question: Question, response: Any, *, partial_credit: bool = False) -> Grade:
        raise NotImplementedError

    def public_view(
        self, question: Question, rng: random.Random, *, shuffle_options: bool = True
    ) -> dict[str, Any]:
        """What the browser may see before submission: never fractions, answers or feedback.

        ``prompt_html`` is left as None: the caller fills it from the stored, sanitised HTML.
        """
        return {
            "id": question.id,
            "type": question.kind,
            "points": question.points,
            "prompt_html": None,
            "options": [],
        }


def option_view(question: Question, option: Option) -> dict[str, Any]:
    """An option as the browser sees it: its id and the source text the caller renders."""
    return {"id": option.id, "text": option.text, "format": option.format or question.prompt_format}


def is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def ordered(items: list[Any], rng: random.Random, shuffle: bool) -> list[Any]:
    items = list(items)
    if shuffle:
        rng.shuffle(items)
    return items
