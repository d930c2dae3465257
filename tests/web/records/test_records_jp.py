"""Only verified records count toward JP, in the year their learning ended."""

from datetime import UTC, date, datetime

from lms.core.models import Completion
from lms.core.queries.learning import jp_in_year
from lms.core.services import records


def test_jp_counts_only_after_verification(db, org, kit) -> None:
    record = kit.make_record(org.staff, jp=6, end=date(2025, 3, 10))
    assert jp_in_year(org.staff.id, 2025) == 0
    records.decide(org.supervisor, record, True, None, record.version)
    assert jp_in_year(org.staff.id, 2025) == 6
    assert records.verified_records(org.staff) == [record]


def test_a_rejected_or_pending_record_never_counts(db, org, kit) -> None:
    rejected = kit.make_record(org.staff, jp=6, end=date(2025, 3, 10))
    kit.make_record(org.staff, jp=4, end=date(2025, 4, 10))  # stays pending
    records.decide(org.supervisor, rejected, False, "Bukan sertifikat pegawai ini.", rejected.version)
    assert jp_in_year(org.staff.id, 2025) == 0
    assert records.verified_records(org.staff.id) == []


def test_the_year_is_the_year_the_learning_ended(db, org, kit) -> None:
    record = kit.make_record(org.staff, jp=12, start=date(2024, 12, 30), end=date(2025, 1, 2))
    records.decide(org.admin, record, True, None, record.version)
    assert jp_in_year(org.staff.id, 2024) == 0
    assert jp_in_year(org.staff.id, 2025) == 12


def test_courses_and_records_add_up_and_stay_per_person(db, org, kit, make_course) -> None:
    course = make_course(jp=2.5)
    db.session.add(Completion(user_id=org.staff.id, course_id=course.id, cycle=1, jp=2.5,
                              completed_at=datetime(2025, 6, 1, 3, 0, tzinfo=UTC)))
    mine = kit.make_record(org.staff, jp=1.5, end=date(2025, 7, 1))
    theirs = kit.make_record(org.other_staff, jp=8, end=date(2025, 7, 1))
    records.decide(org.supervisor, mine, True, None, mine.version)
    records.decide(org.other_supervisor, theirs, True, None, theirs.version)
    assert jp_in_year(org.staff.id, 2025) == 4
    assert jp_in_year(org.other_staff.id, 2025) == 8


def test_the_dashboard_and_transcript_show_verified_learning(client, db, org, kit, login_as) -> None:
    year = kit.today().year
    pending = kit.make_record(org.staff, title="Masih menunggu", jp=3, end=date(year, 1, 1))
    verified = kit.make_record(org.staff, title="Sudah diverifikasi", jp=5, end=date(year, 1, 1))
    records.decide(org.supervisor, verified, True, None, verified.version)
    login_as(org.staff)
    assert "<strong>5</strong> / 20 JP" in client.get("/").text
    transcript = client.get("/me/transcript").text
    assert "Catatan belajar terverifikasi" in transcript
    assert "Sudah diverifikasi" in transcript and pending.title not in transcript
    # other pages never get the transcript section's data
    assert "Catatan belajar terverifikasi" not in client.get("/records").text
