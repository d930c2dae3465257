"""Agency reports (``/admin/reports``): per perangkat daerah, drill-down to sub-units and to
people, and the training needs analysis (AKPK). Set-based SQL only: one statement gives every
row of a level, whatever the number of people (no per-person loop), so the report of an agency
of 50,000 answers in well under two seconds (``bench/reports.py``).

**Grouping.** At the top the groups are the top-level units (perangkat daerah); below a unit
``P`` they are ``P``'s children, plus ``P`` itself for the people placed directly in it. A
person belongs to the group whose ``path`` prefixes their unit's path: the small join
``unit x group`` (a few thousand rows) maps every unit to its group, and the people are then
grouped by it.

**Numbers** (active accounts only, ``employee_type`` and ``course`` filters applied):

* staff; staff whose JP this year (completed courses in the year, site time zone, plus verified
  external records ending in it: the JP ledger, :mod:`lms.core.queries.jp_ledger`) reaches the
  target (``LMS_JP_TARGET``);
* assigned courses (``enrollment.source = assigned``), those completed (the current cycle is
  completed and its completion has not expired: what Tim Saya calls ``completed``), overdue
  ones (a due date in the past and not completed) and the people with at least one overdue.

**AKPK**: per competency and group, the people whose position requires it, those with a gap,
the average gap (over the people with a gap), and the published courses that address it. The
gap follows :mod:`lms.core.queries.competencies` exactly (required minus current; current is
the newest valid assessed level, else the best current evidence level, else 0); a test checks
both agree person by person.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from flask import current_app
from sqlalchemy import (
    Select,
    and_,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import aliased

from lms.core import site_settings
from lms.core.models import (
    Competency,
    Completion,
    Course,
    CourseCompetency,
    CourseStatus,
    Enrollment,
    EnrollmentSource,
    Position,
    Unit,
    User,
)
from lms.core.models.base import UTCDateTime, utcnow
from lms.core.models.competency import CompetencyAssessment, CompetencyEvidence, PositionStandard
from lms.core.queries import employee_types, jp_ledger
from lms.extensions import db

PEOPLE_PER_PAGE = 50
COURSES_PER_GAP = 3
PEOPLE_FILTERS = ("short", "overdue", "gap")


def jp_target() -> float:
    """The default yearly JP target (``/admin/settings``); a person's own is their employee
    type's (:func:`lms.core.queries.employee_types.jp_target_for`, ``target_sql`` in SQL)."""
    return site_settings.default_jp_target()


@dataclass(frozen=True)
class ReportFilter:
    unit_id: int | None = None  # None: the agency, grouped by perangkat daerah
    year: int = 0
    employee_type: str = ""  # "", "PNS", "PPPK"
    course_id: int | None = None  # only this assigned course counts for completion and overdue

    def args(self, **changes: Any) -> dict[str, Any]:
        """Query-string values (links keep the filters); ``changes`` by query-string name
        (``unit=``, ``course=``, ``type=``, ``year=``)."""
        names = {"unit": "unit_id", "course": "course_id", "type": "employee_type", "year": "year"}
        f = replace(self, **{names[k]: v for k, v in changes.items()})
        values = {"unit": f.unit_id, "year": f.year, "type": f.employee_type, "course": f.course_id}
        return {k: v for k, v in values.items() if v not in ("", None, 0)}


