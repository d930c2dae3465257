"""JP credited by a plugin (``lms_jp_credits``) counts everywhere JP is shown, through the one
ledger: the dashboard, the transcript, /api/v1/me, the API transcript, /api/v1/team, Tim Saya,
the reports and the SIASN export, without any of them knowing the plugin. The hook is asked
once per read for everyone it shows, never once per person."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from flask import template_rendered

from lms.app import create_app
from lms.builtin.certificate import siasn
from lms.core.models import Completion
from lms.core.queries import jp_ledger
from lms.core.queries import reports as report_queries
from lms.core.queries.learning import jp_in_year
from lms.core.queries.team import TeamFilter, TeamQuery
from lms.core.services.org import ensure_unit_path
from lms.core.services.tokens import create_token
from lms.extensions import db as _db
from lms.plugins import JpCredit, hookimpl
from lms.testing.plugin import IsolatedClient


class ClassroomCredits:
    """A classroom plugin: whatever the test puts in ``credits``; it records every call."""

    def __init__(self) -> None:
        self.credits: list[JpCredit] = []
        self.calls: list[tuple[Any, Any, Any]] = []

    @hookimpl
    def lms_jp_credits(self, user_ids, start, end):  # noqa: ANN001, ANN201
        self.calls.append((user_ids, start, end))
        return [c for c in self.credits if user_ids is None or c.user_id in user_ids]


PLUGIN = ClassroomCredits()


@pytest.fixture(scope="module")
def app(app_settings):  # noqa: ANN001, ANN201 - this module's app carries the classroom plugin
    # ... alone among the plugins that credit JP: the shipped mentoring and classroom plugins
    # would add their own query and credits to what these tests count
    shipped = [name for name in app_settings["LMS_PLUGINS"].split(",") if name not in ("mentoring", "classroom")]
    application = create_app({**app_settings, "LMS_PLUGINS": ",".join(shipped)}, plugins=[("kelas", PLUGIN)])
    application.test_client_class = IsolatedClient
    with application.app_context():
        _db.create_all()
        from lms.core.competency_framework import ensure_national_competencies
        from lms.core.services.employee_types import ensure_builtin

        ensure_national_competencies()
        ensure_builtin()
        _db.session.commit()
    yield application
    with application.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture(autouse=True)
def _fresh_plugin() -> None:
    PLUGIN.credits.clear()
    PLUGIN.calls.clear()


def _rendered(app, client, path: str) -> dict:  # noqa: ANN001
    seen: dict = {}

    def record(sender, template, context, **extra) -> None:  # noqa: ANN001
        seen.setdefault(template.name, context)

    with template_rendered.connected_to(record, app):
        assert client.get(path).status_code == 200
    return seen


def test_plugin_jp_counts_in_every_place(app, client, db, org, make_course, make_user, login_as) -> None:  # noqa: ANN001
    year = datetime.now(UTC).year
    org.staff.unit = ensure_unit_path("Dinas JP > Bidang JP")
    peer = make_user(name="Pegawai Tiga", supervisor=org.supervisor)
    course = make_course("kursus-jp-kelas", jp=2)
    db.session.add(Completion(user_id=org.staff.id, course_id=course.id, cycle=1, jp=2,
                              completed_at=datetime(year, 1, 5, 3, 0, tzinfo=UTC)))
    PLUGIN.credits[:] = [
        JpCredit(org.staff.id, 3, date(year, 1, 10), title="Kelas Tatap Muka SKP", kind="Klasikal",
                 organiser="BKPSDM Kota", started_on=date(year, 1, 9)),
        JpCredit(org.staff.id, 1.5, date(year - 1, 12, 31), title="Mentoring Desember"),
        JpCredit(peer.id, 4, date(year, 2, 1), title="Kelas lain"),
    ]
    db.session.flush()
    expected = 5.0  # 2 (course) + 3 (classroom this year); the December mentoring is last year's

    assert jp_ledger.jp_of(org.staff.id, jp_ledger.Period.year(year)) == expected
    assert jp_in_year(org.staff.id, year) == expected
    assert jp_ledger.jp_by_year(org.staff.id) == {year: expected, year - 1: 1.5}

    PLUGIN.calls.clear()
    people = {r.id: r for r in _db.session.execute(
        TeamQuery(org.supervisor, TeamFilter(), datetime.now(UTC), year).people_select())}
    assert float(people[org.staff.id].jp_year) == expected  # Tim Saya, its exports
    assert float(people[peer.id].jp_year) == 4
    assert len(PLUGIN.calls) == 1  # one call for the whole team, not one per person
    assert set(PLUGIN.calls[0][0]) >= {org.staff.id, peer.id}
    assert PLUGIN.calls[0][1:] == (date(year, 1, 1), date(year, 12, 31))
    rows = {r.id: r for r in _db.session.execute(
        report_queries.people_select(report_queries.ReportFilter(year=year), None))}
    assert float(rows[org.staff.id].jp) == expected  # reports and their exports
    assert PLUGIN.calls[-1][0] is None  # the whole site: everyone, in one call

    staff_token = create_token(org.staff, "uji")[1]
    boss_token = create_token(org.supervisor, "uji")[1]
    db.session.commit()
    api = app.test_client()
    me = api.get("/api/v1/me", headers={"Authorization": f"Bearer {staff_token}"}).get_json()
    assert me["jp_year"] == expected
    transcript = api.get(f"/api/v1/users/{org.staff.nip}/transcript",
                         headers={"Authorization": f"Bearer {boss_token}"}).get_json()
    assert transcript["jp_by_year"] == {str(year - 1): 1.5, str(year): expected}
    PLUGIN.calls.clear()
    team = api.get("/api/v1/team", headers={"Authorization": f"Bearer {boss_token}"}).get_json()
    [mine] = [p for p in team["staff"] if p["nip"] == org.staff.nip]
    assert mine["jp_year"] == expected, mine
    assert len(PLUGIN.calls) == 1

    login_as(org.staff)
    dashboard = _rendered(app, client, "/")
    assert next(c["jp"] for c in dashboard.values() if "jp" in c) == expected
    page = _rendered(app, client, "/me/transcript")["learning/transcript.html"]
    assert dict(page["jp_by_year"]) == {year: expected, year - 1: 1.5}
    login_as(org.supervisor)
    team_page = _rendered(app, client, "/team")
    assert team_page  # Tim Saya renders with the plugin's JP (the numbers are checked above)

    export = list(siasn.rows(siasn.SiasnFilter(start=date(year, 1, 1), end=date(year, 12, 31))))
    [classroom] = [r for r in export if r.course == "Kelas Tatap Muka SKP"]
    assert (classroom.nip, classroom.hours, classroom.kind, classroom.organiser) == (org.staff.nip, 3, "Klasikal",
                                                                                     "BKPSDM Kota")
    assert (classroom.start, classroom.end) == (date(year, 1, 9), date(year, 1, 10))
    assert "Mentoring Desember" not in {r.course for r in export}  # outside the period
    names = [(r.name, r.nip, r.end) for r in export]
    assert names == sorted(names)  # still person by person


def test_no_plugin_credit_means_no_extra_query(app, db, org, count_queries) -> None:  # noqa: ANN001
    """Without credits the hook is still asked once, and the ledger's statement is unchanged."""
    year = datetime.now(UTC).year
    with count_queries() as queries:
        assert jp_ledger.jp_of(org.staff.id, jp_ledger.Period.year(year)) == 0
    assert len(queries) == 1  # the ledger itself: its one person needs no query to be known
    assert len(PLUGIN.calls) == 1
