"""Submit, verify or reject (a reason is required), resubmit; every step logged."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from lms.core.models import ExternalRecord, ExternalRecordDecision
from lms.core.services import records
from lms.testing.helpers import csrf_from


def log_of(db, record) -> list[tuple[str, int | None, str | None]]:
    rows = db.session.scalars(select(ExternalRecordDecision).where(ExternalRecordDecision.record_id == record.id)
                              .order_by(ExternalRecordDecision.id))
    return [(r.action.value, r.actor_id, r.reason) for r in rows]


def decide(client, record, action: str, reason: str = "", version: int | None = None):
    page = client.get(f"/records/{record.id}")
    assert page.status_code == 200
    data = {"csrf_token": csrf_from(page.text), "version": str(version or record.version), "reason": reason,
            action: "x"}
    return client.post(f"/records/{record.id}/decision", data=data)


def edit(client, kit, record, file=None, **changes):
    page = client.get(f"/records/{record.id}/edit")
    assert page.status_code == 200
    return kit.post_multipart(client, f"/records/{record.id}/edit",
                              {"csrf_token": csrf_from(page.text), **kit.form_data(**changes)}, file)


def test_an_employee_submits_a_record_that_waits_for_verification(client, db, org, kit, login_as) -> None:
    login_as(org.staff)
    response = kit.post_new(client, kit.form_data(jp="2,5", end_date=kit.today().isoformat(),
                                                  start_date=kit.today().isoformat()))
    assert response.status_code == 302, response.text
    record = db.session.scalar(select(ExternalRecord))
    assert response.headers["Location"] == f"/records/{record.id}"
    assert (record.user_id, record.status.value, record.route.value, record.kind.value, record.jp) == \
        (org.staff.id, "pending", "klasikal", "pelatihan", 2.5)
    assert record.competencies == [{"code": "pelayanan-publik", "level": 2}]
    assert record.report == "Belajar menyusun standar pelayanan."
    assert log_of(db, record) == [("submitted", org.staff.id, None)]
    page = client.get("/records").text
    assert "Menunggu verifikasi" in page and "Pelatihan Pelayanan Prima" in page
    detail = client.get(f"/records/{record.id}").text
    assert "Pelayanan Publik · level 2" in detail and 'name="verify"' not in detail


def test_route_follows_from_the_kind(client, db, org, kit, login_as) -> None:
    login_as(org.staff)
    assert kit.post_new(client, kit.form_data(kind="coaching")).status_code == 302
    assert db.session.scalar(select(ExternalRecord.route)).value == "non_klasikal"


def test_form_errors_are_shown_next_to_each_field_and_in_a_summary(client, db, org, kit, login_as) -> None:
    login_as(org.staff)
    end = kit.today() - timedelta(days=3)
    response = kit.post_new(client, kit.form_data(
        title="  ", organiser="", kind="rapat", start_date=end.isoformat(),
        end_date=(end - timedelta(days=1)).isoformat(), jp="dua", **{"competencies-0-code": "tidak-ada"}))
    assert response.status_code == 422
    text = response.text
    for message in ("Isi nama kegiatan.", "Isi penyelenggara kegiatan.", "Pilih bentuk kegiatan dari daftar.",
                    "Tanggal selesai tidak boleh sebelum tanggal mulai.", "Tulis JP sebagai angka",
                    "Kompetensi tidak-ada tidak dikenal."):
        assert message in text, message
    assert 'class="error-summary" role="alert"' in text
    assert '<a href="#end_date">' in text and '<a href="#title">' in text
    assert 'id="end_date-err"' in text
    assert db.session.scalar(select(ExternalRecord)) is None


@pytest.mark.parametrize(("changes", "message"), [
    ({"end_date": "future"}, "tidak boleh melewati hari ini"),
    ({"jp": "0"}, "JP harus lebih dari 0."),
    ({"jp": "-3"}, "JP harus lebih dari 0."),
    ({"jp": "2,55"}, "satu angka di belakang koma"),
    ({"jp": "0,0000001"}, "satu angka di belakang koma"),  # not taken as 0 JP
    ({"jp": "0,04"}, "satu angka di belakang koma"),
    ({"jp": "1000"}, "JP paling banyak"),
    ({"jp": "33", "start_date": "same"}, "tidak mungkin dalam 1 hari"),
    ({"start_date": "", "end_date": ""}, "Isi tanggal mulai."),
    ({"start_date": "31/02/2025"}, "Tanggal tidak valid"),
    ({"competencies-0-level": ""}, "Pilih level 1-5"),
    ({"competencies-0-level": "9"}, "Pilih level 1-5"),
    ({"competencies-1-code": "pelayanan-publik", "competencies-1-level": "3"}, "cukup dipilih sekali"),
    ({"title": "x" * 301}, "Paling panjang 300 karakter."),
])
def test_rules_of_dates_jp_and_competencies(client, db, org, kit, login_as, changes, message) -> None:
    login_as(org.staff)
    data = kit.form_data(**changes)
    if changes.get("end_date") == "future":
        data["end_date"] = (kit.today() + timedelta(days=1)).isoformat()
    if changes.get("start_date") == "same":
        data["start_date"] = data["end_date"]
    response = kit.post_new(client, data)
    assert response.status_code == 422
    assert message in response.text
    assert db.session.scalar(select(ExternalRecord)) is None


def test_a_date_typed_the_indonesian_way_is_understood(client, db, org, kit, login_as) -> None:
    login_as(org.staff)
    assert kit.post_new(client, kit.form_data(start_date="02-01-2025", end_date="03-01-2025", jp="4")).status_code == 302
    assert db.session.scalar(select(ExternalRecord.start_date)) == date(2025, 1, 2)


def test_the_supervisor_verifies_and_it_is_logged(client, db, org, kit, login_as) -> None:
    record = kit.make_record(org.staff)
    login_as(org.supervisor)
    page = client.get(f"/records/{record.id}").text
    assert 'name="verify"' in page and 'name="reject"' in page and "Pegawai Satu" in page
    response = decide(client, record, "verify", "Sesuai sertifikat.")
    assert response.status_code == 302 and response.headers["Location"] == "/records/review"
    db.session.refresh(record)
    assert (record.status.value, record.decided_by_id, record.decision_reason) == \
        ("verified", org.supervisor.id, "Sesuai sertifikat.")
    assert record.decided_at is not None
    assert log_of(db, record) == [("submitted", org.staff.id, None), ("verified", org.supervisor.id, "Sesuai sertifikat.")]
    # a decided record is not decided again
    login_as(org.admin)
    again = client.post(f"/records/{record.id}/decision",
                        data={"csrf_token": csrf_from(client.get("/records").text), "version": str(record.version),
                              "reject": "x", "reason": "Salah"})
    assert again.status_code == 302
    assert "sudah diputuskan" in client.get(f"/records/{record.id}").text
    db.session.refresh(record)
    assert record.status.value == "verified" and len(log_of(db, record)) == 2


def test_a_rejection_needs_a_reason(client, db, org, kit, login_as) -> None:
    record = kit.make_record(org.staff)
    login_as(org.supervisor)
    response = decide(client, record, "reject", "   ")
    assert response.status_code == 422
    assert "Tulis alasan penolakan" in response.text
    db.session.refresh(record)
    assert record.status.value == "pending" and len(log_of(db, record)) == 1


def test_reject_then_resubmit_then_verify(client, db, org, kit, login_as) -> None:
    record = kit.make_record(org.staff, title="Seminar Antikorupsi")
    login_as(org.supervisor)
    assert decide(client, record, "reject", "JP di sertifikat 4, bukan 6.").status_code == 302
    db.session.refresh(record)
    assert record.status.value == "rejected"
    assert f'href="/records/{record.id}"' not in client.get("/records/review").text

    login_as(org.staff)
    mine = client.get("/records").text
    assert "Ditolak" in mine and "JP di sertifikat 4, bukan 6." in mine and "Perbaiki dan ajukan ulang" in mine
    response = edit(client, kit, record, title="Seminar Antikorupsi", jp="4")
    assert response.status_code == 302, response.text
    db.session.refresh(record)
    assert (record.status.value, record.jp, record.decided_by_id, record.decision_reason) == ("pending", 4, None, None)
    assert record.certificate_type == "application/pdf"  # kept: no new file chosen

    login_as(org.supervisor)
    assert f'href="/records/{record.id}"' in client.get("/records/review").text
    assert decide(client, record, "verify").status_code == 302
    assert log_of(db, record) == [
        ("submitted", org.staff.id, None), ("rejected", org.supervisor.id, "JP di sertifikat 4, bukan 6."),
        ("resubmitted", org.staff.id, None), ("verified", org.supervisor.id, None)]
    history = client.get(f"/records/{record.id}").text
    for label in ("Diajukan", "Ditolak", "Diajukan ulang", "Diverifikasi"):
        assert label in history


def test_a_new_certificate_replaces_the_old_one_on_edit(client, db, org, kit, login_as) -> None:
    record = kit.make_record(org.staff)
    login_as(org.staff)
    assert edit(client, kit, record, file=(kit.PNG, "foto.jpg")).status_code == 302
    db.session.refresh(record)
    assert (record.certificate_type, record.certificate_name) == ("image/png", "foto.jpg")
    assert client.get(f"/records/{record.id}/certificate").data == kit.PNG


def test_a_verified_record_cannot_be_changed(client, db, org, kit, login_as) -> None:
    record = kit.make_record(org.staff)
    records.decide(org.supervisor, record, True, None, record.version)
    login_as(org.staff)
    assert client.get(f"/records/{record.id}/edit").status_code == 403
    assert "/edit" not in client.get(f"/records/{record.id}").text
    with pytest.raises(records.RecordError):
        records.update_record(org.staff, record, records.RecordInput("x", "y", "seminar", date(2025, 1, 1),
                                                                     date(2025, 1, 1), 1), None)


def test_a_decision_on_an_outdated_page_is_refused(client, db, org, kit, login_as) -> None:
    record = kit.make_record(org.staff)
    seen = record.version
    login_as(org.staff)
    assert edit(client, kit, record, jp="20").status_code == 302  # a pending record edited: resubmitted
    login_as(org.supervisor)
    response = decide(client, record, "verify", version=seen)
    assert response.status_code == 302
    assert "Periksa lagi sebelum memutuskan" in client.get(response.headers["Location"]).text
    db.session.refresh(record)
    assert record.status.value == "pending"
    assert [a for a, _, _ in log_of(db, record)] == ["submitted", "resubmitted"]


def test_the_service_refuses_decisions_by_anyone_else(db, org, kit) -> None:
    record = kit.make_record(org.staff)
    for user in (org.staff, org.other_supervisor, org.learner):
        with pytest.raises(records.RecordError) as info:
            records.decide(user, record, True, None, record.version)
        assert info.value.code == "denied"
    records.decide(org.admin, record, False, "Bukan kegiatan pengembangan kompetensi.", record.version)
    assert record.status.value == "rejected"


def test_the_decision_log_is_append_only(db, org, kit) -> None:
    record = kit.make_record(org.staff)
    row = db.session.scalar(select(ExternalRecordDecision).where(ExternalRecordDecision.record_id == record.id))
    row.reason = "diubah diam-diam"
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.flush()


def test_list_and_review_pages_cost_the_same_queries_for_many_records(client, db, org, kit, login_as,
                                                                      count_queries) -> None:
    def cost(path: str) -> int:
        with count_queries() as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    kit.make_record(org.staff)
    login_as(org.supervisor)
    few_review = cost("/records/review")
    login_as(org.staff)
    few_mine = cost("/records")
    for n in range(8):
        kit.make_record(org.staff, title=f"Catatan {n}")
    assert cost("/records") == few_mine
    login_as(org.supervisor)
    assert cost("/records/review") == few_review
