"""``/admin/webhooks``: endpoints that hear about completions, certificates, JP and verified
records (signed in the Standard Webhooks format), their delivery logs with a "kirim lagi"
button, and the LRS's log when xAPI is configured."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import BooleanField, SelectMultipleField, StringField
from wtforms.validators import Length
from wtforms.widgets import CheckboxInput, ListWidget

from lms.core.models import Role
from lms.core.models.outbox import DELIVERED, FAILED, PENDING, XAPI_TARGET, WebhookEndpoint
from lms.core.outbox import EVENT_TYPES
from lms.core.queries import audit as audit_queries
from lms.core.queries import lookups
from lms.core.queries import outbox as outbox_queries
from lms.core.services import webhooks as service
from lms.web.access import current_actor, roles_required
from lms.web.admin.forms import add_error
from lms.web.admin.labels import install as install_labels
from lms.web.admin.sections import AdminSection
from lms.web.params import page_arg

bp = Blueprint("admin_webhooks", __name__, url_prefix="/admin/webhooks")
bp.admin_sections = [AdminSection(70, _l("Webhook dan xAPI"), "admin_webhooks.index",
                                  _l("Kirim kabar kelulusan, sertifikat dan JP ke sistem lain, "
                                     "dengan log pengirimannya."))]
install_labels(bp)

EVENT_LABELS = {
    "course.completed": _l("Kursus diselesaikan"),
    "certificate.issued": _l("Sertifikat terbit"),
    "jp.credited": _l("JP tercatat"),
    "record.verified": _l("Catatan pembelajaran diverifikasi"),
    "quiz.attempted": _l("Kuis dimulai"),
    "quiz.graded": _l("Kuis dinilai"),
}
STATUS_LABELS = {DELIVERED: _l("Terkirim"), FAILED: _l("Gagal"), PENDING: _l("Menunggu")}


def event_label(name: str) -> str:
    return str(EVENT_LABELS.get(name, name))


@bp.context_processor
def _helpers() -> dict[str, object]:
    return {"event_label": event_label, "status_label": lambda s: str(STATUS_LABELS.get(s, s))}


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class EndpointForm(FlaskForm):
    url = StringField(_l("Alamat penerima (URL)"), validators=[Length(max=500)])
    description = StringField(_l("Keterangan"), validators=[Length(max=200)])
    events = MultiCheckboxField(_l("Peristiwa yang dikirim"), validate_choice=False)
    active = BooleanField(_l("Aktif (kirim peristiwa baru)"), default=True)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.events.choices = [(name, event_label(name)) for name in EVENT_TYPES]


class ActionForm(FlaskForm):
    """A button: only the CSRF token."""


def _endpoint(endpoint_id: int) -> WebhookEndpoint:
    endpoint = lookups.webhook_endpoint(endpoint_id)
    if endpoint is None:
        abort(404)
    return endpoint


def _page() -> int:
    return page_arg()


@bp.get("/")
@roles_required(Role.ADMIN)
def index() -> str:
    settings = current_app.extensions["lms.settings"]
    return render_template("admin/webhooks.html", rows=outbox_queries.endpoints(), lrs_url=settings.xapi_url,
                           lrs=outbox_queries.lrs_counts())


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def create() -> str | tuple[str, int]:
    form = EndpointForm()
    if not form.is_submitted():
        form.events.data = ["course.completed", "certificate.issued", "jp.credited"]
    if form.validate_on_submit():
        try:
            made = service.create_endpoint(current_actor(), form.url.data or "", form.events.data or [],
                                           form.description.data)
        except service.WebhookError as exc:
            add_error(form, exc.field, exc.message)
        else:
            endpoint = made.endpoint
            # the secret is shown on this answer only: never redirected through a cookie
            return render_template("admin/webhook_secret.html", endpoint=endpoint, secret=made.secret)
    status = 422 if form.is_submitted() else 200
    return render_template("admin/webhook_form.html", form=form, endpoint=None), status


@bp.route("/<int:endpoint_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit(endpoint_id: int) -> str | Response | tuple[str, int]:
    endpoint = _endpoint(endpoint_id)
    form = EndpointForm(obj=endpoint)
    if form.validate_on_submit():
        try:
            service.update_endpoint(endpoint, form.url.data or "", form.events.data or [], form.description.data,
                                    form.active.data, actor=current_actor())
        except service.WebhookError as exc:
            add_error(form, exc.field, exc.message)
        else:
            flash(_("Webhook disimpan."), "success")
            return redirect(url_for(".edit", endpoint_id=endpoint.id))
    status_filter = request.args.get("status") or None
    rows, has_next = outbox_queries.delivery_log(f"webhook:{endpoint.id}", _page(), status_filter)
    status = 422 if form.is_submitted() else 200
    return render_template("admin/webhook_form.html", form=form, endpoint=endpoint, rows=rows, has_next=has_next,
                           page=_page(), status_filter=status_filter, action=ActionForm(),
                           history=audit_queries.of_target("webhook_endpoint", endpoint.id)), status


@bp.post("/<int:endpoint_id>/secret")
@roles_required(Role.ADMIN)
def rotate(endpoint_id: int) -> str | Response:
    endpoint = _endpoint(endpoint_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    secret = service.rotate_secret(endpoint, actor=current_actor())
    return render_template("admin/webhook_secret.html", endpoint=endpoint, secret=secret)


@bp.get("/lrs")
@roles_required(Role.ADMIN)
def lrs() -> str:
    status_filter = request.args.get("status") or None
    rows, has_next = outbox_queries.delivery_log(XAPI_TARGET, _page(), status_filter)
    return render_template("admin/webhook_lrs.html", rows=rows, has_next=has_next, page=_page(),
                           status_filter=status_filter, action=ActionForm(),
                           lrs_url=current_app.extensions["lms.settings"].xapi_url)


@bp.post("/deliveries/<int:delivery_id>/resend")
@roles_required(Role.ADMIN)
def resend(delivery_id: int) -> Response:
    delivery = lookups.outbox_delivery(delivery_id)
    if delivery is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    service.resend(delivery, actor=current_actor(), label=event_label(delivery.event.type))
    flash(_("Dikirim lagi. Hasilnya tampil di log dalam beberapa detik."), "success")
    if delivery.endpoint_id is None:
        return redirect(url_for(".lrs"))
    return redirect(url_for(".edit", endpoint_id=delivery.endpoint_id))
