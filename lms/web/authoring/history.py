"""Revision history, diff between two revisions, roll back, and export as .zip."""

from __future__ import annotations

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from lms.core.diagnostics import InputError
from lms.core.services import authoring
from lms.core.services.authoring import AuthoringError
from lms.web.access import roles_required
from lms.web.accounts.forms import EmptyForm
from lms.web.authoring.common import editable_course, fail, me
from lms.web.authoring.course import EDITORS
from lms.web.params import parse_int


@roles_required(*EDITORS)
def history(slug: str) -> str:
    course = editable_course(slug)
    rows = authoring.history(me(), course)
    return render_template("authoring/history.html", course=course, rows=rows, form=EmptyForm())


def _number(name: str) -> int | None:
    return parse_int(request.args.get(name))


@roles_required(*EDITORS)
def diff(slug: str) -> str:
    course = editable_course(slug)
    rows = authoring.history(me(), course)
    numbers = [r.number for r in rows]
    new = _number("to") or (numbers[0] if numbers else None)
    old = _number("from") or next((n for n in numbers if new is not None and n < new), new)
    if old is None or new is None:
        fail(AuthoringError("not_found", _("Kursus ini belum punya revisi.")))
    try:
        changes = authoring.diff(me(), course, old, new)
    except AuthoringError as exc:
        fail(exc)
    return render_template("authoring/diff.html", course=course, rows=rows, old=old, new=new, changes=changes)


@roles_required(*EDITORS)
def rollback(slug: str, number: int) -> Response | tuple[str, int]:
    course = editable_course(slug)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("author.history", slug=course.slug))
    try:
        revision = authoring.rollback(me(), course, number)
    except AuthoringError as exc:
        if exc.code in ("denied", "not_found"):
            fail(exc)
        flash(exc.message, "error")
        return redirect(url_for("author.history", slug=course.slug))
    except InputError as exc:
        flash(_("Revisi %(n)d tidak bisa diterbitkan lagi: %(error)s", n=number,
                error="; ".join(str(authoring.relative(d, course.slug)) for d in exc.diagnostics[:5])), "error")
        return redirect(url_for("author.history", slug=course.slug))
    flash(_("Isi revisi %(old)d terbit lagi sebagai revisi %(new)d.", old=number, new=revision.number), "success")
    return redirect(url_for("author.history", slug=course.slug))


@roles_required(*EDITORS)
def export(slug: str) -> Response:
    course = editable_course(slug)
    try:
        name, data = authoring.export_zip(me(), course, _number("revision"))
    except AuthoringError as exc:
        fail(exc)
    response = make_response(data)
    response.headers["Content-Type"] = "application/zip"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
