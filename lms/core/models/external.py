"""External learning records: learning done outside the platform (training, seminars,
coaching, secondment, self-study ...), declared by the employee with a certificate, counted
only once their direct supervisor or an admin has verified them.

Every decision on a record (submitted, verified, rejected, resubmitted) is one row of
``external_record_decision``: an append-only log, never edited.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Enum, Float, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.models.base import UTCDateTime, utcnow
from lms.core.models.user import User
from lms.extensions import db


class LearningRoute(enum.StrEnum):
    KLASIKAL = "klasikal"
    NON_KLASIKAL = "non_klasikal"


class LearningKind(enum.StrEnum):
    # klasikal
    PELATIHAN = "pelatihan"
    SEMINAR = "seminar"
    WORKSHOP = "workshop"
    BIMTEK = "bimtek"
    KURSUS = "kursus"
    SOSIALISASI = "sosialisasi"
    # non-klasikal
    E_LEARNING = "e_learning"
    COACHING = "coaching"
    MENTORING = "mentoring"
    DETASERING = "detasering"
    BENCHMARKING = "benchmarking"
    MAGANG = "magang"
    BELAJAR_MANDIRI = "belajar_mandiri"
    KOMUNITAS_BELAJAR = "komunitas_belajar"


@dataclass(frozen=True)
class KindInfo:
    route: LearningRoute
    id: str  # Indonesian label
    en: str  # English label

    def label(self, locale: str) -> str:
        return self.en if locale.startswith("en") else self.id


# The one list of kinds, their route and their labels (docs/glossary.md: klasikal / non-klasikal).
KINDS: dict[LearningKind, KindInfo] = {
    LearningKind.PELATIHAN: KindInfo(LearningRoute.KLASIKAL, "Pelatihan", "Training"),
    LearningKind.SEMINAR: KindInfo(LearningRoute.KLASIKAL, "Seminar/konferensi", "Seminar/conference"),
    LearningKind.WORKSHOP: KindInfo(LearningRoute.KLASIKAL, "Workshop/lokakarya", "Workshop"),
    LearningKind.BIMTEK: KindInfo(LearningRoute.KLASIKAL, "Bimbingan teknis (bimtek)", "Technical guidance (bimtek)"),
    LearningKind.KURSUS: KindInfo(LearningRoute.KLASIKAL, "Kursus", "Course"),
    LearningKind.SOSIALISASI: KindInfo(LearningRoute.KLASIKAL, "Sosialisasi", "Briefing (sosialisasi)"),
    LearningKind.E_LEARNING: KindInfo(LearningRoute.NON_KLASIKAL, "E-learning", "E-learning"),
    LearningKind.COACHING: KindInfo(LearningRoute.NON_KLASIKAL, "Coaching", "Coaching"),
    LearningKind.MENTORING: KindInfo(LearningRoute.NON_KLASIKAL, "Mentoring", "Mentoring"),
    LearningKind.DETASERING: KindInfo(LearningRoute.NON_KLASIKAL, "Detasering", "Secondment"),
    LearningKind.BENCHMARKING: KindInfo(LearningRoute.NON_KLASIKAL, "Patok banding (benchmarking)",
                                        "Benchmarking visit"),
    LearningKind.MAGANG: KindInfo(LearningRoute.NON_KLASIKAL, "Magang/praktik kerja", "Internship"),
    LearningKind.BELAJAR_MANDIRI: KindInfo(LearningRoute.NON_KLASIKAL, "Belajar mandiri", "Self-study"),
    LearningKind.KOMUNITAS_BELAJAR: KindInfo(LearningRoute.NON_KLASIKAL, "Komunitas belajar",
                                             "Learning community"),
}
ROUTE_LABELS: dict[LearningRoute, tuple[str, str]] = {
    LearningRoute.KLASIKAL: ("Klasikal", "Classroom"),
    LearningRoute.NON_KLASIKAL: ("Non-klasikal", "Non-classroom"),
}


def route_label(route: LearningRoute | str, locale: str) -> str:
    id_, en = ROUTE_LABELS[LearningRoute(route)]
    return en if locale.startswith("en") else id_


class RecordStatus(enum.StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


class DecisionAction(enum.StrEnum):
    SUBMITTED = "submitted"
    VERIFIED = "verified"
    REJECTED = "rejected"
    RESUBMITTED = "resubmitted"


def _enum(cls: type[enum.Enum], length: int) -> Enum:
    return Enum(cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class ExternalRecord(db.Model):
    __tablename__ = "external_record"
    __table_args__ = (
        # my records; the JP of a year (verified, by end date); the review queue (pending)
        Index("ix_external_record_user_status_end", "user_id", "status", "end_date"),
        Index("ix_external_record_status_submitted", "status", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    organiser: Mapped[str] = mapped_column(String(200))
    route: Mapped[LearningRoute] = mapped_column(_enum(LearningRoute, 20))
    kind: Mapped[LearningKind] = mapped_column(_enum(LearningKind, 30))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    jp: Mapped[float] = mapped_column(Float)  # > 0, one decimal (validated by the service)
    # [{"code": "integritas", "level": 2}, ...], codes of the competency table
    competencies: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    report: Mapped[str] = mapped_column(Text, default="")  # the short report (docs/glossary.md)
    certificate_sha256: Mapped[str] = mapped_column(ForeignKey("blob.sha256"))
    certificate_name: Mapped[str] = mapped_column(String(200))  # as uploaded, for display only
    certificate_type: Mapped[str] = mapped_column(String(100))  # sniffed from the content
    status: Mapped[RecordStatus] = mapped_column(_enum(RecordStatus, 10), default=RecordStatus.PENDING)
    # Bumped on every change by the owner: a decision made on an older version is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # last (re)submission
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decision_reason: Mapped[str | None] = mapped_column(Text)

    __mapper_args__ = {"version_id_col": version}  # UPDATE ... WHERE version = <seen>

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined", innerjoin=True)
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def kind_info(self) -> KindInfo:
        return KINDS[LearningKind(self.kind)]

    @property
    def is_image(self) -> bool:
        return self.certificate_type.startswith("image/")

    def __repr__(self) -> str:
        return f"<ExternalRecord {self.id} {self.status}>"


class ExternalRecordDecision(db.Model):
    """One step in a record's life. Append-only: rows are never updated."""

    __tablename__ = "external_record_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("external_record.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    action: Mapped[DecisionAction] = mapped_column(_enum(DecisionAction, 12))
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[User | None] = relationship(lazy="joined")


@event.listens_for(ExternalRecordDecision, "before_update")
def _decisions_are_never_edited(mapper: Any, connection: Any, target: ExternalRecordDecision) -> None:
    raise RuntimeError("external_record_decision rows are append-only")
