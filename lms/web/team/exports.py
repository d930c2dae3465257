"""The team view as CSV and XLSX, with the page's filters, Indonesian headers, rows streamed
from the database (batches) to the response: memory stays flat however large the team.

CSV: UTF-8 with a BOM (spreadsheets then read the accents right), comma separated, a dot for
decimals. XLSX: openpyxl in write-only mode (rows go to a temporary file as they come), then
the file is sent in chunks.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from flask import Response, current_app
from flask_babel import gettext as _

from lms.core.queries.team import PersonRow, TeamQuery


def headers() -> list[str]:
    return [_("NIP"), _("Nama"), _("Unit kerja"), _("Jabatan"), _("Jenis pegawai"), _("Kursus ditugaskan"),
            _("Selesai"), _("Sedang berlangsung"), _("Belum dimulai"), _("Kedaluwarsa"), _("Terlambat"),
            _("Batas waktu terdekat"), _("JP tahun ini"), _("Target JP"), _("Kekurangan JP"),
            _("Catatan belajar menunggu verifikasi"), _("Kesenjangan kompetensi")]


def _local_date(value: datetime | None, zone: Any) -> date | None:
    return value.astimezone(zone).date() if value else None


def values(row: PersonRow, zone: Any) -> list[Any]:
    return [row.nip, row.name, row.unit or "", row.position or "", row.employee_type, row.assigned, row.completed,
            row.in_progress, row.not_started, row.expired, row.overdue, _local_date(row.next_due, zone),
            round(row.jp_year, 1), round(row.jp_target, 1), round(row.jp_short, 1), row.pending_records,
            row.gaps]


def _zone() -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(current_app.extensions["lms.settings"].timezone)


def _download(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store"}


def csv_response(query: TeamQuery, name: str) -> Response:
    zone = _zone()
    people = query.stream_people()
    header = headers()

    def generate() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write("\ufeff")
        writer.writerow(header)
        for n, row in enumerate(people, start=1):
            writer.writerow(["" if v is None else (v.isoformat() if isinstance(v, date) else v)
                             for v in values(row, zone)])
            if n % 500 == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return Response(generate(), mimetype="text/csv",
                    headers=_download(f"{name}.csv"))


def write_xlsx(query: TeamQuery, target: Any, title: str) -> int:
    """Write the workbook to ``target`` (a path or binary file); returns the number of rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    zone = _zone()
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.freeze_panes = "C2"
    bold = Font(bold=True)
    header = []
    for text in headers():
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in query.stream_people():
        sheet.append(values(row, zone))
        count += 1
    book.save(target)
    return count


def xlsx_response(query: TeamQuery, name: str, title: str) -> Response:
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the generator below
    write_xlsx(query, spool, title)
    spool.seek(0)

    def chunks() -> Iterator[bytes]:
        try:
            while block := spool.read(64 * 1024):
                yield block
        finally:
            spool.close()

    size = spool.seek(0, io.SEEK_END)
    spool.seek(0)
    headers_ = _download(f"{name}.xlsx") | {"Content-Length": str(size)}
    return Response(chunks(), mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers=headers_)
