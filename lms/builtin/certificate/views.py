"""Pages of the certificate plugin: public verification, the PDF download, and the admins'
list, revocation and SIASN export (under ``/admin``, in this plugin's own blueprint)."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from lms.builtin.certificate import pdf, queries, service, siasn
from lms.builtin.certificate.forms import RevokeForm, SearchForm, SiasnForm
from lms.builtin.certificate.models import Certificate
from lms.plugins import Role, audit_record, limiter, login_required, page_arg, public, roles_required, utcnow

bp = Blueprint("certificate", __name__, template_folder="templates")
VERIFY_LIMIT = "30 per minute"


def _me() -> Any:
    return current_user._get_current_object()


# --------------------------------------------------------------------------- public


@bp.get("/verify/<code>")
@public
@limiter.limit(VERIFY_LIMIT)
def verify(code: str) -> BaseResponse:
    certificate = queries.by_code(code)
    if certificate is None:
        # its own page: whoever checks a certificate learns that it is not one of ours (not a
        # generic "page not found"); the code is not repeated, so the page cannot be made to say
        # anything else
        return _public(render_template("certificate/verify_unknown.html"), 404)
    html = render_template("certificate/verify.html", c=certificate, status=certificate.status().value,
                           masked_nip=service.mask_nip(certificate.nip),
                           issued_on=service.local_date(certificate.issued_at),
                           expires_on=service.local_date(certificate.expires_at) if certificate.expires_at else None,
                           revoked_on=service.local_date(certificate.revoked_at) if certificate.revoked_at else None)
    return _public(html)


def _public(html: str, status: int = 200) -> Response:
    response = Response(html, status=status, mimetype="text/html")
    # A name on a public page: not for search engines, and the code never travels in a Referer.
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


# --------------------------------------------------------------------------- the PDF


@bp.get("/me/certificates/<int:certificate_id>.pdf")
@login_required
def download(certificate_id: int) -> Response:
    """The owner, their direct supervisor and admins; anyone else gets 404 (as if unknown)."""
    certificate = queries.by_id(certificate_id)
    if certificate is None or not service.may_download(_me(), certificate):
        abort(404)
    body = pdf.render(certificate, service.verify_url(certificate.code), service.site_zone())
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{certificate.file_name}"',
        "Cache-Control": "private, no-store",
    })


# --------------------------------------------------------------------------- admin


@bp.get("/admin/certificates")
@roles_required(Role.ADMIN)
def admin_list() -> str:
    form = SearchForm(request.args)
    form.validate()
    page = page_arg()
    certificates, total = queries.search(form.q.data or "", form.status.data or "", page)
    pages = max((total + queries.PER_PAGE - 1) // queries.PER_PAGE, 1)
    now = utcnow()
    return render_template("certificate/admin_list.html", form=form, total=total, page=page, pages=pages,
                           rows=[(c, c.status(now).value) for c in certificates],
                           args={k: v for k, v in request.args.items() if k != "page"})


def _detail(certificate: Certificate, form: RevokeForm, status: int = 200) -> tuple[str, int]:
    return render_template("certificate/admin_detail.html", c=certificate, form=form,
                           status=certificate.status().value,
                           revoked_on=service.local_date(certificate.revoked_at) if certificate.revoked_at else None,
                           verify_url=service.verify_url(certificate.code)), status


@bp.get("/admin/certificates/<int:certificate_id>")
@roles_required(Role.ADMIN)
def admin_detail(certificate_id: int) -> tuple[str, int]:
    certificate = queries.by_id(certificate_id) or abort(404)
    return _detail(certificate, RevokeForm())


@bp.post("/admin/certificates/<int:certificate_id>/revoke")
@roles_required(Role.ADMIN)
def revoke(certificate_id: int) -> BaseResponse | tuple[str, int]:
    certificate = queries.by_id(certificate_id) or abort(404)
    form = RevokeForm()
    if not form.validate_on_submit():
        return _detail(certificate, form, 422)
    try:
        service.revoke(certificate, _me(), form.reason.data or "")
        audit_record(_me(), "certificate.revoke", certificate, {"revoked_at": None},
                     {"revoked_at": certificate.revoked_at, "reason": certificate.revoke_reason},
                     label=certificate.number)
    except service.CertificateError as exc:
        if exc.code == "conflict":
            flash(exc.message, "info")
            return redirect(url_for("certificate.admin_detail", certificate_id=certificate.id))
        form.reason.errors = [exc.message]
        return _detail(certificate, form, 422)
    flash(_("Sertifikat %(number)s dicabut.", number=certificate.number), "success")
    return redirect(url_for("certificate.admin_detail", certificate_id=certificate.id))


@bp.get("/admin/siasn")
@roles_required(Role.ADMIN)
def siasn_page() -> str:
    form = SiasnForm(formdata=None, units=queries.unit_choices())
    return render_template("certificate/siasn.html", form=form, columns=siasn.COLUMNS)


@bp.get("/admin/siasn/kursus.zip")
@roles_required(Role.ADMIN)
def siasn_zip() -> BaseResponse | tuple[str, int]:
    """The CSV and every certificate's PDF in one zip, made by a job: the admin lands on the
    job's page, which offers the zip when it is ready."""
    from lms.builtin.certificate.siasn_job import enqueue_zip

    form = SiasnForm(request.args, units=queries.unit_choices())
    if not form.validate():
        return render_template("certificate/siasn.html", form=form, columns=siasn.COLUMNS), 422
    selection = siasn.SiasnFilter(unit_id=form.unit_id, start=form.start.data, end=form.end.data)
    run = enqueue_zip(current_user.id, selection)
    return redirect(url_for("jobs.show", run_id=run.id), 303)


@bp.get("/admin/siasn/kursus.csv")
@roles_required(Role.ADMIN)
def siasn_export() -> Response | tuple[str, int]:
    form = SiasnForm(request.args, units=queries.unit_choices())
    if not form.validate():
        return render_template("certificate/siasn.html", form=form, columns=siasn.COLUMNS), 422
    selection = siasn.SiasnFilter(unit_id=form.unit_id, start=form.start.data, end=form.end.data)
    current_app.logger.info("SIASN export by user %s: %s", current_user.id, selection)
    name = f"siasn-kursus-{service.local_date(utcnow()):%Y%m%d}.csv"
    body = stream_with_context(siasn.csv_lines(siasn.rows(selection)))
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": "private, no-store",
    })
