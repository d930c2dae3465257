"""The ``scorm`` activity type (``NN-slug.scorm.md``): front matter ``title``, ``package`` (a
SCORM 1.2 zip under the course's ``media/``) and optional ``mastery_score``; the body, in
Markdown, is shown above the player."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup

from lms.builtin.scorm.package import read_package
from lms.plugins import (
    ActivityType,
    Diagnostics,
    ItemContext,
    ItemView,
    ParsedItem,
    Setting,
    allow_frames_from_self,
    media_bytes,
    number_between,
    read_settings,
    render_fragment,
    split_front_matter,
    text_value,
)

SETTINGS = [
    Setting("title", text_value),
    Setting("package", text_value),
    Setting("mastery_score", number_between(0, 100)),
]


class Scorm(ActivityType):
    name = "scorm"
    suffixes = (".scorm.md",)
    completion = "scorm"  # the package's status and score complete it (runtime_data.commit)
    stylesheets = ("scorm.css",)
    scripts = ("scorm12.min.js", "scorm-player.js")

    def label(self) -> str:
        return _("Paket SCORM")

    def parse(self, source: str, ctx: ItemContext, diagnostics: Diagnostics) -> ParsedItem | None:
        doc = split_front_matter(source, ctx.path, diagnostics)
        values = read_settings(doc.meta, doc.key_lines, SETTINGS, ctx.path, diagnostics)
        if "package" in doc.meta and "package" not in values:
            return None  # reported by read_settings
        title = values.get("title") or ctx.key.rsplit("/", 1)[-1].replace("-", " ").capitalize()
        intro = doc.body.strip()
        intro_html = ctx.render(intro).html if intro else ""
        if "package" not in values:
            # A new item added in the editor has no package yet: a warning, so the trainer can
            # upload the zip next; learners see that the module is not ready.
            diagnostics.warning(ctx.path, 1, _("belum ada paket: unggah berkas zip SCORM 1.2 ke media/, lalu tulis "
                                               "'package: media/<nama>.zip'"))
            return ParsedItem(title=title, minutes=1, settings={"mastery_score": values.get("mastery_score")},
                              content={"package": None, "launch": None, "files": 0, "intro_html": intro_html})
        line = doc.key_lines.get("package", 1)
        found = ctx.media(values["package"])
        if found is None:
            diagnostics.error(ctx.path, line, _("paket %(path)s tidak ada di folder media/", path=values["package"]))
            return None
        sha256, data = found
        if not data:  # the editor's preview knows media by hash only
            data = media_bytes(sha256) or b""
        package, problems = read_package(data)
        for problem in problems:
            if problem.where:  # inside the zip: the manifest's own line
                diagnostics.error(f"{values['package']}!{problem.where}", problem.line, problem.message)
            else:
                diagnostics.error(ctx.path, line, f"{values['package']}: {problem.message}")
        if package is None:
            return None
        mastery = values.get("mastery_score", package.mastery_score)
        title = values.get("title") or package.title or title
        return ParsedItem(
            title=title,
            minutes=10,
            settings={"mastery_score": mastery},
            content={
                "package": sha256,
                "launch": package.launch,
                "files": package.files,
                "intro_html": intro_html,
            },
        )

    def render(self, view: ItemView) -> str:
        from lms.builtin.scorm.runtime_data import attempt_of, initial_cmi, percent

        if not view.item.content.get("package"):
            return render_fragment("scorm/not_ready.html", item=view.item,
                                   intro_html=Markup(view.item.content.get("intro_html", "")))  # noqa: S704
        allow_frames_from_self()
        attempt = attempt_of(view.user, view.course, view.item.key) if view.enrollment else None
        return render_fragment(
            "scorm/player.html",
            view=view,
            item=view.item,
            attempt=attempt,
            score=percent(attempt) if attempt else None,
            intro_html=Markup(view.item.content.get("intro_html", "")),  # noqa: S704 (sanitized on import)
            launch_url=url_for("scorm.content", item_id=view.item.id, name=view.item.content["launch"]),
            commit_url=url_for("scorm.commit", slug=view.course.slug, key=view.item.key),
            cmi=initial_cmi(view.user, attempt, view.item),
        )

    def play_for_demo(self, user: Any, course: Any, item: Any, *, succeed: bool, rng: Any, now: Any) -> bool:
        """A learner plays the package through to its check: passing with 75-100, or failing."""
        from lms.builtin.scorm.runtime_data import Commit, commit

        if not item.content.get("package"):
            return False
        score = float(rng.choice([75, 100] if succeed else [25, 50]))
        commit(user, course, item.key, Commit(
            session=f"demo-{rng.randrange(10**8):08d}", lesson_status="passed" if succeed else "failed",
            score_raw=score, score_min=0.0, score_max=100.0, lesson_location="", suspend_data="", exit="",
            session_seconds=float(rng.randint(300, 900))))
        return succeed

    def public_content(self, item: Any) -> dict[str, Any]:
        return {"intro_html": item.content.get("intro_html", ""),
                "mastery_score": (item.settings or {}).get("mastery_score")}
