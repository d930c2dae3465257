"""``lms run``: Flask's development server, telling the site where it is served, so that the
links it prints and the certificates' QR codes carry that host and port (an admin's base URL
setting still wins, see :func:`lms.core.site_settings.base_url`)."""

from __future__ import annotations

from typing import Any

import click
from flask.cli import ScriptInfo
from flask.cli import run_command as flask_run


def served_url(host: str, port: int) -> str:
    """``http://host:port`` as a browser on this machine reaches it (``0.0.0.0``: 127.0.0.1)."""
    shown = "127.0.0.1" if host in ("", "0.0.0.0") else "[::1]" if host == "::" else host  # noqa: S104
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


@click.command("run", params=list(flask_run.params), help=flask_run.help, short_help=flask_run.short_help,
               context_settings=flask_run.context_settings)
@click.pass_context
def run_command(ctx: click.Context, **kwargs: Any) -> None:
    app = ctx.ensure_object(ScriptInfo).load_app()  # cached: the very app Flask's command serves
    app.extensions["lms.served_url"] = served_url(kwargs["host"], kwargs["port"])
    ctx.invoke(flask_run, **kwargs)
