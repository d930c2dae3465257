"""Tim Saya: who sees whom, what each person shows, filters, charts, and a fixed query count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from lms.core.models import Completion, Enrollment, Role, User
from lms.core.models.base import utcnow
from lms.core.services import assignments, learning


def in_days(days: int):
    return utcnow() + timedelta(days=days)


@pytest.fixture
def assigned(db, team, course, finish):
    """Integritas assigned to Bidang A with its subtree (due in 10 days); Ani finished it,
    Budi started; Etika assigned to Budi, overdue."""
    integritas, etika = course(jp=4), course("etika", jp=2)
    assignments.assign(team.admin, [integritas], "unit", [team.bidang.id], include_subtree=True, due_at=in_days(10))
    assignments.assign(team.admin, [etika], "person", [team.budi.id], due_at=in_days(5))
    db.session.execute(update(Enrollment).where(Enrollment.course_id == etika.id)  # make it overdue
                       .values(due_at=utcnow() - timedelta(days=2)))
    db.session.expire_all()
    finish(team.ani, integritas)
    learning.mark_done(team.budi, integritas, "materi-1")
    db.session.flush()
    return integritas, etika


def test_learners_cannot_open_the_team_page(client, team, login_as) -> None:
    login_as(team.ani)
    assert client.get("/team").status_code == 403
    assert client.get("/team/export.csv").status_code == 403
    assert client.get("/team/assign").status_code == 403


def test_supervisor_sees_direct_reports_with_their_courses(client, team, assigned, login_as) -> None:
    login_as(team.kabid)
    page = client.get("/team?scope=direct").text
    assert "Ani" in page and "Budi" in page
    assert "Citra" not in page and "Dodi" not in page and "Kadis" not in page
    assert "Kursus Integritas" in page and "Selesai" in page and "Sedang berlangsung" in page
    assert "Terlambat" in page  # Budi's Etika
    assert "JP" in page and "/ 20" in page


def test_unit_head_sees_the_subtree_and_can_switch(client, team, assigned, login_as) -> None:
    login_as(team.kabid)
    default = client.get("/team").text  # a unit head starts with the unit
    assert "Citra" in default and "Kasi" in default and "Ani" in default
    assert "Kabid" not in default.split("people-h")[1]  # never themselves
    direct = client.get("/team?scope=direct").text
    assert "Citra" not in direct
    login_as(team.kasi)
    assert "Ani" not in client.get("/team").text


def test_unit_filter_cannot_widen_the_scope(client, team, assigned, login_as) -> None:
    login_as(team.kasi)
    page = client.get(f"/team?unit={team.bidang.id}&scope=agency").text
    assert "Ani" not in page and "Budi" not in page


def test_admin_sees_the_agency(client, team, assigned, login_as) -> None:
    login_as(team.admin)
    page = client.get(f"/team?scope=agency&unit={team.other.id}").text
    assert "Dodi" in page and "Ani" not in page


@pytest.mark.parametrize(("query", "present", "absent"), [
    ("overdue=1", ["Budi"], ["Ani", "Citra"]),
    ("status=completed", ["Ani"], ["Budi", "Citra"]),
    ("status=not_started", ["Citra", "Kasi"], ["Ani"]),
    ("q=cit", ["Citra"], ["Ani", "Budi"]),
])
def test_filters(client, team, assigned, login_as, query, present, absent) -> None:
    login_as(team.kabid)
    people = client.get(f"/team?{query}").text.split('id="people-h"')[1]
    for name in present:
        assert f"<h3>{name}</h3>" in people, name
    for name in absent:
        assert f"<h3>{name}</h3>" not in people, name


def test_jp_short_filter_and_sort(client, db, team, assigned, login_as, course, finish) -> None:
    big = course("besar", jp=25)
    finish(team.budi, big)
    login_as(team.kabid)
    people = client.get("/team?jp_short=1&scope=direct").text.split('id="people-h"')[1]
    assert "<h3>Ani</h3>" in people and "<h3>Budi</h3>" not in people
    ordered = client.get("/team?sort=jp&scope=unit").text.split('id="people-h"')[1]
    assert ordered.index("<h3>Budi</h3>") > ordered.index("<h3>Ani</h3>")


def test_charts_are_server_side_svg_without_inline_style(client, team, assigned, login_as) -> None:
    login_as(team.kabid)
    page = client.get("/team").text
    assert "Penyelesaian per kursus" in page and "Sebaran JP" in page
    assert "<svg" in page and "style=" not in page and "<script" not in page


def _staff(make_user, team, n: int) -> None:
    for k in range(n):
        make_user(name=f"Staf {k:02d}", unit=team.bidang, supervisor=team.kabid)


@pytest.mark.parametrize("scope", ["direct", "unit"])
def test_query_count_does_not_grow_with_the_team(client, db, team, make_user, course, finish, login_as,
                                                 count_queries, scope) -> None:
    integritas, etika = course(jp=3, extra="valid_months: 12\n"), course("etika")
    login_as(team.kabid)
    counts = []
    for size in (3, 30):
        _staff(make_user, team, size - len(counts) * 3)
        assignments.assign(team.admin, [integritas, etika], "unit", [team.bidang.id], include_subtree=True,
                           due_at=in_days(9))
        for person in db.session.scalars(select(User).where(User.name.like("Staf 0%"))):
            if learning.enrollment_of(person, integritas).completed_at is None:
                finish(person, integritas)
        db.session.flush()
        client.get(f"/team?scope={scope}")
        with count_queries() as queries:
            response = client.get(f"/team?scope={scope}")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 12, counts


def test_pagination_keeps_the_filters(client, team, make_user, login_as) -> None:
    _staff(make_user, team, 30)
    login_as(team.kabid)
    page = client.get("/team?scope=direct&q=staf").text
    assert "halaman 1 dari 2" in page and "page=2" in page and "q=staf" in page
    second = client.get("/team?scope=direct&q=staf&page=2").text
    assert "Staf 29" in second and "Staf 00" not in second


def test_completion_expired_shows_as_to_be_redone(client, db, team, course, finish, login_as) -> None:
    k = course(extra="valid_months: 12\n")
    finish(team.ani, k)
    row = db.session.query(Completion).filter_by(user_id=team.ani.id).one()
    row.expires_at = utcnow() - timedelta(days=1)
    db.session.flush()
    assignments.assign(team.kabid, [k], "person", [team.ani.id], due_at=in_days(3))
    login_as(team.kabid)
    assert "Kedaluwarsa, perlu diulang" in client.get("/team?scope=direct").text


def test_roles_needed(client, make_user, login_as) -> None:
    login_as(make_user(roles=[Role.SUPERVISOR]))
    assert client.get("/team").status_code == 200


def test_open_competency_gaps_are_counted_per_person(client, db, team, assigned, login_as) -> None:
    """The position of Ani and Citra requires integritas 3 and komunikasi 2; an assessment at
    integritas 3 closes one of Ani's gaps. Budi has no position: no requirement, no gap."""
    from datetime import date

    from lms.core.models.competency import CompetencyAssessment, PositionStandard

    db.session.add_all([
        PositionStandard(position_id=team.position.id, competency_code="integritas", required_level=3),
        PositionStandard(position_id=team.position.id, competency_code="komunikasi", required_level=2),
        CompetencyAssessment(user_id=team.ani.id, competency_code="integritas", level=3, source="assessment_center",
                             assessed_on=date.today(), valid_until=date.today() + timedelta(days=300)),
    ])
    db.session.flush()
    login_as(team.kabid)
    people = client.get("/team?scope=unit").text.split('id="people-h"')[1]
    cards = {name: people.split(f"<h3>{name}</h3>")[1].split("</li>\n  <li")[0] for name in ("Ani", "Budi", "Citra")}
    assert "1 kesenjangan kompetensi" in cards["Ani"]
    assert "2 kesenjangan kompetensi" in cards["Citra"]
    assert "kesenjangan" not in cards["Budi"]


