"""A small site with at least one of everything, so that every page has something to show.

Used by the page crawl (``tests/e2e/test_page_crawl.py``): a course with a lesson, a quiz and a
survey; a graded quiz attempt and an open one; a survey response; a completion with its
certificate; an external learning record waiting for verification; a competency assessment;
units, positions with required levels; assignments (one overdue); notifications; and the audit
entries all of that writes. Everything goes through the services, as a person would have done it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select, update

from lms.core.models import Enrollment, Role
from lms.core.models.base import utcnow
from lms.extensions import db
from lms.testing.factories import make_course, make_position, make_unit, make_user

#: the course of the crawl: every core item type, and the words a quiz answer is checked against
COURSE_FILES = {
    "01-pengantar.md": "# Pengantar\n\nSelamat datang. Materi ini memperkenalkan pelayanan publik.\n\n"
                       "| Waktu | Kegiatan | Tempat | Penanggung jawab |\n|---|---|---|---|\n"
                       "| 07.30-08.15 | Apel pagi dan pembukaan | Halaman kantor bupati | Sekretariat Daerah |\n"
                       "| 08.15-10.00 | Standar pelayanan publik | Ruang rapat lantai 2 | Bagian Organisasi |\n",
    "02-kuis.quiz.md": "---\ntitle: Kuis Singkat\npass_score: 50\n---\nJawablah pertanyaan berikut.\n\n"
                       "## Apa ibu kota Indonesia? {#ibu-kota}\n- [x] Jakarta\n- [ ] Bandung\n- [ ] Surabaya\n",
    "03-evaluasi.survey.md": "---\ntitle: Evaluasi Kursus\nrequired: true\nanonymous: false\n---\n"
                             "Isilah dengan jujur.\n\n## Materi mudah dipahami.\nscale: 1-5\n\n"
                             "## Saran untuk pengajar\ntext\n",
}
COURSE_EXTRA = "competencies:\n  - {code: pelayanan-publik, level: 2}\n"

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class SeededSite:
    """What the crawl needs to sign in and to fill the URL map's arguments."""

    nips: dict[str, str]  # role -> NIP ("learner", "supervisor", "trainer", "admin")
    values: dict[str, Any] = field(default_factory=dict)  # URL argument -> value(s)


