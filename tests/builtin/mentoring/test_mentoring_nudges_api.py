"""Nudges (Tim Saya and reminders) and the JSON API of the session log."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from lms.builtin.mentoring import plugin, service
from lms.core import transaction
from lms.core.models import Notification


def _kinds(user, db):
    return sorted(n.kind for n in db.session.scalars(select(Notification).where(Notification.user_id == user.id)))


def test_tim_saya_names_quiet_pairs_and_logs_waiting(client, login_as, coaching, people, log, db) -> None:
    # the coaching started 60 days ago without a confirmed session: quiet
    login_as(people.supervisor)
    page = client.get("/team").text
    assert "Coaching dan mentoring perlu perhatian" in page
    assert "30 hari tanpa pertemuan yang dikonfirmasi" in page
    log(coaching)
    page = client.get("/team").text
    assert "1 catatan menunggu konfirmasi" in page
    login_as(people.other_supervisor)
    assert "perlu perhatian" not in client.get("/team").text


def test_a_recent_confirmed_session_silences_the_nudge(client, login_as, coaching, people, log) -> None:
    service.confirm(people.supervisor, log(coaching, days_ago=3))
    transaction.commit()
    login_as(people.supervisor)
    assert "perlu perhatian" not in client.get("/team").text


def test_logging_tells_the_mentor_and_the_daily_job_reminds_quiet_pairs(coaching, people, log, db) -> None:
    log(coaching)
    assert _kinds(people.supervisor, db) == ["mentoring.waiting"]
    result = plugin.send_nudges.func(None)
    transaction.commit()
    assert result["sent"] == 2  # both of the quiet pair; the waiting log was told already
    assert _kinds(people.staff, db) == ["mentoring.quiet"]
    again = plugin.send_nudges.func(None)
    assert again["sent"] == 0  # once per 30 quiet days


def test_the_api_logs_lists_and_confirms(client, coaching, people, today, bearer) -> None:
    url = f"/api/v1/mentoring/relations/{coaching.id}/sessions"
    body = {"held_on": (today - timedelta(days=2)).isoformat(), "minutes": 60,
            "competencies": ["pelayanan-publik"], "notes": "Lewat aplikasi."}
    assert client.post(url, json=body, headers=bearer(people.supervisor)).status_code == 403
    created = client.post(url, json=body, headers=bearer(people.staff))
    assert created.status_code == 201, created.json
    assert created.json["state"] == "pending"
    sid = created.json["id"]
    listed = client.get(url, headers=bearer(people.supervisor)).json
    assert [s["id"] for s in listed["sessions"]] == [sid] and listed["kind"] == "coaching"
    confirm = f"{url}/{sid}/confirmation"
    assert client.post(confirm, headers=bearer(people.staff)).status_code == 403
    done = client.post(confirm, headers=bearer(people.supervisor))
    assert done.status_code == 200 and done.json["state"] == "confirmed"
    assert client.post(f"{url}/99999/confirmation", headers=bearer(people.supervisor)).status_code == 404


def test_the_api_refuses_bad_input_clearly(client, coaching, people, today, bearer) -> None:
    url = f"/api/v1/mentoring/relations/{coaching.id}/sessions"
    headers = bearer(people.staff)
    assert client.post(url, data="bukan json", headers=headers).status_code == 400
    assert client.post(url, json={"held_on": "kemarin", "minutes": 30}, headers=headers).status_code == 422
    assert client.post(url, json={"held_on": today.isoformat(), "minutes": 0}, headers=headers).status_code == 422
    future = {"held_on": (today + timedelta(days=3)).isoformat(), "minutes": 30}
    response = client.post(url, json=future, headers=headers)
    assert response.status_code == 422 and response.json["error"]["code"] == "invalid"
    assert client.get("/api/v1/mentoring/relations/99999/sessions", headers=headers).status_code == 404
    # an id no database integer holds is unknown for both methods (two rules made the POST a 405)
    too_large = "/api/v1/mentoring/relations/99999999999/sessions"
    assert client.get(too_large, headers=headers).status_code == 404
    assert client.post(too_large, json={"held_on": today.isoformat(), "minutes": 30}, headers=headers).status_code == 404


def test_the_api_is_in_the_openapi_document(client) -> None:
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert "/api/v1/mentoring/relations/{relation_id}/sessions" in paths
    assert "/api/v1/mentoring/relations/{relation_id}/sessions/{session_id}/confirmation" in paths
