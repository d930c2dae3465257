"""Reads of learning: one learner in one course (enrolment, progress, state) and the learner's pages, each
in a fixed number of queries whatever the history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache, lru_cache

from sqlalchemy import JSON, Select, bindparam, case, func, or_, select, type_coerce
from sqlalchemy.orm import contains_eager

from lms.core.models import (
    Completion,
    Course,
    CourseCompetency,
    CourseItem,
    CourseModule,
    Enrollment,
    ItemProgress,
    ProgressStatus,
    User,
)
from lms.core.models.base import utcnow
from lms.extensions import db

# --------------------------------------------------------------------------- one course, one learner


def published_course(slug: str) -> Course | None:
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    return course if course is not None and course.is_published else None


def published_items(course: Course) -> list[CourseItem]:
    return list(db.session.scalars(select(CourseItem).where(CourseItem.revision_id == course.published_revision_id)
                                   .order_by(CourseItem.position)))


def enrollment_of(user: User, course: Course) -> Enrollment | None:
    return db.session.scalar(select(Enrollment).where(Enrollment.user_id == user.id,
                                                      Enrollment.course_id == course.id))


def valid_completion(user_id: int, course_id: int, now: datetime | None = None) -> Completion | None:
    """The newest completion that has not expired."""
    now = now or utcnow()
    completion = db.session.scalar(select(Completion).where(Completion.user_id == user_id,
                                                            Completion.course_id == course_id)
                                   .order_by(Completion.completed_at.desc()).limit(1))
    if completion is None or (completion.expires_at is not None and completion.expires_at <= now):
        return None
    return completion


def missing_prerequisites(user: User, course: Course) -> list[Course]:
    if not course.prerequisites:
        return []
    required = db.session.scalars(select(Course).where(Course.slug.in_(course.prerequisites))).all()
    return [c for c in required if valid_completion(user.id, c.id) is None]


def progress_of(enrollment: Enrollment, item_key: str) -> ItemProgress | None:
    return db.session.scalar(select(ItemProgress).where(
        ItemProgress.user_id == enrollment.user_id, ItemProgress.course_id == enrollment.course_id,
        ItemProgress.cycle == enrollment.cycle, ItemProgress.item_key == item_key))


@dataclass(frozen=True)
class CourseState:
    status: str  # not_started | in_progress | completed | expired
    percent: int
    done: int
    total: int
    next_key: str | None
    completion: Completion | None


def course_state(user: User, course: Course, enrollment: Enrollment | None,
                 items: list[CourseItem] | None = None,
                 progress: dict[str, ItemProgress] | None = None) -> CourseState:
    items = items if items is not None else published_items(course)
    if enrollment is None:
        return CourseState("not_started", 0, 0, len(items), items[0].key if items else None, None)
    if progress is None:
        progress = {p.item_key: p for p in db.session.scalars(select(ItemProgress).where(
            ItemProgress.user_id == user.id, ItemProgress.course_id == course.id,
            ItemProgress.cycle == enrollment.cycle))}
    done = sum(1 for i in items if (p := progress.get(i.key)) and p.status == ProgressStatus.DONE)
    percent = round(100 * done / len(items)) if items else 0
    next_key = next((i.key for i in items if not ((p := progress.get(i.key)) and p.status == ProgressStatus.DONE)),
                    None)
    if enrollment.last_item_key and enrollment.last_item_key in {i.key for i in items}:
        last = progress.get(enrollment.last_item_key)
        if last is None or last.status != ProgressStatus.DONE:
            next_key = enrollment.last_item_key
    completion = None
    if enrollment.completed_at is not None or enrollment.cycle > 1:
        completion = db.session.scalar(select(Completion).where(
            Completion.user_id == user.id, Completion.course_id == course.id)
            .order_by(Completion.completed_at.desc()).limit(1))
    if enrollment.completed_at is not None and completion is not None:
        expired = completion.expires_at is not None and completion.expires_at <= utcnow()
        return CourseState("expired" if expired else "completed", 100, done, len(items), None, completion)
    status = "in_progress" if progress else "not_started"
    return CourseState(status, percent, done, len(items), next_key, completion)


# --------------------------------------------------------------------------- pages


@dataclass(frozen=True)
class CourseCard:
    course: Course
    enrollment: Enrollment | None
    state: CourseState
    is_overdue: bool


def catalogue(query: str = "", competency: str | None = None, category: str | None = None,
              max_jp: float | None = None) -> list[Course]:
    stmt = select(Course).where(Course.status == "published", Course.published_revision_id.is_not(None))
    if query:
        like = f"%{query.lower()}%"
        stmt = stmt.where(or_(func.lower(Course.title).like(like), func.lower(Course.summary).like(like)))
    if competency:
        stmt = stmt.where(Course.id.in_(select(CourseCompetency.course_id).where(CourseCompetency.code == competency)))
    if category:
        stmt = stmt.where(Course.category == category)
    if max_jp is not None:
        stmt = stmt.where(Course.jp <= max_jp)
    return list(db.session.scalars(stmt.order_by(Course.title)))


def categories() -> list[str]:
    return [c for c in db.session.scalars(select(Course.category).where(Course.status == "published")
                                          .distinct().order_by(Course.category)) if c]


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The calendar year in the site's time zone (Asia/Jakarta), as UTC instants: a course
    finished at 01:00 WIB on 1 January counts for the new year."""
    from zoneinfo import ZoneInfo

    from flask import current_app

    zone = ZoneInfo(current_app.extensions["lms.settings"].timezone)
    start = datetime(year, 1, 1, tzinfo=zone).astimezone(UTC)
    end = datetime(year + 1, 1, 1, tzinfo=zone).astimezone(UTC)
    return start, end


