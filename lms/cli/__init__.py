"""The ``lms`` command: a Flask CLI group (``flask --app lms`` gives the same commands)."""

from __future__ import annotations

from flask import Flask
from flask.cli import FlaskGroup
from sqlalchemy.exc import OperationalError

from lms.config import ConfigError
from lms.plugins.errors import PluginError


def register_commands(app: Flask) -> None:
    from lms.cli.assignments import assignments_group
    from lms.cli.backup import backup_command
    from lms.cli.competencies import competencies_group
    from lms.cli.courses import courses_group, questions_group
    from lms.cli.db import db_group
    from lms.cli.demo import demo_command
    from lms.cli.jobs import jobs_group, worker_command
    from lms.cli.notify import notify_command
    from lms.cli.serve import serve_command
    from lms.cli.users import tokens_group, users_group

    app.cli.commands.pop("db", None)  # Flask-Migrate's group: ours upgrades every branch
    for command in (db_group, demo_command, users_group, tokens_group, backup_command, serve_command,
                    courses_group, questions_group, competencies_group,
                    assignments_group, notify_command, worker_command, jobs_group):
        app.cli.add_command(command)


def _make_app() -> Flask:
    from lms.app import create_app

    return create_app()


class LmsGroup(FlaskGroup):
    def main(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        try:
            return super().main(*args, **kwargs)
        except (ConfigError, PluginError) as exc:
            import sys

            print(f"lms: {exc}", file=sys.stderr)
            sys.exit(2)
        except OperationalError as exc:  # the database is unreachable: one line, not a traceback
            import sys

            print(f"lms: the database cannot be used: {exc.orig or exc} (check LMS_DATABASE_URL and that the "
                  "database server runs)", file=sys.stderr)
            sys.exit(2)


main = LmsGroup(
    create_app=_make_app,
    load_dotenv=False,  # lms.config reads .env itself
    help="Sinau, learning for civil servants (ASN): commands for operators and trainers. Help is in English; "
         "what the commands print follows LMS_DEFAULT_LOCALE (id or en).",
)


def _replace_run() -> None:
    """Our ``run`` instead of Flask's (the group's own commands come before the app's)."""
    from lms.cli.run import run_command

    main.add_command(run_command)


_replace_run()
