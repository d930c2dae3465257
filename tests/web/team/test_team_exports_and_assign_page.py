"""Exports of the team view (CSV, XLSX: filters applied, Indonesian headers) and the
assignment form."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from lms.core.models import Assignment, Enrollment
from lms.core.models.base import utcnow
from lms.core.queries import learning as learning_queries
from lms.core.services import team as team_service
from lms.testing.helpers import csrf_from


def _assign(team, course, finish):
    integritas = course(jp=4)
    team_service.assign(team.admin, [integritas], "unit", [team.bidang.id], include_subtree=True,
                        due_at=utcnow() + timedelta(days=10))
    finish(team.ani, integritas)
    return integritas


def test_csv_export_has_indonesian_headers_and_the_filters(client, db, team, course, finish, login_as) -> None:
    _assign(team, course, finish)
    login_as(team.kabid)
    response = client.get("/team/export.csv?scope=unit&status=completed")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["NIP", "Nama", "Unit kerja"] and "JP tahun ini" in rows[0]
    assert [r[1] for r in rows[1:]] == ["Ani"]
    ani = rows[1]
    assert ani[rows[0].index("Selesai")] == "1" and ani[rows[0].index("JP tahun ini")] == "4.0"
    everyone = client.get("/team/export.csv?scope=unit").get_data(as_text=True)
    assert {"Ani", "Budi", "Citra", "Kasi"} <= {r[1] for r in csv.reader(io.StringIO(everyone.lstrip("\ufeff")))}


def test_exports_count_competency_gaps(client, db, team, login_as) -> None:
    from lms.core.models.competency import PositionStandard

    db.session.add(PositionStandard(position_id=team.position.id, competency_code="integritas", required_level=3))
    db.session.flush()
    login_as(team.kabid)
    text = client.get("/team/export.csv?scope=unit").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    column = rows[0].index("Kesenjangan kompetensi")
    assert {r[1]: r[column] for r in rows[1:]} == {"Ani": "1", "Budi": "0", "Citra": "1", "Kasi": "0"}


def test_xlsx_export(client, db, team, course, finish, login_as) -> None:
    _assign(team, course, finish)
    login_as(team.kabid)
    response = client.get("/team/export.xlsx?scope=direct&sort=name")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(response.get_data()), read_only=True)
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("NIP", "Nama") and "Batas waktu terdekat" in rows[0]
    assert [r[1] for r in rows[1:]] == ["Ani", "Budi", "Kasi"]  # direct reports of Kabid
    budi = rows[2]
    assert budi[rows[0].index("Kursus ditugaskan")] == 1
    assert budi[rows[0].index("Batas waktu terdekat")] is not None
    book.close()


def test_exports_keep_formula_like_names_as_text(client, db, team, login_as) -> None:
    team.budi.name = '=HYPERLINK("http://contoh.invalid","klik")'
    db.session.flush()
    login_as(team.kabid)
    text = client.get("/team/export.csv?scope=direct&sort=name").get_data(as_text=True)
    names = [r[1] for r in csv.reader(io.StringIO(text.lstrip("\ufeff")))]
    assert "'" + team.budi.name in names
    book = load_workbook(io.BytesIO(client.get("/team/export.xlsx?scope=direct").get_data()))
    cells = [row[1] for row in book.active.iter_rows(min_row=2)]
    budi = next(c for c in cells if "HYPERLINK" in str(c.value))
    assert budi.data_type == "s" and budi.value == "'" + team.budi.name  # text, guarded as in the CSV
    assert book.active.freeze_panes == "C2"


def test_learner_cannot_export(client, team, login_as) -> None:
    login_as(team.budi)
    assert client.get("/team/export.xlsx").status_code == 403


def test_assign_page_assigns_the_chosen_people(client, db, team, course, login_as) -> None:
    integritas = course()
    login_as(team.kabid)
    page = client.get(f"/team/assign?person={team.ani.id}")
    assert page.status_code == 200 and "Dodi" not in page.text and "Ani" in page.text
    due = (utcnow() + timedelta(days=20)).date().isoformat()
    response = client.post("/team/assign", data={
        "csrf_token": csrf_from(page.text), "courses": [integritas.id], "target_kind": "person",
        "people": [team.ani.id, team.budi.id], "due_kind": "date", "due_date": due, "yearly_month": "12"})
    assert response.status_code == 302, response.text
    rows = db.session.scalars(select(Enrollment).where(Enrollment.course_id == integritas.id)).all()
    assert {r.user_id for r in rows} == {team.ani.id, team.budi.id}
    listing = client.get("/team/assignments").text
    assert "Kursus Integritas" in listing and "Ani" in listing


def test_assign_page_refuses_someone_elses_staff(client, db, team, course, login_as) -> None:
    integritas = course()
    login_as(team.kasi)
    page = client.get("/team/assign")
    response = client.post("/team/assign", data={
        "csrf_token": csrf_from(page.text), "courses": [integritas.id], "target_kind": "person",
        "people": [team.dodi.id], "due_kind": "none", "yearly_month": "12"})
    assert response.status_code in (403, 422)
    assert db.session.scalars(select(Enrollment)).all() == []


def test_yearly_assignment_to_a_unit_and_deactivation(client, db, team, course, login_as) -> None:
    integritas = course()
    login_as(team.kabid)
    page = client.get("/team/assign")
    response = client.post("/team/assign", data={
        "csrf_token": csrf_from(page.text), "courses": [integritas.id], "target_kind": "unit",
        "unit": team.seksi.id, "include_subtree": "y", "due_kind": "yearly", "yearly_day": "31",
        "yearly_month": "12"})
    assert response.status_code == 302, response.text
    rule = db.session.scalar(select(Assignment))
    assert rule.recurrence == "yearly" and rule.due_month == 12 and rule.include_subtree
    due = learning_queries.enrollment_of(team.citra, integritas).due_at
    assert team_service.local_date(due).month == 12 and team_service.local_date(due).day == 31
    listing = client.get("/team/assignments")
    response = client.post(f"/team/assignments/{rule.id}/deactivate", data={"csrf_token": csrf_from(listing.text)})
    assert response.status_code == 302
    db.session.refresh(rule)
    assert rule.active is False
    login_as(team.kasi)  # not theirs to stop
    page = client.get("/team/assignments")
    assert client.post(f"/team/assignments/{rule.id}/deactivate",
                       data={"csrf_token": csrf_from(page.text) if "csrf_token" in page.text else ""}).status_code in (
        400, 403)


def test_assign_form_is_made_for_a_thumb(client, team, course, login_as) -> None:
    """Checkboxes for courses and people (no multi-select list box), radio choices as large
    cards, each deadline's field beside its own choice, a search box for the pickers."""
    course()
    login_as(team.kabid)
    page = client.get("/team/assign").text
    assert "<select multiple" not in page and "Ctrl" not in page
    assert page.count('name="courses" type="checkbox"') == 1 and 'name="people" type="checkbox"' in page
    assert page.count('class="choice-card"') >= 6  # three targets (person, unit; no position) + four deadlines
    assert 'data-picker' in page and "js/picker.js" in page
    deadline = page.split("<legend>Batas waktu</legend>")[1]
    # the date field sits in the reveal right after "Tanggal tertentu", the days after theirs
    assert deadline.index('value="date"') < deadline.index('name="due_date"') < deadline.index('value="days"')
    assert deadline.index('value="days"') < deadline.index('name="due_days"') < deadline.index('value="yearly"')
    assert "Desember" in deadline  # months by name, in the reader's language


