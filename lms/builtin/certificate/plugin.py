"""Built-in plugin ``certificate``: certificates issued on course completion, verifiable by
their QR code at ``/verify/<code>``, revocable by admins; and the SIASN "kursus" export.

Settings (``LMS_CERTIFICATE_*``): ``AGENCY`` (the issuer, also the organiser in SIASN),
``SIGNER_NAME``, ``SIGNER_TITLE``, ``NUMBER_PREFIX`` (``SINAU``), ``SIASN_TYPE``
(``E-Learning``). Admins set the agency, signer name and signer title in ``/admin/settings``
(:mod:`lms.core.site_settings`; these variables are their first value). They are copied into
each certificate when it is issued.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from flask import Blueprint
from flask.cli import with_appcontext
from flask_babel import gettext as _

from lms.builtin.certificate import models as _models  # noqa: F401  (the plugin's table)
from lms.builtin.certificate import service
from lms.core.models import Role
from lms.plugins import hookimpl
from lms.plugins.pages import MenuItem

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@hookimpl
def lms_register_blueprints() -> list[Blueprint]:
    from lms.builtin.certificate.views import bp

    return [bp]


@hookimpl
def lms_register_migrations() -> str:
    return str(MIGRATIONS)


@hookimpl
def lms_register_settings() -> dict[str, Any]:
    return dict(service.SETTINGS)


@hookimpl
def lms_register_cli_commands() -> list[click.Command]:
    return [certificate_group]


@hookimpl
def lms_menu_items(user: Any) -> list[MenuItem]:
    if not user.has_role(Role.ADMIN):
        return []
    return [MenuItem(weight=80, label=_("Sertifikat"), endpoint="certificate.admin_list", icon="award")]


@hookimpl
def lms_on_course_completed(completion_id: int, user_id: int, course_id: int) -> None:
    """Issue the certificate (once; only for courses with ``certificate: true``). The host
    commits after this handler, in its own transaction."""
    service.issue(completion_id)


@click.group("certificate", help="Sertifikat kursus.")
def certificate_group() -> None:
    pass


@certificate_group.command("issue-missing")
@with_appcontext
def issue_missing() -> None:
    """Issue certificates for completions that have none (e.g. before the plugin was enabled)."""
    from lms.cli.util import commit

    count = service.issue_missing()
    commit()
    click.echo(_("%(count)d sertifikat diterbitkan.", count=count))
