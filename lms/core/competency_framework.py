"""The nine national competencies that ship with Sinau (PermenPANRB 38/2017).

Manajerial and sosial kultural competencies are national and fixed; teknis ones come from each
sector's dictionary (``lms competencies import``). Required levels are never hard-coded: they
come from each position's standard. The level descriptions are data, in
:mod:`lms.core.competency_levels` (the migration copies that module).
"""

from __future__ import annotations

from sqlalchemy import select

from lms.core.competency_levels import NATIONAL_COMPETENCIES, NATIONAL_LEVELS
from lms.core.models import Competency, CompetencyGroup
from lms.extensions import db

NATIONAL: tuple[tuple[str, str, CompetencyGroup], ...] = tuple(
    (code, name, CompetencyGroup(group)) for code, name, group in NATIONAL_COMPETENCIES
)
NATIONAL_CODES: tuple[str, ...] = tuple(code for code, _name, _group in NATIONAL)


def is_national(code: str) -> bool:
    return code in NATIONAL_CODES


def ensure_national_competencies() -> None:
    """Insert the national competencies that are missing, and give existing ones their level
    descriptions when they have none (the migration does the same)."""
    have = {c.code: c for c in db.session.scalars(select(Competency).where(Competency.code.in_(NATIONAL_CODES)))}
    for code, name, group in NATIONAL:
        row = have.get(code)
        if row is None:
            db.session.add(Competency(code=code, name=name, group=group, levels=NATIONAL_LEVELS[code]))
        elif not row.levels:
            row.levels = NATIONAL_LEVELS[code]
    db.session.flush()


def known_codes() -> set[str]:
    return set(db.session.scalars(select(Competency.code).where(Competency.active.is_(True))))
