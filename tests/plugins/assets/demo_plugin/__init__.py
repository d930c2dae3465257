"""A test plugin with its own ``static/`` folder and an activity type declaring a stylesheet and
a script, registered as a third-party plugin would be (only ``lms.plugins``)."""

from __future__ import annotations

from html import escape

from lms.plugins import ActivityType, ParsedItem, hookimpl


class Poster(ActivityType):
    name = "poster"
    suffixes = (".poster.md",)
    completion = "view"
    stylesheets = ("poster.css",)
    scripts = ("sub/poster.js",)

    def parse(self, source, ctx, diagnostics):  # noqa: ANN001, ANN201
        return ParsedItem(title="Poster", minutes=1, content={"text": source.strip()})

    def render(self, view) -> str:  # noqa: ANN001
        return f'<div class="poster">{escape(view.item.content["text"])}</div>'


@hookimpl
def lms_register_activity_types() -> list[ActivityType]:
    return [Poster()]
