"""The Markdown editor of one file: a plain textarea, a preview rendered by the server
through the one markup pipeline, the format's errors with their lines. Without JavaScript the
form saves (or previews) and shows the errors; with ``static/js/editor.js`` the preview and
the errors follow the typing (``POST /author/<slug>/preview``)."""

from __future__ import annotations

import posixpath
from typing import Any

from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.wrappers import Response

from lms.core.diagnostics import InputError
from lms.core.queries import results
from lms.core.services import authoring
from lms.core.services.authoring import AuthoringError, Preview
from lms.web.access import roles_required
from lms.web.authoring.common import editable_course, fail, me
from lms.web.authoring.course import EDITORS
from lms.web.authoring.forms import FileForm


def item_key_of(path: str) -> str | None:
    return None if path == "course.md" or posixpath.basename(path) == "module.md" else path


def _stats(course: Any, preview: Preview | None, path: str) -> Any | None:
    """Per-question statistics of the item (by question id, across revisions), for its editor:
    from the plugin owning the item's type (``lms_item_statistics``), if it keeps any."""
    item = preview.item if preview is not None else None
    if item is None:
        return None
    return results.item_statistics(course, item.key, item.type)


def render_preview(course: Any, preview: Preview, stats: Any | None) -> str:
    """The preview pane: course.md and module.md here; an item's body from its activity type
    (``ActivityType.author_preview``: a quiz's questions with their statistics), else its HTML."""
    item = preview.item
    activity = current_app.extensions["lms.host"].activities.get(item.type) if item is not None else None
    body = activity.author_preview(item.parsed, stats) if activity is not None else None
    return render_template("authoring/_preview.html", course=course, p=preview, item=item,
                           body=Markup(body) if body else None)  # noqa: S704 - the plugin's escaped template


def _format_help(path: str) -> Markup | None:
    """The "Cara menulis" box of this file's activity type (its own formats), if it has one."""
    activity = current_app.extensions["lms.host"].activities.for_filename(path)
    html = activity.author_help(path) if activity is not None else None
    return Markup(html) if html else None  # noqa: S704 - rendered by the plugin's escaped template


def _page(course: Any, path: str, text: str, preview: Preview, base: str, *, status: int = 200,
          saved_errors: list[Any] | None = None, conflict: str | None = None) -> tuple[str, int]:
    stats = _stats(course, preview, path)
    form = FileForm(formdata=None, text=text, base=base)
    diagnostics = saved_errors if saved_errors is not None else preview.diagnostics
    title = preview.item.parsed.title if preview.item else (
        _("Pengaturan kursus (course.md)") if path == "course.md" else path)
    return render_template(
        "authoring/edit.html", course=course, path=path, form=form, title=title, preview=preview,
        preview_html=render_preview(course, preview, stats), diagnostics=diagnostics,
        other_errors=preview.other_errors,
        format_help=_format_help(path),
        draft=authoring.draft_of(course), conflict=conflict,
    ), status


@roles_required(*EDITORS)
def edit(slug: str, path: str) -> tuple[str, int] | Response:
    course = editable_course(slug)
    user = me()
    if request.method == "GET":
        try:
            text = authoring.file_text(user, course, path)
            preview = authoring.preview(user, course, path, text)
        except AuthoringError as exc:
            fail(exc)
        return _page(course, path, text, preview, authoring.text_hash(text.encode()))
    form = FileForm()
    text, base = form.text.data or "", form.base.data or None
    if not form.validate_on_submit():
        return _page(course, path, text, authoring.preview(user, course, path, text), base or "", status=400)
    try:
        if request.form.get("action") == "preview":
            return _page(course, path, text, authoring.preview(user, course, path, text), base or "")
        result = authoring.save_file(user, course, path, text, base=base)
    except AuthoringError as exc:
        if exc.code != "conflict":
            fail(exc)
        current = authoring.text_hash(authoring.file_text(user, course, path).encode())
        return _page(course, path, text, authoring.preview(user, course, path, text), current, status=409,
                     conflict=exc.message)
    except InputError as exc:
        errors = [authoring.relative(d, course.slug) for d in exc.diagnostics]
        preview = authoring.preview(user, course, path, text)
        mine = [d for d in errors if d.path == path]
        preview.other_errors = [d for d in errors if d.path != path and d.level == "error"]
        return _page(course, path, text, preview, base or "", status=422, saved_errors=mine)
    flash(_("Tersimpan di draf.") if result.changed else _("Tidak ada perubahan."), "success")
    return redirect(url_for("author.edit", slug=course.slug, path=path))


@roles_required(*EDITORS)
def live_preview(slug: str) -> tuple[Response, int]:
    """``{path, text}`` (JSON or form) -> ``{ok, html, diagnostics, other_errors}``; nothing is
    stored. ``html`` is null while the file has errors (the page keeps the last preview)."""
    course = editable_course(slug)
    data = request.get_json(silent=True) if request.is_json else request.form
    if not isinstance(data, dict) and not hasattr(data, "get"):
        return jsonify(error=_("Permintaan tidak valid.")), 400
    path, text = data.get("path"), data.get("text")
    if not isinstance(path, str) or not isinstance(text, str):
        return jsonify(error=_("Permintaan tidak valid.")), 400
    try:
        preview = authoring.preview(me(), course, path, text)
    except AuthoringError as exc:
        return jsonify(error=exc.message), {"not_found": 404, "denied": 403}.get(exc.code, 422)
    html = render_preview(course, preview, _stats(course, preview, path)) if preview.ok else None
    return jsonify(
        ok=preview.ok, html=html,
        diagnostics=[{"line": d.line, "message": d.message, "level": d.level} for d in preview.diagnostics],
        other_errors=[str(d) for d in preview.other_errors[:20]],
    ), 200
