"""The audit log: append-only (ORM, bulk statements and the database itself refuse changes),
readable by admins with filters, and written by the existing admin pages too."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import delete, select, update

from lms.core.models import Competency, Role
from lms.core.models.audit import AppendOnlyError, AuditLog
from lms.core.models.competency import CompetencyAssessment
from lms.core.services import audit
from lms.testing.helpers import submit


def _entries(db, action: str | None = None) -> list[AuditLog]:
    stmt = select(AuditLog).order_by(AuditLog.id)
    if action:
        stmt = stmt.where(AuditLog.action == action)
    return list(db.session.scalars(stmt))


def test_record_keeps_who_what_when_and_only_plain_values(db, make_user, make_unit) -> None:
    actor = make_user(roles=[Role.ADMIN])
    unit = make_unit("Dinas Audit")
    entry = audit.record(actor, "unit.rename", unit, {"name": "Lama", "password_hash": "x"}, {"name": "Baru"},
                         ip="10.0.0.1")
    assert (entry.actor_id, entry.action, entry.target_type, entry.target_id) == (actor.id, "unit.rename", "unit",
                                                                                  str(unit.id))
    assert entry.before == {"name": "Lama"} and entry.after == {"name": "Baru"}  # no secrets
    assert entry.target_label == "Dinas Audit" and entry.ip == "10.0.0.1" and entry.at is not None
    assert audit.record_changes(actor, "unit.rename", unit, {"name": "A"}, {"name": "A"}) is None


def test_an_entry_cannot_be_updated(db, make_user) -> None:
    actor = make_user(roles=[Role.ADMIN])
    entry = audit.record(actor, "user.update", actor, {"name": "A"}, {"name": "B"})
    entry.after = {"name": "C"}
    with pytest.raises(AppendOnlyError):
        db.session.flush()


def test_an_entry_cannot_be_deleted(db, make_user) -> None:
    actor = make_user(roles=[Role.ADMIN])
    entry = audit.record(actor, "user.update", actor, {"name": "A"}, {"name": "B"})
    db.session.delete(entry)
    with pytest.raises(AppendOnlyError):
        db.session.flush()


def test_bulk_statements_are_refused(db, make_user) -> None:
    actor = make_user(roles=[Role.ADMIN])
    audit.record(actor, "user.update", actor, {"name": "A"}, {"name": "B"})
    with pytest.raises(AppendOnlyError):
        db.session.execute(update(AuditLog).values(action="x"))
    with pytest.raises(AppendOnlyError):
        db.session.execute(delete(AuditLog))
    assert [e.action for e in _entries(db)] == ["user.update"]


@pytest.mark.parametrize("statement", ["UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"])
def test_the_database_refuses_changes_too(db, make_user, statement) -> None:
    actor = make_user(roles=[Role.ADMIN])
    audit.record(actor, "user.update", actor, {"name": "A"}, {"name": "B"})
    with pytest.raises(sa.exc.DatabaseError, match="append-only"), db.session.begin_nested():
        db.session.connection().exec_driver_sql(statement)
    assert len(_entries(db)) == 1


def test_the_log_page_filters_by_actor_action_and_date(client, db, admin, make_user) -> None:
    other = make_user(name="Admin Lain", roles=[Role.ADMIN])
    audit.record(admin, "unit.create", ("unit", 1, "Dinas Satu"), None, {"name": "Dinas Satu"})
    audit.record(other, "user.deactivate", other, {"active": True}, {"active": False})
    page = client.get("/admin/audit/").text
    assert "Dinas Satu" in page and "Admin Lain" in page  # the second entry: by and about Admin Lain
    spaced = f"{other.nip[:8]} {other.nip[8:14]} {other.nip[14]} {other.nip[15:]}"
    by_actor = client.get("/admin/audit/", query_string={"actor": spaced}).text
    assert "Admin Lain" in by_actor and "Dinas Satu" not in by_actor
    by_name = client.get("/admin/audit/", query_string={"actor": "lain"}).text
    assert "Admin Lain" in by_name and "Dinas Satu" not in by_name
    by_action = client.get("/admin/audit/", query_string={"action": "unit.create"}).text
    assert "Dinas Satu" in by_action and "Admin Lain" not in by_action
    by_prefix = client.get("/admin/audit/", query_string={"action": "user."}).text
    assert "Admin Lain" in by_prefix and "Dinas Satu" not in by_prefix
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    assert "Dinas Satu" not in client.get("/admin/audit/", query_string={"start": tomorrow}).text
    assert "Dinas Satu" in client.get("/admin/audit/", query_string={"end": tomorrow}).text


def test_the_log_is_paginated(client, db, admin) -> None:
    for n in range(55):
        audit.record(admin, "unit.create", ("unit", n, f"Unit {n:02d}"), None, {"name": f"Unit {n:02d}"})
    first = client.get("/admin/audit/").text
    assert "Unit 54" in first and "Unit 04" not in first and 'rel="next"' in first
    second = client.get("/admin/audit/?page=2").text
    assert "Unit 04" in second and "Unit 54" not in second and 'rel="next"' not in second


def test_the_log_has_no_route_that_changes_it(app) -> None:
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/admin/audit"):
            assert (rule.methods or set()) <= {"GET", "HEAD", "OPTIONS"}, rule.rule


# --------------------------------------------------------------------------- the existing admin pages


def test_competency_pages_record_create_and_update(client, db, admin) -> None:
    response = submit(client, "/admin/competencies/new", {"code": "audit-teknis", "name": "Teknis Audit",
                                                          "group": "teknis", "active": "y",
                                                          "level_1_id": "Dasar"})
    assert response.status_code == 302
    created = _entries(db, "competency.create")
    assert created[-1].target_id == "audit-teknis" and created[-1].after["name"] == "Teknis Audit"
    response = submit(client, "/admin/competencies/audit-teknis/edit",
                      {"name": "Teknis Audit Baru", "group": "teknis", "active": "y", "level_1_id": "Dasar"})
    assert response.status_code == 302
    updated = _entries(db, "competency.update")[-1]
    assert updated.before == {"name": "Teknis Audit"} and updated.after == {"name": "Teknis Audit Baru"}
    assert updated.actor_id == admin.id
    assert db.session.get(Competency, "audit-teknis").name == "Teknis Audit Baru"


def test_standards_and_assessments_are_recorded(client, db, admin, make_user, make_position) -> None:
    position = make_position("Jabatan Audit")
    response = submit(client, f"/admin/positions/{position.id}/standards", {"level-integritas": "3"})
    assert response.status_code == 302
    entry = _entries(db, "standard.set")[-1]
    assert entry.target_type == "position" and entry.before == {"integritas": None} and \
        entry.after == {"integritas": 3}

    staff = make_user(name="Pegawai Dinilai")
    response = submit(client, f"/admin/assessments/?nip={staff.nip}",
                      {"competency": "integritas", "level": "2", "source": "assessment_center",
                       "assessed_on": date.today().isoformat()},
                      action=f"/admin/assessments/{staff.nip}")
    assert response.status_code == 302
    recorded = _entries(db, "assessment.record")[-1]
    assert recorded.after["level"] == 2 and recorded.target_label.startswith("Pegawai Dinilai")
    assessment = db.session.scalar(select(CompetencyAssessment).where(CompetencyAssessment.user_id == staff.id))
    response = submit(client, f"/admin/assessments/?nip={staff.nip}", {},
                      action=f"/admin/assessments/entry/{assessment.id}/delete")
    assert response.status_code == 302
    deleted = _entries(db, "assessment.delete")[-1]
    assert deleted.before["competency_code"] == "integritas" and deleted.after is None


def test_revoking_a_certificate_is_recorded(client, db, admin, make_user, make_course) -> None:
    from lms.builtin.certificate.models import Certificate
    from lms.core import transaction
    from lms.core.queries import learning as learning_queries
    from lms.core.services import learning

    learner = make_user(name="Pemilik Sertifikat")
    course = make_course("kursus-audit-sertifikat")
    learning.enroll(learner, course)
    for item in learning_queries.published_items(course):
        learning.mark_done(learner, course, item.key)
    transaction.commit()
    certificate = db.session.scalar(select(Certificate).where(Certificate.user_id == learner.id))
    response = submit(client, f"/admin/certificates/{certificate.id}", {"reason": "Data peserta salah"},
                      action=f"/admin/certificates/{certificate.id}/revoke")
    assert response.status_code == 302
    entry = _entries(db, "certificate.revoke")[-1]
    assert entry.actor_id == admin.id and entry.target_label == certificate.number
    assert entry.before == {"revoked_at": None} and entry.after["reason"] == "Data peserta salah"


def test_commands_that_change_accounts_are_logged_as_the_operator(runner, db, client, login_as, make_user,
                                                                   tmp_path) -> None:
    """``lms`` commands are administrative actions too: each leaves an entry marked with the
    operator's user on the server (no account acted), and never a secret."""
    created = runner.invoke(args=["users", "create", "--nip", "19660801 198803 1 001", "--name", "Dewi Operator",
                                  "--role", "supervisor", "--password-stdin"], input="kata-sandi-panjang-42\n")
    assert created.exit_code == 0, created.output
    assert runner.invoke(args=["users", "set-password", "196608011988031001", "--password-stdin"],
                         input="kata-sandi-lain-yang-panjang-7\n").exit_code == 0
    assert runner.invoke(args=["tokens", "create", "196608011988031001", "--name", "integrasi"]).exit_code == 0
    staff = tmp_path / "pegawai.csv"
    staff.write_text("nip,name,email,unit,position,supervisor_nip,roles\n"
                     "199001012015031002,Eko Impor,,Dinas Impor,,,\n", encoding="utf-8")
    assert runner.invoke(args=["users", "import", str(staff)]).exit_code == 0, "import"

    entries = {e.action: e for e in _entries(db)}
    assert {"user.create", "user.set_password", "token.create", "user.import"} <= set(entries)
    for entry in entries.values():
        assert entry.actor_id is None and entry.ip.startswith("cli:"), entry
        assert "kata-sandi" not in str(entry.after)
    assert entries["user.create"].after["name"] == "Dewi Operator"
    assert entries["user.create"].after["roles"] == ["learner", "supervisor"]
    assert entries["user.import"].after == {"file": "pegawai.csv", "created": 1, "updated": 0}

    login_as(make_user(roles=[Role.ADMIN]))
    page = client.get("/admin/audit/").text
    assert "lewat server, oleh pengguna" in page and "Dewi Operator" in page
    assert "lms " not in page.split("<main")[1]  # no command names for an admin


