"""The activity type ``session`` (``NN-slug.session.md``): a workshop, bimtek or seminar with
one or more runs (angkatan). The learner signs up for a run on the item page; the item is done
only by attendance (the trainer's register), never by the learner: completion mode ``attendance``."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from lms.builtin.classroom.format import parse_session
from lms.builtin.classroom.times import day_lines, run_label
from lms.plugins import (
    ActivityType,
    Diagnostics,
    EmptyForm,
    ItemContext,
    ItemView,
    ParsedItem,
    may_teach,
    render_fragment,
)

TYPE = "session"


def runs_for_page(content: dict[str, Any]) -> list[dict[str, Any]]:
    """The runs as the pages show them: label and one line per day, computed here."""
    return [
        {**run, "label": run_label(run["id"]), "day_lines": day_lines(run)}
        for run in content.get("runs", [])
    ]


class Session(ActivityType):
    name = TYPE
    suffixes = (".session.md",)
    completion = "attendance"  # only the closed register completes it (never the learner)
    stylesheets = ("classroom.css",)

    def label(self) -> str:
        return _("Sesi tatap muka")

    def parse(self, source: str, ctx: ItemContext, diagnostics: Diagnostics) -> ParsedItem | None:
        definition = parse_session(source, ctx.path, diagnostics)
        if definition is None:
            return None
        title = definition.title or ctx.key.rsplit("/", 1)[-1].replace("-", " ").capitalize()
        runs = [run.to_dict() for run in definition.runs]
        agenda = ctx.render(definition.agenda) if definition.agenda.strip() else None
        return ParsedItem(
            title=title,
            minutes=max(run["minutes"] for run in runs),
            settings={"approval": definition.approval, "min_attendance": definition.min_attendance},
            content={
                "speakers": list(definition.speakers),
                "runs": runs,
                "agenda_html": agenda.html if agenda else "",
            },
            refs=tuple(agenda.refs) if agenda else (),
        )

    def author_preview(self, parsed: ParsedItem, statistics: Any | None) -> str:
        return render_fragment(
            "classroom/_preview.html", content=parsed.content, settings=parsed.settings,
            runs=runs_for_page(parsed.content),
        )

    def author_help(self, filename: str) -> str:
        return render_fragment("classroom/_format_help.html")

    def render(self, view: ItemView) -> str:
        from lms.builtin.classroom.signups import runs_with_seats
        from lms.builtin.classroom.words import state_label

        return render_fragment(
            "classroom/session.html",
            view=view,
            item=view.item,
            course=view.course,
            speakers=view.item.content.get("speakers", []),
            agenda_html=view.item.content.get("agenda_html", ""),
            runs=runs_with_seats(view.course, view.item, view.user),
            state_label=state_label,
            form=EmptyForm(),
            teacher=view.user is not None and view.user.is_authenticated and may_teach(view.user, view.course),
        )

    def public_content(self, item: Any) -> dict[str, Any]:
        return {
            "speakers": item.content.get("speakers", []),
            "runs": item.content.get("runs", []),
            "agenda_html": item.content.get("agenda_html", ""),
        }
