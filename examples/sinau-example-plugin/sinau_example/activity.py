"""The activity type ``sesi``: a classroom session (``NN-nama.sesi.md``).

Front matter: ``title``, ``jp`` (the session's hours, > 0), ``date`` (YYYY-MM-DD, optional),
``place`` (optional); the body says what to bring. The learner cannot mark it done: the trainer
confirms attendance (completion mode ``trainer``), and then the session's JP count.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _

from lms.plugins import TRAINER_COMPLETION, ActivityType, ItemView, ParsedItem, render_fragment, split_front_matter

TYPE = "sesi"
KEYS = ("title", "jp", "date", "place")


class Session(ActivityType):
    name = TYPE
    suffixes = (".sesi.md",)
    completion = TRAINER_COMPLETION
    stylesheets = ("kelas.css",)  # linked by the item page (the plugin's own static/ folder)

    def label(self) -> str:
        return _("Sesi tatap muka")

    def parse(self, source: str, ctx: Any, diagnostics: Any) -> ParsedItem | None:
        doc = split_front_matter(source, ctx.path, diagnostics)
        meta: dict[str, Any] = doc.meta
        ok = True

        def error(key: str, message: str) -> None:
            nonlocal ok
            diagnostics.error(ctx.path, doc.key_lines.get(key, 1), message)
            ok = False

        for key in meta:
            if key not in KEYS:
                error(str(key), _("pengaturan sesi tidak dikenal: %(key)s", key=key))
        jp = meta.get("jp")
        if isinstance(jp, bool) or not isinstance(jp, int | float) or jp <= 0:
            error("jp", _("jp sesi harus angka lebih dari 0, bukan %(value)s", value=jp))
        day = meta.get("date")
        if isinstance(day, str):
            try:
                day = date.fromisoformat(day)
            except ValueError:
                day = None
                error("date", _("date harus berbentuk TTTT-BB-HH, misalnya 2026-12-10"))
        elif day is not None and not isinstance(day, date):
            error("date", _("date harus berbentuk TTTT-BB-HH, misalnya 2026-12-10"))
        title = str(meta.get("title") or "").strip() or ctx.key.rsplit("/", 1)[-1].replace("-", " ").capitalize()
        rendered = ctx.render(doc.body)
        if not ok:
            return None
        return ParsedItem(
            title=title, minutes=int(round(float(jp) * 45)),  # 1 JP = 45 minutes
            settings={"jp": float(jp), "date": day.isoformat() if isinstance(day, date) else None,
                      "place": str(meta.get("place") or "")},
            content={"html": rendered.html}, refs=rendered.refs)

    def render(self, view: ItemView) -> str:
        done = view.progress is not None and view.progress.status == "done"
        settings = view.item.settings or {}
        day = date.fromisoformat(settings["date"]) if settings.get("date") else None
        return render_fragment("kelas/session.html", view=view, item=view.item, done=done, day=day,
                               place=settings.get("place") or "", jp=settings.get("jp") or 0)

    def public_content(self, item: Any) -> dict[str, Any]:
        settings = item.settings or {}
        return {"html": item.content.get("html", ""), "jp": settings.get("jp"), "date": settings.get("date"),
                "place": settings.get("place")}
