"""The route of plugins' own static files: ``/static/plugins/<plugin>/<file>`` (see :mod:`lms.assets`)."""

from __future__ import annotations

from typing import Any

from flask import Flask

from lms.assets import PLUGIN_STATIC_ENDPOINT, serve_plugin_file
from lms.web.access import public


@public  # stylesheets and scripts, like core's static files: the sign-in page needs them too
def plugin_file(plugin: str, filename: str) -> Any:
    return serve_plugin_file(plugin, filename)


def init_plugin_static(app: Flask) -> None:
    app.add_url_rule(f"{app.static_url_path}/plugins/<plugin>/<path:filename>", PLUGIN_STATIC_ENDPOINT,
                     plugin_file)
