"""Grading an attempt against its snapshot, and the results a learner may see.

The score is ``100 * earned points / total points of the graded questions``; each question earns
``Grade.fraction * points`` from its kind (``partial_credit`` as the quiz said when the attempt
started). Ungraded kinds (GIFT essays, descriptions) count for nothing either way; an attempt
with no graded question scores 100.
"""

from __future__ import annotations

from typing import Any

from markupsafe import escape

from lms.builtin.quiz.kinds import UnknownKindError
from lms.builtin.quiz.questions import Answer, Question
from lms.builtin.quiz.snapshot import kind_registry, public_question, settings_from

_EPSILON = 1e-9


def grade_entries(entries: list[dict[str, Any]], answers: dict[str, Any], *,
                  partial_credit: bool) -> tuple[float, dict[str, Any]]:
    """``(score, results)`` where ``results`` is stored on the attempt."""
    registry = kind_registry()
    earned = total = 0.0
    rows = []
    for entry in entries:
        question = Question.from_dict(entry["question"])
        response = answers.get(question.id)
        try:
            kind = registry.get(question.kind)
        except UnknownKindError:  # its plugin was disabled: counted, earns nothing
            kind = None
        if kind is not None and not kind.graded:
            rows.append({"id": question.id, "graded": False, "points": 0.0, "earned": 0.0,
                         "fraction": 0.0, "correct": False, "feedback_ids": []})
            continue
        grade = kind.grade(question, response, partial_credit=partial_credit) if kind else None
        fraction = grade.fraction if grade else 0.0
        total += question.points
        earned += fraction * question.points
        rows.append({"id": question.id, "graded": True, "points": question.points,
                     "earned": round(fraction * question.points, 4), "fraction": fraction,
                     "correct": bool(grade and grade.correct),
                     "feedback_ids": list(grade.feedback_ids) if grade else []})
    score = round(100.0 * earned / total, 2) if total > 0 else 100.0
    return score, {"earned": round(earned, 4), "total": total, "questions": rows}


def counted_score(scores: list[float], grading: str) -> float | None:
    """THE score of a quiz for a learner (one cycle), from the scores of the submitted attempts
    oldest first: the last one (``grading: last``) or the highest. The quiz page, the result
    page and what the core records (Belajar Saya, the transcript) all come from here."""
    if not scores:
        return None
    return scores[-1] if grading == "last" else max(scores)


def is_pass(score: float | None, pass_score: float) -> bool:
    return score is not None and score + _EPSILON >= pass_score


# --------------------------------------------------------------------------- what may be shown


def _answer_text(answer: Answer) -> str:
    if answer.text is not None:
        return answer.text
    if answer.min is not None and answer.max is not None:
        return f"{answer.min:g}–{answer.max:g}"
    if answer.value is not None:
        return f"{answer.value:g} ± {answer.tolerance:g}" if answer.tolerance else f"{answer.value:g}"
    return ""


def reveal_question(entry: dict[str, Any], number: int, row: dict[str, Any],
                    response: Any) -> dict[str, Any]:
    """A graded question with its correct answers and feedback (after submission only)."""
    question = Question.from_dict(entry["question"])
    rendered = entry.get("rendered", {})
    public = public_question(entry, number)
    feedback_ids = set(row.get("feedback_ids", []))
    chosen = set(response) if isinstance(response, list) else set()
    by_id = {o.id: o for o in question.options}
    options = []
    for option in public["options"]:
        source = by_id.get(option["id"])
        options.append({
            **option,
            "chosen": option["id"] in chosen,
            "correct": bool(source and source.fraction > 0),
            "feedback_html": rendered.get("options", {}).get(option["id"], {}).get("feedback", "")
            if option["id"] in feedback_ids else "",
        })
    accepted = [_answer_text(a) for a in question.answers if a.fraction > 0 and not a.is_catch_all]
    answer_feedback = [rendered.get("answers", {}).get(a.id, "") for a in question.answers
                       if a.id in feedback_ids]
    revealed: dict[str, Any] = {
        **public,
        "options": options,
        "graded": row.get("graded", True),
        "earned": row.get("earned", 0.0),
        "correct": row.get("correct", False),
        "response": response,
        "accepted_answers": accepted,
        "feedback_html": "".join(
            [h for h in answer_feedback if h] + ([rendered.get("feedback", "")] if rendered.get("feedback") else [])),
    }
    if "left_items" in public:
        rights = {p.id: p.right for p in question.pairs}
        given = response if isinstance(response, dict) else {}
        revealed["left_items"] = [
            {**item, "response": given.get(item["id"], ""), "answer": rights.get(item["id"], ""),
             "correct": item["id"] in feedback_ids}
            for item in public["left_items"]
        ]
    if isinstance(response, str):
        revealed["response_html"] = str(escape(response))
    return revealed


def results_view(attempt: Any, *, reveal: bool) -> dict[str, Any]:
    """The attempt's result: score always; per-question results only when ``reveal``."""
    settings = settings_from(attempt.settings)
    data: dict[str, Any] = {
        "attempt_id": attempt.id,
        "number": attempt.number,
        "score": attempt.score,
        "passed": bool(attempt.passed),
        "late": bool(attempt.late),
        "submitted_at": attempt.submitted_at,
        "pass_score": settings.pass_score,
        "show_feedback": settings.show_feedback,
        "feedback_shown": reveal,
        "questions": [],
    }
    if reveal and attempt.results:
        rows = {r["id"]: r for r in attempt.results.get("questions", [])}
        data["questions"] = [
            reveal_question(entry, n, rows.get(entry["question"]["id"], {}),
                            (attempt.answers or {}).get(entry["question"]["id"]))
            for n, entry in enumerate(attempt.questions, start=1)
        ]
    return data