@dataclass
class Stats:
    staff: int = 0
    jp_reached: int = 0
    assigned: int = 0
    completed: int = 0
    overdue: int = 0
    overdue_people: int = 0
    jp_total: float = 0.0

    @property
    def jp_share(self) -> int | None:
        """Percent of staff at or above the JP target (None without staff)."""
        return round(100 * self.jp_reached / self.staff) if self.staff else None

    @property
    def completion(self) -> int | None:
        """Percent of assigned courses completed (None without assignments)."""
        return round(100 * self.completed / self.assigned) if self.assigned else None

    @property
    def jp_average(self) -> float:
        return self.jp_total / self.staff if self.staff else 0.0

    def add(self, other: Stats) -> None:
        for name in ("staff", "jp_reached", "assigned", "completed", "overdue", "overdue_people", "jp_total"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class GroupRow:
    unit_id: int | None  # None: people without a unit
    name: str
    kind: str  # "unit" (a child or a perangkat daerah), "self" (placed directly in the shown unit), "none"
    has_children: bool
    stats: Stats


@dataclass
class Report:
    filters: ReportFilter
    unit: Unit | None
    crumbs: list[tuple[int, str]]  # ancestors of the shown unit, top first
    rows: list[GroupRow]
    total: Stats
    target: float


# --------------------------------------------------------------------------- building blocks


def _now() -> datetime:
    return utcnow()


def _today() -> date:
    from lms.core.services.competencies import local_today

    return local_today()


def group_map(parent: Unit | None) -> Any:
    """(unit_id, group_id) for every unit under the groups of ``parent`` (see the module doc)."""
    u, g = aliased(Unit, name="mu"), aliased(Unit, name="mg")
    top = g.parent_id.is_(None) if parent is None else g.parent_id == parent.id
    mapping: Any = (select(u.id.label("unit_id"), g.id.label("group_id")).select_from(u)
                    .join(g, and_(top, u.path.like(g.path + "%"))))
    if parent is not None:
        mapping = union_all(mapping, select(literal(parent.id).label("unit_id"), literal(parent.id).label("group_id")))
    return mapping.subquery("grp")


def _people_condition(f: ReportFilter, unit: Unit | None) -> Any:
    condition = User.active.is_(True)
    if f.employee_type in employee_types.by_code():
        condition = and_(condition, User.employee_type == f.employee_type)
    if unit is not None:
        condition = and_(condition, User.unit_id.in_(select(Unit.id).where(Unit.path.like(unit.path + "%"))))
    return condition


def _members(f: ReportFilter, unit: Unit | None) -> Select | None:
    """The people in scope, to narrow the aggregates (None: everyone, no narrowing needed)."""
    if unit is None and not f.employee_type:
        return None
    return select(User.id).where(_people_condition(f, unit))


def _assigned_subquery(f: ReportFilter, members: Select | None, now: datetime) -> Any:
    """Per person: assigned, completed and overdue assigned courses."""
    cc = aliased(Completion, name="cc")
    now_param = literal(now, UTCDateTime())
    done = and_(Enrollment.completed_at.is_not(None), or_(cc.expires_at.is_(None), cc.expires_at > now_param))
    late = and_(Enrollment.due_at.is_not(None), Enrollment.due_at < now_param, ~done)
    stmt = (select(Enrollment.user_id.label("user_id"), func.count().label("assigned"),
                   func.sum(case((done, 1), else_=0)).label("completed"),
                   func.sum(case((late, 1), else_=0)).label("overdue"))
            .select_from(Enrollment)
            .outerjoin(cc, and_(cc.user_id == Enrollment.user_id, cc.course_id == Enrollment.course_id,
                                cc.cycle == Enrollment.cycle))
            .where(Enrollment.source == EnrollmentSource.ASSIGNED.value))
    if f.course_id:
        stmt = stmt.where(Enrollment.course_id == f.course_id)
    if members is not None:
        stmt = stmt.where(Enrollment.user_id.in_(members))
    return stmt.group_by(Enrollment.user_id).subquery("enr")


def person_columns(f: ReportFilter, unit: Unit | None, now: datetime) -> tuple[list[Any], Any, Any]:
    """The per-person numbers as columns over ``User`` and the joins that give them."""
    members = _members(f, unit)
    ledger = jp_ledger.totals(jp_ledger.Period.year(f.year), members)
    enr = _assigned_subquery(f, members, now)
    jp = func.coalesce(ledger.c.jp, 0).label("jp")
    columns = [jp, func.coalesce(enr.c.assigned, 0).label("assigned"),
               func.coalesce(enr.c.completed, 0).label("completed"),
               func.coalesce(enr.c.overdue, 0).label("overdue")]

    def join(stmt: Select) -> Select:
        return stmt.outerjoin(ledger, ledger.c.user_id == User.id).outerjoin(enr, enr.c.user_id == User.id)

    return columns, join, _people_condition(f, unit)


# --------------------------------------------------------------------------- the report


def _stats(r: Any) -> Stats:
    return Stats(staff=int(r.staff or 0), jp_reached=int(r.reached or 0), assigned=int(r.assigned or 0),
                 completed=int(r.completed or 0), overdue=int(r.overdue or 0),
                 overdue_people=int(r.overdue_people or 0), jp_total=float(r.jp_total or 0))


def group_stats(f: ReportFilter, unit: Unit | None, now: datetime | None = None) -> dict[int | None, Stats]:
    """group id -> numbers, in one statement."""
    now = now or _now()
    grp = group_map(unit)
    columns, join, condition = person_columns(f, unit, now)
    person = join(select(User.id.label("id"), grp.c.group_id.label("group_id"),
                         employee_types.target_sql(User.employee_type).label("target"), *columns).select_from(User)
                  .outerjoin(grp, grp.c.unit_id == User.unit_id)).where(condition).subquery("person")
    stmt = (select(person.c.group_id, func.count().label("staff"),
                   func.sum(case((person.c.jp >= person.c.target, 1), else_=0)).label("reached"),
                   func.sum(person.c.jp).label("jp_total"),
                   func.sum(person.c.assigned).label("assigned"), func.sum(person.c.completed).label("completed"),
                   func.sum(person.c.overdue).label("overdue"),
                   func.sum(case((person.c.overdue > 0, 1), else_=0)).label("overdue_people"))
            .group_by(person.c.group_id))
    return {r.group_id: _stats(r) for r in db.session.execute(stmt)}


def crumbs_of(unit: Unit | None) -> list[tuple[int, str]]:
    if unit is None:
        return []
    ids = [int(p) for p in unit.path.strip("/").split("/") if p][:-1]
    if not ids:
        return []
    names = dict(db.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids))).tuples().all())
    return [(i, names.get(i, "?")) for i in ids]


