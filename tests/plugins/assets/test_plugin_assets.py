"""A plugin's own static files (``static/`` next to its module) are served under
``/static/plugins/<plugin>/`` with content-hashed URLs, and an activity type's declared
stylesheets and scripts are linked on the pages that show one of its items, and only there."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from lms.plugins import asset_url

STATIC = Path(__file__).parent / "demo_plugin" / "static"
POSTER = "Sampaikan keluhan lewat loket pengaduan."


def _version(name: str) -> str:
    return hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:10]


def test_an_asset_url_carries_the_files_hash(app) -> None:
    with app.test_request_context():
        assert asset_url("poster", "poster.css") == f"/static/plugins/poster/poster.css?v={_version('poster.css')}"
        assert asset_url("poster", "sub/poster.js").endswith(f"?v={_version('sub/poster.js')}")


def test_the_url_is_computed_once_per_process(app, tmp_path, monkeypatch) -> None:
    """Outside debug mode the file is hashed once: a deploy (which changes files) restarts."""
    folder = tmp_path / "static"
    folder.mkdir()
    (folder / "x.css").write_text("a {}")
    monkeypatch.setitem(app.extensions["lms.host"].static_folders, "tmp", folder)
    with app.test_request_context():
        first = asset_url("tmp", "x.css")
        (folder / "x.css").write_text("a { color: red }")
        assert asset_url("tmp", "x.css") == first


def test_a_plugin_without_a_static_folder_is_a_clear_error(app) -> None:
    with app.test_request_context(), pytest.raises(LookupError, match="'evidence'"):
        asset_url("evidence", "x.css")  # built-in evidence ships no files


def test_the_file_is_served_to_anyone_and_cached_for_a_year(client) -> None:
    with client.application.test_request_context():
        url = asset_url("poster", "poster.css")
    response = client.get(url, buffered=True)  # read and closed: a file response holds its file open
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    assert response.data == (STATIC / "poster.css").read_bytes()
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert client.get("/static/plugins/poster/sub/poster.js", buffered=True).status_code == 200


@pytest.mark.parametrize("path", [
    "/static/plugins/poster/missing.css",
    "/static/plugins/nobody/poster.css",  # not an enabled plugin
    "/static/plugins/evidence/plugin.py",  # a plugin without static/: its code is not served
    "/static/plugins/poster/../__init__.py",
    "/static/plugins/poster/%2e%2e/__init__.py",
])
def test_nothing_outside_an_enabled_plugins_static_folder_is_served(client, path) -> None:
    assert client.get(path, buffered=True).status_code == 404


@pytest.fixture
def poster_course(make_course, make_user, login_as, enrolled):
    course = make_course("kursus-poster", {"01-pengantar.md": "# Pengantar\n\nIsi.\n",
                                           "02-loket.poster.md": POSTER})
    login_as(enrolled(course, make_user()))
    return course


def _linked(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/plugins/[^"]+)"', html)


def test_the_item_page_links_its_types_stylesheet_and_script(client, poster_course) -> None:
    page = client.get("/courses/kursus-poster/loket")
    assert page.status_code == 200 and POSTER in page.text
    head = page.text.split("</head>")[0]
    assert f'<link rel="stylesheet" href="/static/plugins/poster/poster.css?v={_version("poster.css")}">' in head
    assert f'<script src="/static/plugins/poster/sub/poster.js?v={_version("sub/poster.js")}" defer></script>' \
        in head
    for url in _linked(page.text):
        assert client.get(url, buffered=True).status_code == 200


def test_pages_without_such_an_item_do_not_load_them(client, poster_course) -> None:
    for url in ("/courses/kursus-poster/pengantar", "/courses/kursus-poster", "/"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert "/static/plugins/poster/" not in page.text, url


def test_a_declared_file_missing_from_the_plugins_folder_stops_the_start() -> None:
    """Found when the app starts, naming the plugin, not by a learner meeting a broken page."""
    import types

    from lms.plugins import ActivityType, hookimpl
    from lms.plugins.errors import PluginError
    from lms.plugins.manager import load_plugins

    class Slides(ActivityType):
        name = "slides"
        suffixes = (".slides.md",)
        stylesheets = ("slides.css",)

    plugin = types.ModuleType("slides_plugin")  # made at run time: no static/ folder at all
    plugin.lms_register_activity_types = hookimpl(lambda: [Slides()])
    with pytest.raises(PluginError, match="'slides' of plugin 'slides'.*'slides.css'"):
        load_plugins([], extra=[("slides", plugin)])


def test_the_poster_plugins_folder_is_found_next_to_its_module(app) -> None:
    assert app.extensions["lms.host"].static_folders["poster"] == STATIC.resolve()
    assert app.extensions["lms.host"].static_folders["quiz"].parts[-3:] == ("builtin", "quiz", "static")
