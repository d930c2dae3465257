"""Export for SIASN (BKN's national HR system) in its "riwayat kursus" shape.

One row per learning record, person by person: completions of our courses (with the
certificate number when one was issued) and verified external learning records
(:func:`external_rows`). Revoked certificates are left out: the credit was withdrawn.

Decisions, for the admins who retype these rows into SIASN:

* **Jumlah jam is the JP, rounded half up to a whole number** (1.5 JP -> 2), not JP x 45 / 60.
  Training "jam" in Indonesian practice is the *jam pelajaran*: the certificate states "10 JP",
  the PDF uploaded next to the row says the same, and the annual 20-JP obligation is counted
  in JP. Converting to clock hours (10 JP -> 8) would make the row disagree with its own
  certificate and under-count the obligation by a quarter. A record with any JP has at least 1.
* **Dates** are ``dd-mm-yyyy`` in the site's time zone; the year is the year of the end date.
* **NIP** is printed grouped (``19900214 201001 1 004``), the form on every paper document:
  spreadsheets turn 18 bare digits into a number and lose the last three.
* **CSV**: UTF-8 with a BOM and ``;`` between fields (what spreadsheets in Indonesian locales
  expect), CRLF line ends; text cells that start like a formula get a leading ``'``.
"""

from __future__ import annotations

import heapq
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import Select, and_, func, select, type_coerce

from lms.builtin.certificate.models import Certificate
from lms.builtin.certificate.service import local_date, settings, site_zone
from lms.plugins import (
    LEARNING_KINDS,
    Completion,
    Course,
    Enrollment,
    ExternalRecord,
    ItemProgress,
    LearningKind,
    RecordStatus,
    Unit,
    User,
    UTCDateTime,
    csv_writer,
    db,
    format_nip,
    jp_credits,
    site_setting,
)

COLUMNS = ("NIP", "Nama", "Nama Kursus", "Institusi Penyelenggara", "Jenis Kursus", "Jumlah Jam",
           "Tahun", "Tanggal Mulai", "Tanggal Selesai", "Nomor Sertifikat")
BOM = "\ufeff"
SEPARATOR = ";"
BATCH = 500


@dataclass(frozen=True)
class SiasnFilter:
    unit_id: int | None = None  # the unit and every unit below it (the person's current unit)
    start: date | None = None  # completed on or after (local date)
    end: date | None = None  # completed on or before (local date)


@dataclass(frozen=True)
class SiasnRow:
    nip: str
    name: str
    course: str
    organiser: str
    kind: str
    hours: int
    start: date
    end: date
    certificate_number: str = ""

    def cells(self) -> list[str]:
        return [format_nip(self.nip), self.name, self.course, self.organiser, self.kind, str(self.hours),
                str(self.end.year), dmy(self.start), dmy(self.end), self.certificate_number]


def hours(jp: float | None) -> int:
    """JP as SIASN's whole "jumlah jam": rounded half up, at least 1 when there is any."""
    if not jp or jp <= 0:
        return 0
    return max(1, int(Decimal(str(jp)).quantize(Decimal(1), rounding=ROUND_HALF_UP)))


def dmy(value: date) -> str:
    return value.strftime("%d-%m-%Y")


def _bounds(f: SiasnFilter) -> tuple[datetime | None, datetime | None]:
    zone = site_zone()
    start = datetime.combine(f.start, time.min, zone) if f.start else None
    end = datetime.combine(f.end + timedelta(days=1), time.min, zone) if f.end else None
    return start, end


def _unit_path(unit_id: int | None) -> str | None:
    if unit_id is None:
        return None
    return db.session.scalar(select(Unit.path).where(Unit.id == unit_id)) or f"/{unit_id}/"


def completion_rows(f: SiasnFilter) -> Iterator[SiasnRow]:
    """Completions of our courses, streamed in batches (one query)."""
    organiser = site_setting("certificate_agency")  # the issuer named in /admin/settings
    kind = str(settings().get("siasn_type") or "E-Learning")
    retake_start = type_coerce(
        select(func.min(ItemProgress.completed_at)).where(
            ItemProgress.user_id == Completion.user_id, ItemProgress.course_id == Completion.course_id,
            ItemProgress.cycle == Completion.cycle).correlate(Completion).scalar_subquery(),
        UTCDateTime)
    stmt = (
        select(Completion, User.nip, User.name, Course.title, Enrollment.enrolled_at, retake_start, Certificate)
        .join(User, User.id == Completion.user_id)
        .join(Course, Course.id == Completion.course_id)
        .outerjoin(Enrollment, and_(Enrollment.user_id == Completion.user_id,
                                    Enrollment.course_id == Completion.course_id))
        .outerjoin(Certificate, Certificate.completion_id == Completion.id)
        .where(Certificate.revoked_at.is_(None))
        .order_by(User.name, User.nip, Completion.completed_at)
    )
    path = _unit_path(f.unit_id)
    if path is not None:
        stmt = stmt.join(Unit, Unit.id == User.unit_id).where(Unit.path.like(path + "%"))
    start, end = _bounds(f)
    if start is not None:
        stmt = stmt.where(Completion.completed_at >= start)
    if end is not None:
        stmt = stmt.where(Completion.completed_at < end)
    result = db.session.execute(stmt.execution_options(yield_per=BATCH))
    for completion, nip, name, title, enrolled_at, first_done, certificate in result:
        if certificate is not None:  # the snapshot is what the certificate says
            yield SiasnRow(nip, name, certificate.course_title, certificate.issuer or organiser, kind,
                           hours(certificate.jp), certificate.started_on, certificate.finished_on,
                           certificate.number)
            continue
        began = enrolled_at if completion.cycle == 1 else first_done
        if began is None or began > completion.completed_at:
            began = completion.completed_at
        yield SiasnRow(nip, name, title, organiser, kind, hours(completion.jp), local_date(began),
                       local_date(completion.completed_at))