def local_year(moment: datetime | None = None) -> int:
    from zoneinfo import ZoneInfo

    from flask import current_app

    zone = ZoneInfo(current_app.extensions["lms.settings"].timezone)
    return (moment or utcnow()).astimezone(zone).year


def jp_in_year(user_id: int, year: int) -> float:
    """JP of the year (site time zone): the JP ledger's total (courses completed in it,
    verified external records ending in it), in one query."""
    from lms.core.queries import jp_ledger

    return jp_ledger.jp_of(user_id, jp_ledger.Period.year(year))


def dashboard_cards(user: User, now: datetime | None = None) -> list[CourseCard]:
    """Every enrolment of the user with its state: three queries in all."""
    now = now or utcnow()
    enrollments = db.session.scalars(select(Enrollment).where(Enrollment.user_id == user.id)).all()
    if not enrollments:
        return []
    revisions = [e.course.published_revision_id for e in enrollments]
    items_by_revision: dict[int, list[CourseItem]] = {}
    for item in db.session.scalars(select(CourseItem).where(CourseItem.revision_id.in_(revisions))
                                   .order_by(CourseItem.position)):
        items_by_revision.setdefault(item.revision_id, []).append(item)
    progress: dict[tuple[int, int], dict[str, ItemProgress]] = {}
    for row in db.session.scalars(select(ItemProgress).where(ItemProgress.user_id == user.id)):
        progress.setdefault((row.course_id, row.cycle), {})[row.item_key] = row
    completions: dict[int, Completion] = {}
    for row in db.session.scalars(select(Completion).where(Completion.user_id == user.id)
                                  .order_by(Completion.completed_at)):
        completions[row.course_id] = row  # the newest wins
    cards = []
    for enrollment in enrollments:
        course = enrollment.course
        items = items_by_revision.get(course.published_revision_id or 0, [])
        state = _state(enrollment, items, progress.get((course.id, enrollment.cycle), {}),
                       completions.get(course.id), now)
        overdue = bool(enrollment.due_at and enrollment.due_at < now and state.status not in ("completed",))
        cards.append(CourseCard(course, enrollment, state, overdue))
    return cards


