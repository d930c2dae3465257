"""Item analysis of a quiz: how each question performs across submitted attempts.

Read-only over ``quiz_attempt``. A question is followed by its id across revisions (an
explicit ``{#id}`` or GIFT title keeps it; a reworded question without one is a new question),
because attempts grade against their own snapshots and store a result row per question id.

Per question:

* **facility index**: the mean fraction of the question's points earned (0..1) over the
  attempts that drew it. Above 0.9 it is flagged *too easy*, below 0.2 *too hard*.
* **discrimination index**: the *corrected item-total correlation*: Pearson's r between the
  question's fraction and the fraction of the *rest* of the attempt (earned minus this
  question, over total minus this question's points), so the question is not correlated with
  itself. Learners who do well overall should do well on a good question: r > 0.3 is good,
  near 0 says nothing, r < 0 is flagged *negative* (the strong learners get it wrong: a
  wrong key or an ambiguous prompt). None when it cannot be computed (fewer than two
  attempts, or no variation in either score).
* option choice frequencies (choice questions) and the most frequent responses (short and
  numeric answers).

Flags are raised only from :data:`MIN_ATTEMPTS` attempts on: a few attempts say little.
At most :data:`MAX_ATTEMPTS` of the newest attempts are read (one query, two JSON columns).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from lms.builtin.quiz.models import Attempt, AttemptStatus
from lms.builtin.quiz.questions import normalize_text
from lms.plugins import CourseItem, CourseRevision, db

EASY = 0.9
HARD = 0.2
MIN_ATTEMPTS = 5
MAX_ATTEMPTS = 5000
TOP_RESPONSES = 5


@dataclass
class OptionStat:
    id: str
    text: str
    correct: bool
    count: int = 0
    share: float = 0.0  # of the attempts that drew the question


@dataclass
class QuestionStat:
    id: str
    prompt: str
    kind: str
    attempts: int = 0
    facility: float | None = None
    discrimination: float | None = None
    unanswered: int = 0
    options: list[OptionStat] = field(default_factory=list)
    responses: list[tuple[str, int]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # easy | hard | negative


@dataclass
class QuizAnalysis:
    item_key: str
    attempts: int
    mean_score: float | None
    questions: list[QuestionStat]
    first_only: bool = False

    def by_id(self) -> dict[str, QuestionStat]:
        return {q.id: q for q in self.questions}


@dataclass(frozen=True)
class AttemptRow:
    """What the analysis needs of one submitted attempt."""

    answers: dict[str, Any]
    results: dict[str, Any]
    score: float | None = None


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sxy / math.sqrt(sxx * syy)


def _question_text(question: dict[str, Any]) -> str:
    text = " ".join(str(question.get("title") or question.get("prompt") or "").split())
    return text if len(text) <= 160 else text[:157] + "…"


def analyse_rows(rows: Iterable[AttemptRow], questions: dict[str, dict[str, Any]], item_key: str = "",
                 *, first_only: bool = False) -> QuizAnalysis:
    """The analysis of ``rows``; ``questions`` (id -> ``Question.to_dict()``, newest version)
    gives prompts, kinds and options. Questions no attempt drew are listed without numbers."""
    fractions: dict[str, list[float]] = {}
    pairs: dict[str, tuple[list[float], list[float]]] = {}
    chosen: dict[str, Counter[str]] = {}
    unanswered: Counter[str] = Counter()
    scores: list[float] = []
    count = 0
    for row in rows:
        count += 1
        if row.score is not None:
            scores.append(row.score)
        results = row.results or {}
        earned, total = float(results.get("earned", 0.0)), float(results.get("total", 0.0))
        for entry in results.get("questions", []):
            if not entry.get("graded", True):
                continue
            qid = entry["id"]
            fraction = float(entry.get("fraction", 0.0))
            fractions.setdefault(qid, []).append(fraction)
            rest_points = total - float(entry.get("points", 0.0))
            if rest_points > 0:
                xs, ys = pairs.setdefault(qid, ([], []))
                xs.append(fraction)
                ys.append((earned - float(entry.get("earned", 0.0))) / rest_points)
            response = (row.answers or {}).get(qid)
            counter = chosen.setdefault(qid, Counter())
            if response in (None, "", [], {}):
                unanswered[qid] += 1
            elif isinstance(response, list):
                counter.update(str(r) for r in dict.fromkeys(response))
            elif isinstance(response, str):
                counter[normalize_text(response)] += 1
    ordered = list(questions) + [qid for qid in fractions if qid not in questions]
    stats = []
    for qid in ordered:
        question = questions.get(qid, {})
        stat = QuestionStat(qid, _question_text(question) or qid, question.get("kind", ""))
        values = fractions.get(qid, [])
        stat.attempts = len(values)
        if values:
            stat.facility = sum(values) / len(values)
            stat.discrimination = pearson(*pairs.get(qid, ([], [])))
            stat.unanswered = unanswered[qid]
            counter = chosen.get(qid, Counter())
            options = question.get("options", [])
            if options:
                stat.options = [OptionStat(o["id"], o.get("text", ""), float(o.get("fraction", 0)) > 0,
                                           counter[o["id"]], counter[o["id"]] / len(values)) for o in options]
            else:
                stat.responses = counter.most_common(TOP_RESPONSES)
            if stat.attempts >= MIN_ATTEMPTS:
                if stat.facility > EASY:
                    stat.flags.append("easy")
                if stat.facility < HARD:
                    stat.flags.append("hard")
                if stat.discrimination is not None and stat.discrimination < 0:
                    stat.flags.append("negative")
        stats.append(stat)
    mean = round(sum(scores) / len(scores), 1) if scores else None
    return QuizAnalysis(item_key, count, mean, stats, first_only)


def question_versions(course_id: int, item_key: str,
                      newest_revision_id: int | None = None) -> dict[str, dict[str, Any]]:
    """id -> question, from every revision's version of the quiz (one query). The newest
    version of a question wins; ``newest_revision_id`` (the draft) counts as the newest
    revision. The newest version's questions come first, in its order."""
    rows = db.session.execute(
        select(CourseItem.revision_id, CourseItem.content, CourseRevision.number)
        .join(CourseRevision, CourseRevision.id == CourseItem.revision_id)
        .where(CourseRevision.course_id == course_id, CourseItem.key == item_key, CourseItem.type == "quiz")
    ).all()
    rows.sort(key=lambda r: (r.revision_id == newest_revision_id, r.number))
    found: dict[str, dict[str, Any]] = {}
    for row in rows:  # oldest first: newer versions overwrite
        for question in (row.content or {}).get("questions", []):
            found[question["id"]] = question
    newest = [q["id"] for q in (rows[-1].content or {}).get("questions", [])] if rows else []
    ordered = newest + [qid for qid in found if qid not in newest]
    return {qid: found[qid] for qid in ordered}


def analyse(course_id: int, item_key: str, *, first_only: bool = False,
            newest_revision_id: int | None = None) -> QuizAnalysis:
    """The analysis of the quiz ``item_key`` over its newest submitted attempts (two queries);
    ``first_only``: the first attempt of each learner's cycle (no remedial retakes)."""
    query = (select(Attempt.answers, Attempt.results, Attempt.score)
             .where(Attempt.course_id == course_id, Attempt.item_key == item_key,
                    Attempt.status == AttemptStatus.SUBMITTED)
             .order_by(Attempt.submitted_at.desc(), Attempt.id.desc()).limit(MAX_ATTEMPTS))
    if first_only:
        query = query.where(Attempt.number == 1)
    rows = [AttemptRow(r.answers or {}, r.results or {}, r.score) for r in db.session.execute(query)]
    return analyse_rows(rows, question_versions(course_id, item_key, newest_revision_id), item_key,
                        first_only=first_only)
