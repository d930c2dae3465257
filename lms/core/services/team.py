"""Assignments: give a course, with a due date, to a person, a unit (with or without its
subtree) or a position; keep the rules applied to people who join later.

Every write is set-based (``INSERT ... SELECT ... ON CONFLICT DO NOTHING``, one ``UPDATE``),
so assigning a course to 10,000 people is three statements, and running a rule twice (two
``lms assignments sync`` at once, a retried request) changes nothing the second time.

What satisfies an assignment: the person's enrolment in the course, whatever its source. A
completion that has not expired keeps it satisfied (nobody is asked to redo a course they
hold); once it expires the enrolment shows "expired" and the learner retakes the course (a new
cycle, fresh progress) by the due date. A yearly rule opens a new cycle each year for the
people who completed the previous one (see ``roll_yearly``); whoever did not stays overdue on
the old date until they complete it.

Who may assign: an admin, anyone; a supervisor, only their own staff (direct reports, and the
people of the units they head, subtrees included), and never a whole position (agency-wide).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    exists,
    literal,
    or_,
    select,
    update,
)

from lms.core import transaction
from lms.core.clock import end_of_local_day, local_date  # noqa: F401 - team.local_date is used by its views
from lms.core.models import (
    Assignment,
    Completion,
    Course,
    Enrollment,
    EnrollmentSource,
    Recurrence,
    Role,
    TargetKind,
    Unit,
    User,
)
from lms.core.models.base import UTCDateTime, utcnow
from lms.core.queries import team as team_queries
from lms.core.services import audit
from lms.core.services.audit import snapshot
from lms.extensions import db


class AssignmentError(Exception):
    """A rule refused the assignment. ``code``: denied | not_found | invalid."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Applied:
    enrolled: int  # new enrolments
    updated: int  # existing enrolments that became assigned or got an earlier due date


# --------------------------------------------------------------------------- dates


