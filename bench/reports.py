"""Agency reports on a generated agency (issue 6): the per-OPD report answers in < 2 s.

The agency: ``BENCH_EMPLOYEES`` people (default 50,000) in ``BENCH_OPD`` perangkat daerah (40),
each with 4 bidang x 3 seksi; 20 positions with 6 required competencies each; ``BENCH_ASSIGNED``
assigned courses per person (20: 1,000,000 enrolments) in every state (completed this year,
completed last year, expired, overdue, due later), a completion per completed one, course
evidence for the competencies those courses map, assessments for a fifth of the people and a
verified external record for a tenth. Rows are bulk-inserted; ``ANALYZE`` runs after.

Measured (the app in production mode, through the test client, signed in as an admin):
the report query and page at the agency level, a drill-down into an OPD, the people page of an
OPD, the AKPK (query and page), the number of SQL queries of each page, and the exports
(people XLSX/CSV of the whole agency, with the peak Python memory of the XLSX one).

    python -m bench reports     (env BENCH_DB=sqlite|postgres|both, BENCH_EMPLOYEES=50000, BENCH_OPD=40)
"""

from __future__ import annotations

import io
import random
import statistics
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bench.common import each_database, env_int

CHUNK = 20_000


def make_nip(n: int) -> str:
    """A valid NIP, unique for n < 13,000,000 (birth date from n // 1000, sequence n % 1000)."""
    rest = n // 1000
    year, month, day = 1960 + rest % 40, 1 + (rest // 40) % 12, 1 + (rest // 480) % 28
    return f"{year:04d}{month:02d}{day:02d}{year + 23:04d}01{1 + n % 2}{n % 1000:03d}"


def _bulk(model: Any, rows: list[dict[str, Any]]) -> None:
    """Core executemany (the ORM's bulk insert splits rows by which values are None)."""
    from lms.extensions import db

    table = model.__table__
    keys = {key for row in rows for key in row}
    rows = [{key: row.get(key) for key in keys} for row in rows]
    for start in range(0, len(rows), CHUNK):
        db.session.connection().execute(table.insert(), rows[start:start + CHUNK])


def build(employees: int, opds: int, assigned: int) -> dict[str, Any]:
    """The agency (see the module doc); returns ids to measure with. Needs an app context."""
    from sqlalchemy import func, select, text, update

    from lms.core import transaction
    from lms.core.models import (
        Blob,
        Competency,
        Completion,
        Course,
        CourseCompetency,
        CourseRevision,
        CourseStatus,
        EmployeeType,
        Enrollment,
        EnrollmentSource,
        Position,
        PositionKind,
        Role,
        Unit,
        User,
        UserRole,
    )
    from lms.core.models.competency import CompetencyAssessment, CompetencyEvidence, PositionStandard
    from lms.core.models.external import ExternalRecord, RecordStatus
    from lms.core.queries.learning import local_year, year_bounds
    from lms.extensions import db

    rng = random.Random(11)
    now = datetime.now(UTC)
    year = local_year()
    start, _end = year_bounds(year)
    this_year_span = max((now - start).total_seconds() - 3600, 3600)

    # units: OPD > 4 bidang > 3 seksi
    seksi: list[int] = []
    bidang: list[int] = []
    tops: list[int] = []
    for o in range(opds):
        top = Unit(name=f"Dinas {o:02d}", path="")
        db.session.add(top)
        db.session.flush()
        top.path = f"/{top.id}/"
        tops.append(top.id)
        for b in range(4):
            mid = Unit(name=f"Bidang {b}", parent_id=top.id, path="")
            db.session.add(mid)
            db.session.flush()
            mid.path = f"{top.path}{mid.id}/"
            bidang.append(mid.id)
            for s in range(3):
                low = Unit(name=f"Seksi {s}", parent_id=mid.id, path="")
                db.session.add(low)
                db.session.flush()
                low.path = f"{mid.path}{low.id}/"
                seksi.append(low.id)
    codes = list(db.session.scalars(select(Competency.code)))
    positions = []
    for p in range(20):
        position = Position(name=f"Jabatan {p:02d}", kind=PositionKind.PELAKSANA if p % 3 else PositionKind.FUNGSIONAL)
        db.session.add(position)
        db.session.flush()
        positions.append(position.id)
        for code in rng.sample(codes, 6):
            db.session.add(PositionStandard(position_id=position.id, competency_code=code,
                                            required_level=rng.randint(2, 4)))
    transaction.commit()

    # courses (published, with a revision row) mapping one competency each
    courses = []
    for c in range(max(assigned, 30)):
        course = Course(slug=f"bench-laporan-{c}", title=f"Kursus Laporan {c:02d}", jp=rng.choice((2, 4, 6, 8)),
                        status=CourseStatus.PUBLISHED, valid_months=24 if c % 5 == 0 else None)
        db.session.add(course)
        db.session.flush()
        revision = CourseRevision(course_id=course.id, number=1, content_hash="0" * 64, settings={})
        db.session.add(revision)
        db.session.flush()
        course.published_revision_id = revision.id
        db.session.add(CourseCompetency(course_id=course.id, code=codes[c % len(codes)], level=1 + c % 4))
        courses.append((course.id, float(course.jp), codes[c % len(codes)], 1 + c % 4))
    transaction.commit()

    # people (one shared dummy password hash: nobody signs in with a password here)
    placements = seksi * 6 + bidang * 2 + tops
    users = []
    for n in range(employees):
        value = make_nip(n)
        pppk = rng.random() < 0.1
        users.append({"nip": value, "name": f"Pegawai {len(users):05d}", "email": None, "password_hash": None,
                      "unit_id": rng.choice(placements), "position_id": rng.choice(positions),
                      "golongan": "IX" if pppk else "III/a",
                      "employee_type": EmployeeType.PPPK if pppk else EmployeeType.PNS, "active": rng.random() > 0.01,
                      "session_version": 1, "created_at": now, "updated_at": now})
    _bulk(User, users)
    admin = User(nip="199001012015011999", name="Admin Laporan", active=True)
    db.session.add(admin)
    db.session.flush()
    db.session.add(UserRole(user_id=admin.id, role=Role.ADMIN))
    transaction.commit()
    ids = list(db.session.scalars(select(User.id).where(User.id != admin.id).order_by(User.id)))

    # enrolments, completions, evidence
    enrollments: list[dict[str, Any]] = []
    completions: list[dict[str, Any]] = []
    evidence: list[dict[str, Any]] = []
    counts = {"enrollments": 0, "completions": 0, "evidence": 0}

    def flush_rows() -> None:
        _bulk(Enrollment, enrollments)
        _bulk(Completion, completions)
        _bulk(CompetencyEvidence, evidence)
        counts["enrollments"] += len(enrollments)
        counts["completions"] += len(completions)
        counts["evidence"] += len(evidence)
        enrollments.clear()
        completions.clear()
        evidence.clear()
        transaction.commit()

    for user_id in ids:
        for course_id, jp, _code, _level in rng.sample(courses, assigned):
            state = rng.random()
            due = now + timedelta(days=rng.randint(-200, 200))
            completed_at = expires = None
            if state < 0.35:
                completed_at = start + timedelta(seconds=rng.random() * this_year_span)
            elif state < 0.5:
                completed_at = start - timedelta(days=rng.randint(1, 300))
            elif state < 0.55:
                completed_at = start - timedelta(days=800)
                expires = now - timedelta(days=rng.randint(1, 60))
            enrollments.append({"user_id": user_id, "course_id": course_id, "source": EnrollmentSource.ASSIGNED,
                                "cycle": 1, "enrolled_at": now - timedelta(days=300), "due_at": due,
                                "completed_at": completed_at})
            if completed_at is not None:
                completions.append({"user_id": user_id, "course_id": course_id, "cycle": 1,
                                    "completed_at": completed_at, "jp": jp, "expires_at": expires})
        if len(enrollments) >= 200_000:
            flush_rows()
    flush_rows()
    # course evidence for every completion (one competency per course), in the database
    course_code = {cid: (code, level) for cid, _jp, code, level in courses}
    for cid, (code, level) in course_code.items():
        db.session.execute(text(
            "INSERT INTO competency_evidence (user_id, competency_code, level, source_type, course_id, "
            "completion_id, title, earned_at, expires_at, created_at) "
            "SELECT user_id, :code, :level, 'course', course_id, id, '', completed_at, expires_at, completed_at "
            "FROM completion WHERE course_id = :cid"), {"code": code, "level": level, "cid": cid})
    transaction.commit()
    counts["evidence"] = db.session.scalar(select(func.count()).select_from(CompetencyEvidence))

    today = date.today()
    assessments = []
    for user_id in rng.sample(ids, len(ids) // 5):
        for code in rng.sample(codes, 3):
            assessed = today - timedelta(days=rng.randint(10, 1400))
            assessments.append({"user_id": user_id, "competency_code": code, "level": rng.randint(1, 4),
                                "source": "assessment_center", "assessed_on": assessed,
                                "valid_until": assessed + timedelta(days=3 * 365), "note": "", "created_at": now})
    _bulk(CompetencyAssessment, assessments)
    db.session.add(Blob(sha256="b" * 64, size=1, content_type="application/pdf", data=b"%"))
    db.session.flush()
    records = [{"user_id": user_id, "title": "Pelatihan luar", "organiser": "BPSDM", "route": "klasikal",
                "kind": "pelatihan", "start_date": date(year, 1, 2), "end_date": date(year, 1, 3),
                "jp": rng.choice((8, 16, 24)), "competencies": [], "report": "", "certificate_sha256": "b" * 64,
                "certificate_name": "s.pdf", "certificate_type": "application/pdf", "status": RecordStatus.VERIFIED,
                "version": 1, "created_at": now, "submitted_at": now}
               for user_id in rng.sample(ids, len(ids) // 10)]
    _bulk(ExternalRecord, records)
    db.session.execute(update(Unit).where(Unit.id == tops[0]).values(head_id=ids[0]))
    transaction.commit()
    with db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    return {"admin": admin.id, "top": tops[0], "bidang": bidang[0], "people": len(ids),
            "assessments": len(assessments), "records": len(records), **counts}


def _timed(fn: Any, runs: int = 3) -> tuple[float, float, Any]:
    """(first run, median of the next ``runs``) in ms, and the last result."""
    t0 = time.perf_counter()
    result = fn()
    first = (time.perf_counter() - t0) * 1000
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return first, statistics.median(times), result


def measure(app: Any, ids: dict[str, Any]) -> None:
    from sqlalchemy import event

    from lms.core.queries import reports
    from lms.core.queries.learning import local_year
    from lms.extensions import db

    with app.app_context():
        year = local_year()
        for label, fn in (
            ("report query, agency (40 OPD)", lambda: reports.report(reports.ReportFilter(year=year))),
            ("report query, one OPD", lambda: reports.report(reports.ReportFilter(unit_id=ids["top"], year=year))),
            ("AKPK query, agency", lambda: reports.akpk(reports.ReportFilter(year=year))),
        ):
            first, median, _result = _timed(fn)
            print(f"  {label:38s} first {first:7.0f} ms, then {median:7.0f} ms (median of 3)   target < 2000 ms")
        engine = db.engine

    client = app.test_client()
    with client.session_transaction() as session, app.app_context():
        from lms.core.models import User

        session["_user_id"] = db.session.get(User, ids["admin"]).get_id()
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    pages = [("report page, agency", "/admin/reports/"),
             ("report page, drill-down to an OPD", f"/admin/reports/?unit={ids['top']}"),
             ("report page, one bidang", f"/admin/reports/?unit={ids['bidang']}"),
             ("report page, PNS only, one course", "/admin/reports/?type=PNS&course=1"),
             ("people of an OPD (page 1)", f"/admin/reports/people?unit={ids['top']}"),
             ("AKPK page, agency", "/admin/reports/akpk"),
             ("units export (XLSX)", "/admin/reports/export/units.xlsx")]
    for label, path in pages:
        def get(path: str = path) -> Any:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            return response.get_data()

        statements.clear()
        event.listen(engine, "before_cursor_execute", count)
        try:
            first, median, _body = _timed(get)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        queries = len(statements) // 4
        print(f"  {label:38s} first {first:7.0f} ms, then {median:7.0f} ms, {queries} SQL queries")

    from openpyxl import load_workbook

    tracemalloc.start()
    t0 = time.perf_counter()
    body = client.get("/admin/reports/export/people.xlsx").get_data()
    elapsed = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rows = sum(1 for _ in load_workbook(io.BytesIO(body), read_only=True).worksheets[0].iter_rows()) - 1
    print(f"  people XLSX, whole agency: {rows:,} rows, {len(body) / 1e6:.1f} MB in {elapsed:.1f} s under "
          f"tracemalloc, peak Python memory {peak / 1e6:.1f} MB   target < 20 s")
    t0 = time.perf_counter()
    client.get("/admin/reports/export/people.xlsx").get_data()
    print(f"  people XLSX, whole agency, without tracemalloc: {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    size = len(client.get("/admin/reports/export/people.csv").get_data())
    print(f"  people CSV, whole agency: {size / 1e6:.1f} MB in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    client.get("/admin/reports/export/akpk.xlsx").get_data()
    print(f"  AKPK XLSX, agency: {time.perf_counter() - t0:.1f} s")


def main() -> None:
    employees, opds, assigned = env_int("EMPLOYEES", 50_000), env_int("OPD", 40), env_int("ASSIGNED", 20)
    for kind, app in each_database():
        print(f"== {kind}: {employees:,} employees in {opds} OPD, {assigned} assigned courses each")
        t0 = time.perf_counter()
        with app.app_context():
            ids = build(employees, opds, assigned)
        print(f"  agency built in {time.perf_counter() - t0:.0f} s: {ids['people']:,} people, "
              f"{ids['enrollments']:,} enrolments, {ids['completions']:,} completions, "
              f"{ids['evidence']:,} evidence rows, {ids['assessments']:,} assessments, "
              f"{ids['records']:,} external records")
        measure(app, ids)

if __name__ == "__main__":
    main()
