"""The learner's quiz pages: intro, attempt form (no answers in it), autosave, submit, result."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from lms.builtin.quiz.models import Attempt, AttemptStatus
from lms.core.models.base import utcnow
from lms.extensions import db as _db
from lms.testing.helpers import csrf_from

GIFT = """\
::tf::Matahari terbit di timur.{T#rahasia-umpan-balik-benar#rahasia-umpan-balik-salah}

::pasangan::Pasangkan provinsi dan ibu kotanya. {
=Jawa Barat -> Bandung
=Jawa Timur -> Surabaya
=Bali -> Denpasar
}

::kata::Ibu kota Jawa Tengah adalah {=Semarang ~Solo ~Magelang}.

::isian::Singkatan Aparatur Sipil Negara adalah {=rahasia-asn}.
"""


def item_url(course) -> str:
    return f"/courses/{course.slug}/kuis"


def start(client, course):
    page = client.get(item_url(course))
    assert page.status_code == 200, page.status_code
    response = client.post(f"/quiz/{course.slug}/kuis/start", data={"csrf_token": csrf_from(page.text)})
    assert response.status_code == 302, response.status_code
    match = re.fullmatch(r"/quiz/attempts/(\d+)", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


def attempt_of(attempt_id: int) -> Attempt:
    _db.session.expire_all()
    return _db.session.get(Attempt, attempt_id)


def test_intro_shows_the_rules_and_a_start_form(client, db, make_quiz_course, learner, login_as) -> None:
    course = make_quiz_course({"max_attempts": 3, "time_limit_minutes": 15, "pass_score": 80})
    login_as(learner(course))
    page = client.get(item_url(course)).text
    assert "Pengantar kuis." in page
    assert "Nilai kelulusan" in page and "80" in page
    assert "15 menit" in page and "0 dari 3 kali dipakai" in page and "Nilai tertinggi" in page
    assert f'action="/quiz/{course.slug}/kuis/start"' in page and "Mulai kuis" in page


def test_start_needs_the_csrf_token(client, db, make_quiz_course, learner, login_as) -> None:
    course = make_quiz_course()
    login_as(learner(course))
    assert client.post(f"/quiz/{course.slug}/kuis/start").status_code == 400
    assert _db.session.scalar(select(Attempt)) is None


def test_start_when_not_enrolled_or_unknown(client, db, make_quiz_course, make_user, login_as) -> None:
    course = make_quiz_course()
    login_as(make_user())
    token = csrf_from(client.get("/me").text)
    response = client.post(f"/quiz/{course.slug}/kuis/start", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == item_url(course)
    assert client.post(f"/quiz/{course.slug}/tidak-ada/start", data={"csrf_token": token}).status_code == 404
    assert client.post("/quiz/tidak-ada/kuis/start", data={"csrf_token": token}).status_code == 404


def test_attempt_page_has_an_accessible_form_and_no_answers(client, db, make_quiz_course, learner, login_as) -> None:
    course = make_quiz_course({"time_limit_minutes": 10})
    login_as(learner(course))
    attempt_id = start(client, course)
    page = client.get(f"/quiz/attempts/{attempt_id}").text
    assert page.count("<fieldset") == 4 and page.count("<legend") == 4
    assert 'type="radio"' in page and 'type="checkbox"' in page and 'inputmode="decimal"' in page
    assert "Waktu tersisa" in page and "data-seconds-left" in page and "/static/plugins/quiz/quiz.js" in page
    assert f'action="/quiz/attempts/{attempt_id}/submit"' in page
    # every text input and select has a label
    for field_id in re.findall(r'<(?:input type="text"|select)[^>]* id="([^"]+)"', page):
        assert f'for="{field_id}"' in page
    # no answers, fractions or feedback
    for secret in ("rahasia", "fraction", "feedback", "3.14", "correct"):
        assert secret not in page, secret
    # correct and wrong options are rendered exactly alike
    attempt = attempt_of(attempt_id)
    for entry in attempt.questions:
        inputs = re.findall(rf'<input type="(?:radio|checkbox)" name="a:{entry["question"]["id"]}"[^>]*>', page)
        assert len(inputs) == len(entry["question"]["options"])
        assert len({re.sub(r'value="[^"]+"', "", tag) for tag in inputs}) <= 1


def test_autosave_and_resume_after_reload(client, db, make_quiz_course, learner, login_as, option_id) -> None:
    course = make_quiz_course()
    login_as(learner(course))
    attempt_id = start(client, course)
    page = client.get(f"/quiz/attempts/{attempt_id}").text
    attempt = attempt_of(attempt_id)
    jakarta, dua = option_id(attempt, "ibu-kota", "Jakarta"), option_id(attempt, "genap", "Dua")
    response = client.post(f"/quiz/attempts/{attempt_id}/answers", headers={"Accept": "application/json"},
                           data={"csrf_token": csrf_from(page), "a:ibu-kota": jakarta, "a:genap": dua,
                                 "a:jp-minimal": "dua puluh"})
    assert response.status_code == 200 and response.json["saved"] is True
    reloaded = client.get(f"/quiz/attempts/{attempt_id}").text
    assert re.search(rf'value="{jakarta}" checked', reloaded)
    assert re.search(rf'value="{dua}"[^>]* checked', reloaded)
    assert 'value="dua puluh"' in reloaded
    # the start button now resumes the same attempt
    assert "Lanjutkan percobaan ke-1" in client.get(item_url(course)).text
    assert start(client, course) == attempt_id
    # unticking every checkbox clears the answer
    client.post(f"/quiz/attempts/{attempt_id}/answers", data={"csrf_token": csrf_from(page), "a:ibu-kota": jakarta})
    assert attempt_of(attempt_id).answers["genap"] == []


def test_autosave_needs_csrf_and_rejects_unknown_options(client, db, make_quiz_course, learner, login_as) -> None:
    course = make_quiz_course()
    login_as(learner(course))
    attempt_id = start(client, course)
    page = client.get(f"/quiz/attempts/{attempt_id}").text
    assert client.post(f"/quiz/attempts/{attempt_id}/answers", data={"a:jp-minimal": "20"}).status_code == 400
    bad = client.post(f"/quiz/attempts/{attempt_id}/answers",
                      data={"csrf_token": csrf_from(page), "a:ibu-kota": "o-palsu"})
    assert bad.status_code == 422 and bad.json["error"]["code"] == "invalid"
    assert attempt_of(attempt_id).answers == {}


def test_submit_shows_the_result_with_feedback_and_remedial(client, db, make_quiz_course, learner, login_as, option_id) -> None:
    course = make_quiz_course({"max_attempts": 2})
    login_as(learner(course))
    attempt_id = start(client, course)
    page = client.get(f"/quiz/attempts/{attempt_id}").text
    attempt = attempt_of(attempt_id)
    response = client.post(f"/quiz/attempts/{attempt_id}/submit",
                           data={"csrf_token": csrf_from(page), "confirmed": "1", "a:ibu-kota": option_id(attempt, "ibu-kota", "Bandung"),
                                 "a:jp-minimal": "20"})
    assert response.headers["Location"] == f"/quiz/attempts/{attempt_id}/result"
    result = client.get(response.headers["Location"]).text
    assert "Nilai" in result and "20" in result and "Tidak lulus" in result
    assert "rahasia-umpan-balik-bandung" in result and "rahasia-umpan-balik-umum-ibu-kota" in result
    assert "Ikuti remedial (percobaan ke-2)" in result and "Sisa kesempatan: 1" in result
    # the attempt page of a submitted attempt goes to the result
    assert client.get(f"/quiz/attempts/{attempt_id}").headers["Location"].endswith("/result")
    # a second submission changes nothing
    again = client.post(f"/quiz/attempts/{attempt_id}/submit",
                        data={"csrf_token": csrf_from(page), "confirmed": "1", "a:ibu-kota": option_id(attempt, "ibu-kota", "Jakarta")})
    assert again.status_code == 302
    assert attempt_of(attempt_id).score == 20.0
    # the intro lists the attempt
    intro = client.get(item_url(course)).text
    assert "Percobaan sebelumnya" in intro and "1 dari 2 kali dipakai" in intro


def test_no_retake_button_when_attempts_are_used_up(client, db, make_quiz_course, learner, login_as) -> None:
    course = make_quiz_course({"max_attempts": 1})
    login_as(learner(course))
    attempt_id = start(client, course)
    page = client.get(f"/quiz/attempts/{attempt_id}").text
    client.post(f"/quiz/attempts/{attempt_id}/submit", data={"csrf_token": csrf_from(page), "confirmed": "1"})
    result = client.get(f"/quiz/attempts/{attempt_id}/result").text
    assert "remedial" not in result and "sudah habis" in result
    assert "sudah habis" in client.get(item_url(course)).text
    response = client.post(f"/quiz/{course.slug}/kuis/start", data={"csrf_token": csrf_from(page)})
    assert response.headers["Location"] == item_url(course)
    assert len(_db.session.scalars(select(Attempt)).all()) == 1


def test_someone_elses_attempt_is_not_found(client, db, make_quiz_course, learner, login_as) -> None:
    course = make_quiz_course()
    login_as(learner(course))
    attempt_id = start(client, course)
    login_as(learner(course))
    page = client.get(item_url(course)).text
    token = csrf_from(page)
    assert client.get(f"/quiz/attempts/{attempt_id}").status_code == 404
    assert client.get(f"/quiz/attempts/{attempt_id}/result").status_code == 404
    assert client.post(f"/quiz/attempts/{attempt_id}/answers", data={"csrf_token": token}).status_code == 404
    assert client.post(f"/quiz/attempts/{attempt_id}/submit", data={"csrf_token": token}).status_code == 404
    assert attempt_of(attempt_id).status == AttemptStatus.OPEN


def test_pages_need_a_login(client, db) -> None:
    assert client.get("/quiz/attempts/1").status_code == 302


def test_an_expired_attempt_page_goes_to_the_result(client, db, make_quiz_course, learner, login_as) -> None:
    course = make_quiz_course({"time_limit_minutes": 5})
    login_as(learner(course))
    attempt_id = start(client, course)
    attempt = attempt_of(attempt_id)
    attempt.deadline = utcnow() - timedelta(minutes=1)
    attempt.answers = {"jp-minimal": "20"}
    _db.session.commit()
    response = client.get(f"/quiz/attempts/{attempt_id}")
    assert response.headers["Location"].endswith("/result")
    expired = attempt_of(attempt_id)
    assert expired.late and expired.score == 20.0
    assert "Terlambat" in client.get(response.headers["Location"]).text


def test_gift_kinds_render_and_grade_through_the_form(client, db, make_quiz_course, learner, login_as) -> None:
    course = make_quiz_course({"questions_from": "bank.gift", "shuffle_options": False},
                              questions="", extra={"bank.gift": GIFT})
    login_as(learner(course))
    attempt_id = start(client, course)
    page = client.get(f"/quiz/attempts/{attempt_id}").text
    assert page.count("<select") == 3 and "Benar" in page and "Salah" in page
    assert "rahasia" not in page
    attempt = attempt_of(attempt_id)
    entries = {e["question"]["id"]: e["question"] for e in attempt.questions}
    true_id = next(o["id"] for o in entries["tf"]["options"] if o["text"] == "true")
    semarang = next(o["id"] for o in entries["kata"]["options"] if o["text"] == "Semarang")
    pairs = {p["left"]: p["id"] for p in entries["pasangan"]["pairs"]}
    form = {"csrf_token": csrf_from(page), "a:tf": true_id, "a:kata": semarang, "a:isian": "RAHASIA-ASN",
            f"a:pasangan:{pairs['Jawa Barat']}": "Bandung", f"a:pasangan:{pairs['Jawa Timur']}": "Surabaya",
            f"a:pasangan:{pairs['Bali']}": "Surabaya"}
    client.post(f"/quiz/attempts/{attempt_id}/submit", data=form)
    graded = attempt_of(attempt_id)
    assert graded.score == pytest.approx(100 * (3 + 2 / 3) / 4, abs=0.01)
    result = client.get(f"/quiz/attempts/{attempt_id}/result").text
    assert "Denpasar" in result and "rahasia-umpan-balik-" in result


SAMPLES = Path(__file__).resolve().parents[3] / "courses"


def secrets_of(entry: dict) -> list[str]:
    """Texts that would give an answer away: feedback (source and HTML) and accepted answers."""
    question, rendered = entry["question"], entry["rendered"]
    found = [question["feedback"], rendered.get("feedback", "")]
    for option in question["options"]:
        found += [option["feedback"], rendered.get("options", {}).get(option["id"], {}).get("feedback", "")]
    for answer in question["answers"]:
        found += [answer["feedback"], answer["text"] or ""]
    return [s for s in found if len(s.strip()) >= 4]


def test_sample_course_attempt_shows_no_answers_in_page_or_api(client, db, make_user, login_as) -> None:
    from lms.core.importer.service import import_paths
    from lms.core.models import Course
    from lms.core.services import learning
    from lms.core.services.tokens import create_token

    import_paths([SAMPLES / "pelayanan-publik-prima"])
    course = _db.session.scalar(select(Course).where(Course.slug == "pelayanan-publik-prima"))
    user = login_as(make_user())
    learning.enroll(user, course)
    page = client.get("/courses/pelayanan-publik-prima/kuis-akhir")
    assert "Mulai kuis" in page.text
    response = client.post("/quiz/pelayanan-publik-prima/kuis-akhir/start", data={"csrf_token": csrf_from(page.text)})
    attempt_id = int(response.headers["Location"].rsplit("/", 1)[1])
    html = client.get(f"/quiz/attempts/{attempt_id}").text
    token = create_token(user, "uji")[1]
    api = client.post("/api/v1/courses/pelayanan-publik-prima/items/kuis-akhir/attempts",
                      headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 200 and api.json["attempt_id"] == attempt_id
    body = api.get_data(as_text=True)
    attempt = attempt_of(attempt_id)
    assert len(attempt.questions) == 8  # questions_per_attempt: 8 of 11
    secrets = [s for entry in attempt.questions for s in secrets_of(entry)]
    assert secrets
    for secret in secrets:
        assert secret not in html and secret not in body, secret
    for word in ("fraction", "feedback", "accepted", "tolerance"):
        assert word not in html and word not in body, word