def _groups(unit: Unit | None) -> list[tuple[int, str, bool]]:
    """(id, name, has children) of the groups below ``unit``: one query."""
    child = aliased(Unit, name="child")
    has_children = exists().where(child.parent_id == Unit.id)
    where = Unit.parent_id.is_(None) if unit is None else Unit.parent_id == unit.id
    return [(r[0], r[1], bool(r[2])) for r in db.session.execute(
        select(Unit.id, Unit.name, has_children).where(where).order_by(Unit.name, Unit.id))]


def report(f: ReportFilter, now: datetime | None = None) -> Report:
    """The report at ``f.unit_id`` (None: the agency): four queries whatever the size."""
    unit = db.session.get(Unit, f.unit_id) if f.unit_id else None
    if f.unit_id and unit is None:
        raise LookupError(f.unit_id)
    stats = group_stats(f, unit, now)
    rows: list[GroupRow] = []
    if unit is not None and unit.id in stats:
        rows.append(GroupRow(unit.id, unit.name, "self", False, stats[unit.id]))
    for group_id, name, has_children in _groups(unit):
        rows.append(GroupRow(group_id, name, "unit", has_children, stats.get(group_id, Stats())))
    if unit is None and None in stats:
        rows.append(GroupRow(None, "", "none", False, stats[None]))
    total = Stats()
    for row in rows:
        total.add(row.stats)
    return Report(f, unit, crumbs_of(unit), rows, total, jp_target())


# --------------------------------------------------------------------------- people


@dataclass
class PersonRow:
    id: int
    nip: str
    name: str
    unit_id: int | None
    unit: str  # the unit's full path ("Dinas X > Bidang Y")
    position: str
    employee_type: str
    golongan: str
    jp: float
    assigned: int
    completed: int
    overdue: int
    gaps: int
    target: float

    @property
    def reached(self) -> bool:
        return self.jp >= self.target


def unit_labels() -> dict[int, str]:
    """unit id -> full path label, for every unit (one query; units are a few thousand)."""
    rows = db.session.execute(select(Unit.id, Unit.name, Unit.path)).all()
    names = {r.id: r.name for r in rows}
    return {r.id: " > ".join(names.get(int(p), "?") for p in (r.path or "").strip("/").split("/") if p)
            for r in rows}


def people_select(f: ReportFilter, unit: Unit | None, *, direct: bool = False, only: str = "",
                  q: str = "", now: datetime | None = None) -> Select:
    """Every person in scope with their numbers, sorted by name: one statement (pages and
    exports read it)."""
    now = now or _now()
    columns, join, condition = person_columns(f, unit, now)
    gaps = gaps_per_person(f, unit, now)
    stmt = join(select(User.id, User.nip, User.name, User.unit_id, Position.name.label("position"),
                       User.employee_type, User.golongan, *columns,
                       func.coalesce(gaps.c.gaps, 0).label("gaps"))
                .select_from(User).outerjoin(Position, Position.id == User.position_id)
                .outerjoin(gaps, gaps.c.user_id == User.id)).where(condition)
    if direct and unit is not None:
        stmt = stmt.where(User.unit_id == unit.id)
    if only == "short":
        stmt = stmt.where(columns[0] < employee_types.target_sql(User.employee_type))
    elif only == "overdue":
        stmt = stmt.where(columns[3] > 0)
    elif only == "gap":
        stmt = stmt.where(func.coalesce(gaps.c.gaps, 0) > 0)
    if q:
        digits = "".join(ch for ch in q if ch.isdigit())
        search = func.lower(User.name).like(f"%{q.lower()}%")
        if len(digits) >= 3:
            search = or_(search, User.nip.like(f"%{digits}%"))
        stmt = stmt.where(search)
    return stmt.order_by(User.name, User.nip)


