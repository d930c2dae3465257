"""Tim Saya: who sees whom, what each person shows, filters, charts, and a fixed query count."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from lms.core.models import Completion, Course, Enrollment, Role, User
from lms.core.models.base import utcnow
from lms.core.queries import learning as learning_queries
from lms.core.services import learning
from lms.core.services import team as team_service


def in_days(days: int):
    return utcnow() + timedelta(days=days)


def people_rows(html: str) -> dict[str, str]:
    """The rows of the people list (a table that stacks into cards on phones), by name."""
    listed = html.split('id="people-h"')[1]
    rows = {}
    for row in listed.split('<tr class="team-row')[1:]:
        name = re.search(r'class="row-link"[^>]*>([^<]+)<', row).group(1).strip()
        rows[name] = row.split("</tr>")[0]
    return rows


@pytest.fixture
def assigned(db, team, course, finish):
    """Integritas assigned to Bidang A with its subtree (due in 10 days); Ani finished it,
    Budi started; Etika assigned to Budi, overdue."""
    integritas, etika = course(jp=4), course("etika", jp=2)
    team_service.assign(team.admin, [integritas], "unit", [team.bidang.id], include_subtree=True, due_at=in_days(10))
    team_service.assign(team.admin, [etika], "person", [team.budi.id], due_at=in_days(5))
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
    rows = people_rows(page)
    assert set(rows) == {"Ani", "Budi", "Kasi"}  # never Citra (Kasi's), Dodi (another agency) or Kadis
    assert "Kursus Integritas" in page  # the completion chart
    assert "1 terlambat" in rows["Budi"] and "Kursus Etika" in rows["Budi"]  # what is late, by name
    assert "terlambat" not in rows["Ani"]
    assert "1 dari 1 selesai" in rows["Ani"] and "0 dari 2 selesai" in rows["Budi"]
    assert "/ 20" in rows["Ani"]


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
    people = people_rows(client.get(f"/team?{query}").text)
    for name in present:
        assert name in people, name
    for name in absent:
        assert name not in people, name


def test_jp_short_filter_and_sort(client, db, team, assigned, login_as, course, finish) -> None:
    big = course("besar", jp=25)
    finish(team.budi, big)
    login_as(team.kabid)
    people = people_rows(client.get("/team?jp_short=1&scope=direct").text)
    assert "Ani" in people and "Budi" not in people
    ordered = client.get("/team?sort=jp&scope=unit").text
    assert list(people_rows(ordered)).index("Budi") > list(people_rows(ordered)).index("Ani")
    sorted_by = re.findall(r'<th scope="col" aria-sort="(\w+)">\s*<a class="sort-link" href="[^"]*sort=(\w+)', ordered)
    assert sorted_by == [("ascending", "jp")]  # the JP column heading says how the list is sorted


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
        team_service.assign(team.admin, [integritas, etika], "unit", [team.bidang.id], include_subtree=True,
                            due_at=in_days(9))
        for person in db.session.scalars(select(User).where(User.name.like("Staf 0%"))):
            if learning_queries.enrollment_of(person, integritas).completed_at is None:
                finish(person, integritas)
        db.session.flush()
        client.get(f"/team?scope={scope}")
        with count_queries() as queries:
            response = client.get(f"/team?scope={scope}")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    # 11 of core's own; the shipped plugins add one each: the mentoring JP credits (the ledger)
    # and the mentoring nudges above the summary (the team_top slot); the classroom's JP credits
    # of partial attendance (one query)
    assert counts[1] <= 14, counts


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
    team_service.assign(team.kabid, [k], "person", [team.ani.id], due_at=in_days(3))
    login_as(team.kabid)
    assert "Kedaluwarsa, perlu diulang" in client.get(f"/team/{team.ani.nip}").text


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
    cards = people_rows(client.get("/team?scope=unit").text)
    assert "1 kesenjangan kompetensi" in cards["Ani"]
    assert "2 kesenjangan kompetensi" in cards["Citra"]
    assert "kesenjangan" not in cards["Budi"]


def test_a_person_with_everything_done_says_so(client, team, assigned, login_as) -> None:
    login_as(team.kabid)
    assert "Semua kursus yang ditugaskan sudah selesai." in client.get(f"/team/{team.ani.nip}").text


def test_the_title_is_only_the_page_name_and_the_charts_appear_once(client, team, assigned, login_as) -> None:
    login_as(team.kabid)
    page = client.get("/team").text
    title = page.split("<title>")[1].split("</title>")[0]
    assert title.startswith("Tim Saya") and "<" not in title and "chart" not in title
    assert page.count('class="team-charts"') == 1


def test_the_person_page_lists_every_course_jp_gaps_and_records(client, db, team, course, login_as) -> None:
    """All open courses, the overdue first, then the finished ones; the way back keeps the filters."""
    from datetime import date

    from lms.core.models.competency import PositionStandard
    from lms.core.services import records

    for n in range(7):
        team_service.assign(team.admin, [course(f"wajib-{n}", title=f"Wajib {n}")], "person", [team.ani.id],
                            due_at=in_days(10 + n))
    db.session.execute(update(Enrollment).where(Enrollment.user_id == team.ani.id,
                                                Enrollment.course_id == select(Course.id).where(
                                                    Course.slug == "wajib-6").scalar_subquery())
                       .values(due_at=utcnow() - timedelta(days=1)))
    db.session.add(PositionStandard(position_id=team.position.id, competency_code="komunikasi", required_level=2))
    end = date.today() - timedelta(days=3)
    records.create_record(team.ani, records.RecordInput(
        title="Bimtek Arsip Digital", organiser="BPSDM", kind="seminar", start_date=end, end_date=end, jp=6,
        competencies=[]), records.CertificateUpload("sertifikat.pdf", b"%PDF-1.4\n%%EOF\n"), today=date.today())
    db.session.flush()
    login_as(team.kabid)
    page = client.get(f"/team/{team.ani.nip}?scope=direct&sort=jp").text
    assert all(f"Wajib {n}" in page for n in range(7))
    assert page.index("Wajib 6") < page.index("Wajib 0")  # overdue first
    assert "Komunikasi" in page and "dibutuhkan level 2" in page
    assert "Bimtek Arsip Digital" in page
    assert 'href="/team?scope=direct&amp;sort=jp"' in page  # back to the same list


def test_the_person_page_is_only_for_the_team(client, team, login_as) -> None:
    login_as(team.kasi)
    assert client.get(f"/team/{team.ani.nip}").status_code == 404  # Kabid's, not Kasi's
    assert client.get(f"/team/{team.citra.nip}").status_code == 200
    assert client.get("/team/000000000000000000").status_code == 404
    login_as(team.ani)
    assert client.get(f"/team/{team.budi.nip}").status_code == 403
    login_as(team.kadis)  # heads the agency: the whole subtree
    assert client.get(f"/team/{team.citra.nip}").status_code == 200
    login_as(team.admin)
    assert client.get(f"/team/{team.dodi.nip}").status_code == 200


def test_the_person_page_reads_the_same_numbers_as_the_list(client, team, assigned, login_as) -> None:
    login_as(team.kabid)
    row = people_rows(client.get("/team?scope=direct").text)["Budi"]
    page = client.get(f"/team/{team.budi.nip}").text
    assert "0 dari 2 selesai" in row and "0 dari 2" in page
    assert "Kursus Etika" in page and "Terlambat" in page
