"""``lms demo``: a ready site on the embedded default database: "Pemerintah Kota Sukamaju"
with a year of history, and the logins to try it, printed in plain words."""

from __future__ import annotations

import os
import time
from pathlib import Path

import click
import flask_migrate
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from lms import paths
from lms.cli.run import served_url
from lms.cli.util import commit, fail
from lms.core import site_settings
from lms.core.nip import format_nip
from lms.core.services.demo import (
    CITY,
    DEFAULT_SIZE,
    LOGIN_KEYS,
    create_demo_agency,
    new_demo_password,
    password_problem,
)

PASSWORD_FILE = "demo-password"  # noqa: S105 - a file name, not a password


def password_file() -> Path:
    return Path(current_app.extensions["lms.settings"].instance_path) / PASSWORD_FILE


def demo_password(given: str | None) -> tuple[str, bool]:
    """The demo accounts' password: ``given``, else the one kept in ``instance/demo-password``,
    else a new one; whichever it is is kept there (readable by the owner only) for next time.
    Also says whether it differs from the kept one."""
    path = password_file()
    stored = path.read_text(encoding="utf-8").strip() if path.is_file() else ""
    password = given or stored or new_demo_password()
    if password != stored:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(password + "\n")
    path.chmod(0o600)
    return password, password != stored


@click.command("demo")
@click.option("--password", default=None,
              help="password of the demo accounts (default: the one in instance/demo-password, else a new one)")
@click.option("--size", default=DEFAULT_SIZE, show_default=True, type=click.IntRange(10, 5000),
              help="about how many staff the demo city has")
@click.option("--host", default=None, help="host the site will be served on (printed links, certificate QR)")
@click.option("--port", default=None, type=int, help="port the site will be served on")
@with_appcontext
def demo_command(password: str | None, size: int, host: str | None, port: int | None) -> None:
    """Migrate, import the sample courses, build the demo city with a year of history, print the logins."""
    from lms.core.services.demo_history import build_history, published_courses, run_queued_jobs

    started = time.monotonic()
    if host or port:
        current_app.extensions["lms.served_url"] = served_url(host or "127.0.0.1", port or 5000)
    flask_migrate.upgrade(directory=str(paths.MIGRATIONS), revision="heads")
    if password is not None and (problem := password_problem(password)):
        fail(f"--password: {problem}")
    password, changed = demo_password(password)
    agency = create_demo_agency(password, size, new_password=changed)
    commit()
    _import_sample_courses(agency.named["trainer"])
    build_history(agency, published_courses())
    run_queued_jobs()
    base = site_settings.base_url()
    seconds = time.monotonic() - started
    click.echo("")
    click.echo(_("Situs demo siap: %(city)s, %(n)d pegawai, dibuat dalam %(s)d detik.", city=CITY,
                 n=len(agency.staff), s=round(seconds)))
    click.echo(_("Buka %(url)s dan masuk dengan NIP atau e-mail berikut.", url=f"{base}/login"))
    click.echo(_("Kata sandinya sama untuk semua akun demo: %(password)s", password=password))
    click.echo(_("(tersimpan di %(path)s; tetap sama bila perintah ini dijalankan lagi)", path=password_file()))
    click.echo("")
    roles = {"learner": _("Peserta"), "supervisor": _("Atasan"), "trainer": _("Pengajar"), "admin": _("Admin")}
    for key in LOGIN_KEYS:
        user = agency.named[key]
        click.echo(f"  {roles[key]:<9} {user.name:<28} {user.email:<26} NIP {format_nip(user.nip)}")


def _import_sample_courses(trainer) -> None:  # noqa: ANN001 - a User
    """The sample courses, authored by the demo trainer (quiet: nothing to read there)."""
    from lms.core.importer.service import import_paths
    from lms.core.services.demo_history import make_author

    import_paths([paths.SAMPLE_COURSES], user=trainer, workers=1)  # a handful: no process pool to start
    make_author(trainer)
    commit()
