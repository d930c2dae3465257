"""Reads of the certificate plugin, each a fixed number of queries."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import url_for
from sqlalchemy import func, or_, select

from lms.builtin.certificate.models import Certificate, CertificateStatus
from lms.builtin.certificate.service import verify_url
from lms.plugins import JobRun, Unit, db, normalize_nip, utcnow

_CODE = re.compile(r"[A-Za-z0-9_-]{16,64}")
PER_PAGE = 50


def by_code(code: str) -> Certificate | None:
    """The certificate of a verification code; malformed codes never reach the database."""
    if not _CODE.fullmatch(code or ""):
        return None
    return db.session.scalar(select(Certificate).where(Certificate.code == code))


def by_id(certificate_id: int) -> Certificate | None:
    return db.session.get(Certificate, certificate_id)


def of_completions(completion_ids: Iterable[int]) -> dict[int, Certificate]:
    ids = list(completion_ids)
    if not ids:
        return {}
    rows = db.session.scalars(select(Certificate).where(Certificate.completion_id.in_(ids)))
    return {c.completion_id: c for c in rows if c.completion_id is not None}


@dataclass(frozen=True)
class TranscriptLink:
    number: str
    url: str  # the PDF download (the owner's)
    revoked: bool
    verify_url: str = ""  # the public verification page, to share


def transcript_links(user_id: int) -> dict[int, TranscriptLink]:
    """completion id -> the certificate's download and verification links, for the learner's
    transcript, Belajar Saya and the completion page (one query)."""
    rows = db.session.execute(select(Certificate.id, Certificate.completion_id, Certificate.number,
                                     Certificate.revoked_at, Certificate.code).where(Certificate.user_id == user_id))
    return {completion_id: TranscriptLink(number, url_for("certificate.download", certificate_id=cid),
                                          revoked_at is not None, verify_url(code))
            for cid, completion_id, number, revoked_at, code in rows if completion_id is not None}


def job_key(completion_id: int) -> str:
    """The natural key of a completion's certificate job."""
    return f"completion:{completion_id}"


def pending_certificates(user_id: int) -> set[int]:
    """Completions of the user whose certificate a job is still making (the learner's pages
    say "sedang dibuat" instead of nothing): one query on the user's queued runs."""
    keys = db.session.scalars(select(JobRun.key).where(JobRun.user_id == user_id, JobRun.name == "certificate.issue",
                                                       JobRun.status.in_(("queued", "running"))))
    return {int(key.split(":", 1)[1]) for key in keys}


def api_entries(completion_ids: Iterable[int], now: datetime | None = None) -> dict[int, dict[str, Any]]:
    """completion id -> ``{"number", "verify_url", "status"}`` for the API's transcript."""
    now = now or utcnow()
    return {cid: {"number": c.number, "verify_url": verify_url(c.code), "status": c.status(now).value}
            for cid, c in of_completions(completion_ids).items()}


def search(query: str = "", status: str = "", page: int = 1, now: datetime | None = None
           ) -> tuple[list[Certificate], int]:
    """Certificates matching ``query`` (number, name, NIP or course), newest first, a page of
    them and the total."""
    now = now or utcnow()
    stmt = select(Certificate)
    query = (query or "").strip()
    if query:
        like = f"%{query.lower()}%"
        digits = normalize_nip(query)
        conditions = [func.lower(Certificate.number).like(like), func.lower(Certificate.name).like(like),
                      func.lower(Certificate.course_title).like(like)]
        if digits.isdigit():
            conditions.append(Certificate.nip.like(f"%{digits}%"))
        stmt = stmt.where(or_(*conditions))
    if status == CertificateStatus.REVOKED:
        stmt = stmt.where(Certificate.revoked_at.is_not(None))
    elif status == CertificateStatus.EXPIRED:
        stmt = stmt.where(Certificate.revoked_at.is_(None), Certificate.expires_at <= now)
    elif status == CertificateStatus.VALID:
        stmt = stmt.where(Certificate.revoked_at.is_(None),
                          or_(Certificate.expires_at.is_(None), Certificate.expires_at > now))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db.session.scalars(stmt.order_by(Certificate.issued_at.desc(), Certificate.id.desc())
                              .limit(PER_PAGE).offset(max(page - 1, 0) * PER_PAGE))
    return list(rows), total


def unit_choices() -> list[tuple[str, str]]:
    """(id, "Dinas X > Bidang Y") of every unit, sorted by that label (one query)."""
    rows = db.session.execute(select(Unit.id, Unit.name, Unit.path)).all()
    names = {unit_id: name for unit_id, name, _path in rows}
    labels = []
    for unit_id, name, path in rows:
        ids = [int(p) for p in (path or "").strip("/").split("/") if p.isdigit()] or [unit_id]
        labels.append((str(unit_id), " > ".join(names.get(i, name) for i in ids)))
    return sorted(labels, key=lambda pair: pair[1].lower())
