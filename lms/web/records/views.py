"""External learning records: my records, add/edit, detail, the supervisor's review queue, and
the certificate (served here only, to the owner, their direct supervisor and admins; never
through ``/media``).

Object-level rules live in ``lms.core.services.records`` (``can_view``, ``can_edit``,
``can_decide``); a record the user may not see answers 404, as if it did not exist.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from lms.core import transaction
from lms.core.filetype import DOCUMENTS_AND_IMAGES
from lms.core.models.external import KINDS, ExternalRecord, LearningRoute, RecordStatus, route_label
from lms.core.queries import records as queries
from lms.core.services import records
from lms.core.services.records import CertificateUpload, RecordError, RecordInput
from lms.web.access import login_required
from lms.web.params import parse_int
from lms.web.records.forms import COMPETENCY_ROWS, DecisionForm, RecordForm

bp = Blueprint("records", __name__, url_prefix="/records")
_EXTENSIONS = {t.mime: t.extension for t in DOCUMENTS_AND_IMAGES}


def _me():  # noqa: ANN202
    return current_user._get_current_object()


def _locale() -> str:
    return str(get_locale() or "id")


def status_label(status: RecordStatus | str) -> str:
    return {
        RecordStatus.PENDING: _("Menunggu verifikasi"),
        RecordStatus.VERIFIED: _("Terverifikasi"),
        RecordStatus.REJECTED: _("Ditolak"),
    }[RecordStatus(status)]


def action_label(action: str) -> str:
    return {"submitted": _("Diajukan"), "verified": _("Diverifikasi"), "rejected": _("Ditolak"),
            "resubmitted": _("Diajukan ulang")}.get(str(action), str(action))


def _helpers() -> dict[str, Any]:
    locale = _locale()
    return {"status_label": status_label, "action_label": action_label,
            "kind_label": lambda kind: KINDS[kind].label(locale),
            "route_label": lambda route: route_label(route, locale)}


@bp.context_processor
def _record_helpers() -> dict[str, Any]:
    return _helpers()


@bp.app_context_processor
def _transcript_section() -> dict[str, Any]:
    """The transcript (``learner.transcript``, another team's view) includes
    ``records/_transcript_section.html``: give it the verified records, on that page only."""
    if request.endpoint != "learner.transcript" or not current_user.is_authenticated:
        return {}
    verified = records.verified_records(current_user.id)
    by_year: dict[int, float] = {}
    for record in verified:
        by_year[record.end_date.year] = by_year.get(record.end_date.year, 0) + record.jp
    return {"external_records": verified, "external_jp_by_year": sorted(by_year.items(), reverse=True),
            **_helpers()}


def _visible_or_404(record_id: int) -> ExternalRecord:
    record = queries.record(record_id)
    if record is None or not records.can_view(_me(), record):
        abort(404)
    return record


# --- forms <-> services ----------------------------------------------------------------------

def _new_form(**kwargs: Any) -> RecordForm:
    return RecordForm(**kwargs)


def _kind_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    locale = _locale()
    return [(route_label(route, locale), [(kind.value, info.label(locale)) for kind, info in KINDS.items()
                                          if info.route == route]) for route in LearningRoute]


def _input(form: RecordForm) -> RecordInput:
    rows = []
    for row in form.competencies:
        level = row.form.level.data
        rows.append((row.form.code.data or "", parse_int(level)))
    return RecordInput(title=form.title.data or "", organiser=form.organiser.data or "",
                       kind=form.kind.data or "", start_date=form.start_date.data,
                       end_date=form.end_date.data, jp=form.jp.data, competencies=rows,
                       report=form.report.data or "")


def _upload(form: RecordForm) -> CertificateUpload | None:
    storage = form.certificate.data
    if storage is None or not storage.filename:
        return None
    return CertificateUpload(storage.filename, storage.stream.read(records.max_certificate_bytes() + 1))


def _add_errors(form: RecordForm, errors: dict[str, str]) -> None:
    for name, message in errors.items():
        if name == "competencies":
            form.competency_error = message
        elif name and hasattr(form, name):
            field = getattr(form, name)
            if not field.errors:
                field.errors = [*field.errors, message]
        else:
            form.form_errors.append(message)


def _error_summary(form: RecordForm) -> list[tuple[str, str]]:
    """(anchor, message) of every error, in the order of the form."""
    out = [("", message) for message in form.form_errors]
    for name in ("title", "organiser", "kind", "start_date", "end_date", "jp"):
        out += [(getattr(form, name).id, m) for m in getattr(form, name).errors]
    if getattr(form, "competency_error", None):
        out.append(("competencies-0-code", form.competency_error))
    for name in ("report", "certificate"):
        out += [(getattr(form, name).id, m) for m in getattr(form, name).errors]
    return out


def _save(form: RecordForm, save: Any, require_file: bool) -> ExternalRecord | None:
    """Parse, validate (the form's and the service's errors together) and save."""
    form_ok = form.validate()
    upload = _upload(form)
    if not form_ok:
        _values, errors = records.validate(_input(form), records.local_today())
        if require_file and upload is None:
            errors["certificate"] = _("Unggah sertifikat atau bukti kegiatan (PDF atau gambar).")
        _add_errors(form, errors)
        return None
    try:
        return save(_input(form), upload)
    except RecordError as exc:
        if exc.code != "invalid":  # not the user's typing: the caller answers it
            raise
        _add_errors(form, exc.errors)
        return None


def _render_form(form: RecordForm, record: ExternalRecord | None, status: int = 200) -> tuple[str, int]:
    summary = _error_summary(form)
    had_file = form.is_submitted() and bool(form.certificate.data)
    return render_template("records/form.html", form=form, record=record, kind_groups=_kind_groups(),
                           competency_choices=queries.competency_choices(), errors=summary, had_file=had_file,
                           max_mb=records.max_certificate_bytes() // (1024 * 1024)), status


# --- pages -----------------------------------------------------------------------------------

@bp.get("")
@login_required
def index() -> str:
    return render_template("records/index.html", records=queries.records_of(current_user.id),
                           to_review=queries.pending_review_count(_me()))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> Response | tuple[str, int]:
    form = _new_form()
    if form.is_submitted():
        record = _save(form, lambda data, upload: records.create_record(_me(), data, upload), require_file=True)
        if record is not None:
            flash(_("Catatan belajar tersimpan dan menunggu verifikasi atasan langsung."), "success")
            return redirect(url_for("records.detail", record_id=record.id))
        return _render_form(form, None, 422)
    return _render_form(form, None)


@bp.get("/<int:record_id>")
@login_required
def detail(record_id: int) -> str:
    record = _visible_or_404(record_id)
    me = _me()
    can_decide = record.status == RecordStatus.PENDING and records.can_decide(me, record)
    return render_template("records/detail.html", record=record, decisions=queries.decisions(record.id),
                           names=queries.competency_names([c["code"] for c in record.competencies]),
                           can_edit=records.can_edit(me, record), can_decide=can_decide,
                           is_owner=record.user_id == me.id,
                           form=DecisionForm(formdata=None, version=record.version) if can_decide else None)


@bp.route("/<int:record_id>/edit", methods=["GET", "POST"])
@login_required
def edit(record_id: int) -> Response | tuple[str, int]:
    record = _visible_or_404(record_id)
    if not records.can_edit(_me(), record):
        abort(403)
    if request.method != "POST":
        comps = [{"code": c["code"], "level": str(c["level"])} for c in record.competencies][:COMPETENCY_ROWS]
        comps += [{"code": "", "level": ""}] * (COMPETENCY_ROWS - len(comps))
        form = _new_form(data={"title": record.title, "organiser": record.organiser, "kind": record.kind.value,
                               "start_date": record.start_date, "end_date": record.end_date, "jp": record.jp,
                               "competencies": comps, "report": record.report})
        return _render_form(form, record)
    form = _new_form()
    was_rejected = record.status == RecordStatus.REJECTED
    try:
        saved = _save(form, lambda data, upload: records.update_record(_me(), record, data, upload),
                      require_file=False)
    except RecordError as exc:  # changed or decided meanwhile
        transaction.rollback()
        flash(exc.message, "error")
        return redirect(url_for("records.detail", record_id=record_id))
    if saved is None:
        return _render_form(form, record, 422)
    flash(_("Catatan diajukan ulang untuk verifikasi.") if was_rejected
          else _("Perubahan tersimpan. Catatan tetap menunggu verifikasi."), "success")
    return redirect(url_for("records.detail", record_id=record.id))


@bp.post("/<int:record_id>/decision")
@login_required
def decision(record_id: int) -> Response | tuple[str, int]:
    record = _visible_or_404(record_id)
    if not records.can_decide(_me(), record):
        abort(403)
    form = DecisionForm()
    verify, reject = bool(form.verify.data), bool(form.reject.data)
    if verify == reject or parse_int(form.version.data) is None:
        abort(400)
    form_ok = form.validate()
    try:
        if not form_ok:
            raise RecordError("invalid", {"reason": " ".join(form.reason.errors)})
        records.decide(_me(), record, verify, form.reason.data, parse_int(form.version.data))
    except RecordError as exc:
        if exc.code == "invalid":
            form.reason.errors = [exc.errors.get("reason") or exc.message]
            return render_template("records/detail.html", record=record, decisions=queries.decisions(record.id),
                                   names=queries.competency_names([c["code"] for c in record.competencies]),
                                   can_edit=False, can_decide=True, is_owner=False, form=form), 422
        transaction.rollback()
        flash(exc.message, "error")
        return redirect(url_for("records.detail", record_id=record_id))
    flash(_("Catatan %(title)s diverifikasi; JP-nya kini dihitung.", title=record.title) if verify
          else _("Catatan %(title)s ditolak. Pegawai dapat memperbaiki dan mengajukannya ulang.",
                 title=record.title), "success")
    return redirect(url_for("records.review"))


@bp.get("/review")
@login_required
def review() -> str:
    return render_template("records/review.html", queue=queries.review_queue(_me()))


_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _download_name(record: ExternalRecord) -> str:
    """ASCII, no path, and the extension of what the file really is (a PDF called x.png is
    served as x.pdf)."""
    stem = record.certificate_name.rsplit(".", 1)[0] if "." in record.certificate_name else record.certificate_name
    stem = _SAFE.sub("_", stem).strip("._")[:80] or "sertifikat"
    return f"{stem}.{_EXTENSIONS.get(record.certificate_type, 'bin')}"


@bp.get("/<int:record_id>/certificate")
@login_required
def certificate(record_id: int) -> Response:
    record = _visible_or_404(record_id)
    headers = {
        "X-Content-Type-Options": "nosniff",
        # A file from an employee: nothing in it may run, load or frame anything.
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        "Cross-Origin-Resource-Policy": "same-origin",
        # Personal data, and who may see it can change: the browser keeps it but asks again.
        "Cache-Control": "private, no-cache",
        "ETag": f'"{record.certificate_sha256}"',
    }
    if request.headers.get("If-None-Match") == headers["ETag"]:
        return Response(status=304, headers=headers)
    found = records.certificate(_me(), record)
    if found is None:
        abort(404)
    _blob, data = found
    disposition = "inline" if record.is_image else "attachment"
    headers["Content-Disposition"] = f'{disposition}; filename="{_download_name(record)}"'
    return Response(data, mimetype=record.certificate_type, headers=headers)
