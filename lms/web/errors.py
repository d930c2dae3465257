"""Error pages (HTML in the user's language; JSON under /api)."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from lms.core import transaction

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


def render_error(code: int, message: str | None = None):  # noqa: ANN201
    if wants_json():
        api_codes = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                     405: "method_not_allowed", 409: "conflict", 413: "too_large",
                     422: "invalid", 429: "rate_limited", 500: "server_error"}
        body = {"error": {"code": api_codes.get(code, "error"),
                          "message": message or str(TITLES.get(code, lambda: "")())}}
        headers = {"WWW-Authenticate": 'Bearer realm="sinau"'} if code == 401 else {}
        return jsonify(body), code, headers
    title = TITLES.get(code, lambda: _("Terjadi kesalahan"))()
    return render_template("errors/error.html", code=code, title=title,
                           message=message or _message(code)), code


def init_errors(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError):  # noqa: ANN202
        transaction.rollback()
        return render_error(400, _("Sesi formulir sudah kedaluwarsa. Muat ulang halaman lalu coba lagi."))

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):  # noqa: ANN202
        transaction.rollback()
        code = exc.code or 500
        message = exc.description if wants_json() and code not in (404, 405, 500) else None
        return render_error(code, message)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):  # noqa: ANN202
        transaction.rollback()
        app.logger.exception("unhandled error on %s", request.path)
        if app.config.get("TESTING") and app.config.get("LMS_RAISE_ERRORS", True):
            raise exc
        return render_error(500)
