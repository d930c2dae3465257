"""Results of one course for its trainers: enrolments and completions per week, the funnel
of items, score distributions of graded items, and a per-learner table for CSV.

Reads only, in a fixed number of queries whatever the number of learners (counts are made by
the database; the per-learner table is one query per kind of row, never one per learner).
Weeks start on Monday in the site's time zone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import and_, case, func, select

from lms.core.models import Completion, Course, CourseItem, Enrollment, ItemProgress, ProgressStatus, Unit, User
from lms.core.models.base import utcnow
from lms.extensions import db

BUCKETS = 10  # score histogram: 0-9, 10-19, ..., 90-100


@dataclass(frozen=True)
class Week:
    start: date  # Monday, site time zone
    enrolled: int
    completed: int


@dataclass(frozen=True)
class FunnelStep:
    key: str
    title: str
    type: str
    done: int  # learners who completed the item
    last_seen: int  # learners not (yet) finished whose last opened item is this one


@dataclass
class ScoreSummary:
    key: str
    title: str
    learners: int  # with a score
    passed: int
    mean: float | None
    buckets: list[int] = field(default_factory=lambda: [0] * BUCKETS)

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.learners if self.learners else None


@dataclass
class CourseResults:
    enrolled: int
    completed: int
    weeks: list[Week]
    funnel: list[FunnelStep]
    scores: list[ScoreSummary]

    @property
    def completion_rate(self) -> float | None:
        return self.completed / self.enrolled if self.enrolled else None


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.extensions["lms.settings"].timezone)


def week_starts(count: int, now: datetime | None = None) -> list[datetime]:
    """The starts (UTC instants) of the last ``count`` weeks, oldest first, and of the next."""
    zone = _zone()
    local = (now or utcnow()).astimezone(zone)
    monday = datetime.combine(local.date() - timedelta(days=local.weekday()), datetime.min.time(), tzinfo=zone)
    starts = [monday - timedelta(weeks=n) for n in range(count - 1, -1, -1)] + [monday + timedelta(weeks=1)]
    return [s.astimezone(UTC) for s in starts]


def _per_week(column, condition, starts: list[datetime]) -> list[int]:  # noqa: ANN001
    sums = [func.sum(case((and_(column >= a, column < b), 1), else_=0))
            for a, b in zip(starts, starts[1:], strict=False)]
    row = db.session.execute(select(*sums).where(condition)).one()
    return [int(v or 0) for v in row]


def published_items(course: Course) -> list[CourseItem]:
    return list(db.session.scalars(select(CourseItem).where(CourseItem.revision_id == course.published_revision_id)
                                   .order_by(CourseItem.position)))


def course_results(course: Course, weeks: int = 12, now: datetime | None = None) -> CourseResults:
    """Six queries, whatever the number of learners."""
    items = published_items(course)
    starts = week_starts(weeks, now)
    enrolled = _per_week(Enrollment.enrolled_at, Enrollment.course_id == course.id, starts)
    completed = _per_week(Completion.completed_at, Completion.course_id == course.id, starts)
    zone = _zone()
    week_rows = [Week(s.astimezone(zone).date(), e, c) for s, e, c in zip(starts, enrolled, completed, strict=False)]
    totals = db.session.execute(select(
        func.count(Enrollment.id), func.count(Enrollment.completed_at)).where(Enrollment.course_id == course.id)).one()
    done = dict(db.session.execute(
        select(ItemProgress.item_key, func.count(func.distinct(ItemProgress.user_id)))
        .where(ItemProgress.course_id == course.id, ItemProgress.status == ProgressStatus.DONE)
        .group_by(ItemProgress.item_key)).all())
    last = dict(db.session.execute(
        select(Enrollment.last_item_key, func.count())
        .where(Enrollment.course_id == course.id, Enrollment.completed_at.is_(None),
               Enrollment.last_item_key.is_not(None))
        .group_by(Enrollment.last_item_key)).all())
    funnel = [FunnelStep(i.key, i.title, i.type, done.get(i.key, 0), last.get(i.key, 0)) for i in items]
    graded = {i.key: i for i in items if i.type == "quiz"}
    scores = {key: ScoreSummary(key, item.title, 0, 0, None) for key, item in graded.items()}
    if graded:
        bucket = case(*((ItemProgress.score < (n + 1) * 100 / BUCKETS, n) for n in range(BUCKETS - 1)),
                      else_=BUCKETS - 1)
        rows = db.session.execute(
            select(ItemProgress.item_key, bucket.label("bucket"), func.count(),
                   func.sum(case((ItemProgress.status == ProgressStatus.DONE, 1), else_=0)),
                   func.sum(ItemProgress.score))
            .where(ItemProgress.course_id == course.id, ItemProgress.item_key.in_(graded),
                   ItemProgress.score.is_not(None))
            .group_by(ItemProgress.item_key, "bucket")).all()
        sums: dict[str, float] = {}
        for key, index, count, passed, total in rows:
            summary = scores[key]
            summary.buckets[int(index)] += count
            summary.learners += count
            summary.passed += int(passed or 0)
            sums[key] = sums.get(key, 0.0) + float(total or 0)
        for key, summary in scores.items():
            if summary.learners:
                summary.mean = round(sums[key] / summary.learners, 1)
    return CourseResults(int(totals[0]), int(totals[1]), week_rows, funnel, list(scores.values()))


# --------------------------------------------------------------------------- per learner (CSV)


def learner_rows(course: Course) -> Iterator[list[str]]:
    """One row per enrolment: who, unit, dates, items done, and the score of each quiz (the
    score the quiz counts). Header first. Three queries."""
    items = published_items(course)
    quizzes = [i for i in items if i.type == "quiz"]
    zone = _zone()

    def when(moment: datetime | None) -> str:
        return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else ""

    yield (["nip", "nama", "unit_kerja", "terdaftar", "aktivitas_terakhir", "selesai", "aktivitas_selesai",
            "jumlah_aktivitas"] + [f"nilai:{q.key}" for q in quizzes])
    keys = {i.key for i in items}
    progress: dict[tuple[int, int], dict[str, ItemProgress]] = {}
    for row in db.session.scalars(select(ItemProgress).where(ItemProgress.course_id == course.id)):
        progress.setdefault((row.user_id, row.cycle), {})[row.item_key] = row
    enrolments = db.session.execute(
        select(Enrollment, User.nip, User.name, Unit.name)
        .join(User, User.id == Enrollment.user_id).outerjoin(Unit, Unit.id == User.unit_id)
        .where(Enrollment.course_id == course.id).order_by(User.name, User.id)).all()
    for enrollment, nip, name, unit in enrolments:
        mine = progress.get((enrollment.user_id, enrollment.cycle), {})
        done = sum(1 for k, p in mine.items() if k in keys and p.status == ProgressStatus.DONE)
        scores = [mine[q.key].score if q.key in mine and mine[q.key].score is not None else None for q in quizzes]
        yield ([nip, name, unit or "", when(enrollment.enrolled_at), when(enrollment.last_activity_at),
                when(enrollment.completed_at), str(done), str(len(items))]
               + ["" if s is None else f"{s:g}" for s in scores])


def item_statistics(course: Course, item_key: str, item_type: str, *, first_only: bool = False) -> Any | None:
    """Per-question statistics of one item for its author, from the plugin owning the item's
    type (``lms_item_statistics``; the quiz plugin for quizzes), or None when no plugin keeps
    any. Question texts are the draft's."""
    host = current_app.extensions["lms.host"]
    return host.hook.lms_item_statistics(course_id=course.id, item_key=item_key, item_type=item_type,
                                         newest_revision_id=course.draft_revision_id, first_only=first_only)
