"""Relations: who may pair whom, for how long, with goals from the framework; proposed,
active, ended (an early end keeps what was done)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from lms.builtin.mentoring.models import Relation
from lms.core.models import AuditLog
from lms.testing.helpers import csrf_from


def _new(client, **data):
    token = csrf_from(client.get("/mentoring/new").text)
    return client.post("/mentoring/new", data={"csrf_token": token, **data})


def test_a_supervisor_starts_coaching_with_their_staff_as_the_coach(client, login_as, people, today, db) -> None:
    login_as(people.supervisor)
    response = _new(client, kind="coaching", mentee=people.staff.nip, mentor="",
                    starts_on=today.isoformat(), ends_on=(today + timedelta(days=90)).isoformat())
    assert response.status_code == 302
    relation = db.session.scalar(select(Relation).where(Relation.mentee_id == people.staff.id))
    # the coach is the direct supervisor by default, and pairing themselves needs no consent
    assert (relation.mentor_id, relation.state, relation.kind) == (people.supervisor.id, "active", "coaching")
    assert db.session.scalar(select(AuditLog.action).where(AuditLog.action == "mentoring.create")) is not None


def test_a_supervisor_cannot_pair_someone_outside_their_team(client, login_as, people, today) -> None:
    login_as(people.supervisor)
    response = _new(client, kind="coaching", mentee=people.other_staff.nip, starts_on=today.isoformat(),
                    ends_on=(today + timedelta(days=90)).isoformat())
    assert response.status_code == 403
    assert "tim Anda" in response.text


def test_a_learner_cannot_pair(client, login_as, people) -> None:
    login_as(people.staff)
    assert client.get("/mentoring/new").status_code == 403


def test_the_period_is_four_weeks_to_twelve_months(client, login_as, people, today) -> None:
    login_as(people.supervisor)
    for days in (20, 400):
        response = _new(client, kind="coaching", mentee=people.staff.nip, starts_on=today.isoformat(),
                        ends_on=(today + timedelta(days=days)).isoformat())
        assert response.status_code == 422
        assert "4 minggu dan 12 bulan" in response.text


def test_bad_input_is_a_clear_422(client, login_as, people) -> None:
    login_as(people.supervisor)
    response = _new(client, kind="coaching", mentee=people.staff.nip, starts_on="kemarin", ends_on="")
    assert response.status_code == 422
    response = _new(client, kind="bukan", mentee="123", starts_on="2026-01-01", ends_on="2026-03-01")
    assert response.status_code == 422


def test_an_admin_proposes_mentoring_and_the_mentor_starts_it(client, login_as, people, today, db) -> None:
    login_as(people.admin)
    response = _new(client, kind="mentoring", mentee=people.staff.nip, mentor=people.senior.nip,
                    starts_on=today.isoformat(), ends_on=(today + timedelta(days=60)).isoformat())
    assert response.status_code == 302
    relation = db.session.scalar(select(Relation).where(Relation.mentor_id == people.senior.id))
    assert relation.state == "proposed"
    login_as(people.staff)  # the mentee cannot start it for the mentor
    url = f"/mentoring/{relation.id}"
    assert client.post(f"{url}/start", data={"csrf_token": csrf_from(client.get(url).text)}).status_code == 403
    login_as(people.senior)
    page = client.get(url)
    assert "Setujui dan mulai" in page.text
    assert client.post(f"{url}/start", data={"csrf_token": csrf_from(page.text)}).status_code == 302
    db.session.refresh(relation)
    assert relation.state == "active"


def test_goals_come_from_the_framework_gaps_first(client, login_as, coaching, people, db) -> None:
    login_as(people.supervisor)
    url = f"/mentoring/{coaching.id}"
    page = client.get(url).text
    assert "Pelayanan Publik · kesenjangan" in page
    response = client.post(f"{url}/goals", data={"csrf_token": csrf_from(page), "competency": "tidak-ada",
                                                 "level": "2"})
    assert response.status_code == 422


def test_ending_early_keeps_the_confirmed_sessions(client, login_as, coaching, log, people, db) -> None:
    from lms.builtin.mentoring import service
    from lms.plugins import jp_credits

    session = log(coaching, minutes=90)
    service.confirm(people.supervisor, session)
    login_as(people.staff)
    url = f"/mentoring/{coaching.id}"
    response = client.post(f"{url}/end", data={"csrf_token": csrf_from(client.get(url).text), "reason": "Mutasi"})
    assert response.status_code == 302
    db.session.refresh(coaching)
    assert coaching.state == "ended" and coaching.ended_on is not None
    assert sum(c.jp for c in jp_credits([people.staff.id]) if c.ref.startswith("mentee:")) == 2
    page = client.get(url).text
    assert "Catat pertemuan" not in page  # nothing more to log


def test_someone_elses_relation_is_not_found(client, login_as, coaching, people) -> None:
    login_as(people.learner)
    assert client.get(f"/mentoring/{coaching.id}").status_code == 404
    login_as(people.other_supervisor)
    assert client.get(f"/mentoring/{coaching.id}").status_code == 404


def test_a_supervisor_picks_the_mentee_from_their_team(client, login_as, people) -> None:
    login_as(people.supervisor)
    page = client.get("/mentoring/new").text
    assert 'list="staff-list"' in page
    assert f'<option value="{people.staff.nip}">Pegawai Satu</option>' in page
    assert people.other_staff.nip not in page  # someone else's staff is not offered
