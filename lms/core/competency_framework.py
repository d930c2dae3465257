"""The nine national competencies that ship with Sinau (PermenPANRB 38/2017).

Manajerial and sosial kultural competencies are national and fixed; teknis ones come from each
sector's dictionary (``lms competencies import``). Required levels are never hard-coded: they
come from each position's standard.
"""

from __future__ import annotations

from sqlalchemy import select

from lms.core.models import Competency, CompetencyGroup
from lms.extensions import db

NATIONAL: tuple[tuple[str, str, CompetencyGroup], ...] = (
    ("integritas", "Integritas", CompetencyGroup.MANAJERIAL),
    ("kerja-sama", "Kerja Sama", CompetencyGroup.MANAJERIAL),
    ("komunikasi", "Komunikasi", CompetencyGroup.MANAJERIAL),
    ("orientasi-pada-hasil", "Orientasi pada Hasil", CompetencyGroup.MANAJERIAL),
    ("pelayanan-publik", "Pelayanan Publik", CompetencyGroup.MANAJERIAL),
    ("pengembangan-diri-dan-orang-lain", "Pengembangan Diri dan Orang Lain", CompetencyGroup.MANAJERIAL),
    ("mengelola-perubahan", "Mengelola Perubahan", CompetencyGroup.MANAJERIAL),
    ("pengambilan-keputusan", "Pengambilan Keputusan", CompetencyGroup.MANAJERIAL),
    ("perekat-bangsa", "Perekat Bangsa", CompetencyGroup.SOSIAL_KULTURAL),
)


def ensure_national_competencies() -> None:
    """Insert the national competencies that are missing (the migration does this too)."""
    have = set(db.session.scalars(select(Competency.code)))
    for code, name, group in NATIONAL:
        if code not in have:
            db.session.add(Competency(code=code, name=name, group=group, levels={}))
    db.session.flush()


def known_codes() -> set[str]:
    return set(db.session.scalars(select(Competency.code).where(Competency.active.is_(True))))
