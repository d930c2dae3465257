"""Pages of single sign-on: leaving for the provider and coming back (public), and the admins'
provider list, provider form and the switch for local passwords (under ``/admin/sso``)."""

from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from lms.builtin.oidc import client, service
from lms.builtin.oidc.forms import ROLE_LABELS, PasswordsForm, ProviderForm
from lms.builtin.oidc.models import OidcProvider
from lms.plugins import (
    AccountRefused,
    AdminSection,
    EmptyForm,
    Role,
    SecretUnreadable,
    complete_sign_in,
    limiter,
    public,
    roles_required,
    safe_next,
)

bp = Blueprint("oidc", __name__, url_prefix="/sso", template_folder="templates")
admin_bp = Blueprint("oidc_admin", __name__, url_prefix="/admin/sso", template_folder="templates")
admin_bp.admin_sections = [AdminSection(45, _l("Masuk dengan akun instansi (SSO)"), "oidc_admin.index",
                                        _l("Penyedia SSO, dan kata sandi Sinau per peran"))]

PENDING = "oidc.pending"  # state -> what the callback needs; a few at once (several tabs)
SIGNED_IN = "oidc.signed_in"  # provider and ID token, for single logout
MAX_PENDING = 3
PENDING_SECONDS = 600  # a sign-in started longer ago than this is refused: start again
MAX_HINT = 2500  # a longer ID token is not kept in the cookie; sign-out then names the client only
LIMIT = "30 per minute"


# --------------------------------------------------------------------------- signing in


def _refused(provider: OidcProvider | None, title: str, message: str, status: int) -> tuple[str, int]:
    return render_template("oidc/refused.html", provider=provider, title=title, message=message), status


def _untrusted(provider: OidcProvider, exc: client.OidcError) -> tuple[str, int]:
    current_app.logger.warning("oidc: sign-in through %s refused (%s)", provider.name, exc)
    if exc.reason == "unreachable":
        return _refused(provider, _("%(name)s tidak dapat dihubungi", name=provider.name),
                        _("Coba lagi beberapa saat lagi, atau masuk dengan NIP dan kata sandi Sinau."), 502)
    if exc.reason == "expired":
        return _refused(provider, _("Jawaban dari %(name)s sudah kedaluwarsa", name=provider.name),
                        _("Anda belum masuk. Silakan coba lagi; bila terulang, jam server mungkin tidak tepat: "
                          "beri tahu admin Sinau."), 400)
    return _refused(provider, _("Jawaban dari %(name)s tidak dapat dipercaya", name=provider.name),
                    _("Anda belum masuk. Silakan coba lagi; bila terulang, beri tahu admin Sinau."), 400)


def _provider_or_404(provider_id: int, enabled: bool = True) -> OidcProvider:
    provider = service.get(provider_id)
    if provider is None or (enabled and not provider.enabled):
        abort(404)
    return provider


@bp.get("/<int:provider_id>/start")
@public
@limiter.limit(LIMIT)
def start(provider_id: int) -> Response | tuple[str, int]:
    provider = _provider_or_404(provider_id)
    try:
        meta = client.discover(provider.issuer, service.timeout())
    except client.OidcError as exc:
        return _untrusted(provider, exc)
    pending = client.new_pending()
    waiting = dict(session.get(PENDING) or {})
    while len(waiting) >= MAX_PENDING:  # the oldest goes (dicts keep insertion order)
        waiting.pop(next(iter(waiting)))
    waiting[pending.state] = {"provider": provider.id, "nonce": pending.nonce, "verifier": pending.code_verifier,
                              "next": safe_next(request.args.get("next")), "at": int(time.time())}
    session[PENDING] = waiting
    return redirect(client.authorization_url(meta, provider.client_id, provider.scopes, _callback_url(provider),
                                             pending))


def _callback_url(provider: OidcProvider) -> str:
    return url_for("oidc.callback", provider_id=provider.id, _external=True)


@bp.get("/<int:provider_id>/callback")
@public
@limiter.limit(LIMIT)
def callback(provider_id: int) -> Response | tuple[str, int]:
    provider = _provider_or_404(provider_id)
    waiting = dict(session.get(PENDING) or {})
    state = request.args.get("state", "")
    mine = waiting.pop(state, None) if state else None
    session[PENDING] = waiting  # a state is used once, whatever happens next
    stale = mine is not None and time.time() - mine.get("at", 0) > PENDING_SECONDS
    if mine is None or mine.get("provider") != provider.id or stale:
        current_app.logger.warning("oidc: callback from %s with an unknown state", provider.name)
        return _refused(provider, _("Permintaan masuk tidak dikenali"),
                        _("Permintaan ini tidak dimulai dari Sinau di peramban ini, atau sudah kedaluwarsa. "
                          "Silakan mulai lagi dari halaman masuk."), 400)
    if request.args.get("error") or not request.args.get("code"):
        current_app.logger.info("oidc: %s answered %s", provider.name, request.args.get("error", "no code"))
        return _refused(provider, _("Masuk lewat %(name)s tidak selesai", name=provider.name),
                        _("Masuk dibatalkan atau ditolak di halaman %(name)s. Anda dapat mencoba lagi.",
                          name=provider.name), 400)
    pending = client.PendingSignIn(state, mine["nonce"], mine["verifier"])
    try:
        meta = client.discover(provider.issuer, service.timeout())
        token = client.exchange_code(meta, provider.client_id, service.client_secret(provider),
                                     _callback_url(provider), request.args["code"], pending, service.timeout())
        claims = client.verify_id_token(token["id_token"], meta, provider.client_id, pending.nonce,
                                        service.clock_skew(), service.timeout())
        if provider.nip_claim not in claims and token.get("access_token"):
            info = client.userinfo(meta, token["access_token"], service.timeout())
            if info.get("sub") == claims["sub"]:  # the userinfo of the same person, or nothing
                claims = {**info, **claims}
    except client.OidcError as exc:
        return _untrusted(provider, exc)
    except SecretUnreadable:
        current_app.logger.error("oidc: the client secret of %s cannot be read (secret key changed?)", provider.name)
        return _refused(provider, _("%(name)s belum dapat dipakai", name=provider.name),
                        _("Pengaturan penyedia ini perlu diperbarui oleh admin Sinau."), 503)
    return _finish(provider, claims, token["id_token"], mine["next"])


