"""The outbox end to end: facts written in the same transaction as the change, delivered as
Standard Webhooks to a real local receiver that verifies every signature, retried with
backoff, logged per endpoint, and sent again from the admin page."""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from standardwebhooks import Webhook

from lms.core import transaction
from lms.core.jobs import execute
from lms.core.media_store import MediaStore
from lms.core.models import JobRun, Role
from lms.core.models.base import utcnow
from lms.core.models.external import ExternalRecord, RecordStatus
from lms.core.models.outbox import OutboxAttempt, OutboxDelivery, OutboxEvent, WebhookEndpoint
from lms.core.outbox import secrets
from lms.core.services import learning
from lms.core.services.records import decide
from lms.testing.helpers import csrf_from, submit

_SECRET = re.compile(r'id="secret">(whsec_[A-Za-z0-9+/=]+)<')


def _events(db, type_: str | None = None) -> list[OutboxEvent]:
    query = select(OutboxEvent).order_by(OutboxEvent.id)
    if type_:
        query = query.where(OutboxEvent.type == type_)
    return list(db.session.scalars(query))


def _complete(user, course) -> None:
    learning.enroll(user, course)
    for n in (1, 2):
        learning.mark_done(user, course, f"materi-{n}")


def _register(client, url: str, events: list[str]) -> tuple[int, str]:
    response = submit(client, "/admin/webhooks/new", {"url": url, "description": "SIMPEG daerah", "events": events})
    assert response.status_code == 200, response.text
    secret = _SECRET.search(response.text).group(1)
    endpoint_id = int(re.search(r'/admin/webhooks/(\d+)"', response.text).group(1))
    return endpoint_id, secret


@pytest.fixture
def admin(make_user, login_as):
    return login_as(make_user(name="Admin BKPSDM", roles=[Role.ADMIN]))


def test_facts_are_written_in_the_changes_transaction(db, make_user, make_course) -> None:
    user, course = make_user(), make_course(jp=3)
    transaction.commit()
    _complete(user, course)
    assert [e.type for e in _events(db)] == ["course.completed", "jp.credited"]  # before any commit
    transaction.rollback()
    assert _events(db) == []  # the change rolled back: nothing to report
    _complete(user, course)
    transaction.commit()
    completed = _events(db, "course.completed")[0]
    assert completed.data["user"]["nip"] == user.nip and completed.data["course"]["slug"] == course.slug
    assert completed.data["jp"] == 3 and completed.key.startswith("course.completed:completion:")
    _complete(user, course)  # a retried request: same completion, no second fact
    transaction.commit()
    assert sorted(e.type for e in _events(db)) == ["certificate.issued", "course.completed", "jp.credited"]
    certificate = _events(db, "certificate.issued")[0]  # the certificate plugin, through publish_event
    assert certificate.data["completion_id"] == completed.data["completion_id"]
    assert "/verify/" in certificate.data["verify_url"]


def test_a_verified_record_is_reported_with_its_jp_and_a_rejected_one_is_not(db, make_user) -> None:
    boss = make_user(roles=[Role.SUPERVISOR])
    staff = make_user(supervisor=boss)
    pdf = b"%PDF-1.4 sertifikat"
    sha = hashlib.sha256(pdf).hexdigest()
    MediaStore().put(sha, pdf, "application/pdf")
    rows = []
    for title in ("Bimtek Pelayanan", "Seminar Integritas"):
        row = ExternalRecord(user_id=staff.id, title=title, organiser="BPSDM Provinsi", route="klasikal",
                             kind="bimtek", start_date=date(2026, 3, 2), end_date=date(2026, 3, 4), jp=16,
                             competencies=[], report="", certificate_sha256=sha, certificate_name="s.pdf",
                             certificate_type="application/pdf", status=RecordStatus.PENDING)
        db.session.add(row)
        rows.append(row)
    db.session.flush()
    decide(boss, rows[0], True, None, rows[0].version)
    decide(boss, rows[1], False, "Sertifikat tidak terbaca", rows[1].version)
    facts = _events(db)
    assert [(e.type, e.data.get("record_id")) for e in facts] == [("record.verified", rows[0].id),
                                                                  ("jp.credited", rows[0].id)]
    assert facts[1].data["jp"] == 16 and facts[1].data["source"] == "external_record"


