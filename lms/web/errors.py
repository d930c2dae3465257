"""Error pages (HTML in the user's language; JSON under /api)."""

from __future__ import annotations

import math
from urllib.parse import urlsplit

from flask import Flask, current_app, jsonify, make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from lms.core import transaction
from lms.web.formatting import format_wait
from lms.web.params import BadParameter

TITLES = {
    400: lambda: _("Permintaan tidak valid"),
    401: lambda: _("Perlu masuk"),
    403: lambda: _("Akses ditolak"),
    404: lambda: _("Halaman tidak ditemukan"),
    405: lambda: _("Metode tidak diizinkan"),
    409: lambda: _("Konflik"),
    413: lambda: _("Berkas terlalu besar"),
    422: lambda: _("Data tidak valid"),
    429: lambda: _("Terlalu banyak percobaan"),
    500: lambda: _("Terjadi kesalahan"),
}


def _message(code: int) -> str:
    messages = {
        403: _("Anda tidak memiliki akses ke halaman ini."),
        404: _("Alamat yang Anda buka tidak ada atau sudah dipindahkan."),
        429: _("Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi."),
        500: _("Maaf, terjadi kesalahan di server. Coba lagi beberapa saat lagi."),
    }
    return messages.get(code, "")


def wants_json() -> bool:
    return request.path.startswith("/api/")


def render_error(code: int, message: str | None = None, *, title: str | None = None,  # noqa: ANN201
                 action_url: str | None = None, action_label: str | None = None):
    """The error page (or the API's JSON error). ``action_url``/``action_label``: the way on
    offered to the reader instead of the default "back to Belajar Saya"."""
    if wants_json():
        api_codes = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                     405: "method_not_allowed", 409: "conflict", 413: "too_large",
                     422: "invalid", 429: "rate_limited", 500: "server_error"}
        body = {"error": {"code": api_codes.get(code, "error"),
                          "message": message or str(TITLES.get(code, lambda: "")())}}
        headers = {"WWW-Authenticate": 'Bearer realm="sinau"'} if code == 401 else {}
        return jsonify(body), code, headers
    title = title or TITLES.get(code, lambda: _("Terjadi kesalahan"))()
    return render_template("errors/error.html", code=code, title=title, message=message or _message(code),
                           action_url=action_url, action_label=action_label, signed_in=_signed_in()), code


def _signed_in() -> bool:
    """Whether the reader is signed in: the way offered on an error page must work for a
    visitor who is not (the sign-in page, not Belajar Saya). A broken database on a 500 page
    counts as signed out."""
    try:
        from flask_login import current_user

        return bool(current_user.is_authenticated)
    except Exception:  # noqa: BLE001 - the error page must render whatever went wrong
        return False


def _rate_limit_wait(exc: HTTPException) -> int:
    """Seconds until the limit that was hit lets the reader in again (at least one)."""
    import time

    from lms.extensions import limiter

    try:
        window = int(exc.limit.limit.get_expiry())  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - fall back to a minute rather than fail the error page
        window = 60
    try:
        current = limiter.current_limit
    except Exception:  # noqa: BLE001
        current = None
    if current is None:
        return window
    # the storage rounds the reset up to a whole second: never more than the window itself
    return max(1, min(window, math.ceil(current.reset_at - time.time())))


def too_many_requests(exc: HTTPException):  # noqa: ANN201
    """429 from a rate limit (the public verification page, the API): how long to wait, and
    the sign-in page (or Belajar Saya) as the way on."""
    wait = _rate_limit_wait(exc)
    if wants_json():
        body, status = render_error(429, _("Terlalu banyak permintaan. Coba lagi dalam %(wait)s.",
                                           wait=format_wait(wait)))
    else:
        signed_in = _signed_in()
        body, status = render_error(
            429, _("Terlalu banyak permintaan dari perangkat ini dalam waktu singkat. Demi keamanan, tunggu "
                   "%(wait)s lalu coba lagi.", wait=format_wait(wait)),
            action_url=url_for("learner.dashboard") if signed_in else url_for("auth.login"),
            action_label=_("Kembali ke Belajar Saya") if signed_in else _("Ke halaman masuk"))
    return body, status, {"Retry-After": str(wait)}


