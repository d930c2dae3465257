"""Spreadsheet downloads: CSV and XLSX streamed to the response, for every export of the site
(the agency reports, Tim Saya).

CSV: UTF-8 with a BOM (spreadsheets then read the accents right), comma separated, a dot for
decimals, written in chunks as the rows come. XLSX: openpyxl in write-only mode (rows go to a
temporary file as they come), then sent in chunks. Either way memory stays flat however many
rows there are, and text a spreadsheet would run as a formula is kept as text.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from flask import Response
from flask_babel import gettext as _

from lms.core.spreadsheet_text import cell_value, csv_writer

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: (title, headers, rows) of one sheet
Sheet = tuple[str, list[str], Iterable[list[Any]]]


def _download(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store"}


def csv_response(headers: list[str], rows: Iterable[list[Any]], name: str) -> Response:
    def generate() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv_writer(buffer)
        buffer.write("\ufeff")
        writer.writerow(headers)
        for n, row in enumerate(rows, start=1):
            writer.writerow(row)
            if n % 1000 == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return Response(generate(), mimetype="text/csv", headers=_download(f"{name}.csv"))


def _xlsx_cell(sheet: Any, value: Any, font: Any = None) -> Any:
    """Every XLSX cell: None for empty; dates and numbers as such; text guarded as in the CSV
    (openpyxl stores text starting with "=" as a formula, and a file saved again as CSV would
    carry the other starts), without the control characters XLSX cannot hold."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value == "" or value is None:
        return None
    if not isinstance(value, date | bool | int | float):
        value = cell_value(ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    if font is None:
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    return cell


def write_xlsx(target: Any, sheets: list[Sheet], about: list[tuple[str, Any]] = (), freeze: str = "A2") -> int:
    """Write ``sheets`` to ``target`` (a path or binary file), then an "about" sheet with the
    filters; returns the number of data rows written. ``freeze``: the first cell that scrolls
    (``C2`` keeps the header row and two columns in view)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    count = 0
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.freeze_panes = freeze
        sheet.append([_xlsx_cell(sheet, text, bold) for text in headers])
        for row in rows:
            sheet.append([_xlsx_cell(sheet, v) for v in row])
            count += 1
    if about:
        sheet = book.create_sheet(title=_("Keterangan")[:31])
        for key, value in about:
            sheet.append([_xlsx_cell(sheet, key), _xlsx_cell(sheet, value)])
    book.save(target)
    return count


def xlsx_response(sheets: list[Sheet], name: str, about: list[tuple[str, Any]] = (),
                  freeze: str = "A2") -> Response:
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the generator below
    write_xlsx(spool, sheets, about, freeze)
    size = spool.seek(0, io.SEEK_END)
    spool.seek(0)

    def chunks() -> Iterator[bytes]:
        try:
            while block := spool.read(64 * 1024):
                yield block
        finally:
            spool.close()

    return Response(chunks(), mimetype=XLSX_TYPE, headers=_download(f"{name}.xlsx") | {"Content-Length": str(size)})
