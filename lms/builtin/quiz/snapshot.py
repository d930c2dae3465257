"""An attempt's drawn questions: the draw, the snapshot, what the learner may see, and the
checking of the answers sent back.

The snapshot keeps everything an attempt needs for the rest of its life (the question with its
fractions, its stored HTML, and the order of options/items/choices shown), so later imports of
the course never change an attempt that has started. Only :func:`public_attempt` output ever
leaves the server before submission: ids, HTML of prompts and options, never fractions,
accepted answers or feedback.
"""

from __future__ import annotations

import random
from dataclasses import fields
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from markupsafe import escape

from lms.builtin.quiz.kinds import KindRegistry, registry_from_plugins
from lms.builtin.quiz.questions import Question
from lms.builtin.quiz.settings import QuizSettings
from lms.plugins import LearningError

_EXTENSION = "lms.quiz.kinds"


class QuizError(LearningError):
    """A quiz rule refused the action; ``code`` as in :class:`LearningError`
    (``not_found``, ``denied``, ``conflict``, ``invalid``)."""


def kind_registry() -> KindRegistry:
    """The app's question-kind registry: every plugin's ``lms_quiz_question_kinds`` (the quiz
    plugin's own built-in kinds come the same way), built once per app."""
    registry = current_app.extensions.get(_EXTENSION)
    if registry is None:
        registry = registry_from_plugins(current_app.extensions["lms.host"].pm)
        current_app.extensions[_EXTENSION] = registry
    return registry


def settings_from(data: dict[str, Any]) -> QuizSettings:
    """QuizSettings from a stored dict (unknown keys of later versions are ignored)."""
    known = {f.name for f in fields(QuizSettings)}
    return QuizSettings(**{k: v for k, v in (data or {}).items() if k in known})


# --------------------------------------------------------------------------- draw


def draw_questions(content: dict[str, Any], settings: QuizSettings,
                   rng: random.Random) -> list[dict[str, Any]]:
    """Draw ``questions_per_attempt`` questions (all by default), order them, order their
    options, and return the snapshot entries: ``{"question", "rendered", "view"}``.

    Drawn questions keep the file's order unless ``shuffle_questions``; options follow the
    kind's rule (``shuffle_options``; true/false never; matching choices always).
    """
    registry = kind_registry()
    questions = [Question.from_dict(d) for d in content.get("questions", [])]
    rendered = content.get("rendered", {})
    indices = list(range(len(questions)))
    wanted = settings.questions_per_attempt
    if wanted and wanted < len(indices):
        indices = sorted(rng.sample(indices, wanted))
    if settings.shuffle_questions:
        rng.shuffle(indices)
    entries = []
    for index in indices:
        question = questions[index]
        view = registry.public_view(question, rng, shuffle_options=settings.shuffle_options)
        entries.append({
            "question": question.to_dict(),
            "rendered": rendered.get(question.id, {}),
            "view": {
                "options": [o["id"] for o in view.get("options", [])],
                **({"items": [i["id"] for i in view["items"]]} if "items" in view else {}),
                **({"choices": list(view["choices"])} if "choices" in view else {}),
            },
        })
    return entries


def snapshot_questions(entries: list[dict[str, Any]]) -> list[Question]:
    return [Question.from_dict(e["question"]) for e in entries]


# --------------------------------------------------------------------------- what the learner sees


def _option_html(question: Question, rendered: dict[str, Any], option_id: str) -> str:
    option = next((o for o in question.options if o.id == option_id), None)
    if option is None:
        return ""
    if question.kind == "true_false":
        return str(escape({"true": _("Benar"), "false": _("Salah")}.get(option.text, option.text)))
    html = rendered.get("options", {}).get(option_id, {}).get("html")
    return html if html is not None else str(escape(option.text))


def public_question(entry: dict[str, Any], number: int) -> dict[str, Any]:
    """One drawn question as the browser and the API may see it before submission."""
    question = Question.from_dict(entry["question"])
    rendered = entry.get("rendered", {})
    view = entry.get("view", {})
    public: dict[str, Any] = {
        "id": question.id,
        "number": number,
        "type": question.kind,
        "points": question.points,
        "prompt_html": rendered.get("prompt") or str(escape(question.prompt)),
        "options": [{"id": oid, "html": _option_html(question, rendered, oid)}
                    for oid in view.get("options", [])],
    }
    if "items" in view:
        pairs = {p.id: p for p in question.pairs}
        public["left_items"] = [
            {"id": pid, "html": rendered.get("pairs", {}).get(pid, {}).get("left")
             or str(escape(pairs[pid].left if pid in pairs else ""))}
            for pid in view["items"]
        ]
        public["choices"] = list(view.get("choices", []))
    return public


