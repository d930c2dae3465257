"""Services audit what they change (issue #15: audit entries are written by services, not
views): called directly, with no view around them, each leaves its entry by the actor given.
The admin pages' own tests (tests/web/admin) check the same entries through the pages."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from lms.core import site_settings
from lms.core.models import Role
from lms.core.models.audit import AuditLog
from lms.core.services import admin_users, org_admin, tokens, webhooks
from lms.core.services.competencies import delete_assessment, record_assessment, save_competency


def _entry(db, action: str) -> AuditLog:
    return db.session.scalars(select(AuditLog).where(AuditLog.action == action)).one()


def test_organisation_changes_are_audited_by_the_actor(db, make_user) -> None:
    admin = make_user(name="Admin", roles=[Role.ADMIN])
    unit = org_admin.create_unit("Dinas Arsip", None, actor=admin)
    org_admin.rename_unit(unit, "Dinas Kearsipan", actor=admin)
    org_admin.create_position("Arsiparis", "fungsional", actor=admin)
    assert _entry(db, "unit.create").actor_id == admin.id
    assert _entry(db, "unit.rename").after == {"name": "Dinas Kearsipan"}
    assert _entry(db, "position.create").after == {"name": "Arsiparis", "kind": "fungsional"}
    org_admin.rename_unit(unit, "Dinas Kearsipan", actor=admin)  # nothing changed: nothing more
    assert len(db.session.scalars(select(AuditLog).where(AuditLog.action == "unit.rename")).all()) == 1
    head = make_user(name="Kepala")
    assert admin_users.grant_role(head, Role.SUPERVISOR, actor=admin)
    assert _entry(db, "role.grant").after == {"role": "supervisor"}


def test_accounts_tokens_and_settings_are_audited(db, make_user) -> None:
    admin = make_user(name="Admin", roles=[Role.ADMIN])
    person = make_user(name="Ani")
    assert admin_users.deactivate(person, actor=admin)
    assert admin_users.reactivate(person, actor=admin)
    assert [e.actor_id for e in db.session.scalars(select(AuditLog).where(
        AuditLog.action.in_(["user.deactivate", "user.reactivate"])))] == [admin.id, admin.id]
    row, _clear = tokens.create_token(person, "Aplikasi", actor=person)
    entry = _entry(db, "token.create")
    assert (entry.actor_id, entry.after["token_id"]) == (person.id, row.id)
    site_settings.update({"jp_target": "24"}, actor=admin)
    assert _entry(db, "site_setting.update").after == {"jp_target": 24.0}


def test_webhooks_and_competencies_are_audited(db, make_user) -> None:
    admin = make_user(name="Admin", roles=[Role.ADMIN])
    made = webhooks.create_endpoint(admin, "https://contoh.go.id/kait", ["course.completed"], None)
    webhooks.rotate_secret(made.endpoint, actor=admin)
    assert _entry(db, "webhook.create").target_label == "https://contoh.go.id/kait"
    assert _entry(db, "webhook.secret").after is None  # never the secret itself
    save_competency("tek-arsip", "Kearsipan", "teknis", {}, create=True, actor=admin)
    assert _entry(db, "competency.create").after["name"] == "Kearsipan"
    person = make_user(name="Budi")
    assessed = record_assessment(person, "tek-arsip", 2, "assessment_center", date(2025, 1, 6), admin)
    delete_assessment(assessed, actor=admin)
    assert _entry(db, "assessment.record").target_label == _entry(db, "assessment.delete").target_label == f"Budi ({person.nip})"
