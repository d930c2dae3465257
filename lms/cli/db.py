"""``lms db``: migrations for core and every plugin branch."""

from __future__ import annotations

from contextvars import ContextVar

import click
import flask_migrate
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from lms import paths

# The branch `lms db revision` is generating for; migrations/env.py reads it so that
# autogenerate only sees the tables that branch owns.
generating_branch: ContextVar[str | None] = ContextVar("generating_branch", default=None)


@click.group("db", help="Create or migrate the database (Alembic).")
def db_group() -> None:
    pass


@db_group.command("upgrade")
@click.argument("revision", default="heads")
@with_appcontext
def upgrade(revision: str) -> None:
    """Migrate to REVISION (default: every branch's head)."""
    _check_sqlite_folder()
    flask_migrate.upgrade(directory=str(paths.MIGRATIONS), revision=revision)


def _check_sqlite_folder() -> None:
    """A SQLite file in a folder that does not exist: SQLite only says "unable to open
    database file"; name the folder and what to do."""
    from pathlib import Path

    from sqlalchemy.engine import make_url

    from lms.cli.util import fail

    url = make_url(current_app.extensions["lms.settings"].sqlalchemy_url())
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:") or url.database.startswith("file:"):
        return
    folder = Path(url.database).expanduser().absolute().parent
    if not folder.is_dir():
        fail(_("LMS_DATABASE_URL: folder %(folder)s untuk basis data SQLite tidak ada; buat folder itu, atau "
               "perbaiki alamatnya", folder=folder), code=2)


@db_group.command("downgrade")
@click.argument("revision")
@with_appcontext
def downgrade(revision: str) -> None:
    """Migrate down to REVISION (for example ``quiz@base``)."""
    flask_migrate.downgrade(directory=str(paths.MIGRATIONS), revision=revision)


@db_group.command("check")
@with_appcontext
def check() -> None:
    """Fail when the models and the migrated database differ."""
    flask_migrate.check(directory=str(paths.MIGRATIONS))


@db_group.command("current")
@with_appcontext
def current() -> None:
    flask_migrate.current(directory=str(paths.MIGRATIONS))


@db_group.command("heads")
@with_appcontext
def heads() -> None:
    flask_migrate.heads(directory=str(paths.MIGRATIONS), verbose=True)


@db_group.command("revision")
@click.option("-m", "--message", required=True)
@click.option("--branch", default="core", show_default=True,
              help="core, or the name of a plugin with its own migrations")
@click.option("--autogenerate/--empty", default=True)
@with_appcontext
def revision(message: str, branch: str, autogenerate: bool) -> None:
    """Write a new migration on BRANCH (for developers)."""
    host = current_app.extensions["lms.host"]
    if branch == "core":
        version_path = str(paths.MIGRATIONS / "versions")
    elif branch in host.migration_dirs:
        version_path = host.migration_dirs[branch]
    else:
        raise click.BadParameter(f"unknown branch {branch!r}", param_hint="--branch")
    token = generating_branch.set(branch)
    try:
        if branch != "core" and not _branch_exists(branch):
            _first_revision(branch, message, autogenerate, version_path)
        else:
            flask_migrate.revision(directory=str(paths.MIGRATIONS), message=message,
                                   autogenerate=autogenerate, head=f"{branch}@head",
                                   version_path=version_path)
    finally:
        generating_branch.reset(token)


def _config():  # noqa: ANN202
    return current_app.extensions["migrate"].migrate.get_config(str(paths.MIGRATIONS))


def _branch_exists(branch: str) -> bool:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config())
    return any(branch in (rev.branch_labels or ()) for rev in script.walk_revisions())


def _first_revision(branch: str, message: str, autogenerate: bool, version_path: str) -> None:
    """A plugin's first migration: a new branch labelled with the plugin's name, depending on
    the current core head (the plugin's tables refer to core tables)."""
    from alembic import command
    from alembic.script import ScriptDirectory

    config = _config()
    script = ScriptDirectory.from_config(config)
    core_head = script.get_revision("core@head").revision
    command.revision(config, message=message, autogenerate=autogenerate, head="base",
                     branch_label=branch, version_path=version_path, depends_on=core_head)
