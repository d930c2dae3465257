"""``lms backup DEST``: a consistent copy of the database while the site runs."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _
from sqlalchemy.engine import make_url

from lms.cli.util import fail


def backup_database(url: str, dest: Path) -> Path:
    """SQLite: the online backup API (consistent even with writers). PostgreSQL: pg_dump in
    custom format (one snapshot). Returns the file written."""
    parsed = make_url(url)
    dest.parent.mkdir(parents=True, exist_ok=True)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or not Path(parsed.database).is_file():
            raise RuntimeError(f"no SQLite database at {parsed.database}")
        source = sqlite3.connect(parsed.database)
        try:
            target = sqlite3.connect(dest)
            with target:
                source.backup(target)
            target.close()
        finally:
            source.close()
        return dest
    if parsed.get_backend_name() == "postgresql":
        if shutil.which("pg_dump") is None:
            raise RuntimeError("pg_dump not found: install the PostgreSQL client")
        # The password goes through the environment, never the command line (other local users
        # can read a process's arguments).
        env = {**os.environ, "PGPASSWORD": parsed.password or ""}
        libpq = parsed.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={dest}", libpq],
                       check=True, capture_output=True, env=env)
        return dest
    raise RuntimeError(f"backup of {parsed.get_backend_name()} is not supported")


@click.command("backup")
@click.argument("dest", type=click.Path(dir_okay=True, path_type=Path))
@with_appcontext
def backup_command(dest: Path) -> None:
    """Copy the database to DEST (a file, or a folder for a dated file)."""
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    if dest.is_dir():
        from datetime import datetime

        suffix = ".db" if url.startswith("sqlite") else ".dump"
        dest = dest / f"sinau-{datetime.now():%Y%m%d-%H%M%S}{suffix}"
    try:
        written = backup_database(url, dest)
    except (RuntimeError, OSError, sqlite3.Error, subprocess.CalledProcessError) as exc:
        detail = exc.stderr.decode(errors="replace").strip() if isinstance(exc, subprocess.CalledProcessError) else exc
        fail(_("cadangan gagal: %(detail)s", detail=detail))
    click.echo(_("cadangan ditulis ke %(path)s", path=written))
