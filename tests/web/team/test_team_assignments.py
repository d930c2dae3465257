"""Assignments: who gets the course, due dates, authority, later joiners, yearly cycles."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from lms.core import transaction
from lms.core.models import Completion, Enrollment, EnrollmentSource, Notification, Recurrence, TargetKind
from lms.core.models.base import utcnow
from lms.core.services import learning
from lms.core.services import team as team_service
from lms.core.services.team import AssignmentError


def enrollments(db, course) -> dict[int, Enrollment]:
    return {e.user_id: e for e in db.session.scalars(select(Enrollment).where(Enrollment.course_id == course.id))}


def in_days(days: int) -> datetime:
    return utcnow() + timedelta(days=days)


def test_assigning_a_unit_subtree_enrols_everyone_in_it_with_the_due_date(db, team, course) -> None:
    integritas = course()
    due = in_days(30)
    rules, applied = team_service.assign(team.admin, [integritas], TargetKind.UNIT, [team.bidang.id],
                                         include_subtree=True, due_at=due)
    rows = enrollments(db, integritas)
    assert set(rows) == {team.kabid.id, team.kasi.id, team.ani.id, team.budi.id, team.citra.id}
    assert applied.enrolled == 5 and len(rules) == 1
    assert all(e.source == EnrollmentSource.ASSIGNED and e.due_at == due.replace(microsecond=due.microsecond)
               for e in rows.values())


def test_without_subtree_only_the_unit_itself(db, team, course) -> None:
    integritas = course()
    team_service.assign(team.admin, [integritas], "unit", [team.bidang.id], due_at=in_days(30))
    assert set(enrollments(db, integritas)) == {team.kabid.id, team.ani.id, team.budi.id}


def test_position_targets_everyone_holding_it_across_agencies(db, team, course) -> None:
    integritas = course()
    team_service.assign(team.admin, [integritas], "position", [team.position.id], due_at=in_days(30))
    assert set(enrollments(db, integritas)) == {team.ani.id, team.citra.id, team.dodi.id}


def test_assigning_twice_changes_nothing(db, team, course) -> None:
    integritas = course()
    team_service.assign(team.admin, [integritas], "unit", [team.bidang.id], include_subtree=True, due_at=in_days(30))
    _rules, again = team_service.assign(team.admin, [integritas], "unit", [team.bidang.id], include_subtree=True,
                                        due_at=in_days(40))
    assert again.enrolled == 0 and again.updated == 0
    report = team_service.sync()
    assert report.enrolled == 0 and report.updated == 0
    assert db.session.scalar(select(func.count()).select_from(Enrollment)) == 5


def test_an_earlier_due_date_wins_and_self_enrolment_becomes_assigned(db, team, course) -> None:
    integritas = course()
    learning.enroll(team.ani, integritas)
    late, early = in_days(60), in_days(10)
    team_service.assign(team.admin, [integritas], "person", [team.ani.id], due_at=late)
    team_service.assign(team.admin, [integritas], "person", [team.ani.id], due_at=early)
    row = enrollments(db, integritas)[team.ani.id]
    assert row.source == EnrollmentSource.ASSIGNED and abs(row.due_at - early) < timedelta(seconds=1)


def test_a_valid_completion_is_not_asked_again(db, team, course, finish) -> None:
    integritas = course(extra="valid_months: 12\n")
    finish(team.ani, integritas)
    before = enrollments(db, integritas)[team.ani.id]
    cycle = before.cycle
    team_service.assign(team.admin, [integritas], "person", [team.ani.id], due_at=in_days(30))
    row = enrollments(db, integritas)[team.ani.id]
    assert row.cycle == cycle and row.completed_at is not None  # nothing to redo
    notes = db.session.scalars(select(Notification).where(Notification.user_id == team.ani.id)).all()
    assert notes == []  # and no "new assignment" to bother them


def test_supervisor_assigns_within_own_staff_only(db, team, course) -> None:
    integritas = course()
    team_service.assign(team.kabid, [integritas], "person", [team.ani.id, team.citra.id], due_at=in_days(30))
    team_service.assign(team.kabid, [integritas], "unit", [team.seksi.id], due_at=in_days(30))
    for target in ([team.dodi.id], [team.kadis.id], [team.kabid.id]):
        with pytest.raises(AssignmentError) as info:
            team_service.assign(team.kabid, [integritas], "person", target, due_at=in_days(30))
        assert info.value.code == "denied"
    with pytest.raises(AssignmentError):
        team_service.assign(team.kabid, [integritas], "unit", [team.other.id], due_at=in_days(30))
    with pytest.raises(AssignmentError):
        team_service.assign(team.kabid, [integritas], "unit", [team.dinas.id], include_subtree=True)
    with pytest.raises(AssignmentError):
        team_service.assign(team.kabid, [integritas], "position", [team.position.id])
    with pytest.raises(AssignmentError):  # a supervisor without a unit: direct reports only
        team_service.assign(team.kasi, [integritas], "person", [team.ani.id])
    team_service.assign(team.kasi, [integritas], "person", [team.citra.id])
    with pytest.raises(AssignmentError):  # a learner assigns nobody
        team_service.assign(team.ani, [integritas], "person", [team.budi.id])
    assert set(enrollments(db, integritas)) == {team.ani.id, team.citra.id, team.kasi.id}  # Seksi A1: kasi too


def test_all_or_nothing_when_one_target_is_not_allowed(db, team, course) -> None:
    integritas = course()
    with pytest.raises(AssignmentError):
        team_service.assign(team.kabid, [integritas], "person", [team.ani.id, team.dodi.id])
    assert enrollments(db, integritas) == {}


def test_people_who_join_later_get_the_course_at_commit(db, team, course, make_user) -> None:
    integritas = course()
    team_service.assign(team.admin, [integritas], "unit", [team.bidang.id], include_subtree=True, due_days=14)
    transaction.commit()
    newcomer = make_user(name="Eka", unit=team.seksi)
    team.dodi.unit = team.bidang  # moved into the unit
    transaction.commit()
    rows = enrollments(db, integritas)
    assert newcomer.id in rows and team.dodi.id in rows
    due = rows[newcomer.id].due_at
    assert timedelta(days=13) < due - utcnow() < timedelta(days=15)


def test_apply_rules_for_one_person_and_position_change(db, team, course, make_position) -> None:
    integritas, etika = course(), course("etika")
    other_position = make_position("Auditor Uji")
    team_service.assign(team.admin, [etika], "position", [other_position.id], due_at=in_days(20))
    team_service.assign(team.admin, [integritas], "person", [team.budi.id], due_at=in_days(20))
    team.budi.position_id = other_position.id
    db.session.flush()
    assert team_service.apply_rules(team.budi).enrolled == 1
    assert team.budi.id in enrollments(db, etika)


def test_inactive_rules_and_accounts_are_left_alone(db, team, course, make_user) -> None:
    integritas = course()
    rules, _ = team_service.assign(team.admin, [integritas], "unit", [team.bidang.id])
    team_service.deactivate(team.admin, rules[0])
    make_user(name="Baru", unit=team.bidang)
    make_user(name="Nonaktif", unit=team.bidang, active=False)
    assert team_service.sync().enrolled == 0


def test_validation(db, team, course, make_course) -> None:
    integritas = course()
    draft = make_course("draf", publish=False)
    for kwargs in ({"due_at": utcnow() - timedelta(days=1)}, {"due_days": 0},
                   {"recurrence": "yearly", "due_month": 13}):
        with pytest.raises(AssignmentError):
            team_service.assign(team.admin, [integritas], "person", [team.ani.id], **kwargs)
    with pytest.raises(AssignmentError):
        team_service.assign(team.admin, [draft], "person", [team.ani.id])
    with pytest.raises(AssignmentError) as info:
        team_service.assign(team.admin, [integritas], "unit", [999999])
    assert info.value.code == "not_found"


def test_yearly_due_date_is_the_next_31_december_in_the_site_time_zone(app) -> None:
    with app.app_context():
        # 31 Dec 2025 20:00 WIB is still 2025: due the same day, 23:59:59 WIB
        moment = datetime(2025, 12, 31, 13, 0, tzinfo=UTC)
        due = team_service.yearly_due(12, 31, moment)
        assert due.astimezone(UTC) == datetime(2025, 12, 31, 16, 59, 59, tzinfo=UTC)
        # 1 Jan 2026 01:00 WIB is 31 Dec 18:00 UTC: the next cycle, due at the end of 2026
        moment = datetime(2025, 12, 31, 18, 0, tzinfo=UTC)
        assert team_service.yearly_due(12, 31, moment).astimezone(UTC).date() == date(2026, 12, 31)
        assert team_service.yearly_due(2, 30, datetime(2025, 1, 5, tzinfo=UTC)).date() == date(2025, 2, 28)


def test_yearly_rule_moves_those_who_completed_and_keeps_the_others_overdue(db, team, course, finish) -> None:
    integritas = course(extra="valid_months: 12\n")
    start = datetime(2025, 3, 1, 3, 0, tzinfo=UTC)
    team_service.assign(team.admin, [integritas], "person", [team.ani.id, team.budi.id],
                        recurrence=Recurrence.YEARLY, now=start)
    rows = enrollments(db, integritas)
    assert rows[team.ani.id].due_at.date() == date(2025, 12, 31)
    finish(team.ani, integritas)
    completion = db.session.scalar(select(Completion).where(Completion.user_id == team.ani.id))
    completion.completed_at = datetime(2025, 6, 1, tzinfo=UTC)
    completion.expires_at = datetime(2026, 6, 1, tzinfo=UTC)
    db.session.flush()
    next_year = datetime(2026, 1, 2, 3, 0, tzinfo=UTC)
    report = team_service.sync(now=next_year)
    assert report.rolled == 1
    rows = enrollments(db, integritas)
    # each year needs its own completion, even while the certificate is still valid
    assert rows[team.ani.id].due_at.date() == date(2026, 12, 31)
    assert rows[team.ani.id].cycle == 2 and rows[team.ani.id].completed_at is None
    assert rows[team.budi.id].due_at.date() == date(2025, 12, 31)  # missed 2025: stays overdue
    assert rows[team.budi.id].cycle == 1
    assert team_service.sync(now=next_year).rolled == 0  # idempotent


def test_yearly_rule_reopens_a_course_without_valid_months_and_keeps_last_year(db, team, course, finish) -> None:
    from lms.core.queries import learning as learning_queries

    integritas = course(jp=3)  # no valid_months: a completion never expires
    team_service.assign(team.admin, [integritas], "person", [team.ani.id], recurrence=Recurrence.YEARLY,
                        now=datetime(2024, 3, 1, 3, 0, tzinfo=UTC))
    finish(team.ani, integritas)
    first = db.session.scalar(select(Completion).where(Completion.user_id == team.ani.id))
    first.completed_at = datetime(2024, 6, 1, tzinfo=UTC)
    db.session.flush()
    new_year = datetime(2025, 1, 2, 3, 0, tzinfo=UTC)
    assert team_service.sync(now=new_year).rolled == 1
    row = enrollments(db, integritas)[team.ani.id]
    assert row.cycle == 2 and row.completed_at is None and row.due_at.date() == date(2025, 12, 31)
    [card] = learning_queries.dashboard_cards(team.ani, now=new_year)
    assert card.state.status == "not_started" and card.state.done == 0 and not card.is_overdue
    assert learning_queries.jp_in_year(team.ani.id, 2024) == 3  # last year's completion stays in its year
    assert learning_queries.jp_in_year(team.ani.id, 2025) == 0
    finish(team.ani, integritas)  # this year's cycle: a completion of its own
    completions = list(db.session.scalars(select(Completion).where(Completion.user_id == team.ani.id)
                                          .order_by(Completion.cycle)))
    assert [c.cycle for c in completions] == [1, 2]
    completions[1].completed_at = datetime(2025, 5, 1, tzinfo=UTC)
    db.session.flush()
    assert learning_queries.jp_in_year(team.ani.id, 2024) == 3 and learning_queries.jp_in_year(team.ani.id, 2025) == 3
    assert team_service.sync(now=datetime(2025, 6, 1, tzinfo=UTC)).rolled == 0  # nothing to do mid-year
    assert team_service.sync(now=datetime(2026, 1, 2, 3, 0, tzinfo=UTC)).rolled == 1
    assert enrollments(db, integritas)[team.ani.id].cycle == 3


def test_yearly_rule_counts_a_completion_of_this_year_for_this_year(db, team, course, finish) -> None:
    integritas = course()
    finish(team.ani, integritas)  # before being assigned
    done = db.session.scalar(select(Completion).where(Completion.user_id == team.ani.id))
    done.completed_at = datetime(2024, 2, 1, tzinfo=UTC)
    finish(team.budi, integritas)
    older = db.session.scalar(select(Completion).where(Completion.user_id == team.budi.id))
    older.completed_at = datetime(2023, 2, 1, tzinfo=UTC)
    db.session.flush()
    team_service.assign(team.admin, [integritas], "person", [team.ani.id, team.budi.id],
                        recurrence=Recurrence.YEARLY, now=datetime(2024, 3, 1, 3, 0, tzinfo=UTC))
    rows = enrollments(db, integritas)
    assert rows[team.ani.id].cycle == 1 and rows[team.ani.id].completed_at is not None  # 2024 is done
    assert rows[team.ani.id].due_at.date() == date(2024, 12, 31)
    assert rows[team.budi.id].cycle == 2 and rows[team.budi.id].completed_at is None  # 2023 is not 2024