def _person(r: Any, labels: dict[int, str], targets: dict[str, float]) -> PersonRow:
    etype = getattr(r.employee_type, "value", r.employee_type)
    target = targets[str(etype)] if str(etype) in targets else targets[""]
    return PersonRow(id=r.id, nip=r.nip, name=r.name, unit_id=r.unit_id, unit=labels.get(r.unit_id, ""),
                     position=r.position or "", employee_type=str(etype or ""), golongan=r.golongan or "",
                     jp=float(r.jp or 0), assigned=int(r.assigned), completed=int(r.completed),
                     overdue=int(r.overdue), gaps=int(r.gaps), target=target)


@dataclass
class PeoplePage:
    people: list[PersonRow]
    total: int
    page: int
    pages: int


def people_page(f: ReportFilter, unit: Unit | None, *, direct: bool = False, only: str = "", q: str = "",
                page: int = 1, per_page: int = PEOPLE_PER_PAGE) -> PeoplePage:
    stmt = people_select(f, unit, direct=direct, only=only, q=q)
    total = int(db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0)
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    labels = unit_labels()
    targets = {**employee_types.targets(), "": jp_target()}  # "": an unknown type gets the default
    rows = db.session.execute(stmt.offset((page - 1) * per_page).limit(per_page))
    return PeoplePage([_person(r, labels, targets) for r in rows], total, page, pages)


def stream_people(f: ReportFilter, unit: Unit | None, *, direct: bool = False, only: str = "",
                  batch: int = 2000) -> Iterator[PersonRow]:
    """Every person in scope, fetched in batches: memory stays flat (exports). Runs in its own
    application context, so a streamed response may read it after the view returned."""
    stmt = people_select(f, unit, direct=direct, only=only).execution_options(yield_per=batch)
    labels = unit_labels()
    targets = {**employee_types.targets(), "": jp_target()}  # read once: rows stream outside the request
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def rows() -> Iterator[PersonRow]:
        with app.app_context():
            for r in db.session.execute(stmt):
                yield _person(r, labels, targets)

    return rows()


# --------------------------------------------------------------------------- AKPK (competency gaps)


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _current_levels(people: Any, now: datetime, today: date) -> tuple[Any, list[tuple[Any, Any]]]:
    """The *current* level of (``User``, ``PositionStandard.competency_code``) as an expression,
    with the outer joins it needs: the newest valid assessed level, else the best current
    evidence level, else 0 (as :func:`lms.core.queries.competencies.profile`).

    Two plans, same answer: SQLite seeks the two indexes per row (correlated subqueries, cheap
    there, while joining large derived tables is not); PostgreSQL aggregates each table once
    and hash-joins (per-row subplans are what is slow there). ``people`` (ids) narrows the
    aggregated tables to the people in scope."""
    valid = and_(CompetencyAssessment.assessed_on <= today, CompetencyAssessment.valid_until >= today)
    live = or_(CompetencyEvidence.expires_at.is_(None), CompetencyEvidence.expires_at > literal(now, UTCDateTime()))
    if _dialect() != "postgresql":
        assessed = (select(CompetencyAssessment.level)
                    .where(CompetencyAssessment.user_id == User.id,
                           CompetencyAssessment.competency_code == PositionStandard.competency_code, valid)
                    .order_by(CompetencyAssessment.assessed_on.desc(), CompetencyAssessment.id.desc())
                    .limit(1).correlate(User, PositionStandard).scalar_subquery())
        evidence = (select(func.max(CompetencyEvidence.level))
                    .where(CompetencyEvidence.user_id == User.id,
                           CompetencyEvidence.competency_code == PositionStandard.competency_code, live)
                    .correlate(User, PositionStandard).scalar_subquery())
        return func.coalesce(assessed, evidence, 0), []
    ranked = select(CompetencyAssessment.user_id, CompetencyAssessment.competency_code.label("code"),
                    CompetencyAssessment.level,
                    func.row_number().over(partition_by=(CompetencyAssessment.user_id,
                                                         CompetencyAssessment.competency_code),
                                           order_by=(CompetencyAssessment.assessed_on.desc(),
                                                     CompetencyAssessment.id.desc())).label("rn")).where(valid)
    best = (select(CompetencyEvidence.user_id, CompetencyEvidence.competency_code.label("code"),
                   func.max(CompetencyEvidence.level).label("level")).where(live)
            .group_by(CompetencyEvidence.user_id, CompetencyEvidence.competency_code))
    if people is not None:
        ranked = ranked.where(CompetencyAssessment.user_id.in_(people))
        best = best.where(CompetencyEvidence.user_id.in_(people))
    ranked_q = ranked.subquery("ranked")
    asm = select(ranked_q.c.user_id, ranked_q.c.code, ranked_q.c.level).where(ranked_q.c.rn == 1).subquery("asm")
    ev = best.subquery("ev")
    joins = [(asm, and_(asm.c.user_id == User.id, asm.c.code == PositionStandard.competency_code)),
             (ev, and_(ev.c.user_id == User.id, ev.c.code == PositionStandard.competency_code))]
    return func.coalesce(asm.c.level, ev.c.level, 0), joins