def _state(enrollment: Enrollment, items: list[CourseItem], progress: dict[str, ItemProgress],
           completion: Completion | None, now: datetime) -> CourseState:
    done = sum(1 for i in items if (p := progress.get(i.key)) and p.status == ProgressStatus.DONE)
    total = len(items)
    if enrollment.completed_at is not None and completion is not None:
        expired = completion.expires_at is not None and completion.expires_at <= now
        return CourseState("expired" if expired else "completed", 100, done, total, None, completion)
    next_key = enrollment.last_item_key if enrollment.last_item_key in progress and \
        progress[enrollment.last_item_key].status != ProgressStatus.DONE else None
    next_key = next_key or next((i.key for i in items if not ((p := progress.get(i.key)) and
                                                              p.status == ProgressStatus.DONE)), None)
    return CourseState("in_progress" if progress else "not_started",
                       round(100 * done / total) if total else 0, done, total, next_key, completion)


@dataclass(frozen=True)
class ItemRow:
    """An item of a course's outline. ``settings`` and ``content`` are loaded only for the item
    being shown: the outline needs titles, not every lesson's stored HTML. Frozen: the rows are
    shared by every page view of the revision (cached)."""

    id: int
    revision_id: int
    key: str
    type: str
    title: str
    position: int
    minutes: int
    required: bool
    module_key: str
    settings: dict
    content: dict


@lru_cache(maxsize=512)
def _outline_cached(revision_id: int, stamp: datetime, current_key: str) -> tuple[ItemRow, ...]:
    return tuple(_outline_query(revision_id, current_key))


def outline_with_current(course: Course, current_key: str | None) -> list[ItemRow]:
    """The published outline with the full settings and content of one item.

    A revision never changes once made, so its outline and items are cached in this process
    by (revision, key): a lesson page skips the query on every view after the first. A
    re-import or publish makes a new revision id and touches the course's ``updated_at`` (also
    in the key, since SQLite may reuse the id of a deleted row), so nothing stale is served.
    At most 512 entries (a lesson's stored HTML is a few tens of KB)."""
    if course.published_revision_id is None:
        return []
    return list(_outline_cached(course.published_revision_id, course.updated_at, current_key or ""))


def _outline_query(revision_id: int, current_key: str) -> list[ItemRow]:
    is_current = CourseItem.key == current_key
    rows = db.session.execute(
        select(CourseItem.id, CourseItem.revision_id, CourseItem.key, CourseItem.type, CourseItem.title,
               CourseItem.position, CourseItem.minutes, CourseItem.required, CourseItem.module_key,
               type_coerce(case((is_current, CourseItem.settings)), JSON),
               type_coerce(case((is_current, CourseItem.content)), JSON))
        .where(CourseItem.revision_id == revision_id)
        .order_by(CourseItem.position)
    ).all()
    return [ItemRow(*row[:9], settings=row[9] or {}, content=row[10] or {}) for row in rows]


def modules_of(course: Course) -> list[CourseModule]:
    return list(db.session.scalars(select(CourseModule).where(CourseModule.revision_id == course.published_revision_id)
                                   .order_by(CourseModule.position)))


# The lesson page's statements are built once (``cache``) with bound parameters: SQLAlchemy
# memoizes a statement's cache key on the object, so a page view skips building the query and
# its key, which cost as much as running it on SQLite (``python -m bench serve``).
@cache
def _cycle_progress_statement() -> Select:
    return select(ItemProgress).where(ItemProgress.user_id == bindparam("user_id"),
                                      ItemProgress.course_id == bindparam("course_id"),
                                      ItemProgress.cycle == bindparam("cycle"))