def test_assign_form_shows_every_error_at_once(client, db, team, course, login_as) -> None:
    course()
    login_as(team.kabid)
    page = client.get("/team/assign")
    response = client.post("/team/assign", data={
        "csrf_token": csrf_from(page.text), "target_kind": "person", "due_kind": "date", "yearly_month": "12"})
    assert response.status_code == 422
    summary = response.text.split('class="error-summary"')[1].split("</section>")[0]
    assert "Pilih minimal satu kursus." in summary and "Pilih minimal satu pegawai." in summary
    assert "Isi tanggal batas waktu." in summary
    assert 'href="#courses"' in summary and 'href="#people"' in summary and 'href="#due_date"' in summary
    assert db.session.scalars(select(Assignment)).all() == []


@pytest.mark.parametrize(("fields", "message"), [
    ({"due_kind": "date", "due_date": "2020-01-01"}, "Batas waktu harus hari ini atau sesudahnya."),
    ({"due_kind": "days", "due_days": "0"}, "Isi jumlah hari antara 1 dan 3660."),
    ({"due_kind": "yearly", "yearly_day": "30", "yearly_month": "2"}, "Isi tanggal antara 1 dan 29 untuk bulan itu."),
    ({"due_kind": "date", "due_date": "bukan-tanggal"}, "Tanggal batas waktu"),
])
def test_assign_form_refuses_bad_deadlines_and_keeps_the_choices(client, db, team, course, login_as, fields,
                                                                  message) -> None:
    integritas = course()
    login_as(team.kabid)
    page = client.get("/team/assign")
    data = {"csrf_token": csrf_from(page.text), "courses": [integritas.id], "target_kind": "person",
            "people": [team.ani.id], "yearly_month": "12", **fields}
    response = client.post("/team/assign", data=data)
    assert response.status_code == 422
    assert message in response.text.split('class="error-summary"')[1]
    checked = response.text.split(f'value="{integritas.id}"')[0].rsplit("<input", 1)[1] + "checked"
    assert "checked" in checked  # what was ticked stays ticked
    assert db.session.scalars(select(Assignment)).all() == []


def test_unit_choice_needs_a_unit(client, db, team, course, login_as) -> None:
    integritas = course()
    login_as(team.kabid)
    page = client.get("/team/assign")
    response = client.post("/team/assign", data={
        "csrf_token": csrf_from(page.text), "courses": [integritas.id], "target_kind": "unit", "unit": "0",
        "due_kind": "none", "yearly_month": "12"})
    assert response.status_code == 422 and "Pilih unit kerja." in response.text
