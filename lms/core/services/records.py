"""External learning records: submit, edit and resubmit (the employee), verify or reject (the
direct supervisor or an admin). Services take plain values, flush and never commit.

Who may do what (checked here, whatever the page):
* view a record and its certificate: the owner, the owner's direct supervisor, an admin;
* edit it: the owner, while it is pending or rejected (a rejected record becomes pending
  again: "resubmitted");
* decide on it: the owner's direct supervisor or an admin, never the owner, only while it is
  pending, and only on the version they looked at.

Only verified records count toward JP (``queries.learning.jp_in_year``) and as competency
evidence (:func:`verified_records`).
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from lms.core import transaction
from lms.core.competency_framework import known_codes
from lms.core.filetype import DOCUMENTS_AND_IMAGES, sniff_allowed
from lms.core.media_store import media_store
from lms.core.models import Blob, Role, User
from lms.core.models.base import utcnow
from lms.core.models.external import (
    KINDS,
    DecisionAction,
    ExternalRecord,
    ExternalRecordDecision,
    LearningKind,
    RecordStatus,
)
from lms.core.services import audit
from lms.extensions import db

# A certificate scan or PDF is well under this; the request limit (LMS_MAX_UPLOAD_MB, 50 MB by
# default, for course archives) is much larger, so this constant is the real limit here.
MAX_CERTIFICATE_MB = 5
MAX_JP = 999.9
# 1 JP = 45 minutes: a day holds at most 32 of them. More JP than that is a typing error.
MAX_JP_PER_DAY = 32
MAX_COMPETENCIES = 10
MAX_REPORT = 2000
MAX_REASON = 2000
EDITABLE = (RecordStatus.PENDING, RecordStatus.REJECTED)


class RecordError(Exception):
    """A rule refused the change. ``errors`` maps form fields to messages (``""``: the form)."""

    def __init__(self, code: str, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.code = code  # invalid | denied | conflict
        self.errors = errors

    @property
    def message(self) -> str:
        return " ".join(self.errors.values())


@dataclass(frozen=True)
class RecordInput:
    title: str
    organiser: str
    kind: str
    start_date: date | None
    end_date: date | None
    jp: float | None
    competencies: list[tuple[str, int | None]] = field(default_factory=list)  # (code, level)
    report: str = ""


@dataclass(frozen=True)
class CertificateUpload:
    filename: str
    data: bytes  # at most max_certificate_bytes() + 1 bytes read from the upload


def max_certificate_bytes() -> int:
    settings = current_app.extensions["lms.settings"]
    return min(MAX_CERTIFICATE_MB, settings.max_upload_mb) * 1024 * 1024


def local_today() -> date:
    zone = ZoneInfo(current_app.extensions["lms.settings"].timezone)
    return datetime.now(zone).date()


# --- who may do what -------------------------------------------------------------------------

def is_admin(user: User) -> bool:
    return user.has_role(Role.ADMIN)


def can_view(user: User, record: ExternalRecord) -> bool:
    return record.user_id == user.id or record.user.supervisor_id == user.id or is_admin(user)


def can_edit(user: User, record: ExternalRecord) -> bool:
    return record.user_id == user.id and record.status in EDITABLE


def can_decide(user: User, record: ExternalRecord) -> bool:
    """The owner's direct supervisor or an admin; nobody decides on their own record."""
    if record.user_id == user.id:
        return False
    return record.user.supervisor_id == user.id or is_admin(user)


# --- validation ------------------------------------------------------------------------------

