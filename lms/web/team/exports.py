"""The team view as CSV and XLSX, with the page's filters and Indonesian headers, rows streamed
from the database (batches) through ``lms.web.spreadsheets``: memory stays flat however large
the team."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from flask import Response, current_app
from flask_babel import gettext as _

from lms.core.queries.team import PersonRow, TeamQuery
from lms.web import spreadsheets


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


def _rows(query: TeamQuery) -> Iterator[list[Any]]:
    zone = _zone()  # now, while the request is here: the rows are read as the response streams
    return (values(row, zone) for row in query.stream_people())


def csv_response(query: TeamQuery, name: str) -> Response:
    return spreadsheets.csv_response(headers(), _rows(query), name)


def xlsx_response(query: TeamQuery, name: str, title: str) -> Response:
    # NIP and name stay in view while the other columns scroll
    return spreadsheets.xlsx_response([(title, headers(), _rows(query))], name, freeze="C2")
