"""Certificates are issued by a job after the completion commits; meanwhile the learner's
pages say the certificate is being made."""

from __future__ import annotations

from sqlalchemy import select

from lms.builtin.certificate.models import Certificate
from lms.core import transaction
from lms.core.models import Completion, JobRun, Notification


def test_the_certificate_job_runs_after_the_completion_and_only_once(app, db, make_user, make_course) -> None:
    user = make_user()
    course = make_course("bersertifikat", title="Kursus Bersertifikat")
    course.certificate = True
    completion = Completion(user_id=user.id, course_id=course.id, cycle=1, jp=2)
    db.session.add(completion)
    db.session.flush()
    transaction.emit("course_completed", completion_id=completion.id, user_id=user.id, course_id=course.id)
    transaction.commit()
    runs = db.session.scalars(select(JobRun).where(JobRun.name == "certificate.issue")).all()
    assert [(r.key, r.status, r.user_id) for r in runs] == [(f"completion:{completion.id}", "done", user.id)]
    certificate = db.session.scalar(select(Certificate).where(Certificate.completion_id == completion.id))
    assert runs[0].result == {"certificate_id": certificate.id}
    # the event again (a redelivery): the same run, no second certificate
    transaction.emit("course_completed", completion_id=completion.id, user_id=user.id, course_id=course.id)
    transaction.commit()
    assert len(db.session.scalars(select(Certificate).where(Certificate.completion_id == completion.id)).all()) == 1
    # the learner is not told about the job itself (the completion page shows the certificate)
    assert db.session.scalars(select(Notification).where(Notification.user_id == user.id,
                                                         Notification.kind.like("job_%"))).all() == []


def test_no_job_for_a_course_without_certificate(app, db, make_user, make_course) -> None:
    user = make_user()
    course = make_course("tanpa-sertifikat")
    course.certificate = False
    completion = Completion(user_id=user.id, course_id=course.id, cycle=1, jp=2)
    db.session.add(completion)
    db.session.flush()
    transaction.emit("course_completed", completion_id=completion.id, user_id=user.id, course_id=course.id)
    transaction.commit()
    assert db.session.scalars(select(JobRun).where(JobRun.name == "certificate.issue")).all() == []


def test_the_learner_sees_sedang_dibuat_while_the_job_waits(client, db, login_as, make_user, make_course) -> None:
    user = login_as(make_user())
    course = make_course("menunggu", title="Kursus Menunggu")
    completion = Completion(user_id=user.id, course_id=course.id, cycle=1, jp=2)
    db.session.add(completion)
    db.session.flush()
    db.session.add(JobRun(name="certificate.issue", key=f"completion:{completion.id}", status="queued",
                          args={"completion_id": completion.id}, user_id=user.id, attempts=0, max_attempts=4,
                          progress=0))
    transaction.commit()
    assert "Sertifikat sedang dibuat" in client.get("/me/transcript").text
