"""Competencies (PermenPANRB 38/2017): manajerial, sosial kultural (national, shipped) and
teknis (imported per sector). Codes are stable; a rename keeps history because everything
refers to the code."""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db


class CompetencyGroup(enum.StrEnum):
    MANAJERIAL = "manajerial"
    SOSIAL_KULTURAL = "sosial_kultural"
    TEKNIS = "teknis"


class Competency(db.Model):
    __tablename__ = "competency"

    code: Mapped[str] = mapped_column(String(80), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    group: Mapped[CompetencyGroup] = mapped_column(
        Enum(CompetencyGroup, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("competency.code"))
    # {"1": {"id": "...", "en": "..."}, ...}: what each level means, in both languages
    levels: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    active: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<Competency {self.code}>"
