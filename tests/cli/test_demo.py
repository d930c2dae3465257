"""``lms demo``: the city of Sukamaju with a year of history made through the services, the
same on every run (no duplicates, the same password), and ``make run``'s targets."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lms import paths
from lms.builtin.certificate.models import Certificate
from lms.builtin.quiz.models import Attempt
from lms.core.models import (
    Completion,
    CourseAuthor,
    EmployeeType,
    Enrollment,
    ExternalRecord,
    Role,
    Unit,
    User,
)
from lms.core.models.base import utcnow
from lms.core.models.competency import CompetencyAssessment, PositionStandard
from lms.core.models.external import RecordStatus

ROOT = Path(__file__).resolve().parents[2]


def _count(db, model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def demo(db):
    from lms.core.importer.service import import_paths
    from lms.core.services.demo import create_demo_agency
    from lms.core.services.demo_history import build_history, make_author, published_courses

    def build():
        agency = create_demo_agency("kota-sukamaju-demo-7", size=36)
        import_paths([paths.SAMPLE_COURSES], user=agency.named["trainer"], workers=1)
        make_author(agency.named["trainer"])
        build_history(agency, published_courses())
        return agency

    return build


def test_demo_builds_a_city_with_a_year_of_history(db, demo) -> None:
    agency = demo()
    staff = agency.staff
    assert 30 <= len(staff) <= 40
    assert {u.employee_type for u in staff} == {EmployeeType.PNS, EmployeeType.PPPK}
    # every unit with staff has a head who supervises them; the supervisor of the demo has a big team
    for user in staff:
        unit = db.session.get(Unit, user.unit_id)
        if unit.head_id != user.id:
            assert user.supervisor_id == unit.head_id, user.name
    hendra = agency.named["supervisor"]
    assert db.session.get(Unit, hendra.unit_id).head_id == hendra.id and hendra.has_role(Role.SUPERVISOR)
    assert _count(db, User, User.supervisor_id == hendra.id) >= 6
    assert _count(db, Unit, Unit.parent_id.is_(None)) == 7  # the OPD: the reports' first level
    assert _count(db, PositionStandard) > 0
    # history: completions over the months, quizzes passed and failed, overdue, records waiting
    moments = db.session.scalars(select(Completion.completed_at)).all()
    assert len(moments) >= 20
    assert len({(m.year, m.month) for m in moments}) >= 6
    assert min(moments) > utcnow() - timedelta(days=366) and max(moments) < utcnow()
    assert _count(db, Attempt, Attempt.passed.is_(True)) > 0 and _count(db, Attempt, Attempt.passed.is_(False)) > 0
    assert _count(db, Enrollment, Enrollment.due_at < utcnow(), Enrollment.completed_at.is_(None)) > 0
    assert _count(db, ExternalRecord, ExternalRecord.status == RecordStatus.PENDING) >= 3
    assert _count(db, ExternalRecord, ExternalRecord.status == RecordStatus.PENDING,
                  ExternalRecord.user_id == agency.named["learner"].id) == 1
    assert _count(db, CompetencyAssessment) > 0
    assert _count(db, Certificate) > 0
    assert _count(db, Certificate, Certificate.finished_on < utcnow().date() - timedelta(days=30)) > 0
    assert _count(db, CourseAuthor, CourseAuthor.user_id == agency.named["trainer"].id) >= 5
    # a second run finds everything and adds nothing
    counts = [_count(db, m) for m in (User, Completion, Attempt, Enrollment, ExternalRecord, CompetencyAssessment,
                                      Certificate)]
    demo()
    assert [_count(db, m) for m in (User, Completion, Attempt, Enrollment, ExternalRecord, CompetencyAssessment,
                                    Certificate)] == counts


def test_the_same_size_makes_the_same_people() -> None:
    from lms.core.services.demo import plan_people

    first, again = plan_people(120), plan_people(120)
    assert first == again
    assert len({p.nip for p in first}) == len(first)
    from lms.core.nip import is_valid

    assert all(is_valid(p.nip) for p in first)


def test_demo_password_is_kept_in_the_instance_folder_for_the_owner_only(app, db) -> None:
    from lms.cli.demo import demo_password, password_file

    path = password_file()
    path.unlink(missing_ok=True)
    try:
        password, changed = demo_password(None)
        assert changed and path.read_text().strip() == password
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert demo_password(None) == (password, False)  # the next run: the same password
        assert demo_password("another-demo-pass-9") == ("another-demo-pass-9", True)
    finally:
        path.unlink(missing_ok=True)


def test_lms_demo_prints_the_logins_on_the_served_address(tmp_path: Path) -> None:
    """The whole command on a fresh instance: migrations, courses, city; quiet; the logins."""
    (tmp_path / "config.py").write_text('LMS_ENV = "development"\nLMS_SECRET_KEY = "x"\n')
    env = {**os.environ, "LMS_INSTANCE_PATH": str(tmp_path), "LMS_LOG_LEVEL": "WARNING"}
    lms = Path(sys.executable).parent / "lms"
    result = subprocess.run([str(lms), "demo", "--size", "12", "--host", "127.0.0.1", "--port", "5299"],
                            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    password = (tmp_path / "demo-password").read_text().strip()
    assert "http://127.0.0.1:5299/login" in out and password in out
    for login in ("siti@demo.sinau.id", "hendra@demo.sinau.id", "widyaiswara@demo.sinau.id", "admin@demo.sinau.id"):
        assert login in out
    assert "Peserta" in out and "Atasan" in out and "Pengajar" in out and "Admin" in out
    assert not re.search(r"\bINFO\b|alembic", out + result.stderr)
    # the certificates are issued by the command itself, not left for a worker
    import sqlite3

    with sqlite3.connect(tmp_path / "lms.db") as conn:
        assert conn.execute("select count(*) from certificate_record").fetchone()[0] > 0
        assert conn.execute("select count(*) from job_run where name = 'certificate.issue' "
                            "and status = 'queued'").fetchone()[0] == 0


def _make(*args: str, venv: Path) -> str:
    return subprocess.run(["make", "-n", *args, f"VENV={venv}"], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout


def test_make_run_installs_only_what_serving_needs_and_is_quiet(tmp_path: Path) -> None:
    venv = tmp_path / "venv"  # no stamps yet: make shows every step
    run = _make("run", "HOST=0.0.0.0", "PORT=5201", venv=venv)
    install = [line for line in run.splitlines() if "pip" in line and "install" in line and "-e" in line]
    assert install and all("[test]" not in line and "-qq" in line for line in install)
    assert re.search(r"LMS_LOG_LEVEL=WARNING \S*lms demo --host 0\.0\.0\.0 --port 5201", run)
    assert re.search(r"LMS_LOG_LEVEL=WARNING \S*lms run --host 0\.0\.0\.0 --port 5201", run)
    test = _make("test", venv=venv)
    assert ".[test]" in test and ".installed-run" not in test
