"""``lms demo``: a ready site on the embedded default database."""

from __future__ import annotations

import click
import flask_migrate
from flask.cli import with_appcontext

from lms import paths
from lms.cli.util import commit, fail
from lms.core.nip import format_nip
from lms.core.services.demo import create_demo_agency, new_demo_password, password_problem


@click.command("demo")
@click.option("--password", default=None,
              help="password for every demo account (default: a new random one, printed)")
@with_appcontext
def demo_command(password: str | None) -> None:
    """Migrate, import the sample courses, create a demo agency, print the logins."""
    flask_migrate.upgrade(directory=str(paths.MIGRATIONS), revision="heads")
    if password is not None and (problem := password_problem(password)):
        fail(f"--password: {problem}")
    password = password or new_demo_password()
    people = create_demo_agency(password)
    commit()
    _import_sample_courses()
    click.echo("\nAkun demo (kata sandi sama untuk semua):  " + password)
    for person, user in people:
        roles = ", ".join(sorted(r.value for r in user.roles))
        click.echo(f"  {person.key:<11} NIP {format_nip(user.nip)}  {user.email:<28} ({roles})")
    click.echo("\nMasuk dengan NIP atau e-mail di http://127.0.0.1:5000/login")


def _import_sample_courses() -> None:
    from lms.core.importer.service import import_sample_courses

    report = import_sample_courses(paths.SAMPLE_COURSES)
    commit()
    click.echo(report)
