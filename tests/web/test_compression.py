"""Gzip under ``lms serve``: the middleware on its own (every rule), then the real server."""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from flask import Flask, Response, request, send_file, stream_with_context
from werkzeug.test import Client

from lms.web.compression import GzipMiddleware, accepts_gzip


class BufferedClient(Client):
    """Reads and closes every body (file responses hold an open file until then)."""

    def open(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("buffered", True)
        return super().open(*args, **kwargs)


PAGE = ("<p>Materi pelatihan aparatur sipil negara</p>\n" * 200).encode()


@pytest.fixture
def client(tmp_path: Path) -> Client:
    app = Flask(__name__)
    (tmp_path / "site.css").write_text("body { color: #111; }\n" * 200)
    (tmp_path / "photo.png").write_bytes(b"\x89PNG" + bytes(4000))

    @app.get("/page")
    def page() -> Response:
        response = Response(PAGE, mimetype="text/html")
        response.set_etag("v1")
        return response.make_conditional(request)

    @app.get("/tiny")
    def tiny() -> Response:
        return Response(b"<p>ok</p>", mimetype="text/html")

    @app.get("/css")
    def css() -> Response:
        return send_file(tmp_path / "site.css", mimetype="text/css")

    @app.get("/png")
    def png() -> Response:
        return send_file(tmp_path / "photo.png", mimetype="image/png")

    @app.get("/export.csv")
    def export() -> Response:
        return Response(PAGE, mimetype="text/csv", headers={"Content-Disposition": "attachment; filename=a.csv"})

    @app.get("/json-download")
    def json_download() -> Response:
        return Response(PAGE, mimetype="application/json",
                        headers={"Content-Disposition": "attachment; filename=a.json"})

    @app.get("/stream")
    def stream() -> Response:
        return Response(stream_with_context(iter([PAGE, PAGE])), mimetype="text/html")

    @app.get("/already")
    def already() -> Response:
        return Response(gzip.compress(PAGE), mimetype="text/html", headers={"Content-Encoding": "gzip"})

    @app.get("/vary")
    def vary() -> Response:
        return Response(PAGE, mimetype="text/html", headers={"Vary": "Cookie"})

    app.wsgi_app = GzipMiddleware(app.wsgi_app)  # type: ignore[method-assign]
    return BufferedClient(app)


GZ = {"Accept-Encoding": "gzip, deflate, br"}


def test_accept_encoding_parsing() -> None:
    assert accepts_gzip("gzip, deflate, br")
    assert accepts_gzip("br;q=1.0, gzip;q=0.8")
    assert accepts_gzip("*")
    assert not accepts_gzip("gzip;q=0")
    assert not accepts_gzip("br, identity")
    assert not accepts_gzip("")


def test_html_is_gzipped_with_vary_and_its_length(client: Client) -> None:
    response = client.get("/page", headers=GZ)
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Vary"] == "Accept-Encoding"
    assert int(response.headers["Content-Length"]) == len(response.data) < len(PAGE) / 5
    assert gzip.decompress(response.data) == PAGE


def test_without_accept_encoding_the_body_is_plain_but_varies(client: Client) -> None:
    response = client.get("/page")
    assert "Content-Encoding" not in response.headers
    assert response.headers["Vary"] == "Accept-Encoding"
    assert response.data == PAGE and response.headers["ETag"] == '"v1"'
    refused = client.get("/page", headers={"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in refused.headers


def test_the_gzip_variant_has_its_own_strong_etag_and_revalidates(client: Client) -> None:
    first = client.get("/page", headers=GZ)
    assert first.headers["ETag"] == '"v1-gzip"'
    again = client.get("/page", headers={**GZ, "If-None-Match": '"v1-gzip"'})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == '"v1-gzip"'
    plain = client.get("/page", headers={"If-None-Match": '"v1"'})
    assert plain.status_code == 304 and plain.headers["ETag"] == '"v1"'
    # the plain client holding the gzip tag does not get a 304 for a body it never had
    assert client.get("/page", headers={"If-None-Match": '"v1-gzip"'}).status_code == 200


def test_static_css_is_gzipped_but_images_are_not(client: Client) -> None:
    css = client.get("/css", headers=GZ)
    assert css.headers["Content-Encoding"] == "gzip" and gzip.decompress(css.data).startswith(b"body")
    png = client.get("/png", headers=GZ)
    assert "Content-Encoding" not in png.headers and "Vary" not in png.headers
    assert png.data.startswith(b"\x89PNG")


def test_small_bodies_streams_downloads_and_encoded_bodies_pass_through(client: Client) -> None:
    tiny = client.get("/tiny", headers=GZ)
    assert "Content-Encoding" not in tiny.headers and tiny.data == b"<p>ok</p>"
    assert tiny.headers["Vary"] == "Accept-Encoding"
    stream = client.get("/stream", headers=GZ)
    assert "Content-Encoding" not in stream.headers and stream.data == PAGE * 2
    for path in ("/export.csv", "/json-download"):
        download = client.get(path, headers=GZ)
        assert "Content-Encoding" not in download.headers and download.data == PAGE
    already = client.get("/already", headers=GZ)
    assert gzip.decompress(already.data) == PAGE  # encoded once, not twice


def test_head_and_existing_vary(client: Client) -> None:
    head = client.head("/page", headers=GZ)
    assert "Content-Encoding" not in head.headers
    vary = client.get("/vary", headers=GZ)
    assert vary.headers["Vary"] == "Cookie, Accept-Encoding"


# --------------------------------------------------------------------------- the real server

_LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")


@pytest.mark.slow
def test_lms_serve_gzips_pages_and_css_and_leaves_no_control_socket_at_home(tmp_path: Path) -> None:
    from lms.testing.plugin import settings_for

    home = tmp_path / "home"
    home.mkdir()
    settings = settings_for(tmp_path, f"sqlite:///{tmp_path / 'serve.db'}")
    env = {**os.environ, **{k: str(v) for k, v in settings.items()}, "HOME": str(home)}
    lms = Path(sys.executable).with_name("lms")
    # as deployed (docs/deploy.md): the schema first; the sign-in page reads plugins' tables
    subprocess.run([str(lms), "db", "upgrade"], env=env, cwd=tmp_path, check=True, capture_output=True)
    server = subprocess.Popen([str(lms), "serve", "--bind", "127.0.0.1:0", "--workers", "1"], env=env,
                              cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    log: list[str] = []
    reader = threading.Thread(target=lambda: log.extend(server.stderr), daemon=True)  # type: ignore[arg-type]
    reader.start()
    try:
        port = None
        deadline = time.monotonic() + 60
        while port is None and time.monotonic() < deadline and server.poll() is None:
            found = _LISTENING.search("".join(log))
            port = int(found.group(1)) if found and "Booting worker" in "".join(log) else None
            time.sleep(0.1)
        assert port, "lms serve did not start:\n" + "".join(log)
        for path in ("/login", "/static/css/base.css"):
            request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Accept-Encoding": "gzip"})
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - local server
                body = response.read()
                assert response.headers["Content-Encoding"] == "gzip", path
                assert "Accept-Encoding" in response.headers["Vary"], path
                assert gzip.decompress(body)
        assert not (home / ".gunicorn").exists()
    finally:
        server.terminate()
        server.wait(timeout=30)
        reader.join(timeout=30)
        server.stderr.close()