def _gap_rows(f: ReportFilter, unit: Unit | None, now: datetime, today: date, grouped: bool,
              user_ids: list[int] | None = None) -> Any:
    """One row per (person, required competency): ``required`` and ``current`` levels."""
    condition = _people_condition(f, unit)
    people: Any = _members(f, unit)
    if user_ids is not None:
        condition = and_(condition, User.id.in_(user_ids))
        people = user_ids
    current, joins = _current_levels(people, now, today)
    stmt = (select(User.id.label("user_id"), PositionStandard.competency_code.label("code"),
                   PositionStandard.required_level.label("required"), current.label("current"))
            .select_from(User).join(PositionStandard, PositionStandard.position_id == User.position_id))
    for target, on in joins:
        stmt = stmt.outerjoin(target, on)
    if grouped:
        grp = group_map(unit)
        stmt = stmt.add_columns(grp.c.group_id).outerjoin(grp, grp.c.unit_id == User.unit_id)
    # OFFSET 0: an optimisation fence (SQLite and PostgreSQL alike) that keeps the database from
    # inlining this subquery into the aggregates above it, which would then look the levels up
    # again for every use of ``current``.
    return stmt.where(condition).offset(0).subquery("req")


def gaps_per_person(f: ReportFilter, unit: Unit | None, now: datetime | None = None) -> Any:
    """Subquery (user_id, gaps): the number of open competency gaps of each person in scope."""
    req = _gap_rows(f, unit, now or _now(), _today(), grouped=False)
    return (select(req.c.user_id, func.count().label("gaps")).where(req.c.required > req.c.current)
            .group_by(req.c.user_id).subquery("gaps"))


def gap_counts(user_ids: list[int]) -> dict[int, int]:
    """Open gaps per person for the given people (one query): what Tim Saya shows."""
    if not user_ids:
        return {}
    req = _gap_rows(ReportFilter(), None, _now(), _today(), grouped=False, user_ids=list(user_ids))
    rows = db.session.execute(select(req.c.user_id, func.count()).where(req.c.required > req.c.current)
                              .group_by(req.c.user_id)).tuples()
    return dict(rows.all())


@dataclass(frozen=True)
class CourseHint:
    slug: str
    title: str
    level: int
    jp: float


@dataclass
class GapRow:
    group_id: int | None
    code: str
    name: str
    group: str  # the competency's group (manajerial ...)
    required_people: int  # people whose position requires the competency
    gap_people: int
    gap_sum: int
    max_required: int
    min_current: int | None  # lowest current level among the people with a gap
    courses: list[CourseHint] = field(default_factory=list)

    @property
    def average_gap(self) -> float:
        return self.gap_sum / self.gap_people if self.gap_people else 0.0

    @property
    def share(self) -> int:
        return round(100 * self.gap_people / self.required_people) if self.required_people else 0


