"""Competencies (PermenPANRB 38/2017): manajerial, sosial kultural (national, shipped) and
teknis (imported per sector). Codes are stable; a rename keeps history because everything
refers to the code.

Three things stay apart (docs/glossary.md, "Competencies"): the **required** level per position
(:class:`PositionStandard`), the **assessed** level from a formal assessment
(:class:`CompetencyAssessment`), and **evidence** (:class:`CompetencyEvidence`: completed courses,
verified external records, mentoring). The profile (``lms.core.queries.competencies``) combines
them; none overwrites another."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.models.base import UTCDateTime, utcnow
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

    @property
    def is_national(self) -> bool:
        return self.code in _national_codes()

    def level_text(self, level: int | str, locale: str = "id") -> str:
        """What ``level`` means, in ``locale`` (Indonesian when there is no English text)."""
        entry = (self.levels or {}).get(str(level)) or {}
        lang = "en" if str(locale).startswith("en") else "id"
        return str(entry.get(lang) or entry.get("id") or "")


def _national_codes() -> tuple[str, ...]:
    from lms.core.competency_levels import NATIONAL_COMPETENCIES

    return tuple(code for code, _name, _group in NATIONAL_COMPETENCIES)


LEVELS = range(1, 6)


class PositionStandard(db.Model):
    """The required level of a competency for a position (standar kompetensi jabatan, from the
    agency's job analysis). No row: nothing required, no gap shown."""

    __tablename__ = "position_standard"
    __table_args__ = (
        UniqueConstraint("position_id", "competency_code"),
        CheckConstraint("required_level BETWEEN 1 AND 5", name="ck_position_standard_level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("position.id", ondelete="CASCADE"), index=True)
    competency_code: Mapped[str] = mapped_column(ForeignKey("competency.code"), index=True)
    required_level: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class AssessmentSource(enum.StrEnum):
    """Well-known sources of an assessed level; anything else is stored as free text."""

    ASSESSMENT_CENTER = "assessment_center"
    UJI_KOMPETENSI = "uji_kompetensi"


ASSESSMENT_VALID_YEARS = 3


class CompetencyAssessment(db.Model):
    """A level from a formal assessment (assessment center, uji kompetensi, ...). Valid until
    ``valid_until`` (by default three years after ``assessed_on``); kept forever as history."""

    __tablename__ = "competency_assessment"
    __table_args__ = (
        CheckConstraint("level BETWEEN 1 AND 5", name="ck_competency_assessment_level"),
        Index("ix_competency_assessment_user_code", "user_id", "competency_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    competency_code: Mapped[str] = mapped_column(ForeignKey("competency.code"))
    level: Mapped[int] = mapped_column(Integer)
    # an AssessmentSource value, or free text ("Seleksi terbuka JPT 2025")
    source: Mapped[str] = mapped_column(String(100))
    assessed_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(500), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def is_valid_on(self, day: date) -> bool:
        return self.assessed_on <= day <= self.valid_until


class EvidenceSource(enum.StrEnum):
    COURSE = "course"  # a completion of a course mapped to the competency
    EXTERNAL = "external"  # a verified external learning record
    MENTORING = "mentoring"


class CompetencyEvidence(db.Model):
    """Something done that shows a competency at a level: a course completion (one row per
    competency the completed revision maps), a verified external record, mentoring.

    Evidence never overwrites an assessed level. It counts in the *current* profile until
    ``expires_at`` (the completion's expiry, ``valid_months``) and stays in the history after.
    Idempotent: one row per (completion, competency) and per (source_ref, competency).
    """

    __tablename__ = "competency_evidence"
    __table_args__ = (
        UniqueConstraint("completion_id", "competency_code"),
        UniqueConstraint("source_ref", "competency_code"),
        CheckConstraint("level BETWEEN 1 AND 5", name="ck_competency_evidence_level"),
        Index("ix_competency_evidence_user_code", "user_id", "competency_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    competency_code: Mapped[str] = mapped_column(ForeignKey("competency.code"))
    level: Mapped[int] = mapped_column(Integer)
    source_type: Mapped[EvidenceSource] = mapped_column(
        Enum(EvidenceSource, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    course_id: Mapped[int | None] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    revision_id: Mapped[int | None] = mapped_column(ForeignKey("course_revision.id", ondelete="SET NULL"))
    completion_id: Mapped[int | None] = mapped_column(ForeignKey("completion.id", ondelete="CASCADE"))
    # Evidence that is not a completion: "external_record:12", "mentoring:7" (unique per competency)
    source_ref: Mapped[str | None] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300), default="")  # shown for non-course evidence
    score: Mapped[float | None] = mapped_column(Float)
    earned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def is_current(self, now: datetime) -> bool:
        return self.expires_at is None or self.expires_at > now
