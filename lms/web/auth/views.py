"""Sign in and out, password change, personal API tokens."""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload, lazyload
from werkzeug.wrappers import Response

from lms.core.models import User
from lms.core.services import accounts, tokens
from lms.extensions import db, limiter, login_manager
from lms.web.access import login_required, public
from lms.web.auth.forms import ChangePasswordForm, EmptyForm, LoginForm, TokenForm

bp = Blueprint("auth", __name__)


@cache
def _user_statement() -> Select:
    """Built once: SQLAlchemy memoizes a statement's cache key on the object, so every request
    skips building the query and its key (a tenth of a signed-in page's database time).
    Roles are joined (every page's navigation needs them); unit and position are read by the
    few pages that show them (the model joins them by default, a third of this load's cost)."""
    return (select(User).options(joinedload(User.role_rows), lazyload(User.unit), lazyload(User.position))
            .where(User.id == bindparam("user_id")))


def init_login(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        user_id, _, version = session_id.partition(":")
        if not user_id.isdigit():
            return None
        # one query per request: the user with roles joined
        user = db.session.execute(_user_statement(), {"user_id": int(user_id)}).unique().scalar_one_or_none()
        if user is None or str(user.session_version) != version or not user.active:
            return None
        return user


def _safe_next(target: str | None) -> str:
    """Only local paths: an open redirect would make the login page a phishing tool."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for("learner.dashboard")


def _login_limit() -> str:
    return current_app.extensions["lms.settings"].login_rate_limit


def _login_key() -> str:
    return "login:" + (request.form.get("login") or "").strip().lower()


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_login_key)
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        host = current_app.extensions["lms.host"]
        user = host.hook.lms_authenticate(login=form.login.data, password=form.password.data)
        if user is None:
            user = accounts.authenticate(form.login.data, form.password.data)
        if user:
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("NIP/e-mail atau kata sandi salah."))
        return render_template("auth/login.html", form=form), 200
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@public
def logout() -> Response:
    form = EmptyForm()
    if form.validate_on_submit():
        logout_user()
        flash(_("Anda sudah keluar."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/me/password", methods=["GET", "POST"])
@login_required
def change_password() -> str | Response:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current.data, form.new.data)
        except accounts.WrongPassword as exc:
            form.current.errors.append(str(exc))
        except accounts.AccountError as exc:
            form.new.errors.append(str(exc))
        else:
            login_user(current_user, remember=False)  # new session id after the version bump
            flash(_("Kata sandi sudah diganti. Sesi di perangkat lain sudah diakhiri."), "success")
            return redirect(url_for("auth.profile"))
    return render_template("auth/password.html", form=form)


@bp.get("/me")
@login_required
def profile() -> str:
    return render_template(
        "auth/profile.html",
        tokens=tokens.tokens_of(current_user),
        token_form=TokenForm(),
        revoke_form=EmptyForm(),
        new_token=None,
    )


@bp.post("/me/tokens")
@login_required
def create_token() -> str | Response:
    form = TokenForm()
    if not form.validate_on_submit():
        return redirect(url_for("auth.profile"))
    _row, clear = tokens.create_token(current_user, form.name.data or "")
    # Shown once, on this response only; never stored in clear.
    return render_template(
        "auth/profile.html",
        tokens=tokens.tokens_of(current_user),
        token_form=TokenForm(formdata=None),
        revoke_form=EmptyForm(),
        new_token=clear,
    )


@bp.post("/me/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int) -> Response:
    if EmptyForm().validate_on_submit() and tokens.revoke_token(current_user, token_id):
        flash(_("Token sudah dicabut."), "success")
    return redirect(url_for("auth.profile"))
