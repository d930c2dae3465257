"""The editor's preview of a quiz (``Quiz.author_preview``): its settings, intro and questions
with the correct answers marked, and each question's statistics when there are attempts
(``lms_item_statistics``: :mod:`lms.builtin.quiz.analysis`)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import escape

from lms.plugins import render_fragment

#: The item-analysis flags (:mod:`lms.builtin.quiz.analysis`) in words.
FLAG_LABELS = {"easy": _l("Terlalu mudah"), "hard": _l("Terlalu sulit"), "negative": _l("Daya beda negatif")}


def _answer_text(answer: dict[str, Any]) -> str:
    if answer.get("text") is not None:
        return str(answer["text"])
    if answer.get("min") is not None and answer.get("max") is not None:
        return f"{answer['min']:g}–{answer['max']:g}"
    if answer.get("value") is not None:
        tolerance = answer.get("tolerance") or 0
        return f"{answer['value']:g} ± {tolerance:g}" if tolerance else f"{answer['value']:g}"
    return ""


def quiz_questions(content: dict[str, Any]) -> list[dict[str, Any]]:
    """The questions of a parsed quiz as the preview shows them, correct answers marked."""
    rendered_all = content.get("rendered", {})
    shown = []
    for number, question in enumerate(content.get("questions", []), start=1):
        rendered = rendered_all.get(question["id"], {})
        options = []
        for option in question.get("options", []):
            html = rendered.get("options", {}).get(option["id"], {}).get("html")
            if question.get("kind") == "true_false":
                html = escape(_("Benar") if option["text"] == "true" else _("Salah"))
            options.append({"id": option["id"], "html": html if html is not None else escape(option["text"]),
                            "fraction": option.get("fraction", 0), "correct": option.get("fraction", 0) > 0,
                            "feedback_html": rendered.get("options", {}).get(option["id"], {}).get("feedback", "")})
        shown.append({
            "number": number, "id": question["id"], "kind": question.get("kind"), "points": question.get("points", 1),
            "line": question.get("line", 0),
            "prompt_html": rendered.get("prompt") or escape(question.get("prompt", "")),
            "options": options,
            "answers": [_answer_text(a) for a in question.get("answers", [])
                        if a.get("fraction", 1) > 0 and a.get("text") != "*"],
            "pairs": [(rendered.get("pairs", {}).get(p["id"], {}).get("left") or escape(p["left"]), p["right"])
                      for p in question.get("pairs", []) if p.get("left")],
            "feedback_html": rendered.get("feedback", ""),
        })
    return shown


def render(parsed: Any, statistics: Any | None) -> str:
    return render_fragment("quiz/_preview.html", settings=parsed.settings, content=parsed.content,
                           questions=quiz_questions(parsed.content),
                           stats=statistics.by_id() if statistics else {}, flag_labels=FLAG_LABELS)
