"""Credit: confirmed minutes become JP (45 minutes = 1 JP) on the mentee's ledger and the
mentor's, each up to its own yearly cap that an admin sets; everything showing JP counts them."""

from __future__ import annotations

from sqlalchemy import select

from lms.builtin.mentoring import queries, service
from lms.core import transaction
from lms.core.models import AuditLog
from lms.core.queries import jp_ledger
from lms.plugins import jp_credits
from lms.testing.helpers import csrf_from


def _jp(user, role):
    return sum(c.jp for c in jp_credits([user.id]) if c.ref.startswith(role + ":"))


def test_confirmed_minutes_become_jp_for_both_with_the_route(coaching, people, log) -> None:
    session = log(coaching, minutes=90)
    assert jp_credits([people.staff.id]) == []  # not before the mentor confirms
    service.confirm(people.supervisor, session)
    service.confirm(people.supervisor, session)  # a second tap changes nothing
    transaction.commit()
    (mentee,) = [c for c in jp_credits([people.staff.id]) if c.user_id == people.staff.id]
    assert (mentee.jp, mentee.kind, mentee.source, mentee.earned_on) == (2, "Coaching", "mentoring", session.held_on)
    assert _jp(people.supervisor, "mentor") == 2
    year = session.held_on.year
    assert jp_ledger.jp_of(people.staff.id, jp_ledger.Period.year(year)) == 2


def test_the_yearly_caps_are_separate_and_admins_set_them(client, login_as, coaching, people, log, db) -> None:
    login_as(people.admin)
    page = client.get("/admin/mentoring")
    assert page.status_code == 200
    response = client.post("/admin/mentoring", data={"csrf_token": csrf_from(page.text), "mentee_jp": "3",
                                                      "mentor_jp": "1"})
    assert response.status_code == 302
    assert service.caps() == (3, 1)
    assert db.session.scalar(select(AuditLog.action).where(AuditLog.action == "mentoring.caps"))
    for days_ago in (5, 4, 3):
        service.confirm(people.supervisor, log(coaching, minutes=90, days_ago=days_ago))
    transaction.commit()
    assert _jp(people.staff, "mentee") == 3  # 2 + 1 of the second, then nothing
    assert _jp(people.supervisor, "mentor") == 1


def test_a_cap_counts_per_calendar_year_whatever_period_is_asked(coaching, people, log, monkeypatch) -> None:
    service.set_caps(people.admin, 2, 2)
    sessions = [log(coaching, minutes=90, days_ago=d) for d in (9, 8)]
    for s in sessions:
        service.confirm(people.supervisor, s)
    transaction.commit()
    second = sessions[1].held_on
    # asked for the second session's day only, the first still used up the cap
    assert [c.jp for c in queries.credits([people.staff.id], second, second) if c.user_id == people.staff.id] == []


def test_the_caps_page_is_for_admins_and_refuses_bad_numbers(client, login_as, people) -> None:
    login_as(people.supervisor)
    assert client.get("/admin/mentoring").status_code == 403
    login_as(people.admin)
    token = csrf_from(client.get("/admin/mentoring").text)
    for bad in ({"mentee_jp": "-1", "mentor_jp": "5"}, {"mentee_jp": "lima", "mentor_jp": "5"},
                {"mentee_jp": "", "mentor_jp": "5"}, {"mentee_jp": "201", "mentor_jp": "5"}):
        assert client.post("/admin/mentoring", data={"csrf_token": token, **bad}).status_code == 422, bad
    assert client.post("/admin/mentoring", data={"mentee_jp": "5", "mentor_jp": "5"}).status_code == 400


def test_the_transcript_shows_mentoring_jp(client, login_as, coaching, people, log) -> None:
    service.confirm(people.supervisor, log(coaching, minutes=135))
    transaction.commit()
    login_as(people.staff)
    page = client.get("/me/transcript").text
    assert "Coaching: Atasan Satu" in page
