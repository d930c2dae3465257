"""The SIASN "kursus" export: columns, formats, and the unit and period filters."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from lms.builtin.certificate import service, siasn
from lms.core import transaction
from lms.core.models import Completion, Enrollment
from lms.extensions import db as _db

HEADER = ["NIP", "Nama", "Nama Kursus", "Institusi Penyelenggara", "Jenis Kursus", "Jumlah Jam", "Tahun",
          "Tanggal Mulai", "Tanggal Selesai", "Nomor Sertifikat"]


@pytest.fixture
def record(db, make_course):
    """``record(user, completed_at, jp=2, certificate=True, enrolled_at=None)``: a completion
    (and its certificate) written directly, with the dates a test needs."""
    courses: dict[tuple[float, bool], object] = {}

    def make(user, completed_at, *, jp=2.0, certificate=True, enrolled_at=None, title=None):
        key = (jp, certificate, title)
        if key not in courses:
            n = len(courses) + 1
            courses[key] = make_course(f"siasn-{n}", jp=jp, title=title or f"Kursus SIASN {n}",
                                       extra="" if certificate else "certificate: false\n")
        course = courses[key]
        _db.session.add(Enrollment(user_id=user.id, course_id=course.id, enrolled_at=enrolled_at or completed_at,
                                   completed_at=completed_at))
        completion = Completion(user_id=user.id, course_id=course.id, cycle=1, completed_at=completed_at,
                                revision_id=course.published_revision_id, jp=jp)
        _db.session.add(completion)
        _db.session.flush()
        service.issue(completion.id)
        return completion

    return make


def rows_of(response) -> list[list[str]]:
    body = response.data.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:], newline=""), delimiter=";"))


def export(client, login_as, make_user, **params):
    """The export, read inside the request's context (the test client runs each request in its
    own context, which a streamed body would otherwise outlive)."""
    login_as(make_user(roles=["admin"]))
    return client.get("/admin/siasn/kursus.csv", query_string=params, buffered=True)


def test_columns_and_formats(client, login_as, make_user, record, certificate_of, app) -> None:
    user = make_user(name="Agus Salim", nip="199002142010011004")
    with_cert = record(user, datetime(2026, 3, 20, 3, 0, tzinfo=UTC), jp=1.5,
                       enrolled_at=datetime(2026, 2, 13, 20, 0, tzinfo=UTC))  # 14 Feb in Jakarta
    record(user, datetime(2026, 5, 2, 3, 0, tzinfo=UTC), jp=2.4, certificate=False)
    transaction.commit()
    response = export(client, login_as, make_user)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.count(b"\r\n") == 3
    header, first, second = rows_of(response)
    assert header == HEADER
    agency = app.extensions["lms.host"].settings_of("certificate")["agency"]
    number = certificate_of(with_cert).number
    assert first == ["19900214 201001 1 004", "Agus Salim", "Kursus SIASN 1", agency, "E-Learning", "2", "2026",
                     "14-02-2026", "20-03-2026", number]
    assert second[5:] == ["2", "2026", "02-05-2026", "02-05-2026", ""]  # no certificate for that course


@pytest.mark.parametrize(("jp", "hours"), [(0, 0), (0.4, 1), (1, 1), (1.5, 2), (2.4, 2), (2.5, 3), (10, 10)])
def test_hours_are_the_jp_rounded_half_up(jp, hours) -> None:
    assert siasn.hours(jp) == hours


def test_the_certificate_snapshot_wins_over_later_changes(client, login_as, make_user, record) -> None:
    user = make_user(name="Lama")
    completion = record(user, datetime(2026, 3, 20, 3, 0, tzinfo=UTC), title="Judul Lama")
    user.name = "Baru"
    completion.course.title = "Judul Baru"
    transaction.commit()
    row = rows_of(export(client, login_as, make_user))[1]
    assert row[1] == "Baru"  # the person is today's (SIASN looks them up by NIP)
    assert row[2] == "Judul Lama"  # the course is what the certificate says


def test_revoked_certificates_are_left_out(client, login_as, make_user, record, certificate_of) -> None:
    admin = make_user(roles=["admin"])
    completion = record(make_user(), datetime(2026, 3, 20, 3, 0, tzinfo=UTC))
    service.revoke(certificate_of(completion), admin, "Dicabut.")
    transaction.commit()
    assert len(rows_of(export(client, login_as, make_user))) == 1


def test_the_unit_filter_takes_the_subtree(client, login_as, make_user, make_unit, record) -> None:
    dinas = make_unit("Dinas Pendidikan")
    bidang = make_unit("Dinas Pendidikan > Bidang SD")
    other = make_unit("Dinas Pendidikan Lain")
    when = datetime(2026, 3, 20, 3, 0, tzinfo=UTC)
    for name, unit in (("Di Dinas", dinas), ("Di Bidang", bidang), ("Di Lain", other), ("Tanpa Unit", None)):
        record(make_user(name=name, unit=unit), when)
    transaction.commit()
    names = [r[1] for r in rows_of(export(client, login_as, make_user, unit=dinas.id))[1:]]
    assert sorted(names) == ["Di Bidang", "Di Dinas"]
    names = [r[1] for r in rows_of(export(client, login_as, make_user, unit=bidang.id))[1:]]
    assert names == ["Di Bidang"]


def test_the_period_filter_uses_local_dates_inclusive(client, login_as, make_user, record) -> None:
    user = make_user()
    record(user, datetime(2026, 1, 31, 16, 30, tzinfo=UTC), title="Januari")  # 31 Jan 23:30 WIB
    record(user, datetime(2026, 1, 31, 17, 30, tzinfo=UTC), title="Februari")  # 1 Feb 00:30 WIB
    record(user, datetime(2026, 3, 1, 2, 0, tzinfo=UTC), title="Maret")
    transaction.commit()

    def titles(**period):
        return [r[2] for r in rows_of(export(client, login_as, make_user, **period))[1:]]

    assert titles(start="2026-01-01", end="2026-01-31") == ["Januari"]
    assert titles(start="2026-02-01", end="2026-02-28") == ["Februari"]
    assert titles(start="2026-02-01") == ["Februari", "Maret"]
    assert titles(end="2026-02-01") == ["Januari", "Februari"]


def test_bad_filters_show_the_form_again(client, login_as, make_user, db) -> None:
    response = export(client, login_as, make_user, start="2026-03-01", end="2026-02-01")
    assert response.status_code == 422 and "Tanggal akhir tidak boleh sebelum tanggal awal." in response.text
    assert export(client, login_as, make_user, start="01-03-2026").status_code == 422
    assert export(client, login_as, make_user, unit="999999").status_code == 422


def test_admins_only(client, login_as, make_user, db) -> None:
    login_as(make_user(roles=["supervisor"]))
    assert client.get("/admin/siasn/kursus.csv").status_code == 403
    login_as(make_user(roles=["admin"]))
    page = client.get("/admin/siasn").text
    assert 'action="/admin/siasn/kursus.csv"' in page and "Jumlah Jam" in page


def test_cells_that_look_like_formulas_are_neutralised(client, login_as, make_user, record) -> None:
    record(make_user(name="=HYPERLINK(\"http://x\")"), datetime(2026, 3, 20, 3, 0, tzinfo=UTC))
    transaction.commit()
    assert rows_of(export(client, login_as, make_user))[1][1] == "'=HYPERLINK(\"http://x\")"


def test_the_csv_is_written_in_chunks(app, db) -> None:
    """The view streams these chunks: the BOM and header first, then a chunk per batch."""
    when = datetime(2026, 3, 20, tzinfo=UTC).date()
    records = (siasn.SiasnRow("199002142010011004", f"P{n}", "K", "O", "E-Learning", 2, when, when)
               for n in range(siasn.BATCH + 1))
    chunks = list(siasn.csv_lines(records))
    assert len(chunks) == 3 and chunks[0] == "\ufeff" + ";".join(HEADER) + "\r\n"
    assert chunks[1].count("\r\n") == siasn.BATCH and chunks[2].count("\r\n") == 1


def test_verified_external_records_join_the_export(client, login_as, make_user, make_unit, record) -> None:
    external = pytest.importorskip("lms.core.models.external")
    from datetime import date

    from lms.core.models import Blob

    unit = make_unit("Dinas Eksternal")
    user = make_user(name="Bagus Eksternal", unit=unit)
    _db.session.add(Blob(sha256="0" * 64, size=1, content_type="application/pdf", data=b"x"))
    record(user, datetime(2026, 3, 20, 3, 0, tzinfo=UTC), title="Kursus Platform")
    for title, status in (("Seminar Terverifikasi", external.RecordStatus.VERIFIED),
                          ("Seminar Menunggu", external.RecordStatus.PENDING),
                          ("Seminar Ditolak", external.RecordStatus.REJECTED)):
        _db.session.add(external.ExternalRecord(
            user_id=user.id, title=title, organiser="BPSDM Provinsi", route=external.LearningRoute.KLASIKAL,
            kind=external.LearningKind.SEMINAR, start_date=date(2026, 4, 1), end_date=date(2026, 4, 3), jp=3.5,
            certificate_sha256="0" * 64, certificate_name="s.pdf", certificate_type="application/pdf",
            status=status))
    transaction.commit()
    rows = rows_of(export(client, login_as, make_user, unit=unit.id))[1:]
    assert [r[2] for r in rows] == ["Kursus Platform", "Seminar Terverifikasi"]
    assert rows[1][3:] == ["BPSDM Provinsi", "Seminar/konferensi", "4", "2026", "01-04-2026", "03-04-2026", ""]
    assert [r[2] for r in rows_of(export(client, login_as, make_user, end="2026-03-31"))[1:]] == ["Kursus Platform"]


def test_a_retake_starts_with_its_first_finished_item(client, login_as, make_user, make_course) -> None:
    from lms.core.models import ItemProgress, ProgressStatus

    user = make_user(name="Ulang")
    course = make_course("siasn-ulang", extra="certificate: false\n")
    first_done = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
    _db.session.add(Enrollment(user_id=user.id, course_id=course.id, cycle=2,
                               enrolled_at=datetime(2024, 1, 5, 2, 0, tzinfo=UTC)))
    for key, when in (("materi-1", first_done), ("materi-2", datetime(2026, 6, 9, 2, 0, tzinfo=UTC))):
        _db.session.add(ItemProgress(user_id=user.id, course_id=course.id, cycle=2, item_key=key,
                                     status=ProgressStatus.DONE, completed_at=when))
    _db.session.add(Completion(user_id=user.id, course_id=course.id, cycle=2, jp=2.0,
                               completed_at=datetime(2026, 6, 9, 2, 0, tzinfo=UTC)))
    transaction.commit()
    row = rows_of(export(client, login_as, make_user))[1]
    assert row[7:9] == ["01-06-2026", "09-06-2026"]


def test_the_zip_with_certificates_is_made_by_a_job(client, login_as, make_user, record, certificate_of,
                                                   make_unit) -> None:
    import zipfile

    from lms.testing.helpers import fetch_download

    unit = make_unit("Dinas Zip > Bidang Zip")
    inside = make_user(name="Budi Zip", unit=unit)
    outside = make_user(name="Cici Luar")
    mine = record(inside, datetime(2026, 3, 20, 3, 0, tzinfo=UTC))
    record(inside, datetime(2026, 4, 2, 3, 0, tzinfo=UTC), certificate=False)
    record(outside, datetime(2026, 3, 21, 3, 0, tzinfo=UTC))
    transaction.commit()
    learner = make_user()
    login_as(learner)
    assert client.get("/admin/siasn/kursus.zip").status_code == 403
    login_as(make_user(roles=["admin"]))
    response = client.get("/admin/siasn/kursus.zip", query_string={"unit": str(unit.id)})
    assert response.status_code == 303 and response.headers["Location"].startswith("/jobs/")
    page = client.get(response.headers["Location"])
    assert "Ekspor SIASN dengan sertifikat (ZIP)" in page.text and "siasn-kursus-" in page.text
    download = fetch_download(client, f"/admin/siasn/kursus.zip?unit={unit.id}")
    assert download.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(download.data))
    names = archive.namelist()
    csv_name = next(n for n in names if n.endswith(".csv"))
    rows = list(csv.reader(io.StringIO(archive.read(csv_name).decode("utf-8")[1:], newline=""), delimiter=";"))
    assert rows[0] == HEADER and [r[1] for r in rows[1:]] == ["Budi Zip", "Budi Zip"]
    certificate = certificate_of(mine)
    assert [n for n in names if n.startswith("sertifikat/")] == [f"sertifikat/{certificate.file_name}"]
    assert archive.read(f"sertifikat/{certificate.file_name}").startswith(b"%PDF")
    bad = client.get("/admin/siasn/kursus.zip", query_string={"start": "2026-05-01", "end": "2026-01-01"})
    assert bad.status_code == 422