def external_rows(f: SiasnFilter) -> Iterator[SiasnRow]:
    """Verified external learning records (``lms.plugins.ExternalRecord``): organiser and kind
    as recorded, JP as hours, the record's own dates. They carry no certificate number (the
    uploaded file is the certificate). The period applies to the end date."""
    stmt = (
        select(User.nip, User.name, ExternalRecord.title, ExternalRecord.organiser, ExternalRecord.kind,
               ExternalRecord.jp, ExternalRecord.start_date, ExternalRecord.end_date)
        .join(User, User.id == ExternalRecord.user_id)
        .where(ExternalRecord.status == RecordStatus.VERIFIED)
        .order_by(User.name, User.nip, ExternalRecord.end_date)
    )
    path = _unit_path(f.unit_id)
    if path is not None:
        stmt = stmt.join(Unit, Unit.id == User.unit_id).where(Unit.path.like(path + "%"))
    if f.start is not None:
        stmt = stmt.where(ExternalRecord.end_date >= f.start)
    if f.end is not None:
        stmt = stmt.where(ExternalRecord.end_date <= f.end)
    for nip, name, title, organiser, kind, jp, start, end in db.session.execute(
            stmt.execution_options(yield_per=BATCH)):
        info = LEARNING_KINDS.get(LearningKind(kind))
        yield SiasnRow(nip, name, title, organiser, info.id if info else str(kind), hours(jp), start, end)


def plugin_rows(f: SiasnFilter) -> Iterator[SiasnRow]:
    """JP credited by plugins (``lms_jp_credits``: classroom sessions, mentoring): their own
    title, organiser (the site's issuer when they give none) and kind, JP as hours. One hook
    call for the whole export; the people's NIP and name in one query."""
    path = _unit_path(f.unit_id)
    people = None
    if path is not None:
        people = list(db.session.scalars(select(User.id).join(Unit, Unit.id == User.unit_id)
                                         .where(Unit.path.like(path + "%"))))
    credits = jp_credits(people, f.start, f.end)
    if not credits:
        return
    names: dict[int, tuple[str, str]] = {}
    ids = sorted({c.user_id for c in credits})
    for start in range(0, len(ids), BATCH):
        names.update((uid, (nip, name)) for uid, nip, name in db.session.execute(
            select(User.id, User.nip, User.name).where(User.id.in_(ids[start:start + BATCH]))))
    organiser = site_setting("certificate_agency")
    kind = str(settings().get("siasn_type") or "E-Learning")
    out = []
    for c in credits:
        if c.user_id not in names:
            continue
        nip, name = names[c.user_id]
        out.append(SiasnRow(nip, name, c.title, c.organiser or organiser, c.kind or kind, hours(c.jp),
                            c.started_on or c.earned_on, c.earned_on))
    yield from sorted(out, key=lambda r: (r.name, r.nip, r.end))


def rows(f: SiasnFilter) -> Iterator[SiasnRow]:
    """Every source, merged person by person (each is sorted by name, NIP and end date)."""
    return heapq.merge(completion_rows(f), external_rows(f), plugin_rows(f), key=lambda r: (r.name, r.nip, r.end))


def csv_lines(records: Iterator[SiasnRow]) -> Iterator[str]:
    """The CSV as chunks: the BOM and the header first, then a chunk per batch of rows."""
    buffer = io.StringIO()
    writer = csv_writer(buffer, delimiter=SEPARATOR, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    yield BOM + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    for n, record in enumerate(records, start=1):
        writer.writerow(record.cells())
        if n % BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.getvalue():
        yield buffer.getvalue()


def _certificate_statement(f: SiasnFilter) -> Select:
    stmt = (select(Certificate).join(Completion, Completion.id == Certificate.completion_id)
            .join(User, User.id == Certificate.user_id)
            .where(Certificate.revoked_at.is_(None)).order_by(User.name, User.nip, Certificate.id))
    path = _unit_path(f.unit_id)
    if path is not None:
        stmt = stmt.join(Unit, Unit.id == User.unit_id).where(Unit.path.like(path + "%"))
    start, end = _bounds(f)
    if start is not None:
        stmt = stmt.where(Completion.completed_at >= start)
    if end is not None:
        stmt = stmt.where(Completion.completed_at < end)
    return stmt


def certificates(f: SiasnFilter) -> Iterator[Certificate]:
    """The valid certificates of the selection (for the zip with PDFs), in batches."""
    yield from db.session.scalars(_certificate_statement(f).execution_options(yield_per=BATCH))


def count_certificates(f: SiasnFilter) -> int:
    return db.session.scalar(select(func.count()).select_from(_certificate_statement(f).order_by(None).subquery())) or 0