def test_assignments_are_logged_with_their_rule_and_who_gave_them(client, db, login_as, make_user, make_unit,
                                                                  make_course) -> None:
    from lms.core.models import Assignment
    from lms.core.services import team

    admin, unit = make_user(roles=[Role.ADMIN]), make_unit("Dinas Penugasan")
    make_user(name="Staf Penugasan", unit=unit)
    course = make_course("audit-penugasan", title="Kursus Audit")
    rules, _applied = team.assign(admin, [course], "unit", [unit.id], include_subtree=True,
                                  recurrence="yearly", due_month=12, due_day=31)
    entry = _entries(db, "assignment.create")[-1]
    assert entry.actor_id == admin.id and entry.target_type == "assignment" and entry.target_id == str(rules[0].id)
    assert entry.target_label == "Kursus Audit → Dinas Penugasan +"
    assert entry.after["recurrence"] == "yearly" and entry.after["enrolled"] == 1
    team.deactivate(admin, db.session.get(Assignment, rules[0].id))
    team.deactivate(admin, db.session.get(Assignment, rules[0].id))  # again: nothing more to log
    stopped = _entries(db, "assignment.deactivate")
    assert len(stopped) == 1 and stopped[0].after == {"active": False}


def test_audit_fields_and_values_read_as_words(app) -> None:
    """No internal field names, raw timestamps or code words on the audit log."""
    from lms.web.admin.labels import audit_field_value, field_label

    with app.test_request_context("/?lang=id"):
        assert field_label("course_id") == "Kursus" and field_label("include_subtree") == "Termasuk unit di bawahnya"
        assert field_label("something_new") == "something new"
        assert audit_field_value("roles", ["learner", "supervisor"]) == "Peserta, Atasan"
        assert audit_field_value("target_kind", "unit") == "Unit kerja"
        assert audit_field_value("recurrence", "yearly") == "Setiap tahun"
        assert audit_field_value("due_at", "2026-12-06T12:10:04.550891+00:00") == "6/12/26 19.10"  # Jakarta time
        assert audit_field_value("valid_until", "2029-01-31") == "31 Jan 2029"
        assert audit_field_value("name", "none") == "none"  # a name is never translated
