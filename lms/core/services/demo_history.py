"""A year of history for the demo agency, made through the services a learner, a supervisor
and an admin use: assignments (some already overdue), courses done item by item (quizzes
really answered and graded, passed and failed, by each activity type's
:meth:`~lms.plugins.activity.ActivityType.play_for_demo`), external records (verified and
waiting), assessed competency levels. Certificates follow from the completions (the
certificate plugin issues them when the commit dispatches the events).

The services stamp "now": each course's rows are then moved to the moment it was done, spread
over the last twelve months, before the commit (so a certificate shows that date).

Idempotent: each person's part is made only when that person has none of it yet, with a random
seeded by their NIP, so a second run adds nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from lms.core import transaction
from lms.core.competency_framework import NATIONAL_CODES
from lms.core.models import (
    Assignment,
    Completion,
    Course,
    CourseAuthor,
    CourseStatus,
    Enrollment,
    ExternalRecord,
    ItemProgress,
    TargetKind,
    User,
)
from lms.core.models.base import utcnow
from lms.core.models.competency import CompetencyAssessment
from lms.core.queries import learning as learning_queries
from lms.core.services import competencies, learning, records, team
from lms.core.services.demo import KOMINFO, Agency
from lms.extensions import db
from lms.plugins.activity import LEARNER_COMPLETION

#: mandatory courses: (slug, target OPD or None for the whole city, days ago assigned, due in days
#: from now: negative means the deadline has passed, so those who did not finish are overdue)
MANDATORY = (
    ("integritas-anti-korupsi", None, 150, -20),
    ("orientasi-sinau", None, 60, 30),
    ("pelayanan-publik-prima", "Dinas Kependudukan dan Pencatatan Sipil", 120, -10),
    ("literasi-digital-keamanan-siber", KOMINFO, 90, -5),
)
#: how keen people are: (share, courses finished beyond the assigned ones, courses left half way)
ENGAGEMENT = ((0.20, (1, 3), 1), (0.40, (0, 1), 0), (0.25, (0, 0), 1), (0.15, (0, 0), 0))
COMPLY = 0.8  # an assigned course is finished (the others are late, or not due yet)
FAIL_FIRST = 0.15  # a learner fails a quiz once before passing
GIVE_UP = 0.5  # a course left half way stops at a failed quiz
RECORDS = 0.5  # share of staff with an external record (classroom training: most of a year's JP)
RECORD_VERIFIED = 0.8
ASSESSED = 0.35  # share of staff with assessed competency levels

EXTERNAL = (
    ("Pelatihan Kepemimpinan Pengawas", "BPSDM Provinsi", "pelatihan", 40),
    ("Bimbingan Teknis Pengadaan Barang/Jasa", "LKPP", "bimtek", 24),
    ("Pelatihan Pelayanan Prima", "BPSDM Provinsi", "pelatihan", 16),
    ("Bimbingan Teknis Arsip Dinamis", "ANRI", "bimtek", 16),
    ("Webinar Transformasi Digital Pemerintahan", "Kementerian PANRB", "seminar", 3),
    ("Workshop Penyusunan SKP", "BKN Kantor Regional", "workshop", 8),
    ("Kursus Daring Analisis Data", "Digital Talent Scholarship", "e_learning", 20),
)
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")


@dataclass
class HistoryReport:
    people: int = 0
    completions: int = 0
    attempts: int = 0


def _rng(user: User, part: str) -> random.Random:
    return random.Random(f"{user.nip}:{part}")


def published_courses() -> dict[str, Course]:
    return {c.slug: c for c in db.session.scalars(select(Course).where(Course.status == CourseStatus.PUBLISHED))
            if c.is_published}


def assign_mandatory(agency: Agency, courses: dict[str, Course], now: datetime) -> None:
    """The admin's assignment rules, once each (a rerun finds them)."""
    admin = agency.named["admin"]
    for slug, opd, days_ago, due_in in MANDATORY:
        course = courses.get(slug)
        if course is None:
            continue
        unit_ids = [u.id for path, u in agency.units.items() if " > " not in path and (opd is None or path == opd)]
        have = set(db.session.scalars(select(Assignment.target_id).where(
            Assignment.course_id == course.id, Assignment.target_kind == TargetKind.UNIT,
            Assignment.target_id.in_(unit_ids))))
        missing = [i for i in unit_ids if i not in have]
        if missing:
            team.assign(admin, [course], TargetKind.UNIT, missing, include_subtree=True,
                        due_at=now + timedelta(days=due_in), now=now - timedelta(days=days_ago))


