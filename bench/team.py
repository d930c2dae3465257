"""Tim Saya, bulk assignment and exports on a generated agency (issue 6).

Targets: the team page of a unit head over 1,000 people < 300 ms with a query count that does
not grow with the team; bulk assignment of one course to 10,000 people < 5 s; the XLSX export
of 50,000 rows < 20 s with memory that stays flat.

The agency: ``BENCH_EMPLOYEES`` people (default 10,000; the issue's full size is 50,000) in
``BENCH_OPD`` perangkat daerah (40), each OPD with 4 bidang x 3 seksi and their heads; the
first OPD has ``BENCH_HEAD_TEAM`` people (1,000) under its head. Each person has
``BENCH_ASSIGNED`` assigned courses (20) in every state (completed, expired, in progress, not
started, overdue); the rows are made set-based in the database (INSERT ... SELECT).

    python -m bench team       (env BENCH_DB=sqlite|postgres|both, BENCH_EMPLOYEES=50000 ...)
"""

from __future__ import annotations

import io
import statistics
import time
import tracemalloc
from datetime import timedelta
from typing import Any

from bench.common import each_database, env_int


def build(employees: int, opds: int, head_team: int, assigned: int) -> dict[str, Any]:
    """Units, positions, people, courses and their enrolments; returns ids to measure with."""
    from sqlalchemy import case, insert, literal, select, text

    from lms.core import transaction
    from lms.core.models import (
        Completion,
        Course,
        CourseItem,
        CourseRevision,
        CourseStatus,
        Enrollment,
        ItemProgress,
        Position,
        Unit,
        User,
        UserRole,
    )
    from lms.core.models.base import UTCDateTime, utcnow
    from lms.core.passwords import hash_password
    from lms.extensions import db

    now = utcnow()
    units, heads = [], []  # heads: (unit id, level) per unit, in creation order
    uid = 0
    for o in range(opds):
        uid += 1
        top = uid
        units.append({"id": top, "name": f"Dinas {o:02d}", "parent_id": None, "path": f"/{top}/"})
        heads.append((top, 0, o))
        for b in range(4):
            uid += 1
            bidang = uid
            units.append({"id": bidang, "name": f"Bidang {b}", "parent_id": top, "path": f"/{top}/{bidang}/"})
            heads.append((bidang, 1, o))
            for s in range(3):
                uid += 1
                units.append({"id": uid, "name": f"Seksi {s}", "parent_id": bidang,
                              "path": f"/{top}/{bidang}/{uid}/"})
                heads.append((uid, 2, o))
    db.session.execute(insert(Unit), units)
    db.session.execute(insert(Position), [{"id": 1, "name": "Pelaksana Umum", "kind": "pelaksana"},
                                          {"id": 2, "name": "Kepala Unit", "kind": "administrator"}])
    hashed = hash_password("bench-password-1")
    # the first OPD holds head_team people, the others share the rest
    sizes = [head_team] + [max(17, (employees - head_team) // max(1, opds - 1))] * (opds - 1)
    users: list[dict[str, Any]] = []
    head_of: dict[int, int] = {}
    next_id = 0
    for o in range(opds):
        opd_units = [h for h in heads if h[2] == o]
        for unit_id, _level, _ in opd_units:  # 17 heads per OPD
            next_id += 1
            head_of[unit_id] = next_id
            parent = next(u["parent_id"] for u in units if u["id"] == unit_id)
            users.append({"id": next_id, "unit_id": unit_id, "position_id": 2,
                          "supervisor_id": head_of.get(parent) if parent else None})
        seksi = [u for u, level, _ in opd_units if level == 2]
        for n in range(sizes[o] - len(opd_units)):
            next_id += 1
            unit_id = seksi[n % len(seksi)]
            users.append({"id": next_id, "unit_id": unit_id, "position_id": 1, "supervisor_id": head_of[unit_id]})
    for row in users:
        n = row["id"]
        row.update(nip=f"{1965 + n % 35}{(n % 12) + 1:02d}{(n % 28) + 1:02d}{n:09d}"[:18].ljust(18, "0"),
                   name=f"Pegawai {n:05d}", email=f"pegawai{n}@bench.example", password_hash=hashed,
                   golongan="III/a", employee_type="PNS" if n % 7 else "PPPK", active=True, session_version=1,
                   created_at=now, updated_at=now)
    for start in range(0, len(users), 5000):
        db.session.execute(insert(User), users[start:start + 5000])
    db.session.execute(text("UPDATE unit SET head_id = :h WHERE id = :u"),
                       [{"h": h, "u": u} for u, h in head_of.items()])
    admin_id = next_id + 1
    db.session.execute(insert(User), [{"id": admin_id, "nip": f"{admin_id:018d}", "name": "Admin BKPSDM",
                                       "password_hash": hashed, "active": True, "session_version": 1,
                                       "employee_type": "PNS", "created_at": now, "updated_at": now}])
    db.session.execute(insert(UserRole), [{"user_id": admin_id, "role": "admin"}]
                       + [{"user_id": h, "role": "supervisor"} for h in head_of.values()])
    courses = assigned + 1  # one more for the bulk assignment
    for c in range(1, courses + 1):
        db.session.execute(insert(Course), [{"id": c, "slug": f"kursus-{c:03d}", "title": f"Kursus {c:03d}",
                                             "summary": "", "description_html": "", "jp": 2 + c % 3, "tags": [],
                                             "language": "id", "enrollment": "open", "prerequisites": [],
                                             "certificate": True, "valid_months": 12 if c % 4 == 0 else None,
                                             "minutes": 90, "item_count": 3, "status": CourseStatus.PUBLISHED.value,
                                             "created_at": now, "updated_at": now}])
        db.session.execute(insert(CourseRevision), [{"id": c, "course_id": c, "number": 1, "content_hash": "0" * 64,
                                                     "settings": {}, "description_html": "", "message": "",
                                                     "created_at": now}])
        db.session.execute(insert(CourseItem), [{"revision_id": c, "module_key": "", "key": f"materi-{i}",
                                                 "type": "lesson", "title": f"Materi {i}", "position": i,
                                                 "minutes": 30, "required": True, "source_path": f"{i}.md",
                                                 "settings": {}, "content": {}} for i in range(1, 4)])
        db.session.execute(text("UPDATE course SET published_revision_id = :c WHERE id = :c"), {"c": c})
    transaction.commit()

    # enrolments: every person x the first `assigned` courses, set-based, in every state
    def at(days: float) -> Any:
        return literal(now + timedelta(days=days), UTCDateTime())

    user_ids = select(User.id).where(User.id < admin_id).subquery()
    pick = (user_ids.c.id + Course.id) % 10
    due = case((pick < 2, at(-20)), (pick < 5, at(5)), else_=at(60))
    done = case((pick >= 5, at(-30)), else_=None)
    t0 = time.perf_counter()
    db.session.execute(insert(Enrollment).from_select(
        ["user_id", "course_id", "source", "cycle", "enrolled_at", "due_at", "completed_at"],
        select(user_ids.c.id, Course.id, literal("assigned"), literal(1), at(-90), due, done)
        .select_from(user_ids).join(Course, Course.id <= assigned)))
    db.session.execute(insert(Completion).from_select(
        ["user_id", "course_id", "cycle", "revision_id", "completed_at", "score", "jp", "expires_at"],
        select(Enrollment.user_id, Enrollment.course_id, Enrollment.cycle, Enrollment.course_id,
               Enrollment.completed_at, literal(80.0), Course.jp,
               case((Course.valid_months.is_not(None), at(-1)), else_=None))
        .join(Course, Course.id == Enrollment.course_id).where(Enrollment.completed_at.is_not(None))))
    db.session.execute(insert(ItemProgress).from_select(
        ["user_id", "course_id", "cycle", "item_key", "status", "position", "updated_at"],
        select(Enrollment.user_id, Enrollment.course_id, Enrollment.cycle, literal("materi-1"), literal("done"),
               literal(1.0), at(-10))
        .where(Enrollment.completed_at.is_(None), (Enrollment.user_id + Enrollment.course_id) % 10 < 3)))
    transaction.commit()
    rows = db.session.scalar(select(text("count(*)")).select_from(Enrollment))
    print(f"  enrolments: {rows:,} rows in {time.perf_counter() - t0:.1f} s (set-based)")
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE"))
        transaction.commit()
    head = head_of[1]  # the head of Dinas 00: head_team people
    return {"head": head, "admin": admin_id, "bulk_course": courses, "people": len(users)}


def _client(app: Any, user_id: int) -> Any:
    from lms.core.models import User
    from lms.extensions import db

    client = app.test_client()
    with app.app_context():
        user = db.session.get(User, user_id)
        key = user.get_id()
    with client.session_transaction() as session:
        session["_user_id"] = key
        session["_fresh"] = True
    return client


def _timed(fn: Any, runs: int = 7) -> tuple[float, Any]:
    fn()  # warm-up
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def measure(app: Any, ids: dict[str, Any]) -> None:
    from openpyxl import load_workbook
    from sqlalchemy import event, func, select

    from lms.core import transaction
    from lms.core.models import Enrollment, Unit, User
    from lms.core.services import team
    from lms.extensions import db

    with app.app_context():
        engine = db.engine
        team_size = db.session.scalar(select(func.count()).select_from(User).where(
            User.unit_id.in_(select(Unit.id).where(Unit.path.like("/1/%"))), User.id != ids["head"]))
    head = _client(app, ids["head"])
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    for path in ("/team?scope=unit", "/team?scope=unit&sort=jp&overdue=1", "/team?scope=direct"):
        ms, response = _timed(lambda path=path: head.get(path))
        assert response.status_code == 200, response.status_code
        statements.clear()
        event.listen(engine, "before_cursor_execute", count)
        head.get(path)
        event.remove(engine, "before_cursor_execute", count)
        print(f"  team page {path:38s} {ms:7.1f} ms median  {len(statements)} queries  "
              f"({team_size:,} people in the unit)   target < 300 ms")

    with app.app_context():
        from lms.core.models import Course

        course = db.session.get(Course, ids["bulk_course"])
        people = min(10_000, db.session.scalar(select(func.count()).select_from(User).where(User.position_id == 1)))
        if people < 10_000:
            print(f"  (only {people:,} people hold the position: the bulk assignment covers them)")
        t0 = time.perf_counter()
        _rules, applied = team.assign(None, [course], "position", [1],
                                      due_at=team.end_of_local_day(
                                                 team.local_date(team.utcnow()) + timedelta(days=30)))
        transaction.commit()
        elapsed = time.perf_counter() - t0
        made = db.session.scalar(select(func.count()).select_from(Enrollment).where(Enrollment.course_id == course.id))
        print(f"  bulk assignment to a position: {applied.enrolled:,} enrolments (+ their notifications) "
              f"in {elapsed:.2f} s   target < 5 s for 10,000   [{made:,} rows]")
        t0 = time.perf_counter()
        again = team.sync()
        transaction.commit()
        print(f"  lms assignments sync (every rule again, nothing to do): {time.perf_counter() - t0:.2f} s "
              f"({again.enrolled} new)")
        from lms.core.services import notifications

        t0 = time.perf_counter()
        created = notifications.create_reminders()
        transaction.commit()
        print(f"  lms notify, first run's reminders: {sum(created.values()):,} created in "
              f"{time.perf_counter() - t0:.1f} s ({created})")
        t0 = time.perf_counter()
        created = notifications.create_reminders()
        transaction.commit()
        print(f"  lms notify, next run (nothing new): {time.perf_counter() - t0:.2f} s")

    admin = _client(app, ids["admin"])
    for query, note in (("scope=agency&unit=1", "one OPD"), ("scope=agency", "the whole agency")):
        tracemalloc.start()
        t0 = time.perf_counter()
        response = admin.get(f"/team/export.xlsx?{query}")
        body = response.get_data()
        elapsed = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rows = sum(1 for _ in load_workbook(io.BytesIO(body), read_only=True).active.iter_rows()) - 1
        print(f"  XLSX export, {note}: {rows:,} rows, {len(body) / 1e6:.1f} MB in {elapsed:.1f} s "
              f"(under tracemalloc), peak Python memory {peak / 1e6:.1f} MB   target < 20 s for 50,000, flat")
    t0 = time.perf_counter()
    response = admin.get("/team/export.xlsx?scope=agency")
    response.get_data()
    print(f"  XLSX export, whole agency, without tracemalloc: {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    response = admin.get("/team/export.csv?scope=agency")
    size = len(response.get_data())
    print(f"  CSV export, whole agency: {size / 1e6:.1f} MB in {time.perf_counter() - t0:.1f} s")


def main() -> None:
    employees, opds = env_int("EMPLOYEES", 10_000), env_int("OPD", 40)
    head_team, assigned = env_int("HEAD_TEAM", 1_000), env_int("ASSIGNED", 20)
    for kind, app in each_database():
        print(f"== {kind}: {employees:,} employees in {opds} OPD, {assigned} assigned courses each")
        t0 = time.perf_counter()
        with app.app_context():
            ids = build(employees, opds, head_team, assigned)
        print(f"  agency built in {time.perf_counter() - t0:.0f} s ({ids['people']:,} people)")
        measure(app, ids)

if __name__ == "__main__":
    main()
