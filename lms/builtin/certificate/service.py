"""Issuing and revoking certificates. Services flush, never commit (one commit per request,
command or event handler, made by the host)."""

from __future__ import annotations

import logging
import secrets
from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.builtin.certificate.models import Certificate
from lms.plugins import (
    Competency,
    Completion,
    Course,
    CourseRevision,
    Enrollment,
    ItemProgress,
    Role,
    Unit,
    User,
    base_url,
    course_ref,
    db,
    emit,
    get_or_create,
    local_date,
    person,
    publish_event,
    site_setting,
    site_zone,  # noqa: F401 - service.site_zone is used by the views, the PDF and the SIASN job
    utcnow,
)

log = logging.getLogger(__name__)

NAME = "certificate"
SETTINGS: dict[str, Any] = {
    "agency": "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",  # issuer, SIASN organiser
    "signer_name": "",
    "signer_title": "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "number_prefix": "SINAU",
    "siasn_type": "E-Learning",  # "jenis kursus" of our completions in the SIASN export
}
CODE_BYTES = 18  # 144 bits -> 24 URL-safe characters

# Pangkat of PNS by golongan (PP 99/2000).
PANGKAT = {
    "I/a": "Juru Muda", "I/b": "Juru Muda Tingkat I", "I/c": "Juru", "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda", "II/b": "Pengatur Muda Tingkat I", "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I", "III/a": "Penata Muda", "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata", "III/d": "Penata Tingkat I", "IV/a": "Pembina", "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda", "IV/d": "Pembina Utama Madya", "IV/e": "Pembina Utama",
}


class CertificateError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code  # invalid | conflict
        self.message = message


def settings() -> dict[str, Any]:
    return current_app.extensions["lms.host"].settings_of(NAME)


def verify_url(code: str) -> str:
    """The address in the QR code: the site's base URL (``/admin/settings``), never the request's host."""
    return base_url() + "/verify/" + code


def rank_of(user: User) -> str | None:
    """``Penata Muda (III/a)`` for PNS, ``Golongan IX`` for PPPK, as recorded at issue time."""
    golongan = (user.golongan or "").strip()
    if not golongan:
        return None
    if user.employee_type == "PPPK":  # Indonesian whatever the language of the request: a snapshot
        return f"Golongan {golongan.upper()}"
    roman, _sep, letter = golongan.partition("/")
    key = f"{roman.upper()}/{letter.lower()}"
    return f"{PANGKAT[key]} ({key})" if key in PANGKAT else golongan


def mask_nip(nip: str) -> str:
    """The verify page shows only the NIP's sequence: ``******** ****** * 004``.

    Digits 1-8 are the birth date and 15 the gender: personal data a stranger holding the
    paper does not need. The name, the number, the course and the date already identify the
    certificate; the last three digits let the verifier check the printed NIP as well."""
    if len(nip) != 18:
        return "*" * max(len(nip) - 3, 0) + nip[-3:]
    return f"******** ****** * {nip[15:]}"


# --------------------------------------------------------------------------- issuing


def wants_certificate(completion: Completion) -> bool:
    """``certificate: true`` of the revision the learner completed (the course's, if gone)."""
    revision = db.session.get(CourseRevision, completion.revision_id) if completion.revision_id else None
    if revision is not None and "certificate" in (revision.settings or {}):
        return bool(revision.settings["certificate"])
    return bool(completion.course.certificate)


def _competencies(completion: Completion) -> list[dict[str, Any]]:
    revision = db.session.get(CourseRevision, completion.revision_id) if completion.revision_id else None
    if revision is not None:
        wanted = [(str(c["code"]), int(c["level"])) for c in (revision.settings or {}).get("competencies", [])]
    else:
        wanted = [(c.code, c.level) for c in completion.course.competencies]
    if not wanted:
        return []
    codes = [code for code, _level in wanted]
    names = dict(db.session.execute(select(Competency.code, Competency.name)
                                    .where(Competency.code.in_(codes))).tuples().all())
    return [{"code": code, "name": names.get(code, code), "level": level} for code, level in wanted]


def _started_at(completion: Completion) -> datetime:
    """The enrolment date for a first pass; a retake starts with its first finished item."""
    if completion.cycle == 1:
        enrolled = db.session.scalar(select(Enrollment.enrolled_at).where(
            Enrollment.user_id == completion.user_id, Enrollment.course_id == completion.course_id))
    else:
        enrolled = db.session.scalar(select(func.min(ItemProgress.completed_at)).where(
            ItemProgress.user_id == completion.user_id, ItemProgress.course_id == completion.course_id,
            ItemProgress.cycle == completion.cycle))
    if enrolled is None or enrolled > completion.completed_at:
        return completion.completed_at
    return enrolled