def public_questions(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [public_question(entry, n) for n, entry in enumerate(entries, start=1)]


# --------------------------------------------------------------------------- answers sent back


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _json_shape(value: Any) -> bool:
    if isinstance(value, str):
        return True
    if isinstance(value, list):
        return all(isinstance(v, str) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
    return value is None


def clean_answers(entries: list[dict[str, Any]], answers: Any) -> dict[str, Any]:
    """Check answers against the attempt's questions: ``{question_id: response}``.

    Raises :class:`QuizError` (``invalid``) for anything malformed: not an object, an unknown
    question id, a value of the wrong shape, or a response its kind rejects (an unknown option
    id). Empty values (``[]``, ``""``, ``{}``, ``null``) mean "not answered" and are kept.
    """
    if not isinstance(answers, dict):
        raise QuizError("invalid", _("Jawaban harus berupa objek {id soal: jawaban}."))
    registry = kind_registry()
    by_id = {e["question"]["id"]: e for e in entries}
    cleaned: dict[str, Any] = {}
    for question_id, value in answers.items():
        entry = by_id.get(question_id) if isinstance(question_id, str) else None
        if entry is None:
            raise QuizError("invalid", _("Soal %(id)s tidak ada di percobaan ini.", id=question_id))
        if not _json_shape(value):
            raise QuizError("invalid", _("Jawaban soal %(id)s tidak valid.", id=question_id))
        if _empty(value):
            cleaned[question_id] = value
            continue
        question = Question.from_dict(entry["question"])
        if question.kind in registry and not registry.get(question.kind).validate_response(question, value):
            raise QuizError("invalid", _("Jawaban soal %(id)s tidak valid.", id=question_id))
        cleaned[question_id] = value
    return cleaned


def widget_of(public: dict[str, Any]) -> str:
    """How the page asks for a response: radio, checkbox, matching, number, text, or none (an
    ungraded description or essay imported from GIFT: shown, never answered)."""
    if public["type"] == "text":
        return "none"
    if public["type"] == "multiple":
        return "checkbox"
    if public.get("left_items") is not None:
        return "matching"
    if public["options"]:
        return "radio"
    if public["type"] == "numeric":
        return "number"
    return "text"


def answers_from_form(entries: list[dict[str, Any]], form: dict[str, list[str]]) -> dict[str, Any]:
    """The full state of the attempt form (``request.form.to_dict(flat=False)``) as answers.

    Field names: ``a:<question id>`` (one value, or several for checkboxes) and
    ``a:<question id>:<pair id>`` for matching. A question without a field is unanswered
    (so unticking every checkbox clears the answer).
    """
    answers: dict[str, Any] = {}
    for number, entry in enumerate(entries, start=1):
        public = public_question(entry, number)
        name = f"a:{public['id']}"
        values = [v for v in form.get(name, []) if isinstance(v, str)]
        widget = widget_of(public)
        if widget == "checkbox":
            answers[public["id"]] = list(dict.fromkeys(values))
        elif widget == "radio":
            answers[public["id"]] = values[:1]
        elif widget == "matching":
            chosen = {}
            for item in public["left_items"]:
                picked = [v for v in form.get(f"{name}:{item['id']}", []) if v]
                if picked:
                    chosen[item["id"]] = picked[0]
            answers[public["id"]] = chosen
        else:
            answers[public["id"]] = values[0] if values else ""
    return answers


def unanswered_numbers(entries: list[dict[str, Any]], answers: dict[str, Any]) -> list[int]:
    """The numbers (1-based, as the page shows them) of the questions left without an answer
    (a matching question counts when any of its statements has no pick); questions that are
    only read (no widget) never count."""
    missing = []
    for number, entry in enumerate(entries, start=1):
        public = public_question(entry, number)
        widget = widget_of(public)
        if widget == "none":
            continue
        answer = answers.get(public["id"])
        if widget == "matching":
            empty = not isinstance(answer, dict) or len(answer) < len(public["left_items"])
        elif isinstance(answer, list):
            empty = not answer
        else:
            empty = not str(answer or "").strip()
        if empty:
            missing.append(number)
    return missing
