"""The lesson activity type: a Markdown page, done when read (``view``) or marked (``manual``)."""

from __future__ import annotations

import difflib
import math
import re
from typing import Any

from flask_babel import gettext as _

from lms.plugins import (
    ActivityType,
    Diagnostics,
    ItemContext,
    ItemView,
    ParsedItem,
    render_fragment,
    split_front_matter,
)

KEYS = ("title", "minutes", "completion")
WORDS_PER_MINUTE = 180  # careful reading of instructional text on a phone
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_OPENING_HEADING = re.compile(r"\A\s*#\s+(.+?)[ \t]*#*[ \t]*(?:\n|\Z)")
_WORD = re.compile(r"\w+")


def estimate_minutes(text: str) -> int:
    return max(1, math.ceil(len(_WORD.findall(text)) / WORDS_PER_MINUTE))


def _closest(key: str) -> str:
    close = difflib.get_close_matches(key, KEYS, n=1)
    return _(" (maksudnya %(key)s?)", key=close[0]) if close else ""


class Lesson(ActivityType):
    name = "lesson"
    suffixes = (".md",)
    completion = "view"
    stylesheets = ("lesson.css",)  # lms/builtin/lesson/static/
    scripts = ("lesson.js",)  # automatic completion, retries, the reading position

    def label(self) -> str:
        return _("Materi")

    def parse(self, source: str, ctx: ItemContext, diagnostics: Diagnostics) -> ParsedItem | None:
        doc = split_front_matter(source, ctx.path, diagnostics)
        meta: dict[str, Any] = doc.meta
        ok = True
        for key in meta:
            if key not in KEYS:
                diagnostics.error(ctx.path, doc.key_lines.get(str(key), 1),
                                  _("pengaturan tidak dikenal: %(key)s", key=key) + _closest(str(key)))
                ok = False
        completion = meta.get("completion", "view")
        if completion not in ("view", "manual", "trainer"):
            diagnostics.error(ctx.path, doc.key_lines.get("completion", 1),
                              _("completion harus view, manual atau trainer, bukan %(value)s", value=completion))
            ok = False
        minutes = meta.get("minutes")
        if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 1):
            diagnostics.error(ctx.path, doc.key_lines.get("minutes", 1),
                              _("minutes harus bilangan bulat positif, bukan %(value)s", value=minutes))
            ok = False
        title = meta.get("title")
        if title is not None and (not isinstance(title, str) or not title.strip()):
            diagnostics.error(ctx.path, doc.key_lines.get("title", 1), _("title tidak boleh kosong"))
            ok = False
        body = doc.body
        opening = _OPENING_HEADING.match(body)
        if opening:
            # The page shows the title as its <h1>: a lesson that opens with its own "# " heading
            # must not repeat it (two identical top headings confuse screen readers).
            title = title or opening.group(1).strip()
            body = body[opening.end():]
        if not title:
            match = _HEADING.search(body)
            title = match.group(1).strip() if match else ctx.key.rsplit("/", 1)[-1].replace("-", " ").capitalize()
        rendered = ctx.render(body)
        if not doc.body.strip():  # nothing at all (a lesson of only its title is a short one)
            diagnostics.warning(ctx.path, doc.body_line, _("materi ini kosong"))
        if not ok:
            return None
        return ParsedItem(
            title=str(title).strip(),
            minutes=int(minutes) if minutes else estimate_minutes(body),
            settings={"completion": completion},
            content={"html": rendered.html},
            refs=rendered.refs,
        )

    def render(self, view: ItemView) -> str:
        done = view.progress is not None and view.progress.status == "done"
        return render_fragment("lesson/lesson.html", view=view, item=view.item, done=done,
                               position=view.progress.position if view.progress else 0,
                               completion=view.item.settings.get("completion", "view"))

    def public_content(self, item: Any) -> dict[str, Any]:
        return {"html": item.content.get("html", "")}
