"""Sign in and out, password change, personal API tokens."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from lms.core.models import ApiToken, User
from lms.core.models.base import utcnow
from lms.core.queries.accounts import session_user
from lms.core.services import accounts, login_throttle, tokens
from lms.extensions import limiter, login_manager
from lms.web.access import login_required, public
from lms.web.accounts.forms import ChangePasswordForm, EmptyForm, LoginForm, TokenForm
from lms.web.accounts.signin import password_refusal, sign_in_options, sign_out_redirect
from lms.web.accounts.signin import safe_next as _safe_next
from lms.web.accounts.signin import start_session as _start_session
from lms.web.errors import too_many_attempts
from lms.web.params import parse_int

bp = Blueprint("auth", __name__)


def init_login(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        user_id, _, version = session_id.partition(":")
        if parse_int(user_id, minimum=1) is None:
            return None
        # one query per request: the user with roles joined
        row = session_user(int(user_id))
        if row is None:
            return None
        user, roles = row
        if str(user.session_version) != version or not user.active:
            return None
        user.remember_roles(roles.split(",") if roles else ())
        return user


def _limits() -> tuple[login_throttle.Limit, ...]:
    return login_throttle.parse_limits(current_app.extensions["lms.settings"].login_rate_limit)


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.exempt  # throttled below, in the database (shared by every worker and server)
def login() -> str | Response | tuple[str, int]:
    next_url = _safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url)
    form = LoginForm()
    options = sign_in_options(next_url)
    if form.validate_on_submit():
        account = accounts.find_by_login(form.login.data)
        subject = login_throttle.subject_for(form.login.data, account.id if account else None)
        try:
            attempt = login_throttle.begin(subject, request.remote_addr, _limits())
        except login_throttle.Throttled as exc:
            return too_many_attempts(exc.retry_after, url_for("auth.login", next=request.args.get("next")),
                                     _("Kembali ke halaman masuk"))
        host = current_app.extensions["lms.host"]
        user = host.hook.lms_authenticate(login=form.login.data, password=form.password.data)
        if user is None:
            user = accounts.check_credentials(account, form.password.data)
        if user:
            login_throttle.succeeded(attempt)
            refused = password_refusal(user)
            if refused:  # the password was right, but this account signs in elsewhere (single sign-on)
                form.password.errors.append(refused)
                return render_template("accounts/login.html", form=form, sign_in_options=options), 200
            _start_session(user, remember=form.remember.data)
            return redirect(next_url)
        login_throttle.failed(attempt)
        form.password.errors.append(_("NIP/e-mail atau kata sandi salah."))
        return render_template("accounts/login.html", form=form, sign_in_options=options), 200
    return render_template("accounts/login.html", form=form, sign_in_options=options)


@bp.post("/logout")
@public
def logout() -> str | Response:
    form = EmptyForm()
    elsewhere = None
    if form.validate_on_submit():
        if current_user.is_authenticated:
            user = current_user._get_current_object()
            # asked before the session is cleared: a plugin reads what it kept there at sign-in
            elsewhere = sign_out_redirect(user, url_for("auth.login", _external=True))
            # every copy of this account's cookies, on this device or any other, stops working
            accounts.end_sessions(user)
        logout_user()
        lang = session.get("lang")
        session.clear()
        if lang:
            session["lang"] = lang
        if elsewhere:
            # A page, not a redirect: the sign-out form's page allows forms to post only to
            # Sinau (CSP form-action), and browsers apply that to the redirects a form causes.
            return render_template("accounts/signed_out_elsewhere.html", url=elsewhere)
        flash(_("Anda sudah keluar."), "info")
    return redirect(url_for("auth.login"))


def _confirming_password() -> login_throttle.Attempt:
    """A password typed again on a signed-in page is a guess like any other: it uses the
    account's sign-in budget (raises :class:`login_throttle.Throttled`)."""
    return login_throttle.begin(login_throttle.account_subject(current_user.id), None, _limits())


@bp.route("/me/password", methods=["GET", "POST"])
@login_required
def change_password() -> str | Response | tuple[str, int]:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            attempt = _confirming_password()
        except login_throttle.Throttled as exc:
            return too_many_attempts(exc.retry_after, url_for("auth.change_password"), _("Kembali ke Ganti kata sandi"))
        user = current_user._get_current_object()
        try:
            accounts.change_password(user, form.current.data, form.new.data)
        except accounts.WrongPassword as exc:
            form.current.errors.append(str(exc))
        except accounts.AccountError as exc:
            login_throttle.succeeded(attempt)  # the current password was right
            form.new.errors.append(str(exc))
        else:
            login_throttle.succeeded(attempt)
            _start_session(user, remember=False)  # this device stays signed in, in a new session
            flash(_("Kata sandi sudah diganti. Sesi di perangkat lain sudah diakhiri."), "success")
            return redirect(url_for("auth.profile"))
    return render_template("accounts/password.html", form=form)


def _profile(token_form: TokenForm, new_token: str | None = None, new_token_row: ApiToken | None = None,
             status: int = 200) -> tuple[str, int]:
    return render_template(
        "accounts/profile.html",
        tokens=tokens.tokens_of(current_user),
        token_form=token_form,
        revoke_form=EmptyForm(),
        new_token=new_token,
        new_token_row=new_token_row,
        now=utcnow(),
    ), status


@bp.get("/me")
@login_required
def profile() -> tuple[str, int]:
    return _profile(TokenForm())


@bp.post("/me/tokens")
@login_required
def create_token() -> str | Response | tuple[str, int]:
    form = TokenForm()
    if not form.validate_on_submit():
        return _profile(form, status=422)
    try:
        attempt = _confirming_password()
    except login_throttle.Throttled as exc:
        return too_many_attempts(exc.retry_after, url_for("auth.profile"), _("Kembali ke Profil"))
    user = current_user._get_current_object()
    try:
        accounts.confirm_password(user, form.password.data or "")
    except accounts.WrongPassword as exc:
        form.password.errors.append(str(exc))
        return _profile(form)  # 200, as on the sign-in page: the request commits, so the guess is counted
    login_throttle.succeeded(attempt)
    row, clear = tokens.create_token(user, form.name.data or "", timedelta(days=form.lifetime.data), actor=user)
    # Shown once, on this response only; never stored in clear.
    return _profile(TokenForm(formdata=None), new_token=clear, new_token_row=row)


@bp.post("/me/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int) -> Response:
    if EmptyForm().validate_on_submit() and tokens.revoke_token(current_user, token_id):
        flash(_("Token sudah dicabut."), "success")
    return redirect(url_for("auth.profile"))