def _valid_day(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def yearly_due(month: int, day: int, now: datetime) -> datetime:
    """The next ``month``/``day`` (end of the local day) at or after ``now``."""
    today = local_date(now)
    due = _valid_day(today.year, month, day)
    if due < today:
        due = _valid_day(today.year + 1, month, day)
    return end_of_local_day(due)


def due_for(rule: Assignment, now: datetime) -> datetime | None:
    """The due date a person assigned by ``rule`` at ``now`` gets."""
    if rule.recurrence == Recurrence.YEARLY:
        return yearly_due(rule.due_month or 12, rule.due_day or 31, now)
    if rule.due_days is not None:
        return end_of_local_day(local_date(now) + timedelta(days=rule.due_days))
    return rule.due_at


# --------------------------------------------------------------------------- who


def target_condition(rule: Assignment) -> ColumnElement[bool]:
    """The users a rule targets, as a condition on ``User`` (active accounts only)."""
    if rule.target_kind == TargetKind.PERSON:
        condition = User.id == rule.target_id
    elif rule.target_kind == TargetKind.POSITION:
        condition = User.position_id == rule.target_id
    elif rule.include_subtree:
        path = select(Unit.path).where(Unit.id == rule.target_id).scalar_subquery()
        condition = User.unit_id.in_(select(Unit.id).where(Unit.path.like(path + "%")))
    else:
        condition = User.unit_id == rule.target_id
    return and_(condition, User.active.is_(True))


def may_assign(actor: User, kind: TargetKind, target_id: int, include_subtree: bool = False) -> bool:
    """Admins anywhere; supervisors within their own staff only (one query)."""
    if actor.has_role(Role.ADMIN):
        return True
    if not actor.has_role(Role.SUPERVISOR):
        return False
    if kind == TargetKind.PERSON:
        if target_id == actor.id:
            return False
        staff = team_queries.staff_condition(actor, "all")
        return db.session.scalar(select(User.id).where(User.id == target_id, staff)) is not None
    if kind == TargetKind.UNIT:
        headed = team_queries.headed_unit_paths(actor.id)
        path = db.session.scalar(select(Unit.path).where(Unit.id == target_id))
        return path is not None and any(path.startswith(p) for p in headed)
    return False  # a position spans the whole agency: admins only


# --------------------------------------------------------------------------- writes


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def begin_write() -> None:
    """On SQLite, take the write lock before the unit of work reads anything.

    A command (no request: ``BEGIN`` stays deferred) that reads and then writes fails at once
    with "database is locked" when another process wrote in between (the read snapshot
    cannot be upgraded); a first statement that writes waits for the lock (busy timeout)
    instead. Call it first in a unit of work; a no-op on PostgreSQL.
    """
    if _dialect() == "sqlite":
        db.session.execute(update(Assignment).where(Assignment.id == -1).values(active=Assignment.active))


def insert_ignore(model: type, columns: list[str], source: Select, conflict: list[str]):  # noqa: ANN201
    """``INSERT INTO model (columns) <source> ON CONFLICT (conflict) DO NOTHING``."""
    name = _dialect()
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise RuntimeError(f"unsupported database {name}")
    return dialect_insert(model).from_select(columns, source).on_conflict_do_nothing(index_elements=conflict)


def _satisfied(now: datetime) -> ColumnElement[bool]:
    """The enrolment's current cycle is completed and the completion has not expired."""
    return and_(Enrollment.completed_at.is_not(None), exists().where(
        Completion.user_id == Enrollment.user_id, Completion.course_id == Enrollment.course_id,
        Completion.cycle == Enrollment.cycle,
        or_(Completion.expires_at.is_(None), Completion.expires_at > now)))


def apply(rule: Assignment, now: datetime | None = None, only: ColumnElement[bool] | None = None) -> Applied:
    """Enrol everyone ``rule`` targets (``only``: a further condition on ``User``), set-based."""
    now = now or utcnow()
    due = due_for(rule, now)
    who = target_condition(rule) if only is None else and_(target_condition(rule), only)
    users = select(User.id).where(who)
    source = select(User.id, literal(rule.course_id), literal(EnrollmentSource.ASSIGNED.value),
                    literal(1), literal(now, UTCDateTime()), literal(due, UTCDateTime())).where(who)
    stmt = insert_ignore(Enrollment, ["user_id", "course_id", "source", "cycle", "enrolled_at", "due_at"],
                         source, ["user_id", "course_id"]).returning(Enrollment.user_id)
    new_ids = list(db.session.scalars(stmt))
    # Enrolled before (by themselves, or by another rule): now assigned, with the earlier due
    # date; a satisfied enrolment keeps its date (a yearly rule moves it, see ``roll_yearly``).
    mine = [Enrollment.course_id == rule.course_id, Enrollment.user_id.in_(users)]
    if due is None:
        stmt = (update(Enrollment).where(*mine, Enrollment.source != EnrollmentSource.ASSIGNED.value)
                .values(source=EnrollmentSource.ASSIGNED.value))
    else:
        due_param = literal(due, UTCDateTime())
        earlier = and_(or_(Enrollment.due_at.is_(None), Enrollment.due_at > due_param), ~_satisfied(now))
        stmt = (update(Enrollment).where(*mine, or_(Enrollment.source != EnrollmentSource.ASSIGNED.value, earlier))
                .values(source=EnrollmentSource.ASSIGNED.value,
                        due_at=case((earlier, due_param), else_=Enrollment.due_at)))
    changes = db.session.execute(stmt.execution_options(synchronize_session=False))
    updated = max(changes.rowcount or 0, 0)
    from lms.core.services import notifications

    notifications.notify_assigned(rule.course_id, users, now)
    for user_id in new_ids:
        transaction.emit("user_enrolled", user_id=user_id, course_id=rule.course_id)
    if new_ids or updated:
        db.session.expire_all()  # ORM objects loaded before must see the new rows
    return Applied(len(new_ids), updated)


def assign(actor: User | None, courses: Iterable[Course], kind: TargetKind | str, target_ids: Iterable[int], *,
           include_subtree: bool = False, due_at: datetime | None = None, due_days: int | None = None,
           recurrence: Recurrence | str = Recurrence.NONE, due_month: int | None = None,
           due_day: int | None = None, now: datetime | None = None) -> tuple[list[Assignment], Applied]:
    """Create one rule per (course, target) and apply it. Checks the actor's authority over
    every target first: all or nothing. ``actor=None``: the operator (``lms assignments``)."""
    now = now or utcnow()
    kind = TargetKind(kind)
    recurrence = Recurrence(recurrence)
    courses = list(courses)
    target_ids = list(dict.fromkeys(target_ids))
    if not courses:
        raise AssignmentError("invalid", _("Pilih minimal satu kursus."))
    if not target_ids:
        raise AssignmentError("invalid", _("Pilih minimal satu pegawai atau unit."))
    if any(not c.is_published for c in courses):
        raise AssignmentError("invalid", _("Hanya kursus yang sudah terbit yang dapat ditugaskan."))
    if recurrence == Recurrence.YEARLY:
        due_month, due_day = due_month or 12, due_day or 31
        if not (1 <= due_month <= 12 and 1 <= due_day <= 31):
            raise AssignmentError("invalid", _("Tanggal batas waktu tahunan tidak valid."))
        due_at = due_days = None
    elif due_days is not None:
        if due_days < 1 or due_days > 3660:
            raise AssignmentError("invalid", _("Jumlah hari batas waktu tidak valid."))
        due_at = None
    elif due_at is not None and due_at <= now:
        raise AssignmentError("invalid", _("Batas waktu harus di masa depan."))
    for target_id in target_ids:
        if _target(kind, target_id) is None:
            raise AssignmentError("not_found", _("Sasaran penugasan tidak ditemukan."))
        if actor is not None and not may_assign(actor, kind, target_id, include_subtree):
            raise AssignmentError("denied", _("Anda hanya dapat menugaskan pegawai di bawah Anda."))
    rules: list[Assignment] = []
    enrolled = updated = 0
    for course in courses:
        for target_id in target_ids:
            rule = Assignment(course_id=course.id, target_kind=kind, target_id=target_id,
                              include_subtree=include_subtree and kind == TargetKind.UNIT, due_at=due_at,
                              due_days=due_days, recurrence=recurrence,
                              due_month=due_month if recurrence == Recurrence.YEARLY else None,
                              due_day=due_day if recurrence == Recurrence.YEARLY else None,
                              created_by_id=actor.id if actor else None, created_at=now, active=True)
            db.session.add(rule)
            db.session.flush()
            result = apply(rule, now)
            if recurrence == Recurrence.YEARLY:
                roll_yearly(rule, now)  # a completion from an earlier year does not count for this one
            enrolled, updated = enrolled + result.enrolled, updated + result.updated
            rules.append(rule)
            audit.record(actor, "assignment.create", rule, None,
                         {**snapshot(rule, _AUDITED), "enrolled": result.enrolled, "updated": result.updated},
                         label=_rule_label(rule, course))
    return rules, Applied(enrolled, updated)


_AUDITED = ("course_id", "target_kind", "target_id", "include_subtree", "due_at", "due_days", "recurrence",
            "due_month", "due_day")


def _rule_label(rule: Assignment, course: Course) -> str:
    """"Course → who" as it reads today (the log keeps it when names change later)."""
    target = _target(TargetKind(rule.target_kind), rule.target_id)
    who = (f"{target.name} ({target.nip})" if isinstance(target, User) else target.name) if target else "?"
    subtree = " +" if rule.include_subtree else ""
    return f"{course.title} → {who}{subtree}"


def _target(kind: TargetKind, target_id: int) -> Any:
    """The person, unit or position a rule targets (None when gone)."""
    from lms.core.models import Position

    model = {TargetKind.PERSON: User, TargetKind.UNIT: Unit, TargetKind.POSITION: Position}[kind]
    return db.session.get(model, target_id)


def deactivate(actor: User, rule: Assignment) -> None:
    """Stop a rule: nobody new gets the course; enrolments already made stay."""
    if not (actor.has_role(Role.ADMIN) or rule.created_by_id == actor.id):
        raise AssignmentError("denied", _("Anda tidak dapat menghentikan penugasan ini."))
    if not rule.active:
        return
    rule.active = False
    db.session.flush()
    audit.record(actor, "assignment.deactivate", rule, {"active": True}, {"active": False},
                 label=_rule_label(rule, rule.course))


# --------------------------------------------------------------------------- keeping rules applied


def rules_for(users: list[User]) -> list[Assignment]:
    """Active rules that target any of ``users`` (one query)."""
    if not users:
        return []
    person = [u.id for u in users]
    units = {u.unit_id for u in users if u.unit_id}
    ancestors: set[int] = set()
    for user in users:
        if user.unit is not None and user.unit.path:
            ancestors.update(int(p) for p in user.unit.path.strip("/").split("/") if p)
    positions = {u.position_id for u in users if u.position_id}
    conditions = [and_(Assignment.target_kind == TargetKind.PERSON, Assignment.target_id.in_(person))]
    if units:
        conditions.append(and_(Assignment.target_kind == TargetKind.UNIT, Assignment.target_id.in_(units)))
    if ancestors:
        conditions.append(and_(Assignment.target_kind == TargetKind.UNIT, Assignment.include_subtree.is_(True),
                               Assignment.target_id.in_(ancestors)))
    if positions:
        conditions.append(and_(Assignment.target_kind == TargetKind.POSITION,
                               Assignment.target_id.in_(positions)))
    return list(db.session.scalars(select(Assignment).where(Assignment.active.is_(True), or_(*conditions))
                                   .order_by(Assignment.id)))


def apply_rules(user: User | Iterable[User], now: datetime | None = None) -> Applied:
    """Apply every active rule that targets ``user`` (call it when someone joins a unit or
    takes a position; it also runs by itself when a session commits such a change)."""
    users = [user] if isinstance(user, User) else list(user)
    now = now or utcnow()
    ids = [u.id for u in users]
    enrolled = updated = 0
    for rule in rules_for(users):
        result = apply(rule, now, only=User.id.in_(ids))
        enrolled, updated = enrolled + result.enrolled, updated + result.updated
    return Applied(enrolled, updated)


@dataclass(frozen=True)
class SyncReport:
    rules: int
    enrolled: int
    updated: int
    rolled: int  # enrolments moved to the next yearly due date


def previous_yearly_due(rule: Assignment, due: datetime) -> datetime:
    """The end of the cycle before the one due at ``due``: the same month/day a year earlier."""
    local = local_date(due)
    return end_of_local_day(_valid_day(local.year - 1, rule.due_month or 12, rule.due_day or 31))


def roll_yearly(rule: Assignment, now: datetime) -> int:
    """Open this year's cycle of a yearly rule for the people who completed the previous one.

    Each year needs its own completion, whatever the course's ``valid_months``: whoever
    completed before this cycle began starts a new cycle (fresh progress, the course is due
    again on this cycle's date); the old completion stays, with its JP in the year it was
    earned. Whoever completed within this cycle (a late finisher, someone who finished before
    being assigned) only gets this cycle's date: that completion counts for this year. Those
    who did not complete keep the date they missed (overdue) until they do. Idempotent: a
    rolled enrolment has this cycle's date and no completion yet.
    """
    due = due_for(rule, now)
    due_param = literal(due, UTCDateTime())
    began = literal(previous_yearly_due(rule, due), UTCDateTime())
    behind = [Enrollment.course_id == rule.course_id, Enrollment.source == EnrollmentSource.ASSIGNED.value,
              Enrollment.user_id.in_(select(User.id).where(target_condition(rule))),
              or_(Enrollment.due_at.is_(None), Enrollment.due_at < due_param),
              Enrollment.completed_at.is_not(None)]

    def completed(*when: ColumnElement[bool]) -> ColumnElement[bool]:
        return exists().where(Completion.user_id == Enrollment.user_id, Completion.course_id == Enrollment.course_id,
                              Completion.cycle == Enrollment.cycle, *when)

    options = {"synchronize_session": False}
    reopened = db.session.execute(
        update(Enrollment).where(*behind, completed(Completion.completed_at <= began))
        .values(cycle=Enrollment.cycle + 1, completed_at=None, last_item_key=None, due_at=due_param)
        .execution_options(**options))
    moved = db.session.execute(
        update(Enrollment).where(*behind, completed(Completion.completed_at > began))
        .values(due_at=due_param).execution_options(**options))
    return max(reopened.rowcount or 0, 0) + max(moved.rowcount or 0, 0)


def sync(now: datetime | None = None) -> SyncReport:
    """Apply every active rule to everyone it targets today; idempotent."""
    now = now or utcnow()
    begin_write()
    rules = list(db.session.scalars(select(Assignment).where(Assignment.active.is_(True))
                                    .order_by(Assignment.id)))
    enrolled = updated = rolled = 0
    for rule in rules:
        if rule.recurrence == Recurrence.YEARLY:
            rolled += roll_yearly(rule, now)
        result = apply(rule, now)
        enrolled, updated = enrolled + result.enrolled, updated + result.updated
    if rolled:
        db.session.expire_all()
    return SyncReport(len(rules), enrolled, updated, rolled)


def rules_visible_to(actor: User, limit: int = 200) -> list[Assignment]:
    """The rules an actor made (admins: every rule), newest first."""
    stmt = select(Assignment).order_by(Assignment.created_at.desc(), Assignment.id.desc()).limit(limit)
    if not actor.has_role(Role.ADMIN):
        stmt = stmt.where(Assignment.created_by_id == actor.id)
    return list(db.session.scalars(stmt))