def test_a_person_with_everything_done_says_so(client, team, assigned, login_as) -> None:
    login_as(team.kabid)
    people = client.get("/team?scope=direct").text.split('id="people-h"')[1]
    ani = people.split("<h3>Ani</h3>")[1].split("</li>\n  <li")[0]
    assert "Semua kursus yang ditugaskan sudah selesai." in ani


def test_the_title_is_only_the_page_name_and_the_charts_appear_once(client, team, assigned, login_as) -> None:
    login_as(team.kabid)
    page = client.get("/team").text
    title = page.split("<title>")[1].split("</title>")[0]
    assert title.startswith("Tim Saya") and "<" not in title and "chart" not in title
    assert page.count('class="team-charts"') == 1


def test_a_card_lists_the_five_soonest_open_courses_and_links_to_the_rest(client, team, course, login_as) -> None:
    """On a phone a card with twenty lines is a wall: five, soonest due first, then a link that
    shows only that person, with every line."""
    for n in range(7):
        assignments.assign(team.admin, [course(f"wajib-{n}", title=f"Wajib {n}")], "person", [team.budi.id],
                           due_at=in_days(10 + n))
    assignments.assign(team.admin, [course("wajib-ani", title="Wajib Ani")], "person", [team.ani.id],
                       due_at=in_days(3))
    login_as(team.kabid)
    people = client.get("/team?scope=direct").text.split('id="people-h"')[1]
    budi = people.split("<h3>Budi</h3>")[1].split("</li>\n  <li")[0]
    assert [f"Wajib {n}" in budi for n in range(7)] == [True] * 5 + [False] * 2
    assert "2 kursus lain belum selesai" in budi and f"q={team.budi.nip}" in budi
    alone = client.get(f"/team?scope=direct&q={team.budi.nip}").text
    assert all(f"Wajib {n}" in alone for n in range(7)) and "kursus lain belum selesai" not in alone