def test_admin_registers_a_webhook_and_a_completion_arrives_signed(client, db, admin, make_user, make_course,
                                                                    receiver) -> None:
    endpoint_id, secret = _register(client, receiver.url, ["course.completed", "jp.credited"])
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    assert secret.encode() not in endpoint.secret_encrypted  # kept encrypted
    assert secrets.decrypt(endpoint.secret_encrypted) == secret
    assert secret not in client.get(f"/admin/webhooks/{endpoint_id}").text  # shown once only

    learner, course = make_user(name="Siti Aminah"), make_course(jp=2)
    _complete(learner, course)
    transaction.commit()  # jobs run now (immediate mode): fan-out, then one delivery each

    assert len(receiver.requests) == 2
    verifier = Webhook(secret)
    payloads = [verifier.verify(r.body, r.headers) for r in receiver.requests]  # raises on a bad signature
    assert sorted(p["type"] for p in payloads) == ["course.completed", "jp.credited"]
    by_type = {p["type"]: (p, r) for p, r in zip(payloads, receiver.requests, strict=True)}
    completed, request = by_type["course.completed"]
    assert completed["data"]["user"]["name"] == "Siti Aminah" and completed["data"]["course"]["slug"] == course.slug
    assert request.headers["webhook-id"] == _events(db, "course.completed")[0].uid
    with pytest.raises(Exception):  # noqa: B017 - any verification error: a forged body fails
        verifier.verify(request.body.replace(b"Siti", b"Sita"), request.headers)

    listing = client.get("/admin/webhooks/")
    assert listing.status_code == 200 and receiver.url in listing.text
    assert "Kursus diselesaikan, JP tercatat" in listing.text  # the chosen events, in words
    page = client.get(f"/admin/webhooks/{endpoint_id}")
    assert page.status_code == 200
    assert page.text.count("Terkirim") >= 2 and "Kursus diselesaikan" in page.text and "200" in page.text


def test_a_subscriber_only_gets_the_events_it_chose(client, db, admin, make_user, make_course, receiver) -> None:
    _register(client, receiver.url, ["jp.credited"])
    _complete(make_user(), make_course(jp=2))
    transaction.commit()
    assert [r.json()["type"] for r in receiver.requests] == ["jp.credited"]


