"""Verifying or rejecting an external learning record is in the audit log (it credits JP, or
withholds them): who, which record, old and new status, the JP and the reason."""

from datetime import date

from sqlalchemy import select

from lms.core.models.audit import AuditLog
from lms.core.services import records


def test_verification_and_rejection_are_audited(db, org, kit) -> None:
    verified = kit.make_record(org.staff, title="Pelatihan A", jp=6, end=date(2025, 3, 10))
    rejected = kit.make_record(org.staff, title="Pelatihan B", jp=4, end=date(2025, 4, 10))
    records.decide(org.supervisor, verified, True, None, verified.version)
    records.decide(org.admin, rejected, False, "Sertifikat milik orang lain.", rejected.version)
    entries = {e.action: e for e in db.session.scalars(select(AuditLog).where(AuditLog.action.like("record.%")))}
    assert set(entries) == {"record.verify", "record.reject"}
    yes, no = entries["record.verify"], entries["record.reject"]
    assert yes.actor_id == org.supervisor.id and yes.target_id == str(verified.id)
    assert yes.before == {"status": "pending"} and yes.after == {"status": "verified", "jp": 6}
    assert "Pelatihan A" in yes.target_label and org.staff.nip in yes.target_label
    assert no.actor_id == org.admin.id
    assert no.after == {"status": "rejected", "jp": 4, "reason": "Sertifikat milik orang lain."}
