"""A verified external record is evidence for the competencies it names."""

import hashlib
from datetime import date

from sqlalchemy import select

from lms.core.media_store import MediaStore
from lms.core.models import Role
from lms.core.models.competency import CompetencyEvidence
from lms.core.models.external import ExternalRecord, RecordStatus
from lms.core.services.records import decide


def test_verifying_a_record_adds_evidence_and_rejecting_does_not(db, make_user) -> None:
    boss = make_user(roles=[Role.SUPERVISOR])
    staff = make_user(supervisor=boss)
    pdf = b"%PDF-1.4 sertifikat"
    sha = hashlib.sha256(pdf).hexdigest()
    MediaStore().put(sha, pdf, "application/pdf")
    records = []
    for title in ("Bimtek Pelayanan", "Seminar Integritas"):
        record = ExternalRecord(user_id=staff.id, title=title, organiser="BPSDM Provinsi", route="klasikal",
                                kind="bimtek", start_date=date(2026, 3, 2), end_date=date(2026, 3, 4), jp=16,
                                competencies=[{"code": "pelayanan-publik", "level": 2}], report="",
                                certificate_sha256=sha, certificate_name="s.pdf", certificate_type="application/pdf",
                                status=RecordStatus.PENDING)
        db.session.add(record)
        records.append(record)
    db.session.flush()
    decide(boss, records[0], True, None, records[0].version)
    decide(boss, records[1], False, "Sertifikat tidak terbaca", records[1].version)
    evidence = db.session.scalars(select(CompetencyEvidence).where(CompetencyEvidence.user_id == staff.id)).all()
    assert [(e.competency_code, e.level, e.source_ref) for e in evidence] == [
        ("pelayanan-publik", 2, f"external_record:{records[0].id}")]


def test_the_transcript_counts_verified_records_in_jp_per_year(client, db, make_user, login_as) -> None:
    from lms.core.models.competency import CompetencyEvidence  # noqa: F401 - tables present

    user = login_as(make_user())
    pdf = b"%PDF-1.4 x"
    sha = hashlib.sha256(pdf).hexdigest()
    MediaStore().put(sha, pdf, "application/pdf")
    for status in (RecordStatus.VERIFIED, RecordStatus.PENDING):
        db.session.add(ExternalRecord(user_id=user.id, title="Pelatihan", organiser="BPSDM", route="klasikal",
                                      kind="pelatihan", start_date=date(2025, 5, 1), end_date=date(2025, 5, 3),
                                      jp=24, competencies=[], report="", certificate_sha256=sha,
                                      certificate_name="s.pdf", certificate_type="application/pdf", status=status))
    db.session.flush()
    page = client.get("/me/transcript").text
    assert "<strong>24</strong>" in page and "2025" in page