@dataclass
class Akpk:
    filters: ReportFilter
    unit: Unit | None
    crumbs: list[tuple[int, str]]
    totals: list[GapRow]  # per competency over the whole scope, most people with a gap first
    by_group: list[tuple[GroupRow, list[GapRow]]]  # per group, its competencies with a gap


def akpk(f: ReportFilter, now: datetime | None = None, today: date | None = None,
         courses_per_gap: int = COURSES_PER_GAP) -> Akpk:
    """The training needs analysis at ``f.unit_id``: five queries whatever the size."""
    now, today = now or _now(), today or _today()
    unit = db.session.get(Unit, f.unit_id) if f.unit_id else None
    if f.unit_id and unit is None:
        raise LookupError(f.unit_id)
    req = _gap_rows(f, unit, now, today, grouped=True)
    gap = req.c.required - req.c.current
    stmt = (select(req.c.group_id, req.c.code, func.count().label("required_people"),
                   func.sum(case((gap > 0, 1), else_=0)).label("gap_people"),
                   func.sum(case((gap > 0, gap), else_=0)).label("gap_sum"),
                   func.max(req.c.required).label("max_required"),
                   func.min(case((gap > 0, req.c.current))).label("min_current"))
            .group_by(req.c.group_id, req.c.code))
    competencies = {c.code: c for c in db.session.scalars(select(Competency))}
    cells: dict[int | None, dict[str, GapRow]] = {}
    totals: dict[str, GapRow] = {}
    for r in db.session.execute(stmt):
        c = competencies.get(r.code)
        row = GapRow(r.group_id, r.code, c.name if c else r.code, str(getattr(c.group, "value", "")) if c else "",
                     int(r.required_people), int(r.gap_people or 0), int(r.gap_sum or 0), int(r.max_required),
                     None if r.min_current is None else int(r.min_current))
        cells.setdefault(r.group_id, {})[r.code] = row
        total = totals.setdefault(r.code, GapRow(None, row.code, row.name, row.group, 0, 0, 0, 0, None))
        total.required_people += row.required_people
        total.gap_people += row.gap_people
        total.gap_sum += row.gap_sum
        total.max_required = max(total.max_required, row.max_required)
        if row.min_current is not None:
            total.min_current = row.min_current if total.min_current is None else min(total.min_current,
                                                                                      row.min_current)
    _attach_courses([*totals.values(), *(r for g in cells.values() for r in g.values())], courses_per_gap)
    ordered = sorted(totals.values(), key=lambda r: (-r.gap_people, -r.average_gap, r.name))
    groups: list[tuple[GroupRow, list[GapRow]]] = []
    named = [(unit.id, unit.name, "self", False)] if unit is not None else []
    named += [(gid, name, "unit", has) for gid, name, has in _groups(unit)]
    if unit is None:
        named.append((None, "", "none", False))
    for gid, name, kind, has in named:
        rows = [r for r in cells.get(gid, {}).values() if r.gap_people]
        if rows or kind == "unit":
            rows.sort(key=lambda r: (-r.gap_people, -r.average_gap, r.name))
            groups.append((GroupRow(gid, name, kind, has, Stats()), rows))
    return Akpk(f, unit, crumbs_of(unit), ordered, groups)


def _attach_courses(rows: list[GapRow], limit: int) -> None:
    """Published courses mapping each competency at a level above the lowest current level of
    the people with the gap (what would move at least one of them): one query."""
    codes = sorted({r.code for r in rows if r.gap_people})
    if not codes:
        return
    by_code: dict[str, list[CourseHint]] = {}
    for code, level, slug, title, jp in db.session.execute(
            select(CourseCompetency.code, CourseCompetency.level, Course.slug, Course.title, Course.jp)
            .join(Course, Course.id == CourseCompetency.course_id)
            .where(CourseCompetency.code.in_(codes), Course.status == CourseStatus.PUBLISHED.value,
                   Course.published_revision_id.is_not(None))
            .order_by(CourseCompetency.level, Course.title)).tuples():
        by_code.setdefault(code, []).append(CourseHint(slug, title, int(level), float(jp or 0)))
    for row in rows:
        if row.gap_people:
            floor = row.min_current or 0
            row.courses = [c for c in by_code.get(row.code, []) if c.level > floor][:limit]


def course_choices() -> list[tuple[int, str]]:
    """(id, title) of the published courses, for the report's course filter."""
    return list(db.session.execute(select(Course.id, Course.title).where(
        Course.status == CourseStatus.PUBLISHED.value).order_by(Course.title)).tuples())


