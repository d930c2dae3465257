"""Cells of a spreadsheet export that a spreadsheet will not run.

Excel and LibreOffice run a cell starting with ``= + - @`` (or a tab or carriage return) as a
formula, so a name typed as ``=HYPERLINK(...)`` in an export could act when the file is opened
(OWASP: CSV injection). The guard is structural: every CSV of the site is written through
:func:`csv_writer` and every XLSX cell through :func:`lms.web.spreadsheets.write_xlsx`, which both
pass each cell through :func:`cell_value`; no export writes a cell on its own.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: str) -> str:
    """``value`` with a leading apostrophe when a spreadsheet would read it as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def cell_value(value: Any) -> Any:
    """One CSV cell: empty for None, ISO dates, text a spreadsheet would run kept as text;
    numbers stay numbers (a negative number is not a formula)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool | int | float):
        return value
    return formula_safe(str(value))


class SafeCsvWriter:
    """A ``csv.writer`` whose every cell goes through :func:`cell_value`."""

    def __init__(self, target: Any, **fmt: Any) -> None:
        self._writer = csv.writer(target, **fmt)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([cell_value(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(target: Any, **fmt: Any) -> SafeCsvWriter:
    """The one way the site writes CSV (``fmt``: ``delimiter``, ``lineterminator``...)."""
    return SafeCsvWriter(target, **fmt)