def _clean(text: str | None, limit: int) -> str:
    """One line: NFC, whitespace (tabs, new lines) collapsed, cut at ``limit``."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())[:limit]


def validate(data: RecordInput, today: date) -> tuple[dict[str, Any], dict[str, str]]:
    """The cleaned values and the errors per field."""
    errors: dict[str, str] = {}
    title, organiser = _clean(data.title, 300), _clean(data.organiser, 200)
    if not title:
        errors["title"] = _("Isi nama kegiatan.")
    if not organiser:
        errors["organiser"] = _("Isi penyelenggara kegiatan.")
    try:
        kind = LearningKind(data.kind)
    except ValueError:
        kind = None
        errors["kind"] = _("Pilih bentuk kegiatan dari daftar.")
    start, end = data.start_date, data.end_date
    if start is None:
        errors.setdefault("start_date", _("Isi tanggal mulai."))
    if end is None:
        errors.setdefault("end_date", _("Isi tanggal selesai."))
    if start and end:
        if end < start:
            errors["end_date"] = _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
        elif end > today:
            errors["end_date"] = _("Tanggal selesai tidak boleh melewati hari ini. Catat kegiatan setelah selesai.")
        elif start.year < 1970:
            errors["start_date"] = _("Periksa lagi tahun tanggal mulai.")
    jp = data.jp
    if jp is None:
        errors.setdefault("jp", _("Isi jumlah JP."))
    elif not math.isfinite(jp) or jp <= 0:
        errors["jp"] = _("JP harus lebih dari 0.")
    elif jp > MAX_JP:
        errors["jp"] = _("JP paling banyak %(max)s untuk satu kegiatan.", max="999,9")
    elif abs(jp - round(jp, 1)) > 1e-9:  # 0,0000001 is no "0,0" (a tolerance of 1e-6 took it)
        errors["jp"] = _("JP boleh memakai satu angka di belakang koma, misalnya 2,5.")
    elif start and end and end >= start and jp > MAX_JP_PER_DAY * ((end - start).days + 1):
        errors["jp"] = _("%(jp)s JP tidak mungkin dalam %(days)d hari (1 JP = 45 menit).",
                         jp=_fmt(jp), days=(end - start).days + 1)
    competencies, comp_error = _competencies(data.competencies)
    if comp_error:
        errors["competencies"] = comp_error
    report = (data.report or "").replace("\x00", "").strip()
    if len(report) > MAX_REPORT:
        errors["report"] = _("Laporan singkat paling panjang %(n)d karakter.", n=MAX_REPORT)
    values = {"title": title, "organiser": organiser, "kind": kind,
              "route": KINDS[kind].route if kind else None, "start_date": start, "end_date": end,
              "jp": round(jp, 1) if jp is not None and not errors.get("jp") else None,
              "competencies": competencies, "report": report}
    return values, errors


def _fmt(jp: float) -> str:
    return f"{jp:g}".replace(".", ",")


def _competencies(rows: list[tuple[str, int | None]]) -> tuple[list[dict[str, Any]], str | None]:
    chosen = [(code.strip(), level) for code, level in rows if code and code.strip()]
    if not chosen:
        return [], None
    if len(chosen) > MAX_COMPETENCIES:
        return [], _("Paling banyak %(n)d kompetensi.", n=MAX_COMPETENCIES)
    known = known_codes()
    out: list[dict[str, Any]] = []
    for code, level in chosen:
        if code not in known:
            return [], _("Kompetensi %(code)s tidak dikenal.", code=code)
        if level is None or not 1 <= level <= 5:
            return [], _("Pilih level 1-5 untuk setiap kompetensi yang dipilih.")
        if any(c["code"] == code for c in out):
            return [], _("Setiap kompetensi cukup dipilih sekali.")
        out.append({"code": code, "level": int(level)})
    return out, None


_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\]+")


def _store_certificate(upload: CertificateUpload) -> tuple[str, str, str]:
    """(sha256, original name, sniffed type), or a :class:`RecordError` on ``certificate``."""
    limit = max_certificate_bytes()
    if not upload.data:
        raise RecordError("invalid", {"certificate": _("Berkas sertifikat kosong. Pilih berkasnya lagi.")})
    if len(upload.data) > limit:
        raise RecordError("invalid", {"certificate": _(
            "Berkas sertifikat terlalu besar: paling besar %(mb)d MB. Perkecil hasil pindaian atau "
            "simpan sebagai PDF dengan ukuran lebih kecil.", mb=limit // (1024 * 1024))})
    kind = sniff_allowed(upload.data, DOCUMENTS_AND_IMAGES)
    if kind is None:
        raise RecordError("invalid", {"certificate": _(
            "Berkas ini bukan PDF atau gambar (PNG, JPEG, WebP). Unggah sertifikat dalam salah satu "
            "bentuk itu.")})
    sha = hashlib.sha256(upload.data).hexdigest()
    media_store().put(sha, upload.data, kind.mime)
    name = _UNSAFE_NAME.sub("_", (upload.filename or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip()
    return sha, (name or f"sertifikat.{kind.extension}")[:200], kind.mime


def _log(record: ExternalRecord, actor: User, action: DecisionAction, reason: str | None = None) -> None:
    db.session.add(ExternalRecordDecision(record_id=record.id, actor_id=actor.id, action=action,
                                          reason=reason, at=utcnow()))


def _flush() -> None:
    try:
        db.session.flush()
    except StaleDataError as exc:  # someone else changed the record in between
        raise RecordError("conflict", {"": _(
            "Catatan ini baru saja diubah orang lain. Muat ulang halaman lalu periksa lagi.")}) from exc


# --- changes ---------------------------------------------------------------------------------

def create_record(owner: User, data: RecordInput, upload: CertificateUpload | None,
                  today: date | None = None) -> ExternalRecord:
    values, errors = validate(data, today or local_today())
    if upload is None:
        errors.setdefault("certificate", _("Unggah sertifikat atau bukti kegiatan (PDF atau gambar)."))
    if errors:
        raise RecordError("invalid", errors)
    sha, name, content_type = _store_certificate(upload)  # type: ignore[arg-type]
    now = utcnow()
    record = ExternalRecord(user_id=owner.id, **values, certificate_sha256=sha, certificate_name=name,
                            certificate_type=content_type, status=RecordStatus.PENDING,
                            created_at=now, submitted_at=now)
    db.session.add(record)
    db.session.flush()
    _log(record, owner, DecisionAction.SUBMITTED)
    db.session.flush()
    return record


def update_record(actor: User, record: ExternalRecord, data: RecordInput,
                  upload: CertificateUpload | None, today: date | None = None) -> ExternalRecord:
    """The owner changes a pending or rejected record; it is (re)submitted for review."""
    if record.user_id != actor.id:
        raise RecordError("denied", {"": _("Hanya pemilik catatan yang dapat mengubahnya.")})
    if record.status not in EDITABLE:
        raise RecordError("conflict", {"": _("Catatan yang sudah diverifikasi tidak dapat diubah.")})
    values, errors = validate(data, today or local_today())
    if errors:
        raise RecordError("invalid", errors)
    if upload is not None:
        record.certificate_sha256, record.certificate_name, record.certificate_type = _store_certificate(upload)
    for key, value in values.items():
        setattr(record, key, value)
    record.status = RecordStatus.PENDING
    record.submitted_at = utcnow()
    record.decided_at = record.decided_by_id = record.decision_reason = None
    _flush()
    _log(record, actor, DecisionAction.RESUBMITTED)
    db.session.flush()
    return record


def decide(actor: User, record: ExternalRecord, verify: bool, reason: str | None,
           seen_version: int | None) -> ExternalRecord:
    """Verify or reject a pending record. A rejection needs a reason; ``seen_version`` is the
    version shown to the decider: if the owner changed the record since, nothing is decided."""
    if not can_decide(actor, record):
        raise RecordError("denied", {"": _("Hanya atasan langsung pegawai ini atau admin yang dapat memutuskan.")})
    if record.status != RecordStatus.PENDING:
        raise RecordError("conflict", {"": _("Catatan ini sudah diputuskan.")})
    if seen_version is not None and seen_version != record.version:
        raise RecordError("conflict", {"": _(
            "Pegawai mengubah catatan ini setelah halaman Anda dibuka. Periksa lagi sebelum memutuskan.")})
    reason = (reason or "").replace("\x00", "").strip()
    if len(reason) > MAX_REASON:
        raise RecordError("invalid", {"reason": _("Alasan paling panjang %(n)d karakter.", n=MAX_REASON)})
    if not verify and not reason:
        raise RecordError("invalid", {"reason": _("Tulis alasan penolakan agar pegawai dapat memperbaikinya.")})
    record.status = RecordStatus.VERIFIED if verify else RecordStatus.REJECTED
    record.decided_at = utcnow()
    record.decided_by_id = actor.id
    record.decision_reason = reason or None
    _flush()
    _log(record, actor, DecisionAction.VERIFIED if verify else DecisionAction.REJECTED, reason or None)
    # the audit log too: a verification credits JP (reports, targets), a rejection withholds them
    audit.record(actor, "record.verify" if verify else "record.reject", record,
                 {"status": RecordStatus.PENDING.value},
                 {"status": record.status.value, "jp": record.jp, **({"reason": reason} if reason else {})},
                 label=f"{record.title} · {record.user.name} ({record.user.nip})")
    if verify:
        # A verified record is evidence for the competencies it names, like a completed course.
        from lms.core.services.competencies import sync_evidence

        earned = datetime.combine(record.end_date, time(12), tzinfo=UTC)
        sync_evidence(record.user_id, "external", f"external_record:{record.id}", record.title,
                      record.competencies or [], earned)
    db.session.flush()
    if verify:
        transaction.emit("record_verified", record_id=record.id)
    return record


# --- reads other features build on ----------------------------------------------------------

def verified_records(user: User | int) -> list[ExternalRecord]:
    """The verified records of ``user``, newest end date first: what counts toward JP and as
    competency evidence (each ``competencies`` entry ``{code, level}``, dated ``end_date``)."""
    user_id = user if isinstance(user, int) else user.id
    return list(db.session.scalars(
        select(ExternalRecord).where(ExternalRecord.user_id == user_id,
                                     ExternalRecord.status == RecordStatus.VERIFIED)
        .order_by(ExternalRecord.end_date.desc(), ExternalRecord.id.desc())))


def certificate(viewer: User, record: ExternalRecord) -> tuple[Blob, bytes] | None:
    """The certificate's bytes, for those allowed to see the record."""
    if not can_view(viewer, record):
        return None
    return media_store().get(record.certificate_sha256)
