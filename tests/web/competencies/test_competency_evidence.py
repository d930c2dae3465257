"""Evidence: a real course completion, through the ``course_completed`` event and the built-in
``evidence`` plugin, becomes one evidence row per competency of the completed revision."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from lms.core import transaction
from lms.core.models import Completion, CourseCompetency, CourseRevision
from lms.core.models.base import utcnow
from lms.core.models.competency import CompetencyEvidence, EvidenceSource
from lms.core.queries.competencies import profile
from lms.core.services import learning
from lms.core.services.competencies import (
    backfill_course_evidence,
    record_course_evidence,
    remove_evidence,
    sync_evidence,
)


def _evidence(db, user_id: int) -> list[CompetencyEvidence]:
    return list(db.session.scalars(select(CompetencyEvidence).where(CompetencyEvidence.user_id == user_id)
                                   .order_by(CompetencyEvidence.competency_code)))


def test_the_plugin_is_registered_through_its_entry_point(app) -> None:
    host = app.extensions["lms.host"]
    assert "evidence" in host.names
    impls = [host.pm.get_name(i.plugin) for i in host.pm.hook.lms_on_course_completed.get_hookimpls()]
    assert "evidence" in impls


def test_a_completion_becomes_evidence_after_the_commit(db, make_user, mapped_course, technical) -> None:
    technical("tek-arsip")
    user = make_user()
    course = mapped_course("arsip-digital", {"integritas": 2, "tek-arsip": 3}, lessons=2)
    learning.enroll(user, course)
    learning.mark_done(user, course, "materi-1")
    learning.mark_done(user, course, "materi-2")
    assert _evidence(db, user.id) == []  # events wait for the commit
    transaction.commit()
    rows = _evidence(db, user.id)
    completion = db.session.scalar(select(Completion).where(Completion.user_id == user.id))
    assert [(r.competency_code, r.level) for r in rows] == [("integritas", 2), ("tek-arsip", 3)]
    for row in rows:
        assert row.source_type == EvidenceSource.COURSE
        assert (row.course_id, row.revision_id, row.completion_id) == (course.id, completion.revision_id, completion.id)
        assert row.earned_at == completion.completed_at and row.expires_at is None


def test_recording_is_idempotent(db, make_user, mapped_course, finish) -> None:
    user = make_user()
    course = mapped_course("etika", {"integritas": 1})
    finish(user, course)
    completion_id = db.session.scalar(select(Completion.id).where(Completion.user_id == user.id))
    assert len(record_course_evidence(completion_id)) == 1  # a repeated event
    transaction.emit("course_completed", completion_id=completion_id, user_id=user.id, course_id=course.id)
    transaction.commit()
    assert db.session.scalar(select(func.count()).select_from(CompetencyEvidence)
                             .where(CompetencyEvidence.user_id == user.id)) == 1
    assert backfill_course_evidence() == 0


def test_the_completed_revision_counts_not_the_course_of_today(db, make_user, mapped_course, finish) -> None:
    user = make_user()
    course = mapped_course("layanan", {"pelayanan-publik": 2})
    finish(user, course)
    completion = db.session.scalar(select(Completion).where(Completion.user_id == user.id))
    # a later revision maps another level: the evidence already recorded keeps what was completed
    mapped_course("layanan", {"pelayanan-publik": 4})
    assert db.session.scalar(select(CourseCompetency.level).where(CourseCompetency.course_id == course.id)) == 4
    db.session.execute(CompetencyEvidence.__table__.delete().where(CompetencyEvidence.completion_id == completion.id))
    rows = record_course_evidence(completion.id)
    assert [(r.competency_code, r.level) for r in rows] == [("pelayanan-publik", 2)]
    revision = db.session.get(CourseRevision, completion.revision_id)
    assert revision.settings["competencies"] == [{"code": "pelayanan-publik", "level": 2}]


def test_expired_completions_leave_the_current_profile_but_stay_in_history(db, make_user, mapped_course,
                                                                           finish) -> None:
    user = make_user()
    course = mapped_course("k3", {"integritas": 2}, extra="valid_months: 12\n")
    finish(user, course)
    [row] = _evidence(db, user.id)
    completion = db.session.get(Completion, row.completion_id)
    assert row.expires_at == completion.expires_at is not None
    now = utcnow()
    integritas = {r.competency.code: r for r in profile(user, now=now).rows}["integritas"]
    assert integritas.evidence_level == 2 and integritas.current == 2
    later = {r.competency.code: r for r in profile(user, now=now + timedelta(days=400)).rows}["integritas"]
    assert later.evidence_level is None and later.current is None
    assert [(e.evidence.level, e.is_current) for e in later.evidence] == [(2, False)]


def test_backfill_covers_completions_made_without_the_plugin(db, make_user, mapped_course) -> None:
    user = make_user()
    course = mapped_course("tanpa-plugin", {"komunikasi": 2})
    learning.enroll(user, course)
    for key in ("materi-1", "materi-2"):
        learning.mark_done(user, course, key)
    db.session.info.pop("lms_pending_events", None)  # as if the plugin had been disabled
    db.session.flush()
    assert _evidence(db, user.id) == []
    assert backfill_course_evidence() == 1
    assert [(r.competency_code, r.level) for r in _evidence(db, user.id)] == [("komunikasi", 2)]


def test_evidence_from_other_sources_is_synchronised_by_reference(db, make_user, mapped_course) -> None:
    mapped_course("siapkan", {"integritas": 1})  # the importer ships the national competencies
    user = make_user()
    earned = utcnow() - timedelta(days=10)
    rows = sync_evidence(user.id, "external", "external_record:7", "Bimtek Arsip", [
        {"code": "integritas", "level": 2}, {"code": "kerja-sama", "level": None}, {"code": "tidak-ada", "level": 1}],
        earned)
    assert [(r.competency_code, r.level, r.source_type) for r in rows] == [("integritas", 2, EvidenceSource.EXTERNAL)]
    sync_evidence(user.id, "external", "external_record:7", "Bimtek Arsip", [{"code": "komunikasi", "level": 3}],
                  earned)
    assert [(r.competency_code, r.level) for r in _evidence(db, user.id)] == [("komunikasi", 3)]
    komunikasi = {r.competency.code: r for r in profile(user).rows}["komunikasi"]
    assert komunikasi.evidence_level == 3 and komunikasi.evidence[0].title == "Bimtek Arsip"
    assert remove_evidence("external_record:7") == 1
    assert _evidence(db, user.id) == []
