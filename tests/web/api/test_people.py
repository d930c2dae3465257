"""The caller, transcripts, competency profiles and the team, with their access rules."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from lms.core import transaction
from lms.core.models import Completion, Enrollment, Role
from lms.core.models.base import utcnow
from lms.core.services import learning


def test_me(client, make_user, make_unit, make_position, make_course, auth, complete) -> None:
    user = make_user(name="Siti Aminah", roles=[Role.SUPERVISOR], unit=make_unit("Dinas Uji > Bidang API"),
                     position=make_position("Pranata Komputer"))
    complete(user, make_course(jp=3.5))
    response = client.get("/api/v1/me", headers=auth(user))
    assert response.status_code == 200
    body = response.get_json()
    assert body == {"nip": user.nip, "name": "Siti Aminah", "email": user.email,
                    "roles": ["learner", "supervisor"], "unit": "Bidang API", "position": "Pranata Komputer",
                    "year": body["year"], "jp_year": 3.5, "jp_target": 20.0}
    assert body["year"] in (datetime.now().year - 1, datetime.now().year, datetime.now().year + 1)


def test_me_without_unit_or_position(client, make_user, auth) -> None:
    body = client.get("/api/v1/me", headers=auth(make_user())).get_json()
    assert body["unit"] is None and body["position"] is None and body["roles"] == ["learner"]
    assert body["jp_year"] == 0


def test_own_transcript(client, db, make_user, make_course, auth, complete) -> None:
    user = make_user()
    old, new = make_course("lama", jp=4), make_course("baru", jp=2, items=[("baca", "lesson"), ("kuis", "quiz")])
    complete(user, old)
    complete(user, new)
    row = db.session.query(Completion).filter_by(user_id=user.id, course_id=old.id).one()
    row.completed_at = row.completed_at.replace(year=row.completed_at.year - 1)
    db.session.flush()
    response = client.get(f"/api/v1/users/{user.nip}/transcript", headers=auth(user))
    assert response.status_code == 200
    body = response.get_json()
    assert body["nip"] == user.nip and body["jp_target"] == 20.0
    assert [(c["course"], c["jp"], c["score"], c["certificate"]) for c in body["completions"]] == [
        ("baru", 2.0, 80.0, None), ("lama", 4.0, None, None)]
    year = utcnow().year
    assert body["jp_by_year"] == {str(year): 2.0, str(year - 1): 4.0}


def test_nip_may_be_written_grouped(client, make_user, auth) -> None:
    user = make_user()
    grouped = f"{user.nip[:8]} {user.nip[8:14]} {user.nip[14]} {user.nip[15:]}"
    assert client.get(f"/api/v1/users/{grouped}/transcript", headers=auth(user)).status_code == 200


@pytest.mark.parametrize("resource", ["transcript", "competencies"])
def test_who_reads_whose_records(client, make_user, auth, error_of, resource: str) -> None:
    boss = make_user(roles=[Role.SUPERVISOR])
    staff = make_user(supervisor=boss)
    other = make_user()
    admin = make_user(roles=[Role.ADMIN])
    url = f"/api/v1/users/{{}}/{resource}"
    # a learner: their own only; another's, and an unknown NIP, are both 403 (existence not told)
    assert client.get(url.format(staff.nip), headers=auth(staff)).status_code == 200
    error_of(client.get(url.format(other.nip), headers=auth(staff)), 403, "forbidden")
    error_of(client.get(url.format(boss.nip), headers=auth(staff)), 403, "forbidden")
    error_of(client.get(url.format("199001012015011999"), headers=auth(staff)), 403, "forbidden")
    # a supervisor: their direct staff, nobody else
    assert client.get(url.format(staff.nip), headers=auth(boss)).json["nip"] == staff.nip
    error_of(client.get(url.format(other.nip), headers=auth(boss)), 403, "forbidden")
    # an admin: everyone; an unknown NIP is 404
    for user in (staff, other, boss):
        assert client.get(url.format(user.nip), headers=auth(admin)).json["nip"] == user.nip
    error_of(client.get(url.format("199001012015011999"), headers=auth(admin)), 404, "not_found")


def test_a_supervisor_role_without_the_relation_reads_nothing(client, make_user, auth, error_of) -> None:
    boss = make_user(roles=[Role.SUPERVISOR])
    stranger = make_user(supervisor=make_user(roles=[Role.SUPERVISOR]))
    error_of(client.get(f"/api/v1/users/{stranger.nip}/transcript", headers=auth(boss)), 403)


def test_competency_profile(client, db, make_user, make_course, auth, complete) -> None:
    user = make_user()
    course = make_course("siber-dasar", competencies=[("TEK-SIBER", 2)])
    make_course("siber-lanjut", competencies=[("TEK-SIBER", 3), ("TEK-DATA", 1)])
    complete(user, course)
    transaction.commit()  # the course_completed event records the evidence (built-in plugin `evidence`)
    response = client.get(f"/api/v1/users/{user.nip}/competencies", headers=auth(user))
    assert response.status_code == 200
    body = response.get_json()
    by_code = {c["code"]: c for c in body["competencies"]}
    assert {"TEK-SIBER", "TEK-DATA"} <= set(by_code)
    siber = by_code["TEK-SIBER"]
    assert siber["name"] == "Kompetensi TEK-SIBER" and siber["group"] == "teknis"
    assert siber["level"] == 2 and siber["level_source"] == "evidence" and siber["required_level"] is None
    assert [(e["course"], e["level"], e["expires_at"]) for e in siber["evidence"]] == [("siber-dasar", 2, None)]
    assert by_code["TEK-DATA"]["evidence"] == []


def test_team_is_for_supervisors_and_admins(client, make_user, auth, error_of) -> None:
    error_of(client.get("/api/v1/team", headers=auth(make_user())), 403)
    error_of(client.get("/api/v1/team", headers=auth(make_user(roles=[Role.TRAINER]))), 403)
    admin = client.get("/api/v1/team", headers=auth(make_user(roles=[Role.ADMIN])))
    assert admin.status_code == 200 and admin.get_json()["staff"] == []


def test_team_summary(client, db, make_user, make_position, make_course, auth, complete) -> None:
    boss = make_user(roles=[Role.SUPERVISOR])
    budi = make_user(name="Budi", supervisor=boss, position=make_position("Analis"))
    ani = make_user(name="Ani", supervisor=boss)
    make_user(name="Cici", supervisor=boss, active=False)
    make_user(name="Orang Lain")
    done, late, open_ = make_course(jp=3), make_course(), make_course()
    complete(budi, done)
    learning.enroll(budi, late)
    learning.enroll(budi, open_)
    db.session.flush()
    db.session.query(Enrollment).filter_by(user_id=budi.id, course_id=late.id).one().due_at = utcnow() - timedelta(days=1)
    db.session.query(Enrollment).filter_by(user_id=budi.id, course_id=open_.id).one().due_at = utcnow() + timedelta(days=9)
    db.session.flush()
    response = client.get("/api/v1/team", headers=auth(boss))
    assert response.status_code == 200
    body = response.get_json()
    assert body["jp_target"] == 20.0
    assert body["staff"] == [
        {"nip": ani.nip, "name": "Ani", "position": None, "unit": None,
         "summary": {"enrolled": 0, "completed": 0, "overdue": 0}, "jp_year": 0.0, "jp_target": 20.0},
        {"nip": budi.nip, "name": "Budi", "position": "Analis", "unit": None,
         "summary": {"enrolled": 3, "completed": 1, "overdue": 1}, "jp_year": 3.0, "jp_target": 20.0},
    ]


def _team_of(size: int, make_user, make_course, complete, boss) -> None:
    course = make_course()
    for _ in range(size):
        complete(make_user(supervisor=boss), course)


def test_team_uses_a_fixed_number_of_queries(client, make_user, make_course, auth, complete,
                                             count_queries) -> None:
    small, large = make_user(roles=[Role.SUPERVISOR]), make_user(roles=[Role.SUPERVISOR])
    _team_of(1, make_user, make_course, complete, small)
    _team_of(6, make_user, make_course, complete, large)
    counts = []
    for boss in (small, large):
        headers = auth(boss)
        client.get("/api/v1/me", headers=headers)  # the token's first use writes last_used_at
        with count_queries() as queries:
            assert client.get("/api/v1/team", headers=headers).status_code == 200
        counts.append(len(queries))
    # 7, and the JP targets: site settings and employee types, once each; and the JP that the
    # shipped plugins credit (mentoring, classroom: one query each per request)
    assert counts[0] == counts[1] <= 11


def test_transcript_and_competencies_use_a_fixed_number_of_queries(client, make_user, make_course, auth,
                                                                  complete, count_queries) -> None:
    few, many = make_user(), make_user()
    complete(few, make_course(competencies=[("TEK-Q", 1)]))
    for n in range(5):
        complete(many, make_course(competencies=[("TEK-Q", 1), (f"TEK-Q{n}", 2)]))
    for resource in ("transcript", "competencies"):
        counts = []
        for user in (few, many):
            headers = auth(user)
            client.get("/api/v1/me", headers=headers)
            with count_queries() as queries:
                assert client.get(f"/api/v1/users/{user.nip}/{resource}", headers=headers).status_code == 200
            counts.append(len(queries))
        # 6, the JP target (read once per request), the JP plugins credit (mentoring, classroom:
        # one query each)
        assert counts[0] == counts[1] <= 9, resource
