"""``lms users ...`` and ``lms tokens ...``."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from lms.cli.util import commit, fail
from lms.core.diagnostics import InputError
from lms.core.models import Role
from lms.core.nip import format_nip
from lms.core.services import accounts, audit, tokens
from lms.core.services.admin_users import created_values
from lms.core.services.users_import import import_users


def _read_password(from_stdin: bool, confirm: bool = True) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Kata sandi", hide_input=True, confirmation_prompt=confirm)


@click.group("users", help="Staff accounts.")
def users_group() -> None:
    pass


@users_group.command("create")
@click.option("--nip", required=True, help="the 18-digit NIP (spaces allowed)")
@click.option("--name", required=True)
@click.option("--email", default=None)
@click.option("--role", "roles", multiple=True, type=click.Choice([r.value for r in Role]))
@click.option("--password-stdin", is_flag=True, help="read the password from stdin")
@click.option("--no-password", is_flag=True, help="create the account without a password (set later)")
@with_appcontext
def create_user(nip: str, name: str, email: str | None, roles: tuple[str, ...],
                password_stdin: bool, no_password: bool) -> None:
    """Create one account."""
    password = None if no_password else _read_password(password_stdin)
    try:
        user = accounts.create_user(nip=nip, name=name, email=email, password=password, roles=roles)
    except accounts.AccountError as exc:
        fail(str(exc))
    audit.record(None, "user.create", user, None, created_values(user, password_set=password is not None))
    commit()
    click.echo(_("dibuat: %(nip)s %(name)s", nip=format_nip(user.nip), name=user.name))


@users_group.command("set-password")
@click.argument("nip")
@click.option("--password-stdin", is_flag=True, help="read the password from stdin")
@with_appcontext
def set_password(nip: str, password_stdin: bool) -> None:
    """Set or reset the password of NIP: every session of the account ends and its API tokens
    are revoked (whoever knew the old password may hold one)."""
    user = accounts.get_by_nip(nip)
    if user is None:
        fail(_("tidak ada akun dengan NIP %(nip)s", nip=nip))
    try:
        revoked = accounts.reset_password(user, _read_password(password_stdin))
    except accounts.AccountError as exc:
        fail(str(exc))
    audit.record(None, "user.set_password", user, None,  # never the password itself
                 {"password_set": True, "tokens_revoked": revoked})
    commit()
    click.echo(_("kata sandi diatur untuk %(nip)s; semua sesinya berakhir", nip=format_nip(user.nip))
               + (_(", %(n)d token API dicabut", n=revoked) if revoked else ""))


@users_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_csv(file: Path) -> None:
    """Create or update staff from a CSV file (all rows or none)."""
    try:
        result = import_users(file.read_bytes(), str(file))
    except InputError as exc:
        for diagnostic in exc.diagnostics:
            click.echo(str(diagnostic), err=True)
        fail(_("%(n)d kesalahan; tidak ada yang diimpor", n=len(exc.diagnostics)))
    commit()
    click.echo(_("%(created)d akun baru, %(updated)d diperbarui", created=result.created, updated=result.updated))


@click.group("tokens", help="API tokens.")
def tokens_group() -> None:
    pass


@tokens_group.command("create")
@click.argument("nip")
@click.option("--name", default="", help="what the token is for")
@click.option("--days", default=365, show_default=True, type=click.IntRange(1, 365),
              help="valid for this many days (at most 365)")
@with_appcontext
def create_token(nip: str, name: str, days: int) -> None:
    """Create an API token for NIP; it is printed once and stored only hashed."""
    user = accounts.get_by_nip(nip)
    if user is None:
        fail(_("tidak ada akun dengan NIP %(nip)s", nip=nip))
    row, clear = tokens.create_token(user, name, timedelta(days=days))
    commit()
    click.echo(clear)
    # the token alone on the first line (scripts read it); the expiry for the person, on stderr
    click.echo(_("berlaku sampai %(when)s UTC", when=f"{row.expires_at:%Y-%m-%d %H:%M}"), err=True)
