"""Reminders: in-app notifications and the e-mails that carry them.

Kinds (``Notification.kind``) and their dedup keys (one notification per key, ever):

* ``assigned`` ``assigned:<enrollment>:<cycle>`` - a course was assigned (not for people who
  already hold a valid completion of it);
* ``due_soon`` ``due_soon:<enrollment>:<cycle>:<due>`` - due within 7 days, not completed;
* ``overdue`` ``overdue:<enrollment>:<cycle>:<due>`` - the due date passed, to the learner;
* ``overdue_staff`` ``overdue_staff:<enrollment>:<cycle>:<due>`` - the same, once, to their
  direct supervisor;
* ``records_pending`` ``records:<record>:<version>`` - an external learning record waits for
  the supervisor's verification;
* ``completion_expiring`` ``completion_expiring:<completion>`` - a completion (and the JP and
  certificate it carries) ends within 30 days; ``completion_expired`` ``completion_expired:
  <completion>`` - it ended (in the last 30 days), the course can be taken again;
* ``token_expiring`` ``token_expiring:<token>`` - an API token stops working within 14 days;
* ``job_done`` / ``job_failed`` ``job_<status>:<run>:<attempt>`` - background work the person
  asked for (an import, an export) is ready, or failed for good.

A new due date (a yearly rule's next cycle) or a new cycle (a retake) makes a new key, so
reminders come again then, and only then. ``create_reminders`` only INSERTs with ``ON
CONFLICT DO NOTHING``: two ``lms notify`` running at once create each reminder once. Sending
claims rows first (``pending`` -> ``sending`` in one UPDATE ... RETURNING, committed by the
caller): a row is mailed by one process only, at most once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from functools import cache
from typing import Any

from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import JSON, Select, String, bindparam, cast, exists, func, literal, select, update
from sqlalchemy.orm import aliased

from lms.core import site_settings
from lms.core.models import Course, Enrollment, EnrollmentSource, Notification, User
from lms.core.models.base import UTCDateTime, utcnow
from lms.extensions import db

DUE_SOON_DAYS = 7
EXPIRY_NOTICE_DAYS = 30
TOKEN_NOTICE_DAYS = 14
KINDS = ("assigned", "due_soon", "overdue", "overdue_staff", "records_pending", "completion_expiring",
         "completion_expired", "token_expiring", "job_done", "job_failed")


# --------------------------------------------------------------------------- creating


def _insert_rows(rows: list[dict[str, Any]]) -> int:
    """Insert notifications, skipping every dedup key that exists already."""
    if not rows:
        return 0
    from lms.core.services.team import _dialect

    if _dialect() == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    created = 0
    for start in range(0, len(rows), 5000):
        result = db.session.execute(
            dialect_insert(Notification.__table__).on_conflict_do_nothing(index_elements=["dedup_key"])
            .returning(Notification.__table__.c.id), rows[start:start + 5000])
        created += len(result.all())
    return created


def notify_assigned(course_id: int, users: Select, now: datetime) -> int:
    """An ``assigned`` notification for everyone of ``users`` (a SELECT of user ids) whose
    assigned enrolment in the course is not satisfied yet: one INSERT ... SELECT."""
    from lms.core.services.team import _satisfied, insert_ignore

    course = db.session.execute(select(Course.title, Course.slug).where(Course.id == course_id)).one()
    key = (literal("assigned:") + cast(Enrollment.id, String) + literal(":") + cast(Enrollment.cycle, String))
    source = (select(Enrollment.user_id, literal("assigned"),
                     literal({"course": course.title, "slug": course.slug}, JSON()),
                     literal(f"/courses/{course.slug}"), key, literal(now, UTCDateTime()), literal("pending"))
              .where(Enrollment.course_id == course_id, Enrollment.user_id.in_(users),
                     Enrollment.source == EnrollmentSource.ASSIGNED.value, ~_satisfied(now)))
    result = db.session.execute(insert_ignore(
        Notification, ["user_id", "kind", "params", "link", "dedup_key", "created_at", "email_status"],
        source, ["dedup_key"]))
    return max(result.rowcount or 0, 0)


def _key(prefix: str) -> Any:
    return (literal(prefix + ":") + cast(Enrollment.id, String) + literal(":") + cast(Enrollment.cycle, String)
            + literal(":") + cast(Enrollment.due_at, String(40)))


def _not_sent(key: Any) -> Any:
    return ~exists().where(Notification.dedup_key == key)


def create_reminders(now: datetime | None = None) -> dict[str, int]:
    """Create the reminders that are due now; returns how many of each kind were created."""
    from lms.core.services.team import _satisfied, begin_write

    now = now or utcnow()
    begin_write()
    now_param = literal(now, UTCDateTime())
    soon = literal(now + timedelta(days=DUE_SOON_DAYS), UTCDateTime())
    open_assigned = [Enrollment.source == EnrollmentSource.ASSIGNED.value, Enrollment.due_at.is_not(None),
                     ~_satisfied(now), User.active.is_(True)]
    base = (select(Enrollment.user_id, Enrollment.due_at, Course.title, Course.slug, User.name, User.nip,
                   User.supervisor_id)
            .select_from(Enrollment).join(Course, Course.id == Enrollment.course_id)
            .join(User, User.id == Enrollment.user_id))
    created: dict[str, int] = {}

    def learner_rows(kind: str, where: list[Any]) -> list[dict[str, Any]]:
        key = _key(kind)
        return [{"user_id": r.user_id, "kind": kind, "link": f"/courses/{r.slug}", "dedup_key": r.key,
                 "params": {"course": r.title, "slug": r.slug, "due": r.due_at.isoformat()},
                 "created_at": now, "email_status": "pending"}
                for r in db.session.execute(base.add_columns(key.label("key")).where(*where, _not_sent(key)))]

    created["due_soon"] = _insert_rows(learner_rows("due_soon", [
        *open_assigned, Enrollment.due_at > now_param, Enrollment.due_at <= soon]))
    created["overdue"] = _insert_rows(learner_rows("overdue", [*open_assigned, Enrollment.due_at < now_param]))
    boss = aliased(User, name="boss")
    key = _key("overdue_staff")
    staff_rows = db.session.execute(
        base.add_columns(key.label("key")).join(boss, boss.id == User.supervisor_id)
        .where(*open_assigned, Enrollment.due_at < now_param, boss.active.is_(True), _not_sent(key)))
    created["overdue_staff"] = _insert_rows([
        {"user_id": r.supervisor_id, "kind": "overdue_staff", "link": "/team?overdue=1", "dedup_key": r.key,
         "params": {"course": r.title, "slug": r.slug, "due": r.due_at.isoformat(), "person": r.name,
                    "nip": r.nip},
         "created_at": now, "email_status": "pending"} for r in staff_rows])
    created["records_pending"] = _insert_rows(_record_rows(now))
    return created


def _record_rows(now: datetime) -> list[dict[str, Any]]:
    try:
        from lms.core.models.external import ExternalRecord, RecordStatus
    except ImportError:  # pragma: no cover - built by another issue
        return []
    owner, boss = aliased(User, name="owner"), aliased(User, name="boss")
    key = (literal("records:") + cast(ExternalRecord.id, String) + literal(":")
           + cast(ExternalRecord.version, String))
    rows = db.session.execute(
        select(ExternalRecord.id, ExternalRecord.title, owner.name, owner.supervisor_id, key.label("key"))
        .join(owner, owner.id == ExternalRecord.user_id).join(boss, boss.id == owner.supervisor_id)
        .where(ExternalRecord.status == RecordStatus.PENDING.value, owner.active.is_(True), boss.active.is_(True),
               _not_sent(key)))
    return [{"user_id": r.supervisor_id, "kind": "records_pending", "link": f"/records/{r.id}",
             "dedup_key": r.key, "params": {"title": r.title, "person": r.name}, "created_at": now,
             "email_status": "pending"} for r in rows]


def create_expiry_notices(now: datetime | None = None) -> dict[str, int]:
    """Completions about to end or just ended (the newest of a person's course only: a retake
    already done needs no notice), once each."""
    from lms.core.models import Completion
    from lms.core.services.team import begin_write

    now = now or utcnow()
    begin_write()
    newer = aliased(Completion, name="newer")
    latest_only = ~exists().where(newer.user_id == Completion.user_id, newer.course_id == Completion.course_id,
                                  newer.completed_at > Completion.completed_at)
    base = (select(Completion.id, Completion.user_id, Completion.expires_at, Course.title, Course.slug)
            .join(Course, Course.id == Completion.course_id).join(User, User.id == Completion.user_id)
            .where(User.active.is_(True), Completion.expires_at.is_not(None), latest_only))
    window = timedelta(days=EXPIRY_NOTICE_DAYS)
    created: dict[str, int] = {}
    for kind, where in (("completion_expiring", [Completion.expires_at > now, Completion.expires_at <= now + window]),
                        ("completion_expired", [Completion.expires_at <= now, Completion.expires_at > now - window])):
        key = literal(kind + ":") + cast(Completion.id, String)
        rows = db.session.execute(base.add_columns(key.label("key")).where(*where, _not_sent(key)))
        created[kind] = _insert_rows([
            {"user_id": r.user_id, "kind": kind, "link": f"/courses/{r.slug}", "dedup_key": r.key,
             "params": {"course": r.title, "slug": r.slug, "date": r.expires_at.isoformat()},
             "created_at": now, "email_status": "pending"} for r in rows])
    return created


def create_token_notices(now: datetime | None = None) -> int:
    """API tokens that stop working within 14 days: their owner is told once per token."""
    from lms.core.services.team import begin_write
    from lms.core.services.tokens import expiring_within

    now = now or utcnow()
    begin_write()
    return _insert_rows([
        {"user_id": t.user_id, "kind": "token_expiring", "link": "/me", "dedup_key": f"token_expiring:{t.id}",
         "params": {"name": t.name, "date": t.expires_at.isoformat()}, "created_at": now, "email_status": "pending"}
        for t in expiring_within(timedelta(days=TOKEN_NOTICE_DAYS), now)])


def notify_job_finished(run: Any) -> int:
    """The person who asked for a run hears that it is done (or failed for good), once per
    attempt that ended it."""
    kind = "job_done" if run.status == "done" else "job_failed"
    return _insert_rows([{"user_id": run.user_id, "kind": kind, "link": f"/jobs/{run.id}",
                          "dedup_key": f"{kind}:{run.id}:{run.attempts}", "params": {"job": run.name},
                          "created_at": utcnow(), "email_status": "pending"}])


def notify(user_id: int, kind: str, *, key: str, params: dict[str, Any] | None = None,
           link: str | None = None) -> bool:
    """One notification (shown in the bell, mailed by ``lms notify``) for ``user_id``, once per
    ``key`` ever: ``key`` is the dedup key, so calling twice (a retried job, two servers) makes
    one. ``params`` are plain JSON values rendered with the kind's text in the reader's language;
    ``link`` is a path inside the site (default: the kind's own link). A plugin's kind
    (``lms_notification_kinds``) reaches only who may receive it: an active account holding one
    of its roles. Returns True when it was new. The caller commits."""
    if len(kind) > 30 or len(key) > 200:
        raise ValueError("notification kind is at most 30 characters, its key at most 200")
    plugin_kind = current_app.extensions["lms.host"].notification_kinds.get(kind)
    if plugin_kind is None and kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}: declare it with lms_notification_kinds")
    params = dict(params or {})
    if plugin_kind is not None:
        user = db.session.get(User, user_id)
        if user is None or not plugin_kind.may_receive(user):
            return False
        link = link or plugin_kind.link_for(params)
    return _insert_rows([{"user_id": user_id, "kind": kind, "link": link, "dedup_key": key,
                          "params": params, "created_at": utcnow(), "email_status": "pending"}]) == 1


# --------------------------------------------------------------------------- words


def _date(value: str | None) -> str:
    if not value:
        return ""
    return format_date(datetime.fromisoformat(value), "long")


def render(kind: str, params: dict[str, Any]) -> tuple[str, str]:
    """(title, sentence) of a notification in the current locale."""
    course, person = params.get("course", ""), params.get("person", "")
    due = _date(params.get("due"))
    if kind == "assigned":
        return (_("Penugasan baru: %(course)s", course=course),
                _("Anda ditugaskan mengikuti kursus %(course)s.", course=course))
    if kind == "due_soon":
        return (_("Batas waktu segera: %(course)s", course=course),
                _("Kursus %(course)s harus selesai paling lambat %(date)s.", course=course, date=due))
    if kind == "overdue":
        return (_("Terlambat: %(course)s", course=course),
                _("Batas waktu kursus %(course)s (%(date)s) sudah lewat. Mohon segera diselesaikan.",
                  course=course, date=due))
    if kind == "overdue_staff":
        return (_("Bawahan terlambat: %(person)s", person=person),
                _("%(person)s belum menyelesaikan kursus %(course)s yang batas waktunya %(date)s.",
                  person=person, course=course, date=due))
    if kind == "records_pending":
        return (_("Catatan belajar menunggu verifikasi"),
                _("%(person)s mengajukan catatan belajar \"%(title)s\" untuk Anda verifikasi.",
                  person=person, title=params.get("title", "")))
    if kind == "completion_expiring":
        return (_("Masa berlaku segera berakhir: %(course)s", course=course),
                _("Kelulusan kursus %(course)s berlaku sampai %(date)s. Setelah itu kursus perlu diikuti lagi.",
                  course=course, date=_date(params.get("date"))))
    if kind == "completion_expired":
        return (_("Masa berlaku berakhir: %(course)s", course=course),
                _("Kelulusan kursus %(course)s berakhir pada %(date)s. Silakan ikuti kursus ini lagi.",
                  course=course, date=_date(params.get("date"))))
    if kind == "token_expiring":
        return (_("Kunci akses aplikasi segera berakhir"),
                _("Kunci akses \"%(name)s\" berhenti berfungsi pada %(date)s. Buat kunci baru di halaman akun Anda.",
                  name=params.get("name") or "-", date=_date(params.get("date"))))
    if kind in ("job_done", "job_failed"):
        from lms.core.jobs.runs import label_of

        job = label_of(params.get("job", ""))
        if kind == "job_done":
            return _("Selesai: %(job)s", job=job), _("%(job)s sudah selesai. Buka untuk melihat hasilnya.", job=job)
        return (_("Tidak berhasil: %(job)s", job=job),
                _("%(job)s tidak berhasil setelah beberapa kali dicoba. Buka untuk melihat sebabnya.", job=job))
    plugin_kind = current_app.extensions["lms.host"].notification_kinds.get(kind)
    if plugin_kind is not None:  # a plugin's kind (lms_notification_kinds) words its own
        return plugin_kind.words(params)
    return kind, ""  # the kind of a plugin no longer enabled: its name, never an error


# --------------------------------------------------------------------------- reading


@cache
def _unread_statement() -> Select:
    """Built once (every page's nav runs it): SQLAlchemy memoizes the cache key on the object."""
    inner = (select(Notification.id).where(Notification.user_id == bindparam("user_id"),
                                           Notification.read_at.is_(None))
             .limit(bindparam("cap")).subquery())
    return select(func.count()).select_from(inner)


def unread_count(user_id: int, cap: int = 100) -> int:
    """Unread notifications, counted up to ``cap`` (the nav shows "99+")."""
    return db.session.scalar(_unread_statement(), {"user_id": user_id, "cap": cap}) or 0


def latest(user_id: int, limit: int = 50) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user_id)
                                   .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)))


