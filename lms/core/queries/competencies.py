"""The competency profile of one employee, in a fixed number of queries whatever their history.

Per competency (docs/glossary.md, "Competencies"):

* **required**: the level the position's standard asks for (none: no gap is shown);
* **assessed**: the newest assessment that is still valid (expired ones stay in the history);
* **evidence**: the best level among *current* evidence (not expired), with every piece listed;
* **current**: the assessed level when there is one, else the best evidence level (flagged);
* **gap**: ``required - current`` when positive (no current level counts as 0);
* **suggestions**: published courses mapping the competency at a level above the current one,
  that the employee has not validly completed, lowest level first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, or_, select

from lms.core.competency_levels import NATIONAL_COMPETENCIES
from lms.core.models import (
    Competency,
    CompetencyGroup,
    Completion,
    Course,
    CourseCompetency,
    CourseStatus,
    Position,
    User,
)
from lms.core.models.base import utcnow
from lms.core.models.competency import CompetencyAssessment, CompetencyEvidence, PositionStandard
from lms.extensions import db

SUGGESTIONS_PER_COMPETENCY = 3
_GROUP_ORDER = {CompetencyGroup.MANAJERIAL: 0, CompetencyGroup.SOSIAL_KULTURAL: 1, CompetencyGroup.TEKNIS: 2}
_NATIONAL_ORDER = {code: n for n, (code, _name, _group) in enumerate(NATIONAL_COMPETENCIES)}


@dataclass(frozen=True)
class EvidenceItem:
    evidence: CompetencyEvidence
    course_slug: str | None
    title: str  # the course's title, or the evidence's own title
    is_current: bool


@dataclass(frozen=True)
class AssessmentItem:
    assessment: CompetencyAssessment
    is_valid: bool
    is_expired: bool


@dataclass(frozen=True)
class Suggestion:
    slug: str
    title: str
    jp: float
    level: int


@dataclass
class CompetencyRow:
    competency: Competency
    required: int | None = None
    assessed: int | None = None
    evidence_level: int | None = None
    assessments: list[AssessmentItem] = field(default_factory=list)  # newest first
    evidence: list[EvidenceItem] = field(default_factory=list)  # newest first
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def current(self) -> int | None:
        return self.assessed if self.assessed is not None else self.evidence_level

    @property
    def current_source(self) -> str | None:
        """``assessed``, ``evidence`` or None: what ``current`` is based on."""
        if self.assessed is not None:
            return "assessed"
        return "evidence" if self.evidence_level is not None else None

    @property
    def gap(self) -> int | None:
        if self.required is None:
            return None
        return max(self.required - (self.current or 0), 0)

    @property
    def has_data(self) -> bool:
        return self.required is not None or bool(self.assessments) or bool(self.evidence)


@dataclass
class Profile:
    user: User
    rows: list[CompetencyRow]

    @property
    def shown(self) -> list[CompetencyRow]:
        """The competencies that concern this employee: required, assessed or evidenced."""
        return [r for r in self.rows if r.has_data]

    @property
    def charted(self) -> list[CompetencyRow]:
        return [r for r in self.rows if r.required is not None or r.current is not None]

    @property
    def gaps(self) -> list[CompetencyRow]:
        return [r for r in self.rows if r.gap]


def _order(competency: Competency) -> tuple[int, int, str]:
    return (_GROUP_ORDER.get(CompetencyGroup(competency.group), 3), _NATIONAL_ORDER.get(competency.code, 99),
            competency.name.lower())


def profile(user: User, *, with_suggestions: bool = True, now: datetime | None = None,
            today: date | None = None) -> Profile:
    """The profile of ``user``: five queries (four without suggestions), whatever the history."""
    now = now or utcnow()
    if today is None:
        from lms.core.services.competencies import local_today

        today = local_today()
    competencies = db.session.scalars(select(Competency)).all()
    rows = {c.code: CompetencyRow(c) for c in competencies}
    if user.position_id is not None:
        for standard in db.session.scalars(select(PositionStandard).where(
                PositionStandard.position_id == user.position_id)):
            if standard.competency_code in rows:
                rows[standard.competency_code].required = standard.required_level
    for assessment in db.session.scalars(select(CompetencyAssessment).where(CompetencyAssessment.user_id == user.id)
                                         .order_by(CompetencyAssessment.assessed_on.desc(),
                                                   CompetencyAssessment.id.desc())):
        row = rows.get(assessment.competency_code)
        if row is None:
            continue
        valid = assessment.is_valid_on(today)
        row.assessments.append(AssessmentItem(assessment, valid, assessment.valid_until < today))
        if valid and row.assessed is None:  # the newest valid one
            row.assessed = assessment.level
    for evidence, slug, course_title in db.session.execute(
            select(CompetencyEvidence, Course.slug, Course.title)
            .outerjoin(Course, Course.id == CompetencyEvidence.course_id)
            .where(CompetencyEvidence.user_id == user.id)
            .order_by(CompetencyEvidence.earned_at.desc(), CompetencyEvidence.id.desc())).tuples():
        row = rows.get(evidence.competency_code)
        if row is None:
            continue
        current = evidence.is_current(now)
        row.evidence.append(EvidenceItem(evidence, slug, course_title or evidence.title, current))
        if current and (row.evidence_level is None or evidence.level > row.evidence_level):
            row.evidence_level = evidence.level
    ordered = sorted((r for r in rows.values() if r.competency.active or r.has_data),
                     key=lambda r: _order(r.competency))
    if with_suggestions:
        _suggest(user, [r for r in ordered if r.gap], now)
    return Profile(user, ordered)


def _suggest(user: User, gaps: list[CompetencyRow], now: datetime) -> None:
    """Courses that would close the gaps: one query for all of them."""
    if not gaps:
        return
    by_code = {r.competency.code: r for r in gaps}
    completed_validly = select(Completion.id).where(
        Completion.user_id == user.id, Completion.course_id == Course.id,
        or_(Completion.expires_at.is_(None), Completion.expires_at > now)).exists()
    rows = db.session.execute(
        select(CourseCompetency.code, CourseCompetency.level, Course.slug, Course.title, Course.jp)
        .join(Course, Course.id == CourseCompetency.course_id)
        .where(CourseCompetency.code.in_(list(by_code)), Course.status == CourseStatus.PUBLISHED,
               Course.published_revision_id.is_not(None), ~completed_validly)
        .order_by(CourseCompetency.level, Course.title)).tuples()
    for code, level, slug, title, jp in rows:
        row = by_code[code]
        if level > (row.current or 0) and len(row.suggestions) < SUGGESTIONS_PER_COMPETENCY:
            row.suggestions.append(Suggestion(slug, title, jp, level))



# --------------------------------------------------------------------------- admin reads


@dataclass(frozen=True)
class PositionRow:
    position: Position
    standards: int
    staff: int


def positions_overview(query: str = "") -> list[PositionRow]:
    """Positions with their number of standards and of (active) staff: one query."""
    standards = (select(PositionStandard.position_id, func.count().label("n"))
                 .group_by(PositionStandard.position_id).subquery())
    staff = (select(User.position_id, func.count().label("n")).where(User.active.is_(True))
             .group_by(User.position_id).subquery())
    stmt = (select(Position, func.coalesce(standards.c.n, 0), func.coalesce(staff.c.n, 0))
            .outerjoin(standards, standards.c.position_id == Position.id)
            .outerjoin(staff, staff.c.position_id == Position.id))
    if query:
        stmt = stmt.where(func.lower(Position.name).like(f"%{query.lower()}%"))
    return [PositionRow(p, int(s), int(n)) for p, s, n in db.session.execute(stmt.order_by(Position.name))]


def standards_of(position_id: int) -> dict[str, int]:
    """competency code -> required level for the position."""
    return dict(db.session.execute(select(PositionStandard.competency_code, PositionStandard.required_level)
                                   .where(PositionStandard.position_id == position_id)).tuples().all())


def ordered_competencies(active_only: bool = True) -> list[Competency]:
    """Competencies in the profile's order: manajerial, sosial kultural (national order), teknis."""
    stmt = select(Competency)
    if active_only:
        stmt = stmt.where(Competency.active.is_(True))
    return sorted(db.session.scalars(stmt), key=_order)


def assessments_of(user_id: int) -> list[tuple[CompetencyAssessment, str]]:
    """Every assessment of a user with the competency's name, newest first."""
    return list(db.session.execute(
        select(CompetencyAssessment, Competency.name)
        .join(Competency, Competency.code == CompetencyAssessment.competency_code)
        .where(CompetencyAssessment.user_id == user_id)
        .order_by(CompetencyAssessment.assessed_on.desc(), CompetencyAssessment.id.desc())).tuples())


def by_group_and_name() -> list[Competency]:
    """Every competency, inactive ones too, by group then name (the admin's list)."""
    return list(db.session.scalars(select(Competency).order_by(Competency.group, Competency.name)))


def by_name() -> list[Competency]:
    """Every competency by name (the catalogue's filter)."""
    return list(db.session.scalars(select(Competency).order_by(Competency.name)))


def names_by_name(codes: Iterable[str]) -> list[tuple[str, str]]:
    """(code, name) of the competencies among ``codes`` that exist, by name."""
    return list(db.session.execute(select(Competency.code, Competency.name).where(Competency.code.in_(list(codes)))
                                   .order_by(Competency.name)).tuples())