def _play_course(user: User, course: Course, moment: datetime, rng: random.Random, *, finish: bool) -> bool:
    """Do the course's items in order as ``user``; half of them when not ``finish``. Returns
    True when the course completed."""
    registry = current_app.extensions["lms.host"].activities
    items = learning_queries.published_items(course)
    stop = len(items) if finish else max(1, len(items) // 2)
    step = timedelta(hours=rng.randint(2, 30))
    start = moment - step * len(items)
    for index, item in enumerate(items[:stop]):
        activity = registry.get(item.type)
        if activity is None or not item.required:
            continue  # optional items (most surveys): skipped, as most people do
        at = start + step * index
        if not finish and index == stop - 1 and rng.random() < GIVE_UP:
            activity.play_for_demo(user, course, item, succeed=False, rng=rng, now=at)
            break  # failed a quiz (or stopped reading) and has not come back yet
        if activity.completion not in LEARNER_COMPLETION and rng.random() < FAIL_FIRST:
            activity.play_for_demo(user, course, item, succeed=False, rng=rng, now=at)
            at += timedelta(hours=rng.randint(1, 20))
        activity.play_for_demo(user, course, item, succeed=True, rng=rng, now=at)
    _move_in_time(user, course, start, moment)
    return learning_queries.valid_completion(user.id, course.id) is not None or _completed(user, course)


def _completed(user: User, course: Course) -> bool:
    return db.session.scalar(select(func.count()).select_from(Completion).where(
        Completion.user_id == user.id, Completion.course_id == course.id)) > 0


def _move_in_time(user: User, course: Course, start: datetime, end: datetime) -> None:
    """The services stamped "now": put the course's rows at the moments they stand for."""
    enrollment = learning_queries.enrollment_of(user, course)
    if enrollment is None:
        return
    rows = list(db.session.scalars(select(ItemProgress).where(
        ItemProgress.user_id == user.id, ItemProgress.course_id == course.id).order_by(ItemProgress.id)))
    span = (end - start) / max(1, len(rows))
    for n, row in enumerate(rows):
        row.updated_at = start + span * (n + 1)
        if row.completed_at is not None:
            row.completed_at = row.updated_at
    if enrollment.source.value == "self":
        enrollment.enrolled_at = start - timedelta(hours=1)
    enrollment.last_activity_at = rows[-1].updated_at if rows else start
    completion = db.session.scalar(select(Completion).where(
        Completion.user_id == user.id, Completion.course_id == course.id, Completion.cycle == enrollment.cycle))
    if completion is not None:
        completion.completed_at = enrollment.completed_at = end
        completion.expires_at = learning.add_months(end, course.valid_months) if course.valid_months else None
    db.session.flush()


def _has_progress(user: User) -> bool:
    return db.session.scalar(select(func.count()).select_from(ItemProgress).where(ItemProgress.user_id == user.id)) > 0


def _engagement(share: float) -> tuple[tuple[int, int], int]:
    for weight, finished, half in ENGAGEMENT:
        if share < weight:
            return finished, half
        share -= weight
    return ENGAGEMENT[-1][1], ENGAGEMENT[-1][2]


def learn(user: User, courses: dict[str, Course], now: datetime, *, keen: bool = False) -> int:
    """The courses ``user`` took over the year: most assigned ones, more by how keen they are
    (``keen``: the demo learner, who has done a lot and has one under way). Returns the
    completions made."""
    if _has_progress(user):
        return 0
    rng = _rng(user, "learn")
    (low, high), half = ENGAGEMENT[0][1:] if keen else _engagement(rng.random())
    assigned = {e.course_id for e in db.session.scalars(select(Enrollment).where(Enrollment.user_id == user.id))}
    mine = sorted((c for c in courses.values() if c.id in assigned), key=lambda c: c.id)
    others = sorted((c for c in courses.values() if c.id not in assigned), key=lambda c: (c.id, rng.random()))
    rng.shuffle(others)
    # the demo learner leaves one assigned course under way: her dashboard shows what is late
    done_assigned = mine[:-1] if keen else [c for c in mine if rng.random() < COMPLY]
    extra = rng.randint(low, high)
    finish = done_assigned + others[:extra]
    later = ([c for c in mine if c not in done_assigned] + others[extra:])[:max(half, 1 if keen else 0)]
    made = 0
    for course, completes in [(c, True) for c in finish] + [(c, False) for c in later]:
        moment = now - timedelta(days=rng.uniform(3, 360), minutes=rng.randint(0, 600))
        try:
            with db.session.begin_nested():
                learning.enroll(user, course)
                if _play_course(user, course, moment, rng, finish=completes) and completes:
                    made += 1
        except learning.LearningError:  # prerequisites or an assigned-only course: skip it
            continue
    return made


def record_external(user: User, agency: Agency, today: date, *, force: bool = False) -> None:
    """An external training record, verified by the supervisor or still waiting."""
    rng = _rng(user, "external")
    if not force and rng.random() >= RECORDS:
        return
    if db.session.scalar(select(func.count()).select_from(ExternalRecord).where(ExternalRecord.user_id == user.id)):
        return
    title, organiser, kind, jp = rng.choice(EXTERNAL)
    end = today - timedelta(days=rng.randint(5, 300))
    start = end - timedelta(days=max(0, int(jp // 8) - 1))
    data = records.RecordInput(
        title=title, organiser=organiser, kind=kind, start_date=start, end_date=end, jp=float(jp),
        competencies=[(rng.choice(NATIONAL_CODES), rng.randint(1, 3))],
        report="Materi diterapkan dalam pekerjaan sehari-hari.")
    record = records.create_record(user, data, records.CertificateUpload("sertifikat.pdf", PDF),
                                   today=today)
    supervisor = db.session.get(User, user.supervisor_id) if user.supervisor_id else None
    if not force and supervisor is not None and rng.random() < RECORD_VERIFIED:
        records.decide(supervisor, record, True, None, record.version)


def assess(user: User, agency: Agency, today: date) -> None:
    """Levels from an assessment center for some staff (once)."""
    rng = _rng(user, "assess")
    if rng.random() >= ASSESSED:
        return
    if db.session.scalar(select(func.count()).select_from(CompetencyAssessment)
                         .where(CompetencyAssessment.user_id == user.id)):
        return
    on = today - timedelta(days=rng.randint(30, 330))
    for code in rng.sample(NATIONAL_CODES, 3):
        competencies.record_assessment(user, code, rng.choice((1, 2, 2, 3, 3, 4)), "assessment_center", on,
                                       agency.named["admin"])


def make_author(trainer: User) -> None:
    """The demo trainer authors every course (the sample courses were imported in her name,
    or before she existed)."""
    for course in db.session.scalars(select(Course)):
        if trainer.id not in {a.user_id for a in course.authors}:
            course.authors.append(CourseAuthor(user_id=trainer.id))
    db.session.flush()


def build_history(agency: Agency, courses: dict[str, Course], now: datetime | None = None) -> HistoryReport:
    """Everyone's year, committed person by person (a person's certificates are issued at
    their commit). The demo learner and two of her colleagues leave records waiting for the
    supervisor, so his page always has some."""
    now = now or utcnow()
    today = now.date()
    assign_mandatory(agency, courses, now)
    transaction.commit()
    report = HistoryReport()
    waiting = {agency.named[k].id for k in ("learner", "staff2", "staff3")}
    for user in agency.staff:
        if user.id == agency.named["trainer"].id:
            continue
        report.completions += learn(user, courses, now, keen=user.id == agency.named["learner"].id)
        record_external(user, agency, today, force=user.id in waiting)
        assess(user, agency, today)
        report.people += 1
        transaction.commit()
    return report


#: jobs whose result a visitor of the demo expects at once (the rest wait for the worker)
AT_ONCE = ("certificate.issue",)


def run_queued_jobs() -> int:
    """Run now the queued jobs of :data:`AT_ONCE` (certificates of the year's completions), so
    that ``lms demo`` alone, without a worker, leaves them issued. Returns how many ran."""
    from lms.core.jobs.runs import execute
    from lms.core.models.job import QUEUED, JobRun

    ids = db.session.scalars(select(JobRun.id).where(JobRun.name.in_(AT_ONCE), JobRun.status == QUEUED)
                             .order_by(JobRun.id)).all()
    return sum(1 for run_id in ids if execute(run_id))
