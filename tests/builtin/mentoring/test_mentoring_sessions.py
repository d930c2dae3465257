"""The session log: the mentee logs, the mentor confirms in one tap or returns it with a
comment; notes reach the pair and admins only, a supervisor sees that sessions happened."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from lms.builtin.mentoring import service
from lms.core import transaction
from lms.core.models.competency import CompetencyEvidence
from lms.testing.helpers import csrf_from


def _log(client, relation, **data):
    url = f"/mentoring/{relation.id}"
    return client.post(f"{url}/sessions", data={"csrf_token": csrf_from(client.get(url).text), **data})


def test_the_staff_logs_two_sessions_and_the_supervisor_confirms_them(client, login_as, coaching, people,
                                                                        today, db) -> None:
    login_as(people.staff)
    for days_ago in (8, 1):
        response = _log(client, coaching, held_on=(today - timedelta(days=days_ago)).isoformat(), minutes="45",
                        competencies="pelayanan-publik", notes="Membahas antrean loket.", actions="Uji coba.")
        assert response.status_code == 302
    sessions = service_sessions(coaching)
    assert [s.state for s in sessions] == ["pending", "pending"]
    login_as(people.supervisor)
    page = client.get(f"/mentoring/{coaching.id}").text
    for s in sessions:  # one tap each
        url = f"/mentoring/{coaching.id}/sessions/{s.id}/confirm"
        assert client.post(url, data={"csrf_token": csrf_from(page)}).status_code == 302
    db.session.expire_all()
    assert [s.state for s in service_sessions(coaching)] == ["confirmed", "confirmed"]
    evidence = db.session.scalars(select(CompetencyEvidence).where(
        CompetencyEvidence.user_id == people.staff.id)).all()
    assert {(e.competency_code, e.level, e.source_type.value) for e in evidence} == {("pelayanan-publik", 3, "mentoring")}
    assert len(evidence) == 2
    login_as(people.staff)
    profile = client.get("/me/competencies").text
    assert "Coaching dengan Atasan Satu" in profile and "Mentoring" in profile


def service_sessions(relation):
    from lms.builtin.mentoring import queries

    return sorted(queries.sessions(relation), key=lambda s: s.id)


def test_only_the_mentee_logs_and_only_the_mentor_confirms(client, login_as, coaching, people, today, log) -> None:
    login_as(people.supervisor)
    assert _log(client, coaching, held_on=today.isoformat(), minutes="30").status_code == 403
    session = log(coaching)
    login_as(people.staff)
    page = client.get(f"/mentoring/{coaching.id}").text
    assert "Konfirmasi" not in page.split("Pertemuan</h2>")[1]
    response = client.post(f"/mentoring/{coaching.id}/sessions/{session.id}/confirm",
                           data={"csrf_token": csrf_from(page)})
    assert response.status_code == 403


def test_a_log_refuses_bad_dates_and_minutes(client, login_as, coaching, people, today) -> None:
    login_as(people.staff)
    for data in ({"held_on": (today + timedelta(days=1)).isoformat(), "minutes": "30"},
                 {"held_on": (today - timedelta(days=90)).isoformat(), "minutes": "30"},
                 {"held_on": today.isoformat(), "minutes": "0"},
                 {"held_on": today.isoformat(), "minutes": "banyak"},
                 {"held_on": today.isoformat(), "minutes": "30", "competencies": "integritas"}):
        assert _log(client, coaching, **data).status_code == 422, data


def test_the_mentor_returns_a_log_with_a_comment_and_it_earns_nothing(client, login_as, coaching, people, log,
                                                                      db) -> None:
    from lms.plugins import jp_credits

    session = log(coaching)
    login_as(people.supervisor)
    url = f"/mentoring/{coaching.id}/sessions/{session.id}/return"
    token = csrf_from(client.get(f"/mentoring/{coaching.id}").text)
    assert client.post(url, data={"csrf_token": token, "comment": " "}).status_code == 422
    assert client.post(url, data={"csrf_token": token, "comment": "Tanggalnya keliru."}).status_code == 302
    db.session.refresh(session)
    assert session.state == "returned"
    assert jp_credits([people.staff.id]) == []
    login_as(people.staff)
    assert "Tanggalnya keliru." in client.get(f"/mentoring/{coaching.id}").text


def test_notes_reach_the_pair_and_admins_a_supervisor_sees_only_that_sessions_happened(
        client, login_as, people, today, log, bearer) -> None:
    relation = service.create(people.admin, "mentoring", people.staff, people.senior, today - timedelta(days=30),
                              today + timedelta(days=60))
    service.start(people.senior, relation)
    service.set_goal(people.admin, relation, "pelayanan-publik", 2)
    transaction.commit()
    log(relation, notes="Rahasia kecil tentang rekan kerja.")
    for who in (people.staff, people.senior, people.admin):
        login_as(who)
        assert "Rahasia kecil" in client.get(f"/mentoring/{relation.id}").text
        listed = client.get(f"/api/v1/mentoring/relations/{relation.id}/sessions", headers=bearer(who)).json
        assert listed["sessions"][0]["notes"] == "Rahasia kecil tentang rekan kerja."
    login_as(people.supervisor)  # the mentee's supervisor, not in the pair
    page = client.get(f"/mentoring/{relation.id}")
    assert page.status_code == 200
    assert "Rahasia kecil" not in page.text and "Menyusun draf SOP" not in page.text
    assert "Menunggu konfirmasi" in page.text  # that a session happened
    listed = client.get(f"/api/v1/mentoring/relations/{relation.id}/sessions", headers=bearer(people.supervisor))
    assert listed.status_code == 200
    assert listed.json["sessions"][0]["notes"] is None and listed.json["sessions"][0]["actions"] is None
    assert "Rahasia kecil" not in listed.text
    person = client.get(f"/team/{people.staff.nip}").text
    assert "Rekan Senior" in person and "Rahasia kecil" not in person
    for stranger in (people.learner, people.other_supervisor):
        login_as(stranger)
        assert client.get(f"/mentoring/{relation.id}").status_code == 404
        response = client.get(f"/api/v1/mentoring/relations/{relation.id}/sessions", headers=bearer(stranger))
        assert response.status_code == 404


def test_every_step_is_in_the_audit_log_with_its_label(client, login_as, coaching, people, log) -> None:
    service.confirm(people.supervisor, log(coaching))
    transaction.commit()
    login_as(people.admin)
    page = client.get("/admin/audit/").text
    for label in ("Pasangan coaching/mentoring dibuat", "Tujuan coaching/mentoring disimpan",
                  "Pertemuan coaching/mentoring dicatat", "Pertemuan coaching/mentoring dikonfirmasi"):
        assert label in page, label
    assert "Atasan Satu → Pegawai Satu" in page