def _agency_of(unit: Unit | None) -> str | None:
    """The perangkat daerah: the top of the unit's path (``/1/7/31/`` -> unit 1)."""
    if unit is None:
        return None
    top = unit.path.strip("/").split("/")[0] if unit.path else ""
    if not top.isdigit() or int(top) == unit.id:
        return unit.name
    return db.session.scalar(select(Unit.name).where(Unit.id == int(top))) or unit.name


def _number(certificate_id: int, issued_at: datetime) -> str:
    """``SINAU/2026/000123``: prefix, year of issue, and the row's id as serial. The serial is
    unique by construction, so year-end peaks of completions never queue on a counter row."""
    prefix = str(settings().get("number_prefix") or "SINAU").strip().strip("/")
    return f"{prefix}/{local_date(issued_at).year}/{certificate_id:06d}"


def by_completion(completion_id: int) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(Certificate.completion_id == completion_id))


def issue(completion_id: int) -> Certificate | None:
    """The certificate of a completion: issued once (idempotent, race-safe), only for courses
    with ``certificate: true``. Emits ``certificate_issued`` for a new one."""
    existing = by_completion(completion_id)
    if existing is not None:
        return existing
    completion = db.session.get(Completion, completion_id)
    if completion is None or not wants_certificate(completion):
        return None
    user = db.session.get(User, completion.user_id)
    if user is None:
        return None
    now = utcnow()
    course: Course = completion.course
    created: list[Certificate] = []

    def factory() -> Certificate:
        code = secrets.token_urlsafe(CODE_BYTES)
        row = Certificate(
            number=f"~{code}", code=code, completion_id=completion.id, user_id=user.id,
            course_id=course.id, name=user.name, nip=user.nip, rank=rank_of(user),
            position=user.position.name if user.position else None,
            unit=user.unit.name if user.unit else None, agency=_agency_of(user.unit),
            course_title=course.title, jp=completion.jp,
            started_on=local_date(_started_at(completion)), finished_on=local_date(completion.completed_at),
            score=completion.score, competencies=_competencies(completion), expires_at=completion.expires_at,
            issuer=site_setting("certificate_agency"), signer_name=site_setting("certificate_signer_name"),
            signer_title=site_setting("certificate_signer_title"), issued_at=now,
        )
        created.append(row)
        return row

    certificate = get_or_create(factory, lambda: by_completion(completion_id))
    if created and certificate is created[0]:
        db.session.flush()  # the id is the serial of the number
        certificate.number = _number(certificate.id, now)
        db.session.flush()
        log.info("certificate %s issued for completion %s (user %s)", certificate.number, completion_id, user.id)
        emit("certificate_issued", certificate_id=certificate.id)
        _publish_issued(certificate, user, course)
    return certificate


def _publish_issued(certificate: Certificate, user: User, course: Course) -> None:
    """``certificate.issued`` for the outbox, in the issuing transaction."""
    data = {"certificate_id": certificate.id, "number": certificate.number, "verify_url": verify_url(certificate.code),
            "user": person(user), "course": course_ref(course), "completion_id": certificate.completion_id,
            "jp": certificate.jp, "score": certificate.score, "issued_at": certificate.issued_at.isoformat(),
            "expires_at": certificate.expires_at.isoformat() if certificate.expires_at else None}
    publish_event("certificate.issued", key=f"certificate.issued:certificate:{certificate.id}", data=data,
                  user_id=user.id, occurred_at=certificate.issued_at)


def issue_missing() -> int:
    """Certificates for completions that have none (completed before the plugin was enabled).
    Returns how many were issued."""
    missing = db.session.scalars(
        select(Completion.id).where(~select(Certificate.id).where(Certificate.completion_id == Completion.id)
                                    .exists()).order_by(Completion.id)).all()
    return sum(1 for completion_id in missing if issue(completion_id) is not None)


# --------------------------------------------------------------------------- revoking


def revoke(certificate: Certificate, by: User, reason: str) -> Certificate:
    """Revoke with a reason (required). The verify page then says so; it cannot be undone."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise CertificateError("invalid", _("Alasan pencabutan wajib diisi."))
    if len(reason) > 500:
        raise CertificateError("invalid", _("Alasan pencabutan paling banyak 500 karakter."))
    if certificate.revoked_at is not None:
        raise CertificateError("conflict", _("Sertifikat ini sudah dicabut."))
    certificate.revoked_at = utcnow()
    certificate.revoked_by_id = by.id
    certificate.revoke_reason = reason
    db.session.flush()
    log.warning("certificate %s revoked by user %s (%s): %s", certificate.number, by.id, by.nip, reason)
    return certificate


def may_download(user: User, certificate: Certificate) -> bool:
    """The owner, their direct supervisor (who may already read their transcript) and admins.
    A revoked certificate is for admins only: it is no longer a valid document."""
    if user.has_role(Role.ADMIN):
        return True
    if certificate.revoked_at is not None or certificate.user_id is None:
        return False
    if certificate.user_id == user.id:
        return True
    owner = db.session.get(User, certificate.user_id)
    return owner is not None and owner.supervisor_id == user.id
