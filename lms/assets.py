"""Static files with content-hashed URLs: core's ``static/`` and each plugin's own ``static/``.

A URL carries the first characters of the file's SHA-256 (``?v=...``), so browsers may keep the
file for a year and still fetch a new one after a deploy. Outside debug mode a URL is computed
once per process (files ship with the code and change only with a deploy, which restarts the
workers); in debug mode every page re-reads the file's modification time, so an edited
stylesheet shows at once.

A plugin's files live in the folder ``static/`` next to its module (``lms/builtin/quiz/static/``
for the quiz, ``my_plugin/static/`` for a plugin whose entry point names ``my_plugin``), are served
under ``/static/plugins/<plugin>/<file>`` and linked with :func:`asset_url`. An activity type
names its stylesheets and scripts (``ActivityType.stylesheets``/``scripts``); a page that shows
one of its items links them (:func:`use_activity_assets`), other pages do not load them.

A neutral module (like :mod:`lms.rendering`): the public plugin API re-exports from it without
importing the web layer.
"""

from __future__ import annotations

import hashlib
import inspect
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

from flask import abort, current_app, g, has_request_context, request, send_from_directory, url_for
from markupsafe import Markup

__all__ = ["PLUGIN_STATIC_ENDPOINT", "asset_url", "page_assets", "plugin_static_folder", "static_url",
           "use_activity_assets", "use_assets"]

PLUGIN_STATIC_ENDPOINT = "plugin_static"
ONE_YEAR = 60 * 60 * 24 * 365


@lru_cache(maxsize=512)
def _file_version(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def _remembered_urls() -> dict[tuple[str, ...], str]:
    """This app's remembered URLs (tests run several apps in one process)."""
    return current_app.extensions.setdefault("lms.remembered_urls", {})


def hashed_url(endpoint: str, folder: Path | str, filename: str, **values: str) -> str:
    """``url_for(endpoint, filename=..., v=<hash>, **values)`` for ``folder/filename``. A missing
    file gets ``v=0`` and is not remembered (it may appear before the next page)."""
    known = _remembered_urls()
    key = (endpoint, request.script_root if has_request_context() else "", *values.values(), filename)
    cached = None if current_app.debug else known.get(key)
    if cached is not None:
        return cached
    full = Path(folder) / filename
    try:
        version = _file_version(str(full), full.stat().st_mtime)
    except OSError:
        version = "0"
    url = url_for(endpoint, filename=filename, v=version, **values)
    if not current_app.debug and version != "0":
        known[key] = url
    return url


def static_url(filename: str) -> str:
    """The hashed URL of a file of core's ``static/`` folder (``css/base.css``)."""
    # the folder as text: making a Path on every call cost more than the remembered lookup
    return hashed_url("static", current_app.static_folder or "", filename)


# --- plugins' own folders -------------------------------------------------------------------


def plugin_static_folder(plugin: object) -> Path | None:
    """``static/`` next to the module a plugin was loaded from, if that folder exists. A plugin
    that is a module (``lms.builtin.quiz.plugin``) or an object defined in one both work; an
    object made at run time (a test's throwaway plugin) has none."""
    module = plugin if isinstance(plugin, ModuleType) else inspect.getmodule(plugin)
    filename = getattr(module, "__file__", None)
    if not filename:
        return None
    folder = Path(filename).resolve().parent / "static"
    return folder if folder.is_dir() else None


def _folders() -> dict[str, Path]:
    return current_app.extensions["lms.host"].static_folders


def asset_url(plugin: str, filename: str) -> str:
    """The hashed URL of ``filename`` in plugin ``plugin``'s ``static/`` folder, for a page's
    ``<link>`` or ``<script>`` (also a template global: ``{{ asset_url('quiz', 'quiz.js') }}``).

    A plugin that is not enabled or has no ``static/`` folder is a programming error (a
    ``LookupError``), not a broken link found later by a person."""
    folder = _folders().get(plugin)
    if folder is None:
        raise LookupError(f"plugin {plugin!r} is not enabled or has no static/ folder")
    return hashed_url(PLUGIN_STATIC_ENDPOINT, folder, filename, plugin=plugin)


def serve_plugin_file(plugin: str, filename: str) -> Any:
    """``GET /static/plugins/<plugin>/<file>``: a file of an enabled plugin's ``static/`` folder
    (404 for anything else; a path leaving the folder is refused by ``send_from_directory``)."""
    folder = _folders().get(plugin)
    if folder is None:
        abort(404)
    return send_from_directory(folder, filename, max_age=ONE_YEAR)


# --- what a page links ----------------------------------------------------------------------


def use_assets(plugin: str, *, css: tuple[str, ...] | list[str] = (), js: tuple[str, ...] | list[str] = ()) -> None:
    """Link these files of ``plugin``'s ``static/`` folder on the page being built (once each,
    in order): stylesheets in its head, scripts deferred (they run after the page is read)."""
    wanted = g.setdefault("lms_page_assets", {})
    for kind, names in (("css", css), ("js", js)):
        for name in names:
            wanted.setdefault((kind, plugin, name), None)


def use_activity_assets(type_name: str) -> None:
    """Link the stylesheets and scripts that activity type ``type_name`` declares (nothing for
    a type whose plugin is disabled)."""
    activities = current_app.extensions["lms.host"].activities
    activity = activities.get(type_name)
    if activity is None:
        return
    use_assets(activities.owner(type_name), css=activity.stylesheets, js=activity.scripts)


def page_assets() -> Markup:
    """The ``<link>`` and ``<script>`` tags of what this page asked for (base template's head)."""
    wanted = g.get("lms_page_assets")
    if not wanted:
        return Markup("")
    if current_app.debug:
        return _asset_tags(tuple(wanted))
    # the same few files on every page of a kind: their tags are made once per process (the
    # URLs carry the files' hashes, and the mount point is part of the key)
    store = current_app.extensions.setdefault("lms.page_assets", {})
    key = (request.script_root, *wanted)
    html = store.get(key)
    if html is None:
        html = store[key] = _asset_tags(tuple(wanted))
    return html


def _asset_tags(wanted: tuple[tuple[str, str, str], ...]) -> Markup:
    tags = []
    for kind, plugin, name in wanted:
        url = asset_url(plugin, name)
        if kind == "css":
            tags.append(Markup('<link rel="stylesheet" href="{}">').format(url))
        else:
            tags.append(Markup('<script src="{}" defer></script>').format(url))
    return Markup("\n  ").join(tags)
