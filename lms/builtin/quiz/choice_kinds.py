"""Kinds whose response is a choice of option ids: single, multiple, true/false, missing word.

Response shapes (JSON from the browser):

- ``single``, ``true_false``, ``missing_word`` with options: ``[option_id]``
- ``multiple``: ``[option_id, ...]`` (no duplicates; ``[]`` is a valid, empty response)
- ``missing_word`` without options (a GIFT short-answer blank): ``"text"``, as ``short``
"""

from __future__ import annotations

import random
from typing import Any, ClassVar

from flask_babel import gettext as _

from lms.builtin.quiz.answer_kinds import ShortKind
from lms.builtin.quiz.kind_base import (
    ZERO,
    Grade,
    QuestionKind,
    is_str_list,
    option_view,
    ordered,
)
from lms.builtin.quiz.questions import Question


class SingleKind(QuestionKind):
    """One option chosen; it earns its own fraction (1 right, 0 wrong, GIFT weights between)."""

    name: ClassVar[str] = "single"

    def validate_response(self, question: Question, response: Any) -> bool:
        return (
            is_str_list(response)
            and len(response) == 1
            and any(o.id == response[0] for o in question.options)
        )

    def grade(self, question: Question, response: Any, *, partial_credit: bool = False) -> Grade:
        if not self.validate_response(question, response):
            return ZERO
        chosen = next(o for o in question.options if o.id == response[0])
        return Grade.of(chosen.fraction, (chosen.id,))

    def public_view(
        self, question: Question, rng: random.Random, *, shuffle_options: bool = True
    ) -> dict[str, Any]:
        view = super().public_view(question, rng, shuffle_options=shuffle_options)
        options = ordered(list(question.options), rng, shuffle_options)
        view["options"] = [option_view(question, o) for o in options]
        return view


class MultipleKind(SingleKind):
    """Several options chosen.

    ``.quiz.md`` (options right or wrong): all-or-nothing unless the quiz sets
    ``partial_credit``; then ``max(0, right_chosen / n_right - wrong_chosen / n_wrong)``
    (the second term is 0 when there are no wrong options).
    GIFT (``question.weighted``): the sum of the chosen options' weights, clamped to 0..1,
    whatever ``partial_credit`` says, because the file's weights already say how to score.
    """

    name: ClassVar[str] = "multiple"

    def validate_response(self, question: Question, response: Any) -> bool:
        if not is_str_list(response) or len(set(response)) != len(response):
            return False
        ids = {o.id for o in question.options}
        return all(item in ids for item in response)

    def grade(self, question: Question, response: Any, *, partial_credit: bool = False) -> Grade:
        if not self.validate_response(question, response):
            return ZERO
        chosen_ids = set(response)
        chosen = [o for o in question.options if o.id in chosen_ids]
        feedback_ids = tuple(o.id for o in chosen)
        if question.weighted:
            return Grade.of(sum(o.fraction for o in chosen), feedback_ids)
        right = {o.id for o in question.options if o.fraction > 0}
        wrong = {o.id for o in question.options if o.fraction <= 0}
        if not partial_credit:
            return Grade.of(1.0 if chosen_ids == right else 0.0, feedback_ids)
        if not right:
            return Grade.of(0.0, feedback_ids)
        fraction = len(chosen_ids & right) / len(right)
        if wrong:
            fraction -= len(chosen_ids & wrong) / len(wrong)
        return Grade.of(max(0.0, fraction), feedback_ids)


class TrueFalseKind(SingleKind):
    """Two options whose stored texts are ``"true"`` and ``"false"``.

    The view labels them in the learner's language at view time (``Benar``/``Salah``), and
    never shuffles them: true comes first, as learners expect.
    """

    name: ClassVar[str] = "true_false"

    def public_view(
        self, question: Question, rng: random.Random, *, shuffle_options: bool = True
    ) -> dict[str, Any]:
        view = super().public_view(question, rng, shuffle_options=False)
        labels = {"true": _("Benar"), "false": _("Salah")}
        view["options"] = [
            {"id": o.id, "text": labels.get(o.text, o.text), "format": "plain"}
            for o in question.options
        ]
        return view


class MissingWordKind(SingleKind):
    """A GIFT blank in a sentence: a choice (like ``single``) or a typed word (like ``short``)."""

    name: ClassVar[str] = "missing_word"
    _short: ClassVar[ShortKind] = ShortKind()

    def validate_response(self, question: Question, response: Any) -> bool:
        if question.options:
            return super().validate_response(question, response)
        return self._short.validate_response(question, response)

    def grade(self, question: Question, response: Any, *, partial_credit: bool = False) -> Grade:
        if question.options:
            return super().grade(question, response, partial_credit=partial_credit)
        return self._short.grade(question, response, partial_credit=partial_credit)

    def public_view(
        self, question: Question, rng: random.Random, *, shuffle_options: bool = True
    ) -> dict[str, Any]:
        if question.options:
            return super().public_view(question, rng, shuffle_options=shuffle_options)
        view = self._short.public_view(question, rng, shuffle_options=shuffle_options)
        view["type"] = self.name
        return view
