"""The agency reports as CSV and XLSX, with the page's filters and Indonesian headers.

Rows go from the database to the response in batches (people: ``yield_per``), so memory stays
flat however large the agency. CSV: UTF-8 with a BOM (spreadsheets then read the accents
right), comma separated, a dot for decimals. XLSX: openpyxl in write-only mode (rows are
written to a temporary file as they come), then sent in chunks.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from flask import Response
from flask_babel import gettext as _

from lms.core.queries import reports

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store"}


def group_label(row: reports.GroupRow) -> str:
    if row.kind == "none":
        return _("Tanpa unit kerja")
    if row.kind == "self":
        return _("%(name)s (langsung)", name=row.name)
    return row.name


# --------------------------------------------------------------------------- sheets


def unit_headers() -> list[str]:
    return [_("Unit kerja"), _("Jumlah pegawai"), _("Mencapai target JP"), _("% mencapai target JP"),
            _("Rata-rata JP"), _("Kursus ditugaskan"), _("Penugasan selesai"), _("% penyelesaian"),
            _("Penugasan terlambat"), _("Pegawai terlambat")]


def _unit_values(label: str, s: reports.Stats) -> list[Any]:
    return [label, s.staff, s.jp_reached, s.jp_share, round(s.jp_average, 1), s.assigned, s.completed,
            s.completion, s.overdue, s.overdue_people]


def unit_rows(report: reports.Report) -> Iterator[list[Any]]:
    for row in report.rows:
        yield _unit_values(group_label(row), row.stats)
    yield _unit_values(_("Jumlah"), report.total)


def people_headers() -> list[str]:
    return [_("NIP"), _("Nama"), _("Unit kerja"), _("Jabatan"), _("Jenis pegawai"), _("Golongan"),
            _("JP tahun ini"), _("Target JP"), _("Mencapai target JP"), _("Kursus ditugaskan"),
            _("Penugasan selesai"), _("Penugasan terlambat"), _("Kesenjangan kompetensi")]


def people_rows(people: Iterable[reports.PersonRow]) -> Iterator[list[Any]]:
    yes, no = _("ya"), _("tidak")
    for p in people:
        yield [p.nip, p.name, p.unit, p.position, p.employee_type, p.golongan, round(p.jp, 1), p.target,
               yes if p.reached else no, p.assigned, p.completed, p.overdue, p.gaps]


def akpk_headers() -> list[str]:
    return [_("Unit kerja"), _("Kode kompetensi"), _("Kompetensi"), _("Kelompok"), _("Pegawai dengan standar"),
            _("Pegawai dengan kesenjangan"), _("% dengan kesenjangan"), _("Rata-rata kesenjangan"),
            _("Level dibutuhkan tertinggi"), _("Kursus yang menjawab")]


def _gap_values(label: str, r: reports.GapRow) -> list[Any]:
    courses = "; ".join(_("%(title)s (level %(level)d)", title=c.title, level=c.level) for c in r.courses)
    return [label, r.code, r.name, r.group, r.required_people, r.gap_people, r.share, round(r.average_gap, 2),
            r.max_required, courses]


def akpk_rows(data: reports.Akpk, scope_label: str) -> Iterator[list[Any]]:
    for r in data.totals:
        yield _gap_values(scope_label, r)
    for group, rows in data.by_group:
        for r in rows:
            yield _gap_values(group_label(group), r)


# --------------------------------------------------------------------------- formats


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """A CSV value. Text that a spreadsheet would run as a formula (a name typed as
    ``=HYPERLINK(...)``) gets a leading apostrophe (OWASP, CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_response(headers: list[str], rows: Iterable[list[Any]], name: str) -> Response:
    def generate() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write("\ufeff")
        writer.writerow(headers)
        for n, row in enumerate(rows, start=1):
            writer.writerow([_cell(v) for v in row])
            if n % 1000 == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return Response(generate(), mimetype="text/csv", headers=_download(f"{name}.csv"))


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    """None for empty; text starting with "=" stays text (openpyxl would store a formula)."""
    if value == "" or value is None:
        return None
    if isinstance(value, str) and value.startswith("="):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def write_xlsx(target: Any, sheets: list[tuple[str, list[str], Iterable[list[Any]]]],
               about: list[tuple[str, Any]] = ()) -> int:
    """Write ``sheets`` (title, headers, rows) to ``target`` (a path or binary file), then an
    "about" sheet with the filters; returns the number of data rows written."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    count = 0
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.freeze_panes = "A2"
        header = []
        for text in headers:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in rows:
            sheet.append([_xlsx_cell(sheet, v) for v in row])
            count += 1
    if about:
        sheet = book.create_sheet(title=_("Keterangan")[:31])
        for key, value in about:
            sheet.append([key, value])
    book.save(target)
    return count


def xlsx_response(sheets: list[tuple[str, list[str], Iterable[list[Any]]]], name: str,
                  about: list[tuple[str, Any]] = ()) -> Response:
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the generator below
    write_xlsx(spool, sheets, about)
    size = spool.seek(0, io.SEEK_END)
    spool.seek(0)

    def chunks() -> Iterator[bytes]:
        try:
            while block := spool.read(64 * 1024):
                yield block
        finally:
            spool.close()

    return Response(chunks(), mimetype=XLSX_TYPE, headers=_download(f"{name}.xlsx") | {"Content-Length": str(size)})
