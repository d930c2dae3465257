"""Kinds whose response is typed or matched: short, numeric, matching, and ungraded text.

Response shapes (JSON from the browser):

- ``short``, ``numeric``, ``text``: ``"text"`` (a string)
- ``matching``: ``{pair_id: right_text}``, one entry per left item the learner matched; the
  right texts are those the view lists under ``choices``
"""

from __future__ import annotations

import random
from typing import Any, ClassVar

from lms.builtin.quiz.kind_base import ZERO, Grade, QuestionKind, ordered
from lms.builtin.quiz.numeric import answer_matches, parse_number
from lms.builtin.quiz.questions import Answer, Question, normalize_text

#: Longest typed response graded; longer ones are invalid (and grade 0).
MAX_RESPONSE_CHARS = 10_000


def _is_text(response: Any) -> bool:
    return isinstance(response, str) and len(response) <= MAX_RESPONSE_CHARS


def _graded(question: Question, matches: list[Answer]) -> Grade:
    """The best matching answer's credit; else the GIFT catch-all ``*`` answer's feedback."""
    if matches:
        best = max(matches, key=lambda a: a.fraction)
        return Grade.of(best.fraction, (best.id,))
    catch_all = [a.id for a in question.answers if a.is_catch_all]
    return Grade.of(0.0, tuple(catch_all[:1]))


class ShortKind(QuestionKind):
    """Right when equal to an accepted answer after case folding and whitespace collapsing.

    Several answers may match (GIFT ``=%50%``): the best fraction wins. When both an answer
    and the response are numbers they also compare as numbers, so ``20,0`` matches ``= 20``.
    A GIFT ``*`` answer (Moodle's "anything else") only supplies feedback, never credit.
    """

    name: ClassVar[str] = "short"

    def validate_response(self, question: Question, response: Any) -> bool:
        return _is_text(response)

    def grade(self, question: Question, response: Any, *, partial_credit: bool = False) -> Grade:
        if not self.validate_response(question, response):
            return ZERO
        typed = normalize_text(response)
        number = parse_number(response)
        matches = []
        for answer in question.answers:
            if answer.text is None or answer.is_catch_all:
                continue
            same_number = number is not None and parse_number(answer.text) == number
            if same_number or normalize_text(answer.text) == typed:
                matches.append(answer)
        return _graded(question, matches)


class NumericKind(ShortKind):
    """A number (``,`` or ``.`` decimal mark) within an answer's tolerance or range.

    Best matching fraction wins. GIFT's catch-all ``~#feedback`` answer only supplies the
    feedback for a response no other answer matched; it never earns credit.
    """

    name: ClassVar[str] = "numeric"

    def grade(self, question: Question, response: Any, *, partial_credit: bool = False) -> Grade:
        if not self.validate_response(question, response):
            return ZERO
        number = parse_number(response)
        if number is None:
            return ZERO
        matches = [a for a in question.answers if a.is_numeric and answer_matches(a, number)]
        return _graded(question, matches)


class MatchingKind(QuestionKind):
    """Fraction = correctly matched pairs / pairs; ``feedback_ids`` are the right pairs' ids."""

    name: ClassVar[str] = "matching"

    def validate_response(self, question: Question, response: Any) -> bool:
        if not isinstance(response, dict):
            return False
        ids = {p.id for p in question.real_pairs}
        return all(
            isinstance(key, str) and key in ids and _is_text(value)
            for key, value in response.items()
        )

    def grade(self, question: Question, response: Any, *, partial_credit: bool = False) -> Grade:
        pairs = question.real_pairs
        if not pairs or not self.validate_response(question, response):
            return ZERO
        right = tuple(
            p.id
            for p in pairs
            if p.id in response and normalize_text(response[p.id]) == normalize_text(p.right)
        )
        return Grade.of(len(right) / len(pairs), right)

    def public_view(
        self, question: Question, rng: random.Random, *, shuffle_options: bool = True
    ) -> dict[str, Any]:
        """Left items shuffled like options; right choices always: their order is the key."""
        view = super().public_view(question, rng, shuffle_options=shuffle_options)
        view["items"] = [
            {"id": p.id, "text": p.left, "format": question.prompt_format}
            for p in ordered(list(question.real_pairs), rng, shuffle_options)
        ]
        choices = list(dict.fromkeys(p.right for p in question.pairs))
        view["choices"] = ordered(sorted(choices), rng, True)
        return view


class TextKind(QuestionKind):
    """A GIFT essay or description: shown, never scored."""

    name: ClassVar[str] = "text"
    graded: ClassVar[bool] = False

    def validate_response(self, question: Question, response: Any) -> bool:
        return response is None or _is_text(response)

    def grade(self, question: Question, response: Any, *, partial_credit: bool = False) -> Grade:
        return ZERO
