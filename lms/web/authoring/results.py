"""Results of a course for its trainers, the CSV export, and item analysis of a quiz."""

from __future__ import annotations

import io

from flask import make_response, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from lms.core.queries import confirmations
from lms.core.queries import results as queries
from lms.core.services import authoring
from lms.core.services.authoring import AuthoringError
from lms.core.spreadsheet_text import csv_writer
from lms.web.access import roles_required
from lms.web.authoring.common import editable_course, fail, me
from lms.web.authoring.course import EDITORS

#: The flags of per-question statistics (``lms_item_statistics``) in words, for the statistics page.
FLAG_LABELS = {"easy": _l("Terlalu mudah"), "hard": _l("Terlalu sulit"), "negative": _l("Daya beda negatif")}

@roles_required(*EDITORS)
def results(slug: str) -> str:
    course = editable_course(slug)
    data = queries.course_results(course)
    peak = max([max(w.enrolled, w.completed) for w in data.weeks] + [1])
    return render_template("authoring/results.html", course=course, data=data, peak=peak,
                           bucket_size=100 // queries.BUCKETS,
                           confirm_items=len(confirmations.trainer_items(course)))


@roles_required(*EDITORS)
def results_csv(slug: str) -> Response:
    course = editable_course(slug)
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    for row in queries.learner_rows(course):
        writer.writerow(row)
    response = make_response("\ufeff" + buffer.getvalue())  # BOM: Excel reads UTF-8
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="hasil-{course.slug}.csv"'
    return response


@roles_required(*EDITORS)
def analysis(slug: str, key: str) -> str:
    course = editable_course(slug)
    step = next((i for i in authoring.outline(me(), course).items if i.key == key), None)
    first_only = request.args.get("first") == "1"
    data = queries.item_statistics(course, key, step.type, first_only=first_only) if step is not None else None
    if data is None:  # no such item, or no plugin keeps statistics of its type (quiz disabled)
        fail(AuthoringError("not_found", _("Kuis tidak ditemukan.")))
    return render_template("authoring/analysis.html", course=course, item=step, data=data,
                           flag_labels=FLAG_LABELS, first_only=first_only)