def seed_site(slug: str = "kursus-lengkap") -> SeededSite:
    """Create the site (flushes; the caller commits)."""
    from lms.builtin.certificate.models import Certificate
    from lms.builtin.certificate.service import issue
    from lms.builtin.quiz import attempts
    from lms.builtin.survey.responses import submit_response
    from lms.core.competency_framework import ensure_national_competencies
    from lms.core.models import Completion, CourseAuthor, PositionKind
    from lms.core.models.competency import CompetencyAssessment
    from lms.core.services import learning, records, team
    from lms.core.services.competencies import set_position_standards
    from lms.plugins.formats.ids import derived_question_id

    ensure_national_competencies()
    unit = make_unit("Dinas Komunikasi dan Informatika > Bidang Aplikasi Informatika")
    position = make_position("Pranata Komputer Ahli Pertama", PositionKind.FUNGSIONAL)
    set_position_standards(position, {"integritas": 2, "pelayanan-publik": 3})
    admin = make_user(name="Bambang Sutrisno", roles=[Role.ADMIN], unit=unit)
    trainer = make_user(name="Endang Lestari", roles=[Role.TRAINER], unit=unit)
    supervisor = make_user(name="Hendra Wijaya", roles=[Role.SUPERVISOR], unit=unit)
    learner = make_user(name="Siti Rahmawati", unit=unit, position=position, supervisor=supervisor)
    # a webhook endpoint (on a closed local port: deliveries fail at once, and never leave the machine)
    from lms.core.services import webhooks

    endpoint = webhooks.create_endpoint(admin, "http://127.0.0.1:9/simpeg", ["course.completed", "jp.credited"],
                                        "SIMPEG daerah").endpoint
    # a single sign-on provider, switched off (its admin page is crawled; no button on the sign-in
    # page, and nothing reaches the closed local port it names)
    from lms.builtin.oidc.models import SECRET_PURPOSE, OidcProvider
    from lms.core.outbox.secrets import encrypt

    sso_provider = OidcProvider(name="SSO Pemda", label="Masuk dengan SSO Pemda", issuer="http://127.0.0.1:9/sso",
                                client_id="sinau", client_secret_encrypted=encrypt("rahasia", SECRET_PURPOSE),
                                nip_claim="nip", scopes="openid profile", allow_create=False, enabled=False)
    db.session.add(sso_provider)
    # a piece of background work the admin asked for (its page, /jobs/<id>)
    from lms.core.jobs import enqueue

    job_run = enqueue("jobs.cleanup", key="crawl-site", user_id=admin.id)
    colleague = make_user(name="Agus Prasetyo", unit=unit, position=position, supervisor=supervisor)
    unit.head_id = supervisor.id
    course = make_course(slug, COURSE_FILES, title="Pelayanan Publik Prima", jp=4, extra=COURSE_EXTRA)
    other = make_course(f"{slug}-wajib", {"01-materi.md": COURSE_FILES["01-pengantar.md"],
                                          "02-kuis.quiz.md": COURSE_FILES["02-kuis.quiz.md"]},
                        title="Etika Pelayanan", jp=2)
    db.session.add(CourseAuthor(course_id=course.id, user_id=trainer.id))  # the trainer's own course
    db.session.flush()

    now = utcnow()
    team.assign(supervisor, [course], "person", [learner.id, colleague.id], due_at=now + timedelta(days=14))
    team.assign(supervisor, [other], "person", [learner.id, colleague.id],
                due_at=now + timedelta(days=3))
    db.session.execute(update(Enrollment).where(Enrollment.course_id == other.id)  # overdue
                       .values(due_at=now - timedelta(days=2)))
    db.session.flush()

    # the learner finishes the course: the lesson, the quiz (passed), the survey
    learning.mark_done(learner, course, "pengantar")
    attempt = attempts.start_attempt(learner, course, "kuis")
    jakarta = next(o["id"] for entry in attempt.questions for o in entry["question"]["options"]
                   if o["text"] == "Jakarta")
    attempts.submit(attempt, learner, {"ibu-kota": [jakarta]})
    answers = {derived_question_id("Materi mudah dipahami."): "5",
               derived_question_id("Saran untuk pengajar"): "Contoh kasusnya bagus."}
    submit_response(learner, course, "evaluasi", answers)
    db.session.flush()
    completion = db.session.scalar(select(Completion).where(Completion.user_id == learner.id))
    certificate = db.session.scalar(select(Certificate)) if completion is None else (
        db.session.scalar(select(Certificate).where(Certificate.completion_id == completion.id))
        or issue(completion.id))
    # a quiz of the overdue course is open (the quiz page in progress)
    learning.mark_done(learner, other, "materi")
    open_attempt = attempts.start_attempt(learner, other, "kuis")
    learning.mark_done(colleague, course, "pengantar")

    ended = date.today() - timedelta(days=10)
    record = records.create_record(learner, records.RecordInput(
        title="Bimtek Arsip Digital", organiser="BPSDM Provinsi", kind="bimtek", start_date=ended,
        end_date=ended, jp=6, competencies=[("integritas", 2)], report="Belajar menata arsip digital."),
        records.CertificateUpload("sertifikat.pdf", PDF))
    db.session.add(CompetencyAssessment(user_id=learner.id, competency_code="integritas", level=2,
                                        source="assessment_center", assessed_on=date.today() - timedelta(days=30),
                                        valid_until=date.today() + timedelta(days=1000)))
    # background work on the admins' list: the trainer's finished zip import and a failed reminder run
    from lms.core.models import JobRun

    now = utcnow()
    import_run = JobRun(name="courses.import", key="seed-ok", status="done", args={}, user_id=trainer.id, attempts=1,
                        max_attempts=1, progress=100, created_at=now, finished_at=now,
                        result={"ok": True, "filename": "kursus.zip", "warnings": [],
                                "courses": [{"slug": course.slug, "title": course.title, "outcome": "updated",
                                             "revision": 2}]})
    db.session.add_all([import_run, JobRun(
        name="reminders", key="seed-failed", status="failed", args={}, attempts=3, max_attempts=3, progress=0,
        created_at=now, finished_at=now, error="MailError: server e-mail tidak menjawab")])
    db.session.flush()
    # coaching (the mentoring plugin): the supervisor coaches the learner, one session confirmed
    # and one waiting; the colleague's coaching has been quiet for 45 days (a nudge on Tim Saya)
    from lms.builtin.mentoring import service as mentoring

    today = mentoring.today()
    coaching = mentoring.create(supervisor, "coaching", learner, None, today - timedelta(days=40),
                                today + timedelta(days=140))
    mentoring.set_goal(supervisor, coaching, "pelayanan-publik", 3)
    mentoring.confirm(supervisor, mentoring.log_session(
        learner, coaching, today - timedelta(days=10), 90, ["pelayanan-publik"],
        "Membahas keluhan warga di loket dan cara menjawabnya dengan ramah.", "Menyusun draf SOP loket."))
    mentoring.log_session(learner, coaching, today - timedelta(days=2), 60, ["pelayanan-publik"],
                          "Latihan menjawab pengaduan lewat telepon.", "Mencoba skrip baru selama seminggu.")
    quiet = mentoring.create(supervisor, "coaching", colleague, None, today - timedelta(days=45),
                             today + timedelta(days=45))
    mentoring.set_goal(supervisor, quiet, "integritas", 2)
    db.session.flush()
    return SeededSite(
        nips={"learner": learner.nip, "supervisor": supervisor.nip, "trainer": trainer.nip, "admin": admin.nip,
              "colleague": colleague.nip},
        values={"slug": course.slug, "item_keys": ["pengantar", "kuis", "evaluasi"], "quiz_key": "kuis",
                "paths": ["course.md", "01-pengantar.md", "02-kuis.quiz.md"], "nip": learner.nip,
                "user_id": learner.id, "unit_id": unit.id, "position_id": position.id,
                "certificate_id": certificate.id if certificate else None,
                "certificate_code": certificate.code if certificate else None,
                "record_id": record.id, "attempt_id": attempt.id, "open_attempt_id": open_attempt.id,
                "competency_code": "pelayanan-publik", "course_title": course.title,
                "endpoint_id": endpoint.id, "run_id": job_run.id, "provider_id": sso_provider.id,
                "relation_id": coaching.id},
    )
