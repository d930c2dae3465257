"""The runtime's commits: stored per learner and cycle, the 1.2 limits held, completion and
score fed to the course, and nobody reads or writes another learner's data."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from lms.builtin.scorm import runtime_data
from lms.builtin.scorm.models import ScormAttempt
from lms.core.models import ItemProgress, ProgressStatus, Role
from lms.core.queries.learning import published_items
from lms.core.services import learning
from lms.testing.helpers import csrf_from

PAGE = "/courses/kursus-scorm/modul"
COMMIT = "/scorm/kursus-scorm/modul/commit"


def cmi(status="incomplete", raw=None, suspend="", location="", session_time="00:01:30", exit_="suspend"):
    core = {"lesson_status": status, "lesson_location": location, "session_time": session_time, "exit": exit_,
            "score": {"raw": "" if raw is None else str(raw), "min": "0", "max": "100"}}
    return {"core": core, "suspend_data": suspend}


def post(client, token, body, **kw):
    return client.post(COMMIT, data=json.dumps(body), content_type="application/json",
                       headers={"X-CSRFToken": token}, **kw)


def page_config(client) -> tuple[str, dict]:
    html = client.get(PAGE).get_data(as_text=True)
    config = json.loads(re.search(r'<script type="application/json" id="scorm-config">(.*?)</script>', html, re.S).group(1))
    return html, config


@pytest.fixture
def learner(db, client, login_as, make_user, scorm_course):
    course = scorm_course()
    user = make_user()
    learning.enroll(user, course)
    db.session.commit()
    login_as(user)
    return user, course


def progress(db, user, course):
    return db.session.scalar(select(ItemProgress).where(ItemProgress.user_id == user.id,
                                                        ItemProgress.course_id == course.id))


def test_commit_round_trip_resumes_and_passing_completes_the_item(db, client, learner) -> None:
    user, course = learner
    html, config = page_config(client)
    assert config["cmi"]["core"]["entry"] == "ab-initio"
    assert config["cmi"]["student_data"]["mastery_score"] == "75"
    assert 'sandbox="allow-scripts' in html and "/scorm/content/" in html
    token = config["csrfToken"]
    response = post(client, token, {"session": "sesi-satu-1", "cmi": cmi(suspend='{"page":3}', location="3")})
    assert response.status_code == 200 and response.json == {"result": True, "errorCode": 0}
    db.session.commit()
    _html, config = page_config(client)
    assert config["cmi"]["suspend_data"] == '{"page":3}'
    assert config["cmi"]["core"]["lesson_location"] == "3"
    assert config["cmi"]["core"]["entry"] == "resume"
    assert progress(db, user, course) is None or progress(db, user, course).status != ProgressStatus.DONE

    assert post(client, token, {"session": "sesi-dua-22", "cmi": cmi("passed", raw=100, session_time="00:02:00")}).status_code == 200
    db.session.commit()
    done = progress(db, user, course)
    assert done.status == ProgressStatus.DONE and done.score == 100
    attempt = db.session.scalar(select(ScormAttempt))
    assert attempt.total_seconds == 90 and attempt.session_seconds == 120 and attempt.sessions == 2
    _html, config = page_config(client)
    assert config["cmi"]["core"]["total_time"] == "0000:03:30"  # both visits


def test_a_score_below_mastery_is_not_passing_whatever_the_package_says(db, client, learner) -> None:
    user, course = learner
    _html, config = page_config(client)
    post(client, config["csrfToken"], {"session": "sesi-satu-1", "cmi": cmi("passed", raw=50)})
    db.session.commit()
    row = progress(db, user, course)
    assert row.status != ProgressStatus.DONE and row.score == 50


def test_a_finished_package_reopened_does_not_fall_back_to_incomplete(db, client, learner) -> None:
    _user, _course = learner
    _html, config = page_config(client)
    post(client, config["csrfToken"], {"session": "sesi-satu-1", "cmi": cmi("passed", raw=100)})
    post(client, config["csrfToken"], {"session": "sesi-dua-22", "cmi": cmi("incomplete")})
    db.session.commit()
    assert db.session.scalar(select(ScormAttempt)).lesson_status == "passed"


def test_suspend_data_over_4096_characters_is_refused_and_the_last_good_one_kept(db, client, learner) -> None:
    _html, config = page_config(client)
    token = config["csrfToken"]
    assert post(client, token, {"session": "sesi-satu-1", "cmi": cmi(suspend="a" * 4096)}).status_code == 200
    refused = post(client, token, {"session": "sesi-satu-1", "cmi": cmi(suspend="b" * 4097)})
    assert refused.status_code == 422 and refused.json["result"] is False
    assert "4.096" in refused.json["message"] or "4096" in refused.json["message"]
    db.session.commit()
    assert db.session.scalar(select(ScormAttempt)).suspend_data == "a" * 4096


@pytest.mark.parametrize("bad", [
    "not json",
    json.dumps({"session": "sesi-satu-1"}),
    json.dumps({"session": "x", "cmi": cmi()}),
    json.dumps({"session": "sesi-satu-1", "cmi": cmi(status="menang")}),
    json.dumps({"session": "sesi-satu-1", "cmi": cmi(raw=101)}),
    json.dumps({"session": "sesi-satu-1", "cmi": cmi(session_time="1 jam")}),
])
def test_bad_commits_are_4xx_never_500(db, client, learner, bad) -> None:
    _html, config = page_config(client)
    response = client.post(COMMIT, data=bad, content_type="application/json", headers={"X-CSRFToken": config["csrfToken"]})
    assert 400 <= response.status_code < 500


def test_a_commit_without_the_csrf_token_is_refused(db, client, learner) -> None:
    response = client.post(COMMIT, data=json.dumps({"session": "sesi-satu-1", "cmi": cmi()}),
                           content_type="application/json")
    assert response.status_code == 400
    assert db.session.scalar(select(ScormAttempt)) is None


def test_the_unload_beacon_form_is_accepted(db, client, learner) -> None:
    html, _config = page_config(client)
    response = client.post(COMMIT, data={"csrf_token": csrf_from(html),
                                         "payload": json.dumps({"session": "sesi-satu-1", "cmi": cmi(location="2")})})
    assert response.status_code == 200
    db.session.commit()
    assert db.session.scalar(select(ScormAttempt)).lesson_location == "2"


def test_a_learner_sees_and_writes_only_their_own_data(db, client, login_as, make_user, learner) -> None:
    first, course = learner
    _html, config = page_config(client)
    post(client, config["csrfToken"], {"session": "sesi-satu-1", "cmi": cmi(suspend="rahasia-pertama")})
    db.session.commit()
    second = make_user()
    learning.enroll(second, course)
    db.session.commit()
    login_as(second)
    _html, config = page_config(client)
    assert config["cmi"]["suspend_data"] == ""  # not the first learner's
    assert config["cmi"]["core"]["student_name"] == second.name
    post(client, config["csrfToken"], {"session": "sesi-tiga-33", "cmi": cmi(suspend="punya-kedua")})
    db.session.commit()
    rows = {r.user_id: r.suspend_data for r in db.session.scalars(select(ScormAttempt))}
    assert rows == {first.id: "rahasia-pertama", second.id: "punya-kedua"}


def test_not_enrolled_cannot_commit_nor_open_the_package(db, client, login_as, make_user, scorm_course) -> None:
    course = scorm_course()
    (item,) = published_items(course)
    db.session.commit()
    stranger = login_as(make_user())
    html = client.get("/").get_data(as_text=True)
    token = csrf_from(html) if "csrf_token" in html else ""
    assert client.post(COMMIT, data=json.dumps({"session": "sesi-satu-1", "cmi": cmi()}),
                       content_type="application/json", headers={"X-CSRFToken": token}).status_code in (400, 403, 404)
    assert client.get(f"/scorm/content/{item.id}/index.html").status_code == 404
    assert db.session.scalar(select(ScormAttempt).where(ScormAttempt.user_id == stranger.id)) is None


def test_the_package_is_served_from_its_own_path_with_its_own_csp(db, client, learner) -> None:
    _user, course = learner
    (item,) = published_items(course)
    response = client.get(f"/scorm/content/{item.id}/index.html")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "Apa itu phishing?" in response.get_data(as_text=True)
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in csp and "form-action 'none'" in csp
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert client.get(f"/scorm/content/{item.id}/../../etc/passwd").status_code == 404
    assert client.get(f"/scorm/content/{item.id}/tidak-ada.html").status_code == 404
    # the item page may frame the site itself; other pages still may not
    page = client.get(PAGE)
    assert "frame-src 'self'" in page.headers["Content-Security-Policy"]
    assert "frame-src 'self'" not in client.get("/courses/kursus-scorm").headers["Content-Security-Policy"]


def test_trainers_see_the_results_like_a_quizs(db, client, login_as, make_user, learner) -> None:
    user, course = learner
    _html, config = page_config(client)
    post(client, config["csrfToken"], {"session": "sesi-satu-1", "cmi": cmi("passed", raw=80)})
    db.session.commit()
    login_as(make_user(roles=[Role.ADMIN]))
    html = client.get("/author/kursus-scorm/results").get_data(as_text=True)
    assert "Paket SCORM: Waspada Phishing di Surel Kantor" in html
    assert user.name in html and "lulus" in html


def test_percent_scales_raw_within_min_and_max() -> None:
    row = ScormAttempt(score_raw=15, score_min=0, score_max=20)
    assert runtime_data.percent(row) == 75
    assert runtime_data.percent(ScormAttempt(score_raw=None)) is None


def test_scorm_agains_own_unload_beacon_carries_the_token_in_its_json(db, client, learner) -> None:
    _html, config = page_config(client)
    body = {"session": "sesi-satu-1", "csrf_token": config["csrfToken"], "cmi": cmi(location="4")}
    response = client.post(COMMIT, data=json.dumps(body), content_type="text/plain;charset=UTF-8")
    assert response.status_code == 200
    body["csrf_token"] = "palsu"
    assert client.post(COMMIT, data=json.dumps(body), content_type="text/plain;charset=UTF-8").status_code == 400
    del body["csrf_token"]
    assert client.post(COMMIT, data=json.dumps(body), content_type="text/plain;charset=UTF-8").status_code == 400
    db.session.commit()
    assert db.session.scalar(select(ScormAttempt)).lesson_location == "4"


def test_the_demo_plays_the_package_through_its_own_rules(db, make_user, scorm_course) -> None:
    import random

    from lms.builtin.scorm.activity import Scorm
    from lms.plugins import utcnow

    course = scorm_course()
    (item,) = published_items(course)
    good, bad = make_user(), make_user()
    for user in (good, bad):
        learning.enroll(user, course)
    rng = random.Random(4)
    assert Scorm().play_for_demo(good, course, item, succeed=True, rng=rng, now=utcnow()) is True
    assert Scorm().play_for_demo(bad, course, item, succeed=False, rng=rng, now=utcnow()) is False
    db.session.flush()
    assert progress(db, good, course).status == ProgressStatus.DONE
    assert progress(db, bad, course).status != ProgressStatus.DONE
