"""Issuance on course completion: only for ``certificate: true``, once, as a frozen snapshot."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from lms.builtin.certificate import service
from lms.builtin.certificate.models import Certificate, CertificateStatus
from lms.core import transaction
from lms.core.models import EmployeeType, Enrollment
from lms.core.models.base import utcnow


def _count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Certificate))


def test_completing_a_certificate_course_issues_one_certificate(db, complete, certificate_of) -> None:
    completion = complete(jp=4)
    certificate = certificate_of(completion)
    assert certificate is not None
    assert re.fullmatch(r"SINAU/\d{4}/\d{6}", certificate.number)
    assert certificate.number.endswith(f"/{certificate.id:06d}")
    assert len(certificate.code) >= 20 and re.fullmatch(r"[A-Za-z0-9_-]+", certificate.code)
    assert certificate.jp == 4 and certificate.status() == CertificateStatus.VALID


def test_no_certificate_when_the_course_says_certificate_false(db, complete, certificate_of) -> None:
    completion = complete(extra="certificate: false\n")
    assert completion is not None
    assert certificate_of(completion) is None
    assert service.issue(completion.id) is None
    assert _count(db) == 0


def test_issuing_is_idempotent_and_announced_once(db, complete, certificate_of) -> None:
    completion = complete()
    first = certificate_of(completion)
    assert transaction.pending_events() == []
    # the event delivered again (a retried handler), and a direct call
    again = service.issue(completion.id)
    assert again.id == first.id
    assert transaction.pending_events() == []
    assert _count(db) == 1


def test_a_new_certificate_announces_certificate_issued(db, complete, certificate_of) -> None:
    completion = complete()
    certificate = certificate_of(completion)
    db.session.delete(certificate)
    db.session.flush()
    issued = service.issue(completion.id)
    assert ("certificate_issued", {"certificate_id": issued.id}) in transaction.pending_events()


def test_two_learners_get_different_numbers_and_codes(db, complete, certificate_of, make_course) -> None:
    course = make_course("kursus-bersama")
    a, b = certificate_of(complete(course=course)), certificate_of(complete(course=course))
    assert a.number != b.number and a.code != b.code


def test_the_snapshot_holds_the_person_course_and_signer_at_issue_time(
    db, app, complete, certificate_of, make_user, make_unit, make_position
) -> None:
    unit = make_unit("Dinas Komunikasi dan Informatika > Bidang Aplikasi Informatika")
    user = make_user(name="Siti Rahayu", unit=unit, position=make_position("Pranata Komputer Ahli Pertama"),
                     golongan="iii/b")
    completion = complete(user=user, jp=6)
    c = certificate_of(completion)
    assert (c.name, c.nip, c.rank) == ("Siti Rahayu", user.nip, "Penata Muda Tingkat I (III/b)")
    assert c.position == "Pranata Komputer Ahli Pertama"
    assert (c.unit, c.agency) == ("Bidang Aplikasi Informatika", "Dinas Komunikasi dan Informatika")
    assert c.course_title == completion.course.title and c.score is None
    assert [(k["code"], k["name"], k["level"]) for k in c.competencies] == [
        ("integritas", "Integritas", 2), ("komunikasi", "Komunikasi", 1)]
    settings = app.extensions["lms.host"].settings_of("certificate")
    assert c.issuer == settings["agency"] and c.signer_title == settings["signer_title"]
    enrolled = db.session.scalar(select(Enrollment.enrolled_at).where(Enrollment.user_id == user.id))
    assert c.started_on == service.local_date(enrolled)
    assert c.finished_on == service.local_date(completion.completed_at)


def test_the_certificate_does_not_change_when_the_person_does(
    db, complete, certificate_of, make_user, make_unit, make_position
) -> None:
    user = make_user(name="Budi Santoso", unit=make_unit("Inspektorat"), position=make_position("Auditor"))
    completion = complete(user=user)
    number, title = certificate_of(completion).number, completion.course.title
    user.name = "Budi Santoso Wibowo"
    user.unit = make_unit("Dinas Kesehatan > Bidang Pelayanan")
    user.position = make_position("Kepala Seksi")
    user.golongan = "IV/a"
    completion.course.title = "Judul Baru"
    transaction.commit()
    db.session.expire_all()
    c = certificate_of(completion)
    assert (c.number, c.name, c.unit, c.position, c.course_title, c.rank) == (
        number, "Budi Santoso", "Inspektorat", "Auditor", title, "Penata Muda (III/a)")


def test_rank_of_pppk_and_unknown_golongan(make_user) -> None:
    assert service.rank_of(make_user(employee_type=EmployeeType.PPPK, golongan="ix")) == "Golongan IX"
    assert service.rank_of(make_user(golongan=None)) is None
    assert service.rank_of(make_user(golongan="Khusus")) == "Khusus"


def test_expiry_is_the_completions(db, complete, certificate_of) -> None:
    completion = complete(extra="valid_months: 24\n")
    c = certificate_of(completion)
    assert c.expires_at == completion.expires_at is not None
    assert c.status(now=completion.expires_at + timedelta(seconds=1)) == CertificateStatus.EXPIRED


def test_issue_missing_covers_completions_from_before_the_plugin(db, complete, certificate_of, runner) -> None:
    completion = complete()
    db.session.delete(certificate_of(completion))
    transaction.commit()
    result = runner.invoke(args=["certificate", "issue-missing"])
    assert result.exit_code == 0, result.output
    assert "1" in result.output
    assert certificate_of(completion) is not None
    assert runner.invoke(args=["certificate", "issue-missing"]).output.startswith("0")


def test_the_number_carries_the_year_of_issue_in_the_site_time_zone(app, db) -> None:
    with app.test_request_context():
        # 31 December 18:00 UTC is already 1 January in Jakarta
        moment = utcnow().replace(year=2026, month=12, day=31, hour=18)
        assert service._number(7, moment) == "SINAU/2027/000007"
