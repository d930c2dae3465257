"""Courses and learning through the API: catalogue, course, enrolment, progress, completion."""

from __future__ import annotations

from datetime import timedelta

from lms.core.models import Completion, Enrollment, EnrollmentSource
from lms.core.models.base import utcnow
from lms.core.services import learning


def test_catalogue_lists_published_courses_only(client, make_user, make_course, auth) -> None:
    make_course("b-kursus", title="B Kursus", competencies=[("TEK-01", 2)], category="Digital")
    make_course("a-kursus", title="A Kursus")
    make_course("draf", published=False)
    response = client.get("/api/v1/courses", headers=auth(make_user()))
    assert response.status_code == 200
    courses = response.get_json()["courses"]
    assert [c["slug"] for c in courses] == ["a-kursus", "b-kursus"]
    assert courses[1] == {"slug": "b-kursus", "title": "B Kursus", "summary": "Ringkasan.", "jp": 2.0,
                          "minutes": 0, "category": "Digital", "enrollment": "open",
                          "competencies": [{"code": "TEK-01", "level": 2}]}


def test_catalogue_filters(client, make_user, make_course, auth) -> None:
    make_course("siber", title="Keamanan Siber", competencies=[("TEK-SIB", 1)], category="Digital")
    make_course("layanan", title="Pelayanan Prima", category="Pelayanan")
    headers = auth(make_user())

    def slugs(query: str) -> list[str]:
        response = client.get(f"/api/v1/courses?{query}", headers=headers)
        assert response.status_code == 200
        return [c["slug"] for c in response.get_json()["courses"]]

    assert slugs("q=siber") == ["siber"]
    assert slugs("competency=TEK-SIB") == ["siber"]
    assert slugs("category=Pelayanan") == ["layanan"]
    assert slugs("unknown=ignored&q=prima") == ["layanan"]


def test_catalogue_refuses_a_too_long_query(client, make_user, auth, error_of) -> None:
    response = client.get("/api/v1/courses?q=" + "x" * 101, headers=auth(make_user()))
    error = error_of(response, 422, "invalid")
    assert "q" in error["fields"]


def test_catalogue_uses_a_fixed_number_of_queries(client, make_user, make_course, auth, count_queries) -> None:
    headers = auth(make_user())
    make_course(competencies=[("TEK-A", 1)])
    client.get("/api/v1/me", headers=headers)  # the token's first use writes last_used_at
    with count_queries() as few:
        assert client.get("/api/v1/courses", headers=headers).status_code == 200
    for n in range(8):
        make_course(competencies=[("TEK-A", 1), (f"TEK-B{n}", 2)])
    with count_queries() as many:
        response = client.get("/api/v1/courses", headers=headers)
    assert len(response.get_json()["courses"]) == 9
    assert len(many) == len(few) <= 5  # token, user, roles, courses, competencies


def test_course_with_outline(client, make_user, make_course, auth) -> None:
    make_course("bertahap", items=[("m1/satu", "lesson"), ("m1/kuis", "quiz"), ("m2/dua", "lesson")],
                modules=[("m1", "Modul Satu"), ("m2", "Modul Dua")], prerequisites=["dasar"])
    response = client.get("/api/v1/courses/bertahap", headers=auth(make_user()))
    assert response.status_code == 200
    body = response.get_json()
    assert body["slug"] == "bertahap" and body["prerequisites"] == ["dasar"]
    assert [(m["key"], m["title"], [i["key"] for i in m["items"]]) for m in body["outline"]] == [
        ("m1", "Modul Satu", ["m1/satu", "m1/kuis"]), ("m2", "Modul Dua", ["m2/dua"])]
    assert body["outline"][0]["items"][1] == {"key": "m1/kuis", "type": "quiz", "title": "Materi m1/kuis",
                                              "minutes": 5, "required": True}


def test_unknown_and_draft_courses_are_404(client, make_user, make_course, auth, error_of) -> None:
    make_course("draf", published=False)
    headers = auth(make_user())
    for slug in ("tidak-ada", "draf"):
        for method, path in (("get", ""), ("get", "/progress"), ("post", "/enrollment"),
                             ("post", "/items/intro/completion")):
            response = getattr(client, method)(f"/api/v1/courses/{slug}{path}", headers=headers)
            error_of(response, 404, "not_found")


def test_enrol_then_enrol_again(client, db, make_user, make_course, auth) -> None:
    user = make_user()
    make_course("terbuka")
    headers = auth(user)
    first = client.post("/api/v1/courses/terbuka/enrollment", headers=headers)
    assert first.status_code == 201
    body = first.get_json()
    assert body["course"] == "terbuka" and body["source"] == "self" and body["cycle"] == 1
    assert body["due_at"] is None and body["completed_at"] is None
    again = client.post("/api/v1/courses/terbuka/enrollment", headers=headers)
    assert again.status_code == 200
    assert again.get_json() == body
    assert db.session.query(Enrollment).filter_by(user_id=user.id).count() == 1


