"""``lms demo`` taking a quiz: real attempts through :mod:`lms.builtin.quiz.attempts`, answered
from the question's own data (the kinds grade every candidate; the best is the right answer,
a zero-scoring one the wrong answer), so scores, passes and failures are the quiz's own."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from lms.builtin.quiz import attempts
from lms.builtin.quiz.questions import Question
from lms.builtin.quiz.snapshot import QuizError, kind_registry, settings_from
from lms.plugins import ProgressStatus, progress_of, require_enrollment

#: chance that a learner who knows the matter answers a question right (one who does not: 1 in 3)
KNOWS, GUESSES = 0.95, 0.35


def _candidates(question: Question) -> list[Any]:
    found: list[Any] = [[o.id] for o in question.options]
    if question.options:
        found.append([o.id for o in question.options if o.fraction > 0])
    for answer in question.answers:
        if answer.text is not None and not answer.is_catch_all:
            found.append(answer.text)
        elif answer.value is not None:
            found.append(str(answer.value))
        elif answer.min is not None:
            found.append(str(answer.min))
    if question.real_pairs:
        found.append({p.id: p.right for p in question.real_pairs})
        pairs = list(question.real_pairs)
        found.append({p.id: pairs[(i + 1) % len(pairs)].right for i, p in enumerate(pairs)})
    found.append("?")
    return found


def answer(question: Question, right: bool) -> Any:
    """The best scoring (``right``) or a zero-scoring response among the candidates."""
    try:
        kind = kind_registry().get(question.kind)
    except Exception:  # noqa: BLE001 - a kind of a disabled plugin: leave it unanswered
        return None
    graded = []
    for response in _candidates(question):
        if kind.validate_response(question, response):
            graded.append((kind.grade(question, response).fraction, response))
    if not graded:
        return None
    if right:
        return max(graded, key=lambda g: g[0])[1]
    return min(graded, key=lambda g: g[0])[1]


def play(user: Any, course: Any, item: Any, *, succeed: bool, rng: random.Random, now: datetime) -> bool:
    """Attempts until the quiz is passed (``succeed``) or one failed attempt (not ``succeed``);
    a learner who knows the matter may still fail a first attempt and pass the next."""
    settings = settings_from(item.settings)
    enrollment = require_enrollment(user, course)
    progress = progress_of(enrollment, item.key)
    if progress is not None and progress.status == ProgressStatus.DONE:
        return True  # passed before (a guess that went well)
    moment = now
    for _number in range(settings.max_attempts or 3):
        try:
            attempt = attempts.start_attempt(user, course, item.key, now=moment, rng=rng)
        except QuizError:  # no attempts left
            return False
        chance = KNOWS if succeed else GUESSES
        responses = {}
        for entry in attempt.questions:
            question = Question.from_dict(entry["question"])
            response = answer(question, rng.random() < chance)
            if response is not None:
                responses[question.id] = response
        attempts.submit(attempt, user, responses, now=moment + timedelta(minutes=rng.randint(3, 9)))
        if attempt.passed or not succeed:
            return bool(attempt.passed)
        moment += timedelta(hours=rng.randint(1, 48))
    return False