def mark_read(user_id: int, notification_id: int | None = None, now: datetime | None = None) -> Notification | None:
    """Mark one notification (or all, ``notification_id=None``) of the user as read."""
    now = now or utcnow()
    if notification_id is None:
        db.session.execute(update(Notification).where(Notification.user_id == user_id,
                                                      Notification.read_at.is_(None))
                           .values(read_at=now).execution_options(synchronize_session=False))
        return None
    row = db.session.scalar(select(Notification).where(Notification.id == notification_id,
                                                       Notification.user_id == user_id))
    if row is not None and row.read_at is None:
        row.read_at = now
    db.session.flush()
    return row


# --------------------------------------------------------------------------- sending


def claim_pending(limit: int = 500) -> list[int]:
    """Take up to ``limit`` unsent notifications for this process, in one UPDATE ... RETURNING
    (a first statement that writes: SQLite waits for the lock); commit right after."""
    pending = (select(Notification.id).where(Notification.email_status == "pending")
               .order_by(Notification.id).limit(limit).with_for_update(skip_locked=True))
    result = db.session.execute(update(Notification).where(Notification.id.in_(pending.scalar_subquery()),
                                                           Notification.email_status == "pending")
                                .values(email_status="sending").returning(Notification.id)
                                .execution_options(synchronize_session=False))
    return sorted(result.scalars())


