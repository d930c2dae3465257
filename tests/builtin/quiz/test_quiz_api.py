"""The quiz's JSON API: start (201/200/403/404/409) and submission (200/403/404/409/422)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from lms.builtin.quiz.models import Attempt
from lms.core.models.base import utcnow
from lms.core.services.tokens import create_token
from lms.extensions import db as _db

GIFT = "::pasangan::Pasangkan. {\n=Jawa Barat -> Bandung\n=Bali -> Denpasar\n}\n"


@pytest.fixture
def headers(db):
    def make(user) -> dict[str, str]:
        return {"Authorization": f"Bearer {create_token(user, 'uji')[1]}"}

    return make


def start_url(course, key: str = "kuis") -> str:
    return f"/api/v1/courses/{course.slug}/items/{key}/attempts"


def error_code(response, status: int) -> str:
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True))
    body = response.get_json()
    assert set(body) == {"error"} and body["error"]["message"]
    return body["error"]["code"]


def test_start_returns_the_drawn_questions_without_answers(client, db, make_quiz_course, learner, headers) -> None:
    course = make_quiz_course({"time_limit_minutes": 15})
    user = learner(course)
    response = client.post(start_url(course), headers=headers(user))
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["number"] == 1 and body["status"] == "open" and body["deadline"]
    assert 14 * 60 <= body["seconds_left"] <= 15 * 60
    assert [q["id"] for q in body["questions"]] == ["ibu-kota", "genap", "jp-minimal", "pi"]
    capital = body["questions"][0]
    assert set(capital) == {"id", "number", "type", "points", "prompt_html", "options"}
    assert all(set(o) == {"id", "html"} for o in capital["options"])
    assert sorted(o["html"] for o in capital["options"]) == ["Bandung", "Jakarta", "Surabaya"]
    dumped = json.dumps(body)
    for secret in ("rahasia", "fraction", "feedback", "3.14", "tolerance", "correct", "accepted"):
        assert secret not in dumped, secret
    again = client.post(start_url(course), headers=headers(user))
    assert again.status_code == 200 and again.get_json()["attempt_id"] == body["attempt_id"]
    assert again.get_json()["questions"] == body["questions"]


def test_start_refusals(client, db, make_quiz_course, learner, make_user, headers) -> None:
    course = make_quiz_course({"max_attempts": 1})
    user = learner(course)
    assert error_code(client.post(start_url(course)), 401) == "unauthorized"
    assert error_code(client.post(start_url(course), headers=headers(make_user())), 403) == "denied"
    assert error_code(client.post(start_url(course, "tidak-ada"), headers=headers(user)), 404) == "not_found"
    assert error_code(client.post(start_url(course, "pengantar"), headers=headers(user)), 404) == "not_found"
    assert error_code(client.post("/api/v1/courses/tidak-ada/items/kuis/attempts", headers=headers(user)),
                      404) == "not_found"
    attempt_id = client.post(start_url(course), headers=headers(user)).get_json()["attempt_id"]
    assert client.post(f"/api/v1/attempts/{attempt_id}/submission", headers=headers(user)).status_code == 200
    assert error_code(client.post(start_url(course), headers=headers(user)), 409) == "conflict"


def test_submission_grades_once(client, db, make_quiz_course, learner, headers, option_id) -> None:
    course = make_quiz_course()
    user = learner(course)
    auth = headers(user)
    attempt_id = client.post(start_url(course), headers=auth).get_json()["attempt_id"]
    attempt = _db.session.get(Attempt, attempt_id)
    answers = {"ibu-kota": [option_id(attempt, "ibu-kota", "Jakarta")],
               "genap": [option_id(attempt, "genap", "Dua"), option_id(attempt, "genap", "Empat")],
               "jp-minimal": "20", "pi": "3,14"}
    response = client.post(f"/api/v1/attempts/{attempt_id}/submission", json={"answers": answers}, headers=auth)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["score"] == 100.0 and body["passed"] is True and body["late"] is False
    assert body["feedback_shown"] and len(body["questions"]) == 4
    capital = body["questions"][0]
    assert "rahasia-umpan-balik-umum-ibu-kota" in capital["feedback_html"]
    assert [o["html"] for o in capital["options"] if o["correct"]] == ["Jakarta"]
    second = client.post(f"/api/v1/attempts/{attempt_id}/submission", json={"answers": {"jp-minimal": "1"}},
                         headers=auth)
    assert error_code(second, 409) == "conflict"
    _db.session.expire_all()
    stored = _db.session.get(Attempt, attempt_id)
    assert stored.score == 100.0 and stored.answers["jp-minimal"] == "20"


def test_submission_refusals(client, db, make_quiz_course, learner, headers) -> None:
    course = make_quiz_course()
    owner, other = learner(course), learner(course)
    attempt_id = client.post(start_url(course), headers=headers(owner)).get_json()["attempt_id"]
    url = f"/api/v1/attempts/{attempt_id}/submission"
    assert error_code(client.post(url, json={}, headers=headers(other)), 403) == "denied"
    assert error_code(client.post("/api/v1/attempts/999999/submission", json={}, headers=headers(owner)),
                      404) == "not_found"
    auth = headers(owner)
    assert error_code(client.post(url, data="{bukan json", content_type="application/json", headers=auth),
                      400) == "bad_request"
    assert error_code(client.post(url, json=["x"], headers=auth), 400) == "bad_request"
    for body in ({"answers": ["x"]}, {"answers": {"tidak-ada": "x"}}, {"answers": {"ibu-kota": ["o-palsu"]}},
                 {"answers": {"ibu-kota": 3}}, {"jawaban": {}}):
        assert error_code(client.post(url, json=body, headers=auth), 422) == "invalid", body
    _db.session.expire_all()
    assert _db.session.get(Attempt, attempt_id).is_open


def test_matching_answers_and_feedback_rules(client, db, make_quiz_course, learner, headers) -> None:
    course = make_quiz_course({"questions_from": "bank.gift", "show_feedback": "never"}, questions="",
                              extra={"bank.gift": GIFT})
    user = learner(course)
    started = client.post(start_url(course), headers=headers(user)).get_json()
    (question,) = started["questions"]
    assert question["type"] == "matching" and sorted(question["choices"]) == ["Bandung", "Denpasar"]
    pairs = {item["html"]: item["id"] for item in question["left_items"]}
    answers = {"pasangan": {pairs["Jawa Barat"]: "bandung", pairs["Bali"]: "Bandung"}}
    body = client.post(f"/api/v1/attempts/{started['attempt_id']}/submission", json={"answers": answers},
                       headers=headers(user)).get_json()
    assert body["score"] == 50.0 and body["questions"] == [] and body["feedback_shown"] is False


def test_late_submission_ignores_the_answers_sent(client, db, make_quiz_course, learner, headers, option_id) -> None:
    course = make_quiz_course({"time_limit_minutes": 5})
    user = learner(course)
    auth = headers(user)
    attempt_id = client.post(start_url(course), headers=auth).get_json()["attempt_id"]
    attempt = _db.session.get(Attempt, attempt_id)
    attempt.deadline = utcnow() - timedelta(minutes=2)
    attempt.answers = {"jp-minimal": "20"}
    _db.session.commit()
    body = client.post(f"/api/v1/attempts/{attempt_id}/submission", headers=auth,
                       json={"answers": {"ibu-kota": [option_id(attempt, "ibu-kota", "Jakarta")]}}).get_json()
    assert body["late"] is True and body["score"] == 20.0


def test_endpoints_are_in_the_openapi_document(client, db) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    start = document["paths"]["/api/v1/courses/{slug}/items/{key}/attempts"]["post"]
    submit = document["paths"]["/api/v1/attempts/{attempt_id}/submission"]["post"]
    assert start["responses"]["201"]["content"]["application/json"]["schema"]["$ref"].endswith("/QuizAttempt")
    assert {"401", "403", "404", "409"} <= set(start["responses"])
    assert {"400", "403", "404", "409", "422"} <= set(submit["responses"])
    schemas = document["components"]["schemas"]
    assert "fraction" not in json.dumps(schemas["QuizAttempt"]) and "QuizQuestion" in schemas