def test_enrol_in_an_assigned_course_is_409_unless_assigned(client, db, make_user, make_course, auth,
                                                             error_of) -> None:
    user = make_user()
    course = make_course("wajib", enrollment="assigned")
    headers = auth(user)
    error_of(client.post("/api/v1/courses/wajib/enrollment", headers=headers), 409, "assigned_only")
    learning.enroll(user, course, source=EnrollmentSource.ASSIGNED)
    db.session.flush()
    response = client.post("/api/v1/courses/wajib/enrollment", headers=headers)
    assert response.status_code == 200
    assert response.get_json()["source"] == "assigned"


def test_enrol_without_prerequisites_is_422(client, make_user, make_course, auth, complete, error_of) -> None:
    user = make_user()
    basic = make_course("dasar")
    make_course("lanjut", prerequisites=["dasar"])
    headers = auth(user)
    error = error_of(client.post("/api/v1/courses/lanjut/enrollment", headers=headers), 422, "prerequisites")
    assert basic.title in error["message"]
    complete(user, basic)
    assert client.post("/api/v1/courses/lanjut/enrollment", headers=headers).status_code == 201


def test_progress_before_and_after_enrolment(client, make_user, make_course, auth) -> None:
    user = make_user()
    make_course("dua-materi", items=[("satu", "lesson"), ("kuis", "quiz")])
    headers = auth(user)
    before = client.get("/api/v1/courses/dua-materi/progress", headers=headers).get_json()
    assert before["enrolled"] is False and before["status"] == "not_started" and before["percent"] == 0
    assert [(i["key"], i["status"]) for i in before["items"]] == [("satu", "not_started"), ("kuis", "not_started")]
    client.post("/api/v1/courses/dua-materi/enrollment", headers=headers)
    done = client.post("/api/v1/courses/dua-materi/items/satu/completion", headers=headers)
    assert done.status_code == 200
    assert done.get_json()["course_status"] == "in_progress" and done.get_json()["percent"] == 50
    after = client.get("/api/v1/courses/dua-materi/progress", headers=headers).get_json()
    assert after["enrolled"] is True and after["status"] == "in_progress" and after["percent"] == 50
    assert after["done"] == 1 and after["total"] == 2 and after["next_key"] == "kuis"
    assert [(i["key"], i["type"], i["status"]) for i in after["items"]] == [
        ("satu", "lesson", "done"), ("kuis", "quiz", "not_started")]
    assert after["items"][0]["completed_at"] is not None


def test_completing_the_last_lesson_completes_the_course(client, make_user, make_course, auth) -> None:
    user = make_user()
    make_course("pendek", items=[("m/satu", "lesson")], modules=[("m", "Modul")], valid_months=12)
    headers = auth(user)
    client.post("/api/v1/courses/pendek/enrollment", headers=headers)
    first = client.post("/api/v1/courses/pendek/items/m/satu/completion", headers=headers)
    assert first.status_code == 200
    assert first.get_json()["course_status"] == "completed" and first.get_json()["percent"] == 100
    progress = client.get("/api/v1/courses/pendek/progress", headers=headers).get_json()
    assert progress["status"] == "completed" and progress["expires_at"] is not None
    repeat = client.post("/api/v1/courses/pendek/items/m/satu/completion", headers=headers)
    assert repeat.status_code == 200
    assert repeat.get_json() == first.get_json()


def test_expired_completion_shows_as_expired(client, db, make_user, make_course, auth, complete) -> None:
    user = make_user()
    course = make_course("berlaku", valid_months=12)
    complete(user, course)
    row = db.session.query(Completion).filter_by(user_id=user.id).one()
    row.expires_at = utcnow() - timedelta(days=1)
    db.session.flush()
    progress = client.get("/api/v1/courses/berlaku/progress", headers=auth(user)).get_json()
    assert progress["status"] == "expired"


def test_completion_refusals(client, make_user, make_course, auth, error_of) -> None:
    user = make_user()
    make_course("campur", items=[("baca", "lesson"), ("kuis", "quiz"), ("survei", "survey")])
    headers = auth(user)
    error_of(client.post("/api/v1/courses/campur/items/baca/completion", headers=headers), 403, "denied")
    client.post("/api/v1/courses/campur/enrollment", headers=headers)
    error_of(client.post("/api/v1/courses/campur/items/kuis/completion", headers=headers), 409, "conflict")
    error_of(client.post("/api/v1/courses/campur/items/survei/completion", headers=headers), 409, "conflict")
    error_of(client.post("/api/v1/courses/campur/items/tidak-ada/completion", headers=headers), 404, "not_found")
    progress = client.get("/api/v1/courses/campur/progress", headers=headers).get_json()
    assert progress["done"] == 0


def test_wrong_method_is_a_json_405(client, make_user, auth, error_of) -> None:
    error_of(client.get("/api/v1/courses/x/enrollment", headers=auth(make_user())), 405)
