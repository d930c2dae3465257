"""The quiz activity type: ``.quiz.md`` (questions in Markdown) and ``.gift`` (Moodle GIFT).

Parsing belongs to :mod:`markdown_format` and :mod:`gift`; here the parsed questions get their
HTML, rendered once through the one markup pipeline and stored beside the questions. Grading
and the learner's pages live in the attempt modules.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from typing import Any

from flask_babel import gettext as _

from lms.builtin.quiz.definition import QuizDefinition, parse_gift_quiz
from lms.builtin.quiz.markdown_format import parse_quiz_markdown
from lms.builtin.quiz.questions import Question
from lms.plugins import (
    ActivityType,
    Diagnostics,
    EmptyForm,
    ItemContext,
    ItemView,
    ParsedItem,
    render_fragment,
    render_plain,
)


def _html(ctx: ItemContext, text: str, fmt: str | None, *, inline: bool) -> str:
    if not text:
        return ""
    if fmt == "html":
        return ctx.sanitize(text).html
    if fmt == "plain":
        return render_plain(text)
    return (ctx.render_inline if inline else ctx.render)(text).html


def render_question(question: Question, ctx: ItemContext) -> dict[str, Any]:
    """The HTML of a question's prompt, options, answers' feedback, pairs and feedback."""
    return {
        "prompt": _html(ctx, question.prompt, question.prompt_format, inline=False),
        "feedback": _html(ctx, question.feedback, question.prompt_format, inline=False),
        "options": {o.id: {"html": _html(ctx, o.text, o.format or question.prompt_format, inline=True),
                           "feedback": _html(ctx, o.feedback, question.prompt_format, inline=True)}
                    for o in question.options},
        "answers": {a.id: _html(ctx, a.feedback, question.prompt_format, inline=True)
                    for a in question.answers if a.feedback},
        "pairs": {p.id: {"left": _html(ctx, p.left, question.prompt_format, inline=True),
                         "right": render_plain(p.right)}
                  for p in question.pairs},
    }


def quiz_item(definition: QuizDefinition, ctx: ItemContext, extra_files: tuple[str, ...] = ()) -> ParsedItem:
    settings = asdict(definition.settings)
    title = definition.settings.title or definition.title or ctx.key.rsplit("/", 1)[-1].replace("-", " ").capitalize()
    graded = [q for q in definition.questions if q.kind != "text"]
    shown = definition.settings.questions_per_attempt or len(definition.questions)
    minutes = definition.settings.time_limit_minutes or max(1, math.ceil(shown * 1.0))
    return ParsedItem(
        title=title,
        minutes=minutes,
        settings=settings,
        content={
            "intro_html": ctx.render(definition.intro).html if definition.intro.strip() else "",
            "questions": [q.to_dict() for q in definition.questions],
            "rendered": {q.id: render_question(q, ctx) for q in definition.questions},
            "graded_count": len(graded),
        },
        extra_files=extra_files,
    )


class Quiz(ActivityType):
    name = "quiz"
    suffixes = (".quiz.md", ".gift")
    completion = "pass"
    stylesheets = ("quiz.css",)  # lms/builtin/quiz/static/
    statistics = True  # lms_item_statistics: the item analysis of lms/builtin/quiz/analysis.py
    scripts = ("confirm.js",)  # the intro's "start again?" question

    def label(self) -> str:
        return _("Kuis")

    def author_preview(self, parsed: ParsedItem, statistics: Any | None) -> str:
        from lms.builtin.quiz import preview

        return preview.render(parsed, statistics)

    def author_help(self, filename: str) -> str:
        return render_fragment("quiz/_format_help.html", gift=filename.lower().endswith(".gift"))

    def parse(self, source: str, ctx: ItemContext, diagnostics: Diagnostics) -> ParsedItem | None:
        if ctx.path.lower().endswith(".gift"):
            definition = parse_gift_quiz(source, ctx.path, diagnostics)
            return quiz_item(definition, ctx) if definition else None
        definition = parse_quiz_markdown(source, ctx.path, diagnostics, read_sibling=ctx.read_sibling)
        if definition is None:
            return None
        if not definition.questions:
            diagnostics.error(ctx.path, 1, _("kuis ini belum punya soal"))
            return None
        extra = (definition.settings.questions_from,) if definition.settings.questions_from else ()
        return quiz_item(definition, ctx, extra)

    def render(self, view: ItemView) -> str:
        """The intro: rules, previous attempts, and a Start/Resume button (a POST form)."""
        from lms.builtin.quiz.attempts import overview

        summary = overview(view.user, view.course, view.item, view.enrollment.cycle)
        return render_fragment("quiz/intro.html", view=view, item=view.item, summary=summary,
                               settings=summary.settings, form=EmptyForm())

    def play_for_demo(self, user: Any, course: Any, item: Any, *, succeed: bool, rng: Any, now: Any) -> bool:
        from lms.builtin.quiz.demo import play

        return play(user, course, item, succeed=succeed, rng=rng, now=now)

    def public_content(self, item: Any) -> dict[str, Any]:
        settings = item.settings or {}
        questions = len(item.content.get("questions", []))
        return {
            "intro_html": item.content.get("intro_html", ""),
            "pass_score": settings.get("pass_score"),
            "max_attempts": settings.get("max_attempts"),
            "time_limit_minutes": settings.get("time_limit_minutes"),
            "questions_per_attempt": min(settings.get("questions_per_attempt") or questions, questions),
            "grading": settings.get("grading"),
            "show_feedback": settings.get("show_feedback"),
        }