@dataclass
class Outgoing:
    """One e-mail: every claimed notification of one person."""

    user_id: int
    to: str
    name: str
    notification_ids: list[int] = field(default_factory=list)
    lines: list[tuple[str, str, str | None]] = field(default_factory=list)  # title, sentence, link


def outgoing(claimed: Iterable[int]) -> tuple[list[Outgoing], list[int]]:
    """Group the claimed notifications by recipient. Returns the mails and the ids nobody can
    be mailed for (no address, inactive account)."""
    ids = list(claimed)
    if not ids:
        return [], []
    rows = db.session.execute(select(Notification, User.email, User.name, User.active)
                              .join(User, User.id == Notification.user_id)
                              .where(Notification.id.in_(ids)).order_by(Notification.user_id, Notification.id))
    mails: dict[int, Outgoing] = {}
    skipped: list[int] = []
    with force_locale(current_app.extensions["lms.settings"].default_locale):
        for notification, email, name, active in rows:
            if not email or not active:
                skipped.append(notification.id)
                continue
            mail = mails.setdefault(notification.user_id, Outgoing(notification.user_id, email, name))
            title, sentence = render(notification.kind, notification.params or {})
            mail.notification_ids.append(notification.id)
            mail.lines.append((title, sentence, notification.link))
    return list(mails.values()), skipped