def test_failures_retry_with_backoff_keep_the_id_and_end_failed_then_kirim_lagi(client, db, admin, make_user,
                                                                                  make_course, receiver) -> None:
    endpoint_id, secret = _register(client, receiver.url, ["course.completed"])
    receiver.statuses = [500, 503]
    _complete(make_user(), make_course())
    transaction.commit()
    delivery = db.session.scalars(select(OutboxDelivery)).one()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    run = db.session.scalars(select(JobRun).where(JobRun.name == "outbox.deliver")).one()
    assert run.status == "queued" and run.run_after > utcnow() + timedelta(seconds=20)  # backoff, not at once
    # what /admin/jobs shows an admin: words and where to look, not a developer's log line
    assert "belum sampai ke penerima" in run.error and "log pengiriman" in run.error
    assert execute(run.id) is False  # not due yet
    later = utcnow() + timedelta(hours=1)
    assert execute(run.id, now=later) is True  # second try: 503
    assert execute(run.id, now=later + timedelta(hours=1)) is True  # third try: 200
    db.session.expire_all()
    delivery = db.session.get(OutboxDelivery, delivery.id)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 3, 200)
    assert len({r.headers["webhook-id"] for r in receiver.requests}) == 1 and len(receiver.requests) == 3
    assert all(Webhook(secret).verify(r.body, r.headers) for r in receiver.requests)  # each try signed anew
    log = [(a.number, a.status_code, a.ok) for a in db.session.scalars(
        select(OutboxAttempt).where(OutboxAttempt.delivery_id == delivery.id).order_by(OutboxAttempt.number))]
    assert log == [(1, 500, False), (2, 503, False), (3, 200, True)]

    # every try fails: after the last one the delivery is "failed", and "kirim lagi" sends it again
    receiver.statuses = [500] * 20
    _complete(make_user(), make_course("kursus-dua"))
    transaction.commit()
    second = db.session.scalars(select(OutboxDelivery).order_by(OutboxDelivery.id.desc())).first()
    run = db.session.scalars(select(JobRun).where(JobRun.key == f"delivery:{second.id}:0")).one()
    moment = utcnow()
    while run.status == "queued":
        moment += timedelta(days=1)
        execute(run.id, now=moment)
        db.session.expire_all()
        run = db.session.get(JobRun, run.id)
    second = db.session.get(OutboxDelivery, second.id)
    assert (run.status, second.status, second.attempts) == ("failed", "failed", 9)
    page = client.get(f"/admin/webhooks/{endpoint_id}?status=failed")
    assert "Gagal" in page.text and "Kirim lagi" in page.text
    receiver.statuses = []
    response = client.post(f"/admin/webhooks/deliveries/{second.id}/resend", data={"csrf_token": csrf_from(page.text)})
    assert response.status_code == 302
    db.session.expire_all()
    second = db.session.get(OutboxDelivery, second.id)
    assert (second.status, second.attempts, second.resends) == ("delivered", 10, 1)
    assert receiver.requests[-1].headers["webhook-id"] == second.event.uid


def test_a_forged_resend_without_csrf_is_refused(client, db, admin, make_user, make_course, receiver) -> None:
    _register(client, receiver.url, ["course.completed"])
    _complete(make_user(), make_course())
    transaction.commit()
    delivery = db.session.scalars(select(OutboxDelivery)).one()
    assert client.post(f"/admin/webhooks/deliveries/{delivery.id}/resend").status_code == 400
    assert db.session.get(OutboxDelivery, delivery.id).resends == 0


def test_bad_addresses_and_no_events_are_refused_with_the_field_named(client, db, admin) -> None:
    for url, events, message in (("ftp://server/x", ["course.completed"], "https://"),
                                 ("", ["course.completed"], "Isi alamat penerima"),
                                 ("https://user:pw@server/x", ["course.completed"], "kata sandi"),
                                 ("https://server/x", [], "paling sedikit satu peristiwa"),
                                 ("https://server/x", ["nope.event"], "Peristiwa tidak dikenal")):
        response = submit(client, "/admin/webhooks/new", {"url": url, "events": events})
        assert response.status_code == 422 and message in response.text, (url, events)
    assert db.session.scalar(select(func.count()).select_from(WebhookEndpoint)) == 0


def test_only_admins_reach_the_webhook_pages(client, db, make_user, login_as) -> None:
    login_as(make_user(roles=[Role.SUPERVISOR]))
    for path in ("/admin/webhooks/", "/admin/webhooks/new", "/admin/webhooks/lrs"):
        assert client.get(path).status_code == 403


def test_a_new_secret_replaces_the_old_and_a_changed_app_key_is_reported(client, db, admin, app, make_user,
                                                                         make_course, receiver) -> None:
    endpoint_id, old = _register(client, receiver.url, ["course.completed"])
    page = client.get(f"/admin/webhooks/{endpoint_id}")
    response = client.post(f"/admin/webhooks/{endpoint_id}/secret", data={"csrf_token": csrf_from(page.text)})
    new = _SECRET.search(response.text).group(1)
    assert new != old
    _complete(make_user(), make_course())
    transaction.commit()
    Webhook(new).verify(receiver.requests[0].body, receiver.requests[0].headers)
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    endpoint.secret_encrypted = b"gAAAAA-not-under-this-key"
    with pytest.raises(secrets.SecretUnreadable):
        secrets.decrypt(endpoint.secret_encrypted)
