"""Fixtures of the quiz attempt tests (handed out as fixtures: with ``--import-mode=importlib`` a
test file cannot import this conftest).

* ``make_quiz_course(settings=..., questions=..., lesson=True)`` comes from the plugin
  (``lms.testing.courses``): a small course (a lesson, then a quiz) imported for real, whose
  default questions (``QUIZ_QUESTIONS``) carry tell-tale feedback and answer strings
  (``rahasia-...``) that must never reach the browser before submission.
* ``learner(course)`` makes a user enrolled in the course (the plugin's ``enrolled``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def learner(enrolled: Callable[..., Any]) -> Callable[..., Any]:
    return enrolled


@pytest.fixture
def option_id() -> Callable[[Any, str, str], str]:
    """``option_id(attempt, question_id, text)``: the id of an option by its text."""

    def find(attempt: Any, question_id: str, text: str) -> str:
        for entry in attempt.questions:
            if entry["question"]["id"] == question_id:
                for option in entry["question"]["options"]:
                    if option["text"] == text:
                        return option["id"]
        raise AssertionError(f"no option {text!r} in question {question_id}")

    return find
