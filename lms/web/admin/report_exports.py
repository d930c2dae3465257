"""The agency reports' sheets: Indonesian headers and rows, written by ``lms.web.spreadsheets``.

Rows go from the database to the response in batches (people: ``yield_per``), so memory stays
flat however large the agency.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from flask_babel import gettext as _

from lms.core.queries import reports


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