def message_for(mail: Outgoing) -> EmailMessage:
    from lms.core.services.mail import build_message

    settings = current_app.extensions["lms.settings"]
    base = site_settings.base_url()
    with force_locale(settings.default_locale):
        subject = mail.lines[0][0] if len(mail.lines) == 1 else \
            _("%(n)d pemberitahuan baru dari Sinau", n=len(mail.lines))
        parts = [_("Yth. %(name)s,", name=mail.name), ""]
        for title, sentence, link in mail.lines:
            parts.append(f"- {title}")
            parts.append(f"  {sentence}")
            if link:
                parts.append(f"  {base}{link}")
        parts += ["", _("Pesan ini dikirim otomatis oleh Sinau. Lihat semua pemberitahuan: %(url)s",
                        url=f"{base}/notifications")]
    return build_message(settings.mail_from, mail.to, f"[Sinau] {subject}", "\n".join(parts))


def finish(ids: Iterable[int], status: str, now: datetime | None = None) -> None:
    """Record the outcome of claimed notifications: sent | skipped | pending (retry later)."""
    ids = list(ids)
    if not ids:
        return
    values: dict[str, Any] = {"email_status": status}
    if status == "sent":
        values["emailed_at"] = now or utcnow()
    db.session.execute(update(Notification).where(Notification.id.in_(ids)).values(**values)
                       .execution_options(synchronize_session=False))

