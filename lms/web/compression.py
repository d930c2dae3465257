"""Gzip for what ``lms serve`` sends: pages, CSS, JS, JSON and SVG.

A lesson page is about 45 KB of HTML and 11 KB gzipped; on a 3G link that is seconds. The
middleware sits under gunicorn (``lms.wsgi``), so a site without a compressing reverse proxy
still sends small pages, and one with such a proxy loses nothing (a body that already has a
``Content-Encoding`` passes through untouched).

Own code rather than Flask-Compress: that extension only gzips a file response (``send_file``:
our CSS and JS) when it also compresses true streams, which we must not, and it brings brotli
and zstd wheels we do not need. What is compressed here:

* text types only (HTML, CSS, JS, JSON, SVG, XML, plain text), never images, fonts, PDFs, zips,
  spreadsheets or anything already encoded;
* bodies with a known length between :data:`MIN_SIZE` and :data:`MAX_SIZE`: a response without
  a length is a stream (exports) and goes out as it comes;
* never a download (``Content-Disposition: attachment``), a partial answer, a ``HEAD``, or a
  response marked ``Cache-Control: no-transform``.

Every answer of a compressible type carries ``Vary: Accept-Encoding`` (compressed or not), so a
cache never hands gzip to a client that did not ask for it. A strong ``ETag`` becomes
``"<tag>-gzip"`` on the compressed variant (two different bodies must not share a strong tag);
conditional requests that come back with it are matched against the application's own tag.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable, Iterable
from typing import Any

MIN_SIZE = 1024  # below this the gzip header costs more than it saves
MAX_SIZE = 8 * 1024 * 1024  # larger bodies are files: buffering them is not worth a worker
LEVEL = 6
SUFFIX = "-gzip"

COMPRESSIBLE = frozenset({
    "text/html", "text/css", "text/javascript", "text/plain", "text/xml", "text/calendar",
    "application/javascript", "application/json", "application/xml", "application/xhtml+xml",
    "application/manifest+json", "application/ld+json", "application/problem+json",
    "image/svg+xml",
})

_GZIP_TOKEN = re.compile(r"(?:^|,)\s*(gzip|\*)\s*(?:;\s*q\s*=\s*([0-9.]+))?", re.IGNORECASE)
_STRONG_TAG = re.compile(r'^"([^"]*)"$')

StartResponse = Callable[..., Any]


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether ``Accept-Encoding`` allows gzip (``q=0`` refuses it)."""
    for match in _GZIP_TOKEN.finditer(accept_encoding or ""):
        quality = match.group(2)
        try:
            if quality is None or float(quality) > 0:
                return True
        except ValueError:
            continue
    return False


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    lowered = name.lower()
    for key, value in headers:
        if key.lower() == lowered:
            return value
    return None


def _without(headers: list[tuple[str, str]], *names: str) -> list[tuple[str, str]]:
    drop = {name.lower() for name in names}
    return [(key, value) for key, value in headers if key.lower() not in drop]


def _add_vary(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    vary = _header(headers, "Vary")
    if vary is None:
        return [*headers, ("Vary", "Accept-Encoding")]
    if "accept-encoding" in vary.lower() or vary.strip() == "*":
        return headers
    return [*_without(headers, "Vary"), ("Vary", f"{vary}, Accept-Encoding")]


def _gzip_etag(etag: str | None) -> str | None:
    """The compressed variant's tag: strong tags get the suffix, weak ones stay (a weak tag
    already promises only equivalent content)."""
    if etag is None:
        return None
    match = _STRONG_TAG.match(etag.strip())
    return f'"{match.group(1)}{SUFFIX}"' if match else etag


def _strip_suffix(value: str) -> str:
    """``If-None-Match: "abc-gzip"`` means the application's ``"abc"``."""
    return re.sub(rf'{re.escape(SUFFIX)}"', '"', value)


def _media_type(headers: list[tuple[str, str]]) -> str:
    return (_header(headers, "Content-Type") or "").split(";", 1)[0].strip().lower()


class GzipMiddleware:
    """WSGI middleware: ``app.wsgi_app = GzipMiddleware(app.wsgi_app)``."""

    def __init__(self, app: Callable[[dict[str, Any], StartResponse], Iterable[bytes]], *,
                 min_size: int = MIN_SIZE, max_size: int = MAX_SIZE, level: int = LEVEL) -> None:
        self.app = app
        self.min_size = min_size
        self.max_size = max_size
        self.level = level

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        wants_gzip = accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING", ""))
        conditional = False
        for key in ("HTTP_IF_NONE_MATCH", "HTTP_IF_MATCH"):
            if wants_gzip and SUFFIX in environ.get(key, ""):
                environ[key] = _strip_suffix(environ[key])
                conditional = True

        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], Any]:
            captured.update(status=status, headers=list(headers), exc_info=exc_info)
            return lambda data: captured.setdefault("written", []).append(data)

        app_iter = self.app(environ, capture)
        status: str = captured["status"]
        headers: list[tuple[str, str]] = captured["headers"]
        if captured.get("written"):  # the legacy write() callable: pass through untouched
            start_response(status, headers, captured["exc_info"])
            return [*captured["written"], *app_iter]

        code = int(status.split(" ", 1)[0])
        compressible_type = _media_type(headers) in COMPRESSIBLE
        if compressible_type:
            headers = _add_vary(headers)
        if code == 304 and conditional:
            # the client holds the gzip variant and it is still fresh: answer with its tag
            etag = _header(headers, "ETag")
            if etag is not None:
                headers = [*_without(headers, "ETag"), ("ETag", _gzip_etag(etag) or etag)]
        if not (wants_gzip and compressible_type and self._worth_compressing(environ, code, headers)):
            start_response(status, headers, captured["exc_info"])
            return app_iter

        try:
            body = b"".join(app_iter)
        finally:
            close = getattr(app_iter, "close", None)
            if close is not None:
                close()
        compressed = gzip.compress(body, compresslevel=self.level, mtime=0)
        etag = _gzip_etag(_header(headers, "ETag"))
        headers = _without(headers, "Content-Length", "ETag")
        headers += [("Content-Encoding", "gzip"), ("Content-Length", str(len(compressed)))]
        if etag is not None:
            headers.append(("ETag", etag))
        start_response(status, headers, captured["exc_info"])
        return [compressed]

    def _worth_compressing(self, environ: dict[str, Any], code: int, headers: list[tuple[str, str]]) -> bool:
        if environ.get("REQUEST_METHOD") == "HEAD" or not 200 <= code < 300 or code in (204, 206):
            return False
        if _header(headers, "Content-Encoding") is not None:
            return False
        if "attachment" in (_header(headers, "Content-Disposition") or "").lower():
            return False
        if "no-transform" in (_header(headers, "Cache-Control") or "").lower():
            return False
        length = _header(headers, "Content-Length")
        if length is None or not length.isdigit():  # a stream: leave it streaming
            return False
        return self.min_size <= int(length) <= self.max_size
