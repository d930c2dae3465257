"""A run's local times (as written in the file, the site's time zone) as aware moments, and as
people read them. Kept apart so the sign-up rules and the pages agree on "when"."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lms.plugins import format_date, format_time, site_zone


def moment(local: str) -> datetime:
    """``2026-12-14T08:00`` in the site's time zone, aware."""
    return datetime.fromisoformat(local).replace(tzinfo=site_zone())


def day_lines(run: dict[str, Any]) -> list[str]:
    """One line per day: ``Senin, 14 Desember 2026 · 08.00–16.00``."""
    lines = []
    for day in run["days"]:
        start, end = moment(day["start"]), moment(day["end"])
        lines.append(f"{format_date(start, 'full')} · {format_time(start)}–{format_time(end)}")
    return lines


def run_label(run_id: str) -> str:
    """``angkatan-2`` -> ``Angkatan 2``: the id is written by the trainer in their words."""
    return run_id.replace("-", " ").capitalize()
