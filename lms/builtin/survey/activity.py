"""The survey activity type (``.survey.md``): feedback, not graded; anonymous to trainers
unless it says ``anonymous: false``; ``required: true`` makes course completion wait for it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from flask import render_template
from flask_babel import gettext as _
from markupsafe import Markup

from lms.builtin.survey.format import parse_survey
from lms.plugins import ActivityType, Diagnostics, EmptyForm, ItemContext, ItemView, ParsedItem, render_fragment

FIELD_PREFIX = "answer-"  # form field of question ``id``: ``answer-<id>``
_FIRST_PARAGRAPH = re.compile(r"^\s*<p>(.*?)</p>\s*(.*)$", re.DOTALL)


def split_prompt(prompt_html: str) -> tuple[Markup | None, Markup]:
    """The question's ``## `` line (its first paragraph) for the ``<legend>``, which may hold
    only phrasing content, and the rest of the prompt for below it."""
    match = _FIRST_PARAGRAPH.match(prompt_html)
    if match and "<p" not in match.group(1):
        return Markup(match.group(1)), Markup(match.group(2).strip())  # noqa: S704 (sanitized on import)
    return None, Markup(prompt_html)  # noqa: S704


@dataclass
class ChoiceField:
    input_id: str
    value: str
    label_html: Markup
    checked: bool


@dataclass
class QuestionField:
    """One question as the template shows it: computed here, never in the template."""

    number: int
    kind: str
    name: str
    anchor: str  # id of the first input (the error summary links to it)
    legend_html: Markup | None
    body_html: Markup
    hint: str = ""
    error: str | None = None
    value: str = ""  # text questions: the kept answer
    choices: list[ChoiceField] = field(default_factory=list)

    @property
    def described_by(self) -> str:
        """Ids of the hint and the error, for the fieldset's ``aria-describedby``."""
        ids = [
            f"{self.anchor}-hint" if self.hint else "",
            f"{self.anchor}-err" if self.error else "",
        ]
        return " ".join(i for i in ids if i)


def question_fields(
    questions: list[dict[str, Any]], answers: Mapping[str, Any], errors: Mapping[str, str]
) -> list[QuestionField]:
    fields: list[QuestionField] = []
    for number, question in enumerate(questions, start=1):
        qid = question["id"]
        base = f"survey-{qid}"
        kept = answers.get(qid)
        legend, body = split_prompt(question.get("prompt_html", ""))
        entry = QuestionField(
            number=number,
            kind=question["kind"],
            name=FIELD_PREFIX + qid,
            anchor=f"{base}-1" if question["kind"] != "text" else f"{base}-text",
            legend_html=legend,
            body_html=body,
            error=errors.get(qid),
        )
        if question["kind"] == "scale":
            low, high = question["scale_min"], question["scale_max"]
            entry.hint = _("%(low)d = paling rendah, %(high)d = paling tinggi", low=low, high=high)
            entry.choices = [
                ChoiceField(f"{base}-{n}", str(v), Markup.escape(v), str(kept) == str(v))
                for n, v in enumerate(range(low, high + 1), start=1)
            ]
        elif question["kind"] == "choice":
            entry.choices = [
                ChoiceField(
                    f"{base}-{n}",
                    option["id"],
                    Markup(option.get("html") or Markup.escape(option["text"])),  # noqa: S704
                    kept == option["id"],
                )
                for n, option in enumerate(question["options"], start=1)
            ]
        else:
            entry.value = kept if isinstance(kept, str) else ""
        fields.append(entry)
    return fields


class Survey(ActivityType):
    name = "survey"
    suffixes = (".survey.md",)
    completion = "submit"
    stylesheets = ("survey.css",)  # lms/builtin/survey/static/

    def label(self) -> str:
        return _("Survei")

    def author_preview(self, parsed: ParsedItem, statistics: Any | None) -> str:
        return render_fragment("survey/_preview.html", content=parsed.content)

    def author_help(self, filename: str) -> str:
        return render_fragment("survey/_format_help.html")

    def parse(self, source: str, ctx: ItemContext, diagnostics: Diagnostics) -> ParsedItem | None:
        definition = parse_survey(source, ctx.path, diagnostics)
        if definition is None:
            return None
        title = (
            definition.settings.title
            or definition.title
            or ctx.key.rsplit("/", 1)[-1].replace("-", " ").capitalize()
        )
        questions = []
        for question in definition.questions:
            data = asdict(question)
            data["prompt_html"] = ctx.render(question.prompt).html
            for option in data["options"]:
                option["html"] = ctx.render_inline(option["text"]).html
            questions.append(data)
        return ParsedItem(
            title=title,
            minutes=max(1, len(questions) // 3),
            settings={
                "required": definition.settings.required,
                "anonymous": definition.settings.anonymous,
            },
            content={
                "intro_html": ctx.render(definition.intro).html if definition.intro.strip() else "",
                "questions": questions,
            },
            required=definition.settings.required,
        )

    def render(self, view: ItemView) -> str:
        return self.render_form(view)

    def render_form(
        self,
        view: ItemView,
        *,
        errors: Mapping[str, str] | None = None,
        answers: Mapping[str, Any] | None = None,
    ) -> str:
        """The survey, or the thank-you state once answered. ``errors`` (per question id) and
        the learner's ``answers`` are given back after a refused submission."""
        from lms.builtin.survey.responses import TEXT_MAX, response_of

        response = response_of(view.enrollment, view.item.key) if view.enrollment else None
        errors = errors or {}
        questions = view.item.content.get("questions", [])
        return render_template(
            "survey/survey.html",
            view=view,
            item=view.item,
            course=view.course,
            response=response,
            errors=errors,
            text_max=TEXT_MAX,
            fields=question_fields(questions, answers or {}, errors),
            anonymous=view.item.settings.get("anonymous", True) is not False,
            required=bool(view.item.required),
            intro_html=Markup(view.item.content.get("intro_html", "")),  # noqa: S704
            form=EmptyForm(),
        )

    def play_for_demo(self, user: Any, course: Any, item: Any, *, succeed: bool, rng: Any, now: Any) -> bool:
        """A learner answers every scale and choice (mostly content: the upper half of a scale)."""
        from lms.builtin.survey.responses import submit_response

        answers: dict[str, Any] = {}
        for question in item.content.get("questions", []):
            if question["kind"] == "scale":
                low, high = question["scale_min"], question["scale_max"]
                answers[question["id"]] = rng.randint((low + high + 1) // 2, high)
            elif question["kind"] == "choice" and question["options"]:
                answers[question["id"]] = rng.choice(question["options"])["id"]
        submit_response(user, course, item.key, answers)
        return True

    def public_content(self, item: Any) -> dict[str, Any]:
        return {
            "intro_html": item.content.get("intro_html", ""),
            "anonymous": item.settings.get("anonymous", True) is not False,
            "questions": [
                {
                    k: q.get(k)
                    for k in ("id", "kind", "prompt_html", "scale_min", "scale_max", "options")
                }
                for q in item.content.get("questions", [])
            ],
        }
