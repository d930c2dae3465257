"""Reminders: in-app notifications and e-mail through a real local SMTP server (aiosmtpd);
``lms notify`` twice sends nothing new."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from lms.core.models import Enrollment, Notification
from lms.core.models.base import utcnow
from lms.core.services import notifications
from lms.core.services import team as team_service
from lms.core.services.mail import MailError, SmtpConfig
from lms.testing.helpers import csrf_from


def in_days(days: float):
    return utcnow() + timedelta(days=days)


def set_due(db, course, when) -> None:
    db.session.execute(update(Enrollment).where(Enrollment.course_id == course.id).values(due_at=when))
    db.session.expire_all()


def subjects(inbox, address: str) -> list[str]:
    return [m["Subject"] for m in inbox.to(address)]


def test_new_assignment_is_mailed_once(runner, db, team, course, with_smtp) -> None:
    integritas = course()
    team_service.assign(team.kabid, [integritas], "person", [team.ani.id], due_at=in_days(30))
    result = runner.invoke(args=["notify"])
    assert result.exit_code == 0, result.output
    assert f"terkirim: {team.ani.email}" in result.output
    mails = with_smtp.inbox.to(team.ani.email)
    assert len(mails) == 1
    assert mails[0]["Subject"] == "[Sinau] Penugasan baru: Kursus Integritas"
    assert mails[0]["From"] == "Sinau Uji <sinau@uji.example>"
    body = mails[0].get_content()
    assert "Anda ditugaskan mengikuti kursus Kursus Integritas." in body and "/courses/integritas" in body
    again = runner.invoke(args=["notify"])
    assert again.exit_code == 0 and "0 e-mail terkirim" in again.output
    assert len(with_smtp.inbox.messages) == 1


def test_overdue_reminds_the_learner_and_once_their_supervisor(runner, db, team, course, with_smtp) -> None:
    integritas = course()
    team_service.assign(team.admin, [integritas], "person", [team.ani.id, team.budi.id], due_at=in_days(30))
    notifications.mark_read(team.ani.id)
    runner.invoke(args=["notify"])  # the "new assignment" mails
    with_smtp.inbox.messages.clear()
    set_due(db, integritas, in_days(-1))
    result = runner.invoke(args=["notify"])
    assert result.exit_code == 0, result.output
    assert subjects(with_smtp.inbox, team.ani.email) == ["[Sinau] Terlambat: Kursus Integritas"]
    boss = with_smtp.inbox.to(team.kabid.email)
    assert len(boss) == 1  # one e-mail for both late people
    assert boss[0]["Subject"] == "[Sinau] 2 pemberitahuan baru dari Sinau"
    assert "Ani belum menyelesaikan kursus Kursus Integritas" in boss[0].get_content()
    assert "Budi belum menyelesaikan" in boss[0].get_content()
    count = len(with_smtp.inbox.messages)
    for _ in range(2):
        assert runner.invoke(args=["notify"]).exit_code == 0
    assert len(with_smtp.inbox.messages) == count  # never twice
    kinds = db.session.scalars(select(Notification.kind).where(Notification.user_id == team.kabid.id)).all()
    assert sorted(kinds) == ["overdue_staff", "overdue_staff"]


def test_due_within_seven_days_then_overdue(runner, db, team, course, with_smtp, finish) -> None:
    integritas = course()
    team_service.assign(team.admin, [integritas], "person", [team.ani.id, team.budi.id], due_at=in_days(30))
    set_due(db, integritas, in_days(6))
    runner.invoke(args=["notify"])
    (digest,) = with_smtp.inbox.to(team.ani.email)  # "new assignment" and "due soon" in one e-mail
    assert digest["Subject"] == "[Sinau] 2 pemberitahuan baru dari Sinau"
    assert "Batas waktu segera: Kursus Integritas" in digest.get_content()
    finish(team.ani, integritas)  # Ani is done: no overdue reminder for her
    set_due(db, integritas, in_days(-1))
    with_smtp.inbox.messages.clear()
    runner.invoke(args=["notify"])
    assert with_smtp.inbox.to(team.ani.email) == []
    assert subjects(with_smtp.inbox, team.budi.email) == ["[Sinau] Terlambat: Kursus Integritas"]


def test_a_completed_course_gets_no_reminder_and_nobody_without_email_is_mailed(
        runner, db, team, course, with_smtp, finish) -> None:
    integritas = course()
    team.budi.email = None
    finish(team.ani, integritas)
    team_service.assign(team.admin, [integritas], "person", [team.ani.id, team.budi.id], due_at=in_days(3))
    result = runner.invoke(args=["notify"])
    assert result.exit_code == 0
    assert with_smtp.inbox.messages == []
    statuses = dict(db.session.execute(select(Notification.kind, Notification.email_status)
                                       .where(Notification.user_id == team.budi.id)).all())
    assert statuses == {"assigned": "skipped", "due_soon": "skipped"}


def test_pending_external_records_remind_the_supervisor(runner, db, team, with_smtp) -> None:
    from datetime import date

    from lms.core.competency_framework import ensure_national_competencies
    from lms.core.services import records

    ensure_national_competencies()
    end = records.local_today() - timedelta(days=3)
    records.create_record(team.ani, records.RecordInput(
        title="Seminar Anti Korupsi", organiser="KPK", kind="seminar", start_date=end, end_date=end, jp=4,
        competencies=[("integritas", 2)]), records.CertificateUpload("s.pdf", b"%PDF-1.4\n%%EOF\n"),
        today=max(records.local_today(), end))
    assert isinstance(end, date)
    runner.invoke(args=["notify"])
    mails = with_smtp.inbox.to(team.kabid.email)
    assert [m["Subject"] for m in mails] == ["[Sinau] Catatan belajar menunggu verifikasi"]
    assert "Ani mengajukan catatan belajar \"Seminar Anti Korupsi\"" in mails[0].get_content()
    runner.invoke(args=["notify"])
    assert len(with_smtp.inbox.to(team.kabid.email)) == 1


def test_without_smtp_notifications_stay_in_the_app(runner, db, team, course) -> None:
    integritas = course()
    team_service.assign(team.admin, [integritas], "person", [team.ani.id], due_at=in_days(3))
    result = runner.invoke(args=["notify"])
    assert result.exit_code == 0 and "LMS_SMTP_URL kosong" in result.output
    assert db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.user_id == team.ani.id)) == 2  # assigned + due soon


def test_smtp_down_keeps_the_reminders_for_the_next_run(runner, db, team, course, app, monkeypatch,
                                                        smtp_server, free_port) -> None:
    from dataclasses import replace

    integritas = course()
    team_service.assign(team.admin, [integritas], "person", [team.ani.id], due_at=in_days(20))
    settings = app.extensions["lms.settings"]
    monkeypatch.setitem(app.extensions, "lms.settings", replace(settings, smtp_url=f"smtp://127.0.0.1:{free_port()}"))
    down = runner.invoke(args=["notify"])
    assert down.exit_code == 1 and "SMTP" in down.output
    assert db.session.scalar(select(Notification.email_status)) == "pending"
    monkeypatch.setitem(app.extensions, "lms.settings", replace(settings, smtp_url=smtp_server.url))
    assert runner.invoke(args=["notify"]).exit_code == 0
    assert len(smtp_server.inbox.to(team.ani.email)) == 1


def test_dedup_key_is_unique_and_claims_are_exclusive(db, team, course) -> None:
    integritas = course()
    team_service.assign(team.admin, [integritas], "person", [team.ani.id], due_at=in_days(2))
    set_due(db, integritas, in_days(-1))
    first = notifications.create_reminders()
    assert first["overdue"] == 1 and first["overdue_staff"] == 1
    assert notifications.create_reminders() == {"due_soon": 0, "overdue": 0, "overdue_staff": 0,
                                                "records_pending": 0}
    one = notifications.claim_pending()
    assert len(one) == 3 and notifications.claim_pending() == []  # a second notify gets nothing
    row = db.session.scalar(select(Notification).limit(1))
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(Notification(user_id=row.user_id, kind="overdue", params={}, dedup_key=row.dedup_key))


def test_smtp_url_forms() -> None:
    assert SmtpConfig.from_url("smtp://u:p%40ss@mail.example:2525") == SmtpConfig(
        "mail.example", 2525, "u", "p@ss", "plain")
    assert SmtpConfig.from_url("smtp://mail.example:587").security == "starttls"
    assert SmtpConfig.from_url("smtp+starttls://mail.example").port == 587
    assert SmtpConfig.from_url("smtps://mail.example").security == "tls"
    with pytest.raises(MailError):
        SmtpConfig.from_url("http://mail.example")


def test_notifications_page_and_unread_count(client, db, team, course, login_as) -> None:
    integritas = course()
    team_service.assign(team.admin, [integritas], "person", [team.ani.id], due_at=in_days(3))
    notifications.create_reminders()
    login_as(team.ani)
    page = client.get("/notifications").text
    assert "Penugasan baru: Kursus Integritas" in page and "Batas waktu segera" in page
    assert 'class="nav-count">2' in page
    note = db.session.scalar(select(Notification).where(Notification.kind == "assigned"))
    token = csrf_from(page)
    response = client.post(f"/notifications/{note.id}/open", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith("/courses/integritas")
    assert 'class="nav-count">1' in client.get("/notifications").text
    client.post("/notifications/read", data={"csrf_token": token})
    assert "nav-count" not in client.get("/notifications").text
    login_as(team.budi)
    assert client.post(f"/notifications/{note.id}/open", data={"csrf_token": token}).status_code in (400, 404)