@cache
def _course_enrollment_progress_statement() -> Select:
    return (select(Course, Enrollment, ItemProgress)
            .outerjoin(Enrollment, (Enrollment.course_id == Course.id)
                       & (Enrollment.user_id == bindparam("user_id")))
            .outerjoin(ItemProgress, (ItemProgress.user_id == Enrollment.user_id)
                       & (ItemProgress.course_id == Enrollment.course_id)
                       & (ItemProgress.cycle == Enrollment.cycle))
            .where(Course.slug == bindparam("slug"), Course.status == "published",
                   Course.published_revision_id.is_not(None))
            # the enrolment's course is the row's course: no second join of the course table
            .options(contains_eager(Enrollment.course)))


def course_enrollment_progress(user: User, slug: str) -> tuple[Course | None, Enrollment | None,
                                                                dict[str, ItemProgress]]:
    """A published course, the user's enrolment in it and the progress of its current cycle,
    in one query (the item page's: one row per progress row)."""
    rows = db.session.execute(_course_enrollment_progress_statement(), {"user_id": user.id, "slug": slug}).all()
    if not rows:
        return None, None, {}
    return rows[0][0], rows[0][1], {row[2].item_key: row[2] for row in rows if row[2] is not None}


def course_page_state(user: User, course: Course, enrollment: Enrollment | None,
                      items: list[CourseItem], progress: dict[str, ItemProgress] | None = None,
                      ) -> tuple[CourseState, dict[str, ItemProgress]]:
    """The course's state for the user; ``progress`` when the caller has already read it."""
    if progress is None:
        progress = {} if enrollment is None else {p.item_key: p for p in db.session.scalars(
            _cycle_progress_statement(), {"user_id": user.id, "course_id": course.id, "cycle": enrollment.cycle})}
    return course_state(user, course, enrollment, items, progress), progress


def transcript(user_id: int) -> list[Completion]:
    return list(db.session.scalars(select(Completion).where(Completion.user_id == user_id)
                                   .order_by(Completion.completed_at.desc())))


def latest_completion(user_id: int, course_id: int) -> Completion | None:
    return db.session.scalar(select(Completion).where(Completion.user_id == user_id, Completion.course_id == course_id)
                             .order_by(Completion.completed_at.desc(), Completion.id.desc()).limit(1))


@dataclass(frozen=True)
class NextSuggestion:
    course: Course
    competency: str | None  # the name of the gap it closes; None for a catalogue pick


def next_suggestion(user: User, exclude_course_id: int) -> NextSuggestion | None:
    """What to learn next: a course for the learner's largest competency gap (the profile's
    own suggestions), else another open course of the catalogue the learner has not taken."""
    from lms.core.queries.competencies import profile

    gaps = sorted(profile(user).gaps, key=lambda r: -(r.gap or 0))  # stable: the profile's order
    for row in gaps:
        for suggestion in row.suggestions:
            course = db.session.scalar(select(Course).where(Course.slug == suggestion.slug))
            if course is not None and course.id != exclude_course_id:
                return NextSuggestion(course, row.competency.name)
    # else: a course the learner already has but has not finished (assigned ones have a due
    # date: soonest first), then an open course of the catalogue not taken yet
    enrolled = select(Enrollment.id).where(Enrollment.user_id == user.id, Enrollment.course_id == Course.id,
                                           Enrollment.completed_at.is_(None)).exists()
    taken = select(Enrollment.course_id).where(Enrollment.user_id == user.id)
    due = select(func.min(Enrollment.due_at)).where(Enrollment.user_id == user.id,
                                                    Enrollment.course_id == Course.id).scalar_subquery()
    course = db.session.scalar(
        select(Course).where(Course.status == "published", Course.published_revision_id.is_not(None),
                             Course.id != exclude_course_id,
                             or_(enrolled, (Course.enrollment == "open") & Course.id.not_in(taken)))
        .order_by(case((enrolled, 0), else_=1), due.is_(None), due, Course.title).limit(1))
    return NextSuggestion(course, None) if course is not None else None