def _finish(provider: OidcProvider, claims: dict[str, Any], id_token: str, next_url: str) -> Response | tuple[str, int]:
    try:
        user, created = service.resolve_account(provider, claims)
        response = complete_sign_in(user, next_url=next_url)
    except service.NoNip:
        current_app.logger.warning("oidc: %s sent no NIP in claim %r", provider.name, provider.nip_claim)
        return _refused(provider, _("NIP tidak diterima dari %(name)s", name=provider.name),
                        _("Sinau mengenali akun dari NIP, tetapi %(name)s tidak mengirimkannya. "
                          "Beri tahu admin Sinau di instansi Anda.", name=provider.name), 403)
    except service.UnknownNip as exc:
        current_app.logger.info("oidc: unknown NIP %s from %s", exc.nip, provider.name)
        return render_template("oidc/unknown_nip.html", provider=provider, nip=exc.nip), 403
    except AccountRefused as exc:
        return _refused(provider, _("Anda belum dapat masuk"), str(exc), 403)
    service.signed_in(provider, user, created)
    session[SIGNED_IN] = {"provider": provider.id, "id_token": id_token if len(id_token) <= MAX_HINT else None}
    return response


def sign_out_url(signed_out_url: str) -> str | None:
    """The provider's end-session page for the session being closed, or None."""
    kept = session.get(SIGNED_IN)
    if not kept:
        return None
    provider = service.get(kept.get("provider") or 0)
    if provider is None or not provider.enabled:
        return None
    try:
        meta = client.discover(provider.issuer, service.timeout())
    except client.OidcError as exc:  # the person is signed out of Sinau all the same
        current_app.logger.warning("oidc: no single logout through %s (%s)", provider.name, exc)
        return None
    return client.end_session_url(meta, provider.client_id, kept.get("id_token"), signed_out_url)


# --------------------------------------------------------------------------- admin


def _me() -> Any:
    return current_user._get_current_object()


def _index(passwords_form: PasswordsForm | None = None, status: int = 200) -> tuple[str, int]:
    if passwords_form is None:
        passwords_form = PasswordsForm(data={"roles": sorted(service.password_off_roles())})
    return render_template("oidc/admin_index.html", providers=service.providers(), passwords_form=passwords_form,
                           sso_works=service.sso_works(), role_labels=ROLE_LABELS), status


@admin_bp.get("")
@roles_required(Role.ADMIN)
def index() -> tuple[str, int]:
    return _index()


@admin_bp.post("/passwords")
@roles_required(Role.ADMIN)
def passwords() -> Response | tuple[str, int]:
    form = PasswordsForm()
    if not form.validate_on_submit():
        return _index(form, 422)
    try:
        service.set_password_off(_me(), set(form.roles.data or []))
    except service.ProviderError as exc:
        form.roles.errors = [exc.message]
        return _index(form, 422)
    flash(_("Pengaturan kata sandi disimpan."), "success")
    return redirect(url_for("oidc_admin.index"))


def _form_page(form: ProviderForm, provider: OidcProvider | None, status: int = 200) -> tuple[str, int]:
    callback_url = _callback_url(provider) if provider is not None else None
    return render_template("oidc/admin_form.html", form=form, provider=provider, callback_url=callback_url,
                           delete_form=EmptyForm()), status


def _save(form: ProviderForm, provider: OidcProvider | None) -> Response | tuple[str, int]:
    if not form.validate_on_submit():
        return _form_page(form, provider, 422 if request.method == "POST" else 200)
    data = {name: getattr(form, name).data for name in
            ("name", "label", "issuer", "client_id", "nip_claim", "scopes", "allow_create", "enabled")}
    try:
        saved = service.save_provider(_me(), provider, data, form.client_secret.data or None)
    except service.ProviderError as exc:
        getattr(form, exc.field).errors = [exc.message]
        return _form_page(form, provider, 422)
    client.forget_cache()
    flash(_("Penyedia %(name)s disimpan.", name=saved.name), "success")
    return redirect(url_for("oidc_admin.edit", provider_id=saved.id))


@admin_bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def create() -> Response | tuple[str, int]:
    return _save(ProviderForm(), None)


@admin_bp.route("/<int:provider_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit(provider_id: int) -> Response | tuple[str, int]:
    provider = _provider_or_404(provider_id, enabled=False)
    return _save(ProviderForm(obj=provider), provider)


@admin_bp.post("/<int:provider_id>/delete")
@roles_required(Role.ADMIN)
def delete(provider_id: int) -> Response:
    provider = _provider_or_404(provider_id, enabled=False)
    if EmptyForm().validate_on_submit():
        service.delete_provider(_me(), provider)
        client.forget_cache()
        flash(_("Penyedia %(name)s dihapus.", name=provider.name), "success")
    return redirect(url_for("oidc_admin.index"))
