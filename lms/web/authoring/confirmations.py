"""The trainer's confirmation page (``/author/<slug>/confirmations``): the items of a course
completed by a trainer's confirmation, and one button per person waiting. The rule (who may
confirm, which items) is the service's, :mod:`lms.core.services.completion`."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from lms.core.queries import confirmations as queries
from lms.core.services.completion import confirm as confirm_item
from lms.core.services.learning import LearningError
from lms.web.access import roles_required
from lms.web.accounts.forms import EmptyForm
from lms.web.authoring.common import editable_course, me
from lms.web.authoring.course import EDITORS
from lms.web.params import parse_int

STATUS = {"not_found": 404, "denied": 403}


@roles_required(*EDITORS)
def confirmations(slug: str) -> str:
    course = editable_course(slug)
    search = request.args.get("q", "").strip()[:100]
    return render_template("authoring/confirmations.html", course=course, items=queries.awaiting(course, search),
                           search=search, limit=queries.LIMIT)


@roles_required(*EDITORS)
def confirm(slug: str) -> Response:
    course = editable_course(slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    key = request.form.get("key", "")
    user_id = parse_int(request.form.get("user_id"), minimum=1)  # the bounded parser: no overflow
    if user_id is None:
        abort(400, _("Pegawai tidak dikenal."))
    person = queries.person(user_id)
    if person is None:
        abort(404, _("Pegawai tidak dikenal."))
    try:
        confirm_item(me(), person, course, key)
    except LearningError as exc:
        if exc.code in STATUS:
            abort(STATUS[exc.code], exc.message)
        flash(exc.message, "error")
    else:
        flash(_("Dikonfirmasi: %(name)s.", name=person.name), "success")
    back = url_for("author.confirmations", slug=course.slug, q=request.form.get("q") or None)
    return redirect(back + "#" + "item-" + key.replace("/", "-"))
