"""Every export of the site, with course titles, unit names and user names that a spreadsheet
would run (``= + - @``, tab, carriage return): no cell of any CSV or XLSX starts a formula.

The exports are found in the URL map (every rule ending in ``.csv`` or ``.xlsx``), so a new
export that is not walked here fails the test until it is added.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from lms.core.models import CourseAuthor, Role
from lms.core.models.competency import PositionStandard
from lms.core.queries import learning as learning_queries
from lms.core.services import learning
from lms.core.spreadsheet_text import FORMULA_START, cell_value, csv_writer
from lms.testing.helpers import fetch_download

HOSTILE = ["=cmd|' /C calc'!A0", "+SUM(1;1)", "-2+3+cmd|' /C calc'!A0", "@SUM(1)", "\tHYPERLINK", "\rHYPERLINK"]


def _exports(app: Any, course_slug: str, unit_id: int, course_id: int) -> dict[str, list[str]]:
    """endpoint -> the URLs that walk it (with the hostile unit and course as filters)."""
    filters = f"?unit={unit_id}&course={course_id}"
    return {
        "admin_reports.export": [f"/admin/reports/export/{kind}.{fmt}{filters}"
                                 for kind in ("units", "people", "akpk") for fmt in ("csv", "xlsx")]
        + [f"/admin/reports/export/people.{fmt}" for fmt in ("csv", "xlsx")],
        "certificate.siasn_export": ["/admin/siasn/kursus.csv"],
        "admin_users.import_template": ["/admin/users/import/template.csv"],
        "team.export_csv": ["/team/export.csv"],
        "team.export_xlsx": ["/team/export.xlsx"],
        "author.results_csv": [f"/author/{course_slug}/results.csv"],
    }


def _export_rules(app: Any) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules()
            if rule.rule.endswith((".csv", ".xlsx", ".<fmt>"))}


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def _cells(response: Any) -> list[str]:
    if response.mimetype == "text/csv":
        body = response.get_data(as_text=True).lstrip("\ufeff")
        dialect = csv.Sniffer().sniff(body.split("\n", 1)[0], delimiters=",;")
        return [cell for row in csv.reader(io.StringIO(body, newline=""), dialect) for cell in row]
    book = load_workbook(io.BytesIO(response.data))
    cells = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    cells.append(cell.value)
    return cells


@pytest.fixture
def hostile_agency(db: Any, make_user: Any, make_unit: Any, make_course: Any, make_position: Any,
                   request: Any) -> Any:
    bad = request.param
    position = make_position(f"{bad} Jabatan")
    db.session.add(PositionStandard(position_id=position.id, competency_code="integritas", required_level=3))
    unit = make_unit("Dinas Formula")
    unit.name = f"{bad} Dinas"
    course = make_course("kursus-formula")
    course.title = f"{bad} Kursus"
    boss = make_user(name=f"{bad} Atasan", roles=[Role.SUPERVISOR, Role.ADMIN], unit=unit)
    staff = make_user(name=f"{bad} Pegawai", unit=unit, supervisor=boss, position=position)
    db.session.add(CourseAuthor(course_id=course.id, user_id=boss.id))
    learning.enroll(staff, course)
    for item in learning_queries.published_items(course):
        learning.mark_done(staff, course, item.key)
    db.session.flush()
    return boss, unit, course, bad


@pytest.mark.parametrize("hostile_agency", HOSTILE, indirect=True, ids=repr)
def test_no_export_cell_runs_as_a_formula(app, client, login_as, hostile_agency) -> None:
    boss, unit, course, bad = hostile_agency
    login_as(boss)
    walks = _exports(app, course.slug, unit.id, course.id)
    assert set(walks) == _export_rules(app), "an export of the URL map is not walked by this test"
    guarded = cell_value(bad)
    for endpoint, urls in walks.items():
        for url in urls:
            response = fetch_download(client, url)  # XLSX reports are made by a job
            assert response.status_code == 200, (url, response.status_code)
            cells = _cells(response)
            for text in cells:
                assert not text.startswith(FORMULA_START) or _is_number(text), (url, text)
            if endpoint != "admin_users.import_template":  # a fixed file: nothing of ours in it
                assert any(guarded in text for text in cells), (url, "the hostile value is not exported")


def test_the_xlsx_filter_sheet_holds_text_not_formulas(app, client, login_as, make_user, make_unit,
                                                      make_course) -> None:
    unit = make_unit("Dinas Keterangan")
    unit.name = '=HYPERLINK("http://x.example","klik")'
    admin = login_as(make_user(roles=[Role.ADMIN]))
    assert admin
    book = load_workbook(io.BytesIO(fetch_download(client, f"/admin/reports/export/units.xlsx?unit={unit.id}").data))
    about = book.worksheets[-1]
    values = {row[0].value: row[1] for row in about.iter_rows()}
    cell = values["Unit kerja"]
    assert cell.data_type == "s" and cell.value == "'" + unit.name


def test_every_csv_of_the_site_is_written_by_the_guarded_writer() -> None:
    """The guard is structural: ``csv.writer`` appears only inside the guarded writer."""
    from pathlib import Path

    import lms

    root = Path(lms.__file__).parent
    offenders = [str(path.relative_to(root)) for path in root.rglob("*.py")
                 if "csv.writer(" in path.read_text(encoding="utf-8") and path.name != "spreadsheet_text.py"]
    assert offenders == []


def test_the_guarded_writer_keeps_numbers_and_dates() -> None:
    from datetime import date

    buffer = io.StringIO()
    csv_writer(buffer).writerow([-3, 1.5, None, date(2026, 1, 2), "-3", "=1+1", "Budi"])
    assert buffer.getvalue().strip() == "-3,1.5,,2026-01-02,'-3,'=1+1,Budi"