def too_many_attempts(retry_after: int, action_url: str, action_label: str):  # noqa: ANN201
    """429 after too many failed sign-ins: how long to wait, and the way back to the form."""
    body, status = render_error(
        429,
        _("Terlalu banyak percobaan masuk yang gagal untuk akun atau perangkat ini. Demi keamanan, coba lagi "
          "dalam %(wait)s.", wait=format_wait(retry_after)),
        action_url=action_url, action_label=action_label)
    return body, status, {"Retry-After": str(retry_after)}


def _over_plain_http() -> bool:
    """The browser is on http:// while the session cookie is HTTPS-only: it never stored the
    cookie, so no form can pass its check. Told apart from an ordinary expired form by the
    missing session cookie and the page's own address (the Origin header the browser sends
    with a form, else the request's scheme as the trusted proxy reports it)."""
    if not current_app.config.get("SESSION_COOKIE_SECURE"):
        return False
    if request.cookies.get(current_app.config["SESSION_COOKIE_NAME"]):
        return False
    origin = request.headers.get("Origin", "")
    if origin and origin != "null":
        return origin.startswith("http://")
    return request.scheme == "http"


def _plain_http_refusal():  # noqa: ANN202
    current_app.logger.warning(
        "form refused on %s: the site was opened over plain HTTP (%s) but its session cookie is sent "
        "over HTTPS only, so browsers never return it and nobody can sign in. Serve the site over HTTPS "
        "(nginx with TLS, passing X-Forwarded-Proto: see docs/deploy.md), or, for a trial over plain "
        "HTTP only, set LMS_SECURE_COOKIES=false and restart.", request.path, request.host_url)
    host = urlsplit(request.host_url).hostname or request.host  # https on its default port
    host = f"[{host}]" if ":" in host else host
    secure_url = "https://" + host + (request.full_path.rstrip("?") if request.method == "GET" else request.path)
    return render_error(
        400,
        _("Alamat situs ini diawali http:// (tidak aman), padahal situs ini hanya bisa dipakai lewat sambungan "
          "aman https://. Karena itu Anda tidak bisa masuk, dan memuat ulang halaman tidak akan membantu. Coba buka "
          "alamat aman dengan tombol di bawah ini. Jika tidak bisa dibuka, beri tahu pengelola server: catatan "
          "server menjelaskan cara memperbaikinya."),
        title=_("Sambungan tidak aman"), action_url=secure_url, action_label=_("Buka alamat aman (https://)"))


def init_errors(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError):  # noqa: ANN202
        transaction.rollback()
        if _over_plain_http():
            return _plain_http_refusal()
        return render_error(400, _("Sesi formulir sudah kedaluwarsa. Muat ulang halaman lalu coba lagi."))

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):  # noqa: ANN202
        transaction.rollback()
        code = exc.code or 500
        if code == 429:
            return too_many_requests(exc)
        own = isinstance(exc, BadParameter)  # our message naming the field, in the reader's language
        message = exc.description if own or (wants_json() and code not in (404, 405, 500)) else None
        response = make_response(render_error(code, message))
        # what the exception says beside its body: ``Allow`` on a 405 (RFC 9110), ``WWW-Authenticate``...
        for name, value in exc.get_headers():
            if name.lower() != "content-type":
                response.headers.setdefault(name, value)
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):  # noqa: ANN202
        transaction.rollback()
        app.logger.exception("unhandled error on %s", request.path)
        if app.config.get("TESTING") and app.config.get("LMS_RAISE_ERRORS", True):
            raise exc
        return render_error(500)
