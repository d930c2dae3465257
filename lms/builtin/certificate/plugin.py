"""Built-in plugin ``certificate``: certificates issued on course completion, verifiable by
their QR code at ``/verify/<code>``, revocable by admins; and the SIASN "kursus" export.

Settings (``LMS_CERTIFICATE_*``): ``AGENCY`` (the issuer, also the organiser in SIASN),
``SIGNER_NAME``, ``SIGNER_TITLE``, ``NUMBER_PREFIX`` (``SINAU``), ``SIASN_TYPE``
(``E-Learning``). Admins set the agency, signer name and signer title in ``/admin/settings``
(``lms.plugins.site_setting``; these variables are their first value). They are copied into
each certificate when it is issued.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import pluggy
from flask import Blueprint
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lms.builtin.certificate import hookspecs, queries, service, slots
from lms.builtin.certificate import models as _models  # noqa: F401  (the plugin's table)
from lms.plugins import Completion, JobSpec, MenuItem, Role, SlotContent, commit, db, enqueue, hookimpl, job

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@hookimpl
def lms_add_hookspecs(pluginmanager: pluggy.PluginManager) -> None:
    """Publish ``lms_on_certificate_issued``: the certificate's own event."""
    pluginmanager.add_hookspecs(hookspecs)


@hookimpl
def lms_template_slot(name: str, context: dict[str, Any]) -> list[SlotContent] | None:
    return slots.fill(name, context)


@hookimpl
def lms_completion_certificates(completion_ids: list[int]) -> dict[int, dict[str, Any]]:
    return queries.api_entries(completion_ids)


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


@job("certificate.issue", retries=3, retry_delay=30, notify=False, label=_l("Penerbitan sertifikat"))
def issue_certificate(ctx: Any, completion_id: int) -> dict[str, Any] | None:
    certificate = service.issue(completion_id)
    return {"certificate_id": certificate.id} if certificate is not None else None


@hookimpl
def lms_register_jobs() -> list[JobSpec]:
    from lms.builtin.certificate.siasn_job import siasn_zip

    return [issue_certificate, siasn_zip]


@hookimpl
def lms_on_course_completed(completion_id: int, user_id: int, course_id: int) -> None:
    """Ask for the certificate (only for courses with ``certificate: true``): a job issues it
    once the completion has committed, outside the learner's request. The learner's pages say
    "sedang dibuat" meanwhile (:func:`queries.pending_certificates`)."""
    completion = db.session.get(Completion, completion_id)
    if completion is not None and service.wants_certificate(completion):
        enqueue("certificate.issue", key=queries.job_key(completion_id), user_id=user_id,
                completion_id=completion_id)


@click.group("certificate", help="Course certificates.")
def certificate_group() -> None:
    pass


@certificate_group.command("issue-missing")
@with_appcontext
def issue_missing() -> None:
    """Issue certificates for completions that have none (e.g. before the plugin was enabled)."""
    count = service.issue_missing()
    commit()
    click.echo(_("%(count)d sertifikat diterbitkan.", count=count))
