"""The survey activity type (``.survey.md``): feedback, not graded; anonymous to trainers
unless it says ``anonymous: false``; ``required: true`` makes course completion wait for it."""

from __future__ import annotations

from dataclasses import asdict

from flask_babel import gettext as _

from lms.builtin.survey.format import parse_survey
from lms.core.diagnostics import Diagnostics
from lms.plugins.activity import ActivityType, ItemContext, ParsedItem


class Survey(ActivityType):
    name = "survey"
    suffixes = (".survey.md",)
    completion = "submit"

    def label(self) -> str:
        return _("Survei")

    def parse(self, source: str, ctx: ItemContext, diagnostics: Diagnostics) -> ParsedItem | None:
        definition = parse_survey(source, ctx.path, diagnostics)
        if definition is None:
            return None
        title = definition.settings.title or definition.title or ctx.key.rsplit("/", 1)[-1].replace("-", " ").capitalize()
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
            settings={"required": definition.settings.required, "anonymous": definition.settings.anonymous},
            content={"intro_html": ctx.render(definition.intro).html if definition.intro.strip() else "",
                     "questions": questions},
            required=definition.settings.required,
        )
