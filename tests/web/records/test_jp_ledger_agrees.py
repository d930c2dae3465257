"""One JP ledger: the dashboard, the transcript page, /api/v1/me, the API transcript, /api/v1/team,
Tim Saya, the reports (and their exports) give a person the same JP for a year: course
completions plus verified external records, never pending or rejected ones."""

from datetime import UTC, date, datetime

from flask import template_rendered

from lms.core.models import Completion
from lms.core.queries import jp_ledger
from lms.core.queries import reports as report_queries
from lms.core.queries.learning import jp_in_year
from lms.core.queries.team import TeamFilter, TeamQuery
from lms.core.services import records
from lms.core.services.org import ensure_unit_path
from lms.core.services.tokens import create_token
from lms.extensions import db as _db


def _rendered(app, client, path: str) -> dict:
    seen: dict = {}

    def record(sender, template, context, **extra) -> None:  # noqa: ANN001
        seen.setdefault(template.name, context)

    with template_rendered.connected_to(record, app):
        assert client.get(path).status_code == 200
    return seen


def test_every_place_gives_the_same_jp(app, client, db, org, kit, make_course, login_as) -> None:
    year = kit.today().year
    org.staff.unit = ensure_unit_path("Dinas JP > Bidang JP")
    course, older = make_course("kursus-jp", jp=2.5), make_course("kursus-lama", jp=3)
    db.session.add_all([
        Completion(user_id=org.staff.id, course_id=course.id, cycle=1, jp=2.5,
                   completed_at=datetime(year, 1, 5, 3, 0, tzinfo=UTC)),
        Completion(user_id=org.staff.id, course_id=older.id, cycle=1, jp=3,
                   completed_at=datetime(year - 1, 6, 1, 3, 0, tzinfo=UTC))])
    verified = kit.make_record(org.staff, jp=4, end=date(year, 1, 2))
    records.decide(org.supervisor, verified, True, None, verified.version)
    rejected = kit.make_record(org.staff, jp=7, end=date(year, 1, 2))
    records.decide(org.supervisor, rejected, False, "Bukan sertifikat pegawai ini.", rejected.version)
    kit.make_record(org.staff, jp=10, end=date(year, 1, 3))  # pending: never counts
    db.session.flush()
    expected = 6.5  # 2.5 (course) + 4 (verified record)

    ledger = jp_ledger.jp_of(org.staff.id, jp_ledger.Period.year(year))
    assert ledger == expected and jp_in_year(org.staff.id, year) == expected
    assert jp_ledger.jp_by_year(org.staff.id) == {year: expected, year - 1: 3}

    people = {r.id: r for r in _db.session.execute(
        TeamQuery(org.supervisor, TeamFilter(), datetime.now(UTC), year).people_select())}
    assert float(people[org.staff.id].jp_year) == expected  # Tim Saya, its exports
    rows = {r.id: r for r in _db.session.execute(
        report_queries.people_select(report_queries.ReportFilter(year=year), None))}
    assert float(rows[org.staff.id].jp) == expected  # reports and their exports

    staff_token = create_token(org.staff, "uji")[1]
    boss_token = create_token(org.supervisor, "uji")[1]
    db.session.commit()
    api = app.test_client()
    me = api.get("/api/v1/me", headers={"Authorization": f"Bearer {staff_token}"}).get_json()
    assert me["year"] == year and me["jp_year"] == expected
    transcript = api.get(f"/api/v1/users/{org.staff.nip}/transcript",
                         headers={"Authorization": f"Bearer {boss_token}"}).get_json()
    assert transcript["jp_by_year"] == {str(year - 1): 3, str(year): expected}
    team = api.get("/api/v1/team", headers={"Authorization": f"Bearer {boss_token}"}).get_json()
    [mine] = [p for p in team["staff"] if p["nip"] == org.staff.nip]
    assert mine["jp_year"] == expected, mine

    login_as(org.staff)
    dashboard = _rendered(app, client, "/")
    assert next(c["jp"] for c in dashboard.values() if "jp" in c) == expected
    page = _rendered(app, client, "/me/transcript")["learning/transcript.html"]
    assert dict(page["jp_by_year"]) == {year: expected, year - 1: 3}
