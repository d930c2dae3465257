"""The agency report on a small hand-built agency: exact numbers per perangkat daerah, the
drill-down to sub-units and people, the AKPK, the exports, and a bounded number of queries."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from lms.core.media_store import MediaStore
from lms.core.models import EmployeeType, EnrollmentSource, Role
from lms.core.models.base import utcnow
from lms.core.models.competency import CompetencyAssessment, CompetencyEvidence, EvidenceSource, PositionStandard
from lms.core.models.external import ExternalRecord, RecordStatus
from lms.core.queries import competencies as competency_queries
from lms.core.queries import reports
from lms.core.queries.learning import local_year, year_bounds
from lms.testing.helpers import fetch_download


def _competencies(mapping: dict[str, int]) -> str:
    lines = ["competencies:"]
    for code, level in mapping.items():
        lines += [f"  - code: {code}", f"    level: {level}"]
    return "\n".join(lines) + "\n"


@pytest.fixture
def agency(db, make_user, make_unit, make_position, make_course, assigned, completed):
    """Dinas A (directly: a0; Bidang A1: a1, a2; Bidang A2 > Seksi A2x: a3; an inactive a4 in
    A2), Dinas B (b1, PPPK, JP from a verified external record), someone without a unit."""
    now = utcnow()
    year = local_year()
    start, _end = year_bounds(year)
    this_year = start + timedelta(hours=2)
    last_year = start - timedelta(days=10)
    past, future = now - timedelta(days=1), now + timedelta(days=30)

    a1_unit = make_unit("Dinas A > Bidang A1")
    a2x_unit = make_unit("Dinas A > Bidang A2 > Seksi A2x")
    dinas_a, a2_unit = a1_unit.parent, a2x_unit.parent
    dinas_b = make_unit("Dinas B")
    analyst, clerk = make_position("Analis Laporan"), make_position("Pengadministrasi Laporan")
    db.session.add_all([PositionStandard(position_id=analyst.id, competency_code="integritas", required_level=3),
                        PositionStandard(position_id=analyst.id, competency_code="komunikasi", required_level=2),
                        PositionStandard(position_id=clerk.id, competency_code="integritas", required_level=2)])

    a0 = make_user(name="A0 Kepala", unit=dinas_a)
    a1 = make_user(name="A1 Analis", unit=a1_unit, position=analyst)
    a2 = make_user(name="A2 Analis", unit=a1_unit, position=analyst)
    a3 = make_user(name="A3 Pengadministrasi", unit=a2x_unit, position=clerk)
    a4 = make_user(name="A4 Nonaktif", unit=a2_unit, active=False)
    b1 = make_user(name="B1 PPPK", unit=dinas_b, employee_type=EmployeeType.PPPK, golongan="IX")
    nobody = make_user(name="C Tanpa Unit")

    x = make_course("laporan-x", title="Kursus X", jp=5)
    y = make_course("laporan-y", title="Kursus Y", jp=3)
    z = make_course("laporan-z", title="Kursus Z", jp=20)
    k = make_course("laporan-komunikasi", title="Komunikasi Efektif", extra=_competencies({"komunikasi": 1}))
    make_course("laporan-integritas-1", title="Integritas Dasar", extra=_competencies({"integritas": 1}))
    make_course("laporan-integritas-2", title="Integritas Lanjut", extra=_competencies({"integritas": 2}))
    make_course("laporan-draf", title="Draf Integritas", extra=_competencies({"integritas": 3}), publish=False)

    completed(a0, z, this_year, 20)
    completed(a1, z, this_year, 20)
    assigned(a1, x, completed_at=this_year)  # done
    assigned(a1, y, due_at=past)  # overdue
    assigned(a2, x, due_at=past, completed_at=this_year)  # done (late, but done)
    assigned(a2, y, due_at=future)
    assigned(a3, x, due_at=past, completed_at=last_year, expires_at=past)  # expired: not done, overdue
    assigned(a4, x, due_at=past)  # inactive: not counted
    assigned(b1, x, source=EnrollmentSource.SELF)  # not an assignment
    completed(a2, z, last_year, 20)  # another year

    pdf = b"%PDF-1.4 laporan"
    sha = hashlib.sha256(pdf).hexdigest()
    MediaStore().put(sha, pdf, "application/pdf")
    for status, jp in ((RecordStatus.VERIFIED, 20), (RecordStatus.PENDING, 30)):
        db.session.add(ExternalRecord(user_id=b1.id, title="Pelatihan", organiser="BPSDM", route="klasikal",
                                      kind="pelatihan", start_date=date(year, 1, 1), end_date=date(year, 1, 1),
                                      jp=jp, competencies=[], report="", certificate_sha256=sha,
                                      certificate_name="s.pdf", certificate_type="application/pdf", status=status))

    today = date.today()
    old = today - timedelta(days=400)
    db.session.add_all([
        # a1: integritas assessed 3 (no gap); komunikasi evidence 1 (gap 1)
        CompetencyAssessment(user_id=a1.id, competency_code="integritas", level=3, source="assessment_center",
                             assessed_on=old, valid_until=today + timedelta(days=300)),
        CompetencyEvidence(user_id=a1.id, competency_code="komunikasi", level=1, source_type=EvidenceSource.MENTORING,
                           source_ref="mentoring:laporan-1", earned_at=now - timedelta(days=3)),
        # a2: integritas assessment expired (3), evidence 2 -> gap 1; komunikasi nothing -> gap 2
        CompetencyAssessment(user_id=a2.id, competency_code="integritas", level=3, source="uji_kompetensi",
                             assessed_on=today - timedelta(days=1500), valid_until=today - timedelta(days=400)),
        CompetencyEvidence(user_id=a2.id, competency_code="integritas", level=2, source_type=EvidenceSource.MENTORING,
                           source_ref="mentoring:laporan-2", earned_at=now - timedelta(days=3)),
        CompetencyEvidence(user_id=a2.id, competency_code="komunikasi", level=2, source_type=EvidenceSource.MENTORING,
                           source_ref="mentoring:laporan-3", earned_at=now - timedelta(days=900),
                           expires_at=now - timedelta(days=1)),  # expired evidence: not current
        # a3: two valid assessments, the newest (1) counts -> gap 1
        CompetencyAssessment(user_id=a3.id, competency_code="integritas", level=3, source="assessment_center",
                             assessed_on=old, valid_until=today + timedelta(days=300)),
        CompetencyAssessment(user_id=a3.id, competency_code="integritas", level=1, source="assessment_center",
                             assessed_on=today - timedelta(days=10), valid_until=today + timedelta(days=1000)),
    ])
    db.session.flush()
    return SimpleNamespace(dinas_a=dinas_a, a1_unit=a1_unit, a2_unit=a2_unit, a2x_unit=a2x_unit, dinas_b=dinas_b,
                           a0=a0, a1=a1, a2=a2, a3=a3, a4=a4, b1=b1, nobody=nobody, x=x, y=y, z=z, k=k, year=year)


def _numbers(report: reports.Report) -> dict[str, tuple[int, ...]]:
    return {row.name or row.kind: (row.stats.staff, row.stats.jp_reached, row.stats.assigned, row.stats.completed,
                                   row.stats.overdue, row.stats.overdue_people)
            for row in report.rows}


def test_agency_level_numbers_per_perangkat_daerah(agency) -> None:
    result = reports.report(reports.ReportFilter(year=agency.year))
    numbers = _numbers(result)
    assert numbers["Dinas A"] == (4, 2, 5, 2, 2, 2)
    assert numbers["Dinas B"] == (1, 1, 0, 0, 0, 0)
    assert numbers["none"] == (1, 0, 0, 0, 0, 0)
    dinas_a = next(r for r in result.rows if r.name == "Dinas A")
    assert dinas_a.stats.jp_share == 50 and dinas_a.stats.completion == 40 and dinas_a.has_children
    assert (result.total.staff, result.total.jp_reached, result.total.assigned) == (6, 3, 5)
    assert result.target == 20


def test_drill_down_to_sub_units(agency) -> None:
    result = reports.report(reports.ReportFilter(unit_id=agency.dinas_a.id, year=agency.year))
    assert [(r.kind, r.name) for r in result.rows] == [("self", "Dinas A"), ("unit", "Bidang A1"),
                                                        ("unit", "Bidang A2")]
    numbers = _numbers(result)
    assert numbers["Dinas A"] == (1, 1, 0, 0, 0, 0)
    assert numbers["Bidang A1"] == (2, 1, 4, 2, 1, 1)
    assert numbers["Bidang A2"] == (1, 0, 1, 0, 1, 1)
    assert next(r for r in result.rows if r.name == "Bidang A2").has_children
    deeper = reports.report(reports.ReportFilter(unit_id=agency.a2_unit.id, year=agency.year))
    assert _numbers(deeper) == {"Seksi A2x": (1, 0, 1, 0, 1, 1)}  # a4 (inactive) placed in A2 is not counted
    assert deeper.crumbs == [(agency.dinas_a.id, "Dinas A")]


def test_filters_narrow_the_report(agency) -> None:
    pppk = reports.report(reports.ReportFilter(year=agency.year, employee_type="PPPK"))
    assert _numbers(pppk)["Dinas B"] == (1, 1, 0, 0, 0, 0) and _numbers(pppk)["Dinas A"][0] == 0
    only_y = reports.report(reports.ReportFilter(year=agency.year, course_id=agency.y.id))
    assert _numbers(only_y)["Dinas A"] == (4, 2, 2, 0, 1, 1)
    last = reports.report(reports.ReportFilter(year=agency.year - 1))
    assert _numbers(last)["Dinas A"][:2] == (4, 1)  # a2's 20 JP of last year


def test_people_of_a_unit_and_their_numbers(agency) -> None:
    f = reports.ReportFilter(unit_id=agency.dinas_a.id, year=agency.year)
    page = reports.people_page(f, agency.dinas_a)
    assert [p.name for p in page.people] == ["A0 Kepala", "A1 Analis", "A2 Analis", "A3 Pengadministrasi"]
    a1 = page.people[1]
    assert (a1.jp, a1.assigned, a1.completed, a1.overdue, a1.gaps, a1.reached) == (25, 2, 1, 1, 1, True)
    assert a1.unit == "Dinas A > Bidang A1"
    assert [p.name for p in reports.people_page(f, agency.dinas_a, direct=True).people] == ["A0 Kepala"]
    assert [p.name for p in reports.people_page(f, agency.dinas_a, only="overdue").people] == [
        "A1 Analis", "A3 Pengadministrasi"]
    assert [p.name for p in reports.people_page(f, agency.dinas_a, only="short").people] == [
        "A2 Analis", "A3 Pengadministrasi"]
    assert [p.gaps for p in reports.people_page(f, agency.dinas_a, only="gap").people] == [1, 2, 1]


def test_akpk_aggregates_gaps_per_competency_and_unit(agency) -> None:
    data = reports.akpk(reports.ReportFilter(year=agency.year))
    totals = {r.code: r for r in data.totals}
    integ, komu = totals["integritas"], totals["komunikasi"]
    assert (integ.required_people, integ.gap_people, integ.gap_sum, integ.max_required, integ.min_current) == (
        3, 2, 2, 3, 1)
    assert (komu.required_people, komu.gap_people, komu.average_gap, komu.min_current) == (2, 2, 1.5, 0)
    assert [c.title for c in komu.courses] == ["Komunikasi Efektif"]
    assert [c.title for c in integ.courses] == ["Integritas Lanjut"]  # level 1 does not move anyone; drafts never
    groups = {g.name: rows for g, rows in data.by_group}
    assert {r.code: r.gap_people for r in groups["Dinas A"]} == {"integritas": 2, "komunikasi": 2}
    assert groups["Dinas B"] == []
    below = reports.akpk(reports.ReportFilter(unit_id=agency.dinas_a.id, year=agency.year))
    by_unit = {g.name: {r.code: (r.required_people, r.gap_people) for r in rows} for g, rows in below.by_group}
    assert by_unit["Bidang A1"] == {"integritas": (2, 1), "komunikasi": (2, 2)}
    assert by_unit["Bidang A2"] == {"integritas": (1, 1)}


def test_set_based_gaps_agree_with_the_competency_profile(agency) -> None:
    people = [agency.a0, agency.a1, agency.a2, agency.a3, agency.b1]
    counts = reports.gap_counts([p.id for p in people])
    for person in people:
        profile = competency_queries.profile(person, with_suggestions=False)
        assert counts.get(person.id, 0) == len(profile.gaps), person.name


def test_report_pages_and_drill_down_links(client, admin, agency) -> None:
    page = client.get("/admin/reports/")
    assert page.status_code == 200
    assert f'href="/admin/reports/?unit={agency.dinas_a.id}' in page.text
    assert "Tanpa unit kerja" in page.text
    sub = client.get(f"/admin/reports/?unit={agency.dinas_a.id}").text
    assert "Dinas A (langsung)" in sub and "Bidang A1" in sub
    assert f"/admin/reports/people?direct=1&amp;unit={agency.dinas_a.id}&amp;year={agency.year}" in sub
    people = client.get(f"/admin/reports/people?unit={agency.a1_unit.id}").text
    assert "A1 Analis" in people and "A0 Kepala" not in people
    assert f"/admin/reports/people/{agency.a1.id}" in people
    person = client.get(f"/admin/reports/people/{agency.a1.id}").text
    assert "Kursus Y" in person and "terlambat" in person and "Komunikasi" in person
    akpk = client.get("/admin/reports/akpk").text
    assert "Komunikasi Efektif" in akpk and "Integritas Lanjut" in akpk
    assert client.get("/admin/reports/?unit=999999").status_code == 404


def _csv(response) -> list[list[str]]:
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_exports_have_indonesian_headers_and_apply_filters(client, admin, agency) -> None:
    units = client.get(f"/admin/reports/export/units.csv?year={agency.year}")
    assert units.status_code == 200 and units.mimetype == "text/csv"
    rows = _csv(units)
    assert rows[0][:4] == ["Unit kerja", "Jumlah pegawai", "Mencapai target JP", "% mencapai target JP"]
    assert rows[1][:3] == ["Dinas A", "4", "2"]
    assert rows[-2][:2] == ["Tanpa unit kerja", "2"] and rows[-1][:2] == ["Jumlah", "7"]  # and the admin
    people = _csv(client.get(f"/admin/reports/export/people.csv?type=PPPK&year={agency.year}"))
    assert people[0][:3] == ["NIP", "Nama", "Unit kerja"] and "Kesenjangan kompetensi" in people[0]
    assert [r[1] for r in people[1:]] == ["B1 PPPK"]
    akpk = _csv(client.get(f"/admin/reports/export/akpk.csv?unit={agency.dinas_a.id}"))
    assert akpk[0][:3] == ["Unit kerja", "Kode kompetensi", "Kompetensi"]
    assert akpk[1][:2] == ["Dinas A", "komunikasi"]  # most people with a gap, then the largest average gap
    assert akpk[1][4:8] == ["2", "2", "100", "1.5"] and akpk[1][9] == "Komunikasi Efektif (level 1)"

    xlsx = fetch_download(client, f"/admin/reports/export/people.xlsx?unit={agency.dinas_a.id}&year={agency.year}")
    assert xlsx.status_code == 200
    assert xlsx.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename=laporan-people-' in xlsx.headers["Content-Disposition"].replace('"', '')
    book = load_workbook(io.BytesIO(xlsx.data), read_only=True)
    sheet = book[book.sheetnames[0]]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0][:2] == ("NIP", "Nama") or values[0][:2] == ["NIP", "Nama"]
    assert [r[1] for r in values[1:]] == ["A0 Kepala", "A1 Analis", "A2 Analis", "A3 Pengadministrasi"]
    assert "Keterangan" in book.sheetnames
    book.close()
    units_xlsx = load_workbook(io.BytesIO(fetch_download(client, "/admin/reports/export/units.xlsx").data),
                               read_only=True)
    assert next(units_xlsx[units_xlsx.sheetnames[0]].iter_rows(values_only=True))[0] == "Unit kerja"
    units_xlsx.close()
    assert client.get("/admin/reports/export/secret.csv").status_code == 404


def _agency_of(make_unit, make_user, make_course, assigned, n: int, tag: str) -> None:
    course = make_course(f"hitung-{tag}", title=f"Hitung {tag}")
    for i in range(n):
        unit = make_unit(f"OPD {tag} {i} > Bidang {i}")
        for j in range(2):
            person = make_user(unit=unit if j else unit.parent, name=f"P {tag} {i} {j}")
            assigned(person, course, due_at=utcnow() - timedelta(days=1))


@pytest.mark.parametrize("path", ["/admin/reports/", "/admin/reports/people", "/admin/reports/akpk",
                                  "/admin/reports/export/units.csv", "/admin/reports/export/people.csv"])
def test_report_queries_do_not_grow_with_the_agency(client, db, make_unit, make_user, make_course, assigned,
                                                    count_queries, path) -> None:
    admin = make_user(roles=[Role.ADMIN])
    from lms.testing.plugin import IsolatedClient  # noqa: F401 - the client runs each request in its own context

    with client.session_transaction() as session:
        session["_user_id"] = admin.get_id()
    _agency_of(make_unit, make_user, make_course, assigned, 2, "kecil")
    with count_queries() as small:
        assert client.get(path).status_code == 200
    _agency_of(make_unit, make_user, make_course, assigned, 10, "besar")
    with count_queries() as large:
        assert client.get(path).status_code == 200
    assert len(small) == len(large), (len(small), len(large))
    assert len(large) <= 12


def test_exported_text_never_runs_as_a_formula(client, admin, make_user, make_unit) -> None:
    unit = make_unit("Dinas Formula")
    make_user(name='=HYPERLINK("http://x.example","klik")', unit=unit)
    rows = _csv(client.get(f"/admin/reports/export/people.csv?unit={unit.id}"))
    assert rows[1][1] == "'=HYPERLINK(\"http://x.example\",\"klik\")"
    book = load_workbook(io.BytesIO(fetch_download(client, f"/admin/reports/export/people.xlsx?unit={unit.id}").data))
    cell = book.worksheets[0]["B2"]
    assert cell.value == "'=HYPERLINK(\"http://x.example\",\"klik\")" and cell.data_type == "s"
