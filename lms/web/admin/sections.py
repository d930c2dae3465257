"""Sections of the admin index, contributed by blueprints.

A blueprint (core or plugin) adds sections to ``/admin`` by carrying an ``admin_sections``
attribute: a list of :class:`AdminSection`. The index reads the registered blueprints of the
app; nothing global is mutated, and a section's views keep their own access rule (usually
``@roles_required(Role.ADMIN)``)::

    bp = Blueprint("admin_reports", __name__, url_prefix="/admin/reports")
    bp.admin_sections = [AdminSection(_l("Laporan"), "admin_reports.index", _l("JP per unit ..."), 50)]
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask


@dataclass(frozen=True, order=True)
class AdminSection:
    weight: int
    label: str = field(compare=False)
    endpoint: str = field(compare=False)
    description: str = field(default="", compare=False)


def admin_sections(app: Flask) -> list[AdminSection]:
    found: list[AdminSection] = []
    for blueprint in app.blueprints.values():
        found.extend(getattr(blueprint, "admin_sections", ()) or ())
    return sorted(found, key=lambda s: (s.weight, str(s.label)))
