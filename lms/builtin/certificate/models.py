"""The certificate plugin's table: one certificate per completion, a frozen snapshot.

Everything printed on the certificate is copied at issue time (the person's name, NIP, rank,
position and unit; the course, JP, dates and score; the signer): a certificate must not change
when the person changes jobs, the course is renamed or the signer retires. The PDF is rendered
on request from these columns alone, so it is the same document every time.

The foreign keys are ``SET NULL``: a certificate outlives the rows it was made from, so a paper
copy still verifies after an account or a course is removed.

``code`` is stored as it is, not hashed: it is printed in the QR code of every rendering of
the PDF, so it must be recoverable, and it guards public data (what the verify page shows),
not an account. It is 144 random bits, so it cannot be guessed or enumerated.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from lms.plugins import UTCDateTime, db, utcnow


class CertificateStatus(enum.StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"


class Certificate(db.Model):
    __tablename__ = "certificate_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(64), unique=True)  # SINAU/2026/000123
    code: Mapped[str] = mapped_column(String(64), unique=True)  # in the QR code: /verify/<code>
    completion_id: Mapped[int | None] = mapped_column(
        ForeignKey("completion.id", ondelete="SET NULL"), unique=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    course_id: Mapped[int | None] = mapped_column(ForeignKey("course.id", ondelete="SET NULL"), index=True)

    # the person at issue time
    name: Mapped[str] = mapped_column(String(200))
    nip: Mapped[str] = mapped_column(String(18))
    rank: Mapped[str | None] = mapped_column(String(100))  # "Penata Muda (III/a)"
    position: Mapped[str | None] = mapped_column(String(200))
    unit: Mapped[str | None] = mapped_column(String(200))
    agency: Mapped[str | None] = mapped_column(String(200))  # the perangkat daerah (top unit)

    # the course as completed
    course_title: Mapped[str] = mapped_column(String(200))
    jp: Mapped[float] = mapped_column(Float)
    started_on: Mapped[date] = mapped_column(Date)  # local dates (site time zone) at issue time
    finished_on: Mapped[date] = mapped_column(Date)
    score: Mapped[float | None] = mapped_column(Float)
    competencies: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # code, name, level
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the completion's

    # who issues and signs
    issuer: Mapped[str] = mapped_column(String(200), default="")
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    signer_title: Mapped[str] = mapped_column(String(200), default="")
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    revoke_reason: Mapped[str | None] = mapped_column(String(500))

    def status(self, now: datetime | None = None) -> CertificateStatus:
        if self.revoked_at is not None:
            return CertificateStatus.REVOKED
        if self.expires_at is not None and self.expires_at <= (now or utcnow()):
            return CertificateStatus.EXPIRED
        return CertificateStatus.VALID

    @property
    def file_name(self) -> str:
        return "sertifikat-" + "".join(c if c.isalnum() else "-" for c in self.number) + ".pdf"

    def __repr__(self) -> str:
        return f"<Certificate {self.number}>"
