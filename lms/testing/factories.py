"""Factories for tests: functions that create valid rows with sensible defaults."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date
from typing import Any

from lms.core.models import EmployeeType, Position, PositionKind, Role, Unit, User
from lms.core.passwords import hash_password
from lms.core.services.org import ensure_unit_path
from lms.extensions import db

_counter = itertools.count(1)
# Hashing with argon2 costs ~50 ms; tests share one hash of the default password.
DEFAULT_PASSWORD = "rahasia-uji-123"  # noqa: S105 - the test accounts' password
_HASHES: dict[str, str] = {}


def _hash(password: str) -> str:
    if password not in _HASHES:
        _HASHES[password] = hash_password(password)
    return _HASHES[password]


def make_nip(n: int | None = None, *, born: date = date(1985, 6, 15), gender: int = 1) -> str:
    """A valid NIP, unique per call."""
    n = next(_counter) if n is None else n
    # unique for the first 20,000 calls: sequence from n % 1000, appointment year from n // 1000
    return f"{born:%Y%m%d}{2005 + (n // 1000) % 20:04d}{(n % 12) + 1:02d}{gender}{n % 1000:03d}"


def make_unit(path: str = "Dinas Uji > Bidang Uji") -> Unit:
    """The unit at ``path`` (and its parents), flushed: ``ensure_unit_path`` sets the path after
    its last flush, and pages under test read through their own session."""
    unit = ensure_unit_path(path)
    db.session.flush()
    return unit


def make_position(name: str | None = None, kind: PositionKind = PositionKind.PELAKSANA) -> Position:
    position = Position(name=name or f"Jabatan Uji {next(_counter)}", kind=kind)
    db.session.add(position)
    db.session.flush()
    return position


def make_user(
    *,
    name: str | None = None,
    nip: str | None = None,
    email: str | None = None,
    password: str | None = DEFAULT_PASSWORD,
    roles: Iterable[Role | str] = (),
    unit: Unit | None = None,
    position: Position | None = None,
    supervisor: User | None = None,
    employee_type: EmployeeType = EmployeeType.PNS,
    golongan: str | None = "III/a",
    active: bool = True,
) -> User:
    n = next(_counter)
    user = User(
        nip=nip or make_nip(n),
        name=name or f"Pegawai Uji {n}",
        email=email if email is not None else f"pegawai{n}@uji.example",
        password_hash=_hash(password) if password else None,
        unit=unit,
        position=position,
        supervisor=supervisor,
        employee_type=employee_type,
        golongan=golongan,
        active=active,
    )
    db.session.add(user)
    from lms.core.services.accounts import set_roles

    set_roles(user, roles)
    db.session.flush()
    return user


COURSE_MD = """---
title: {title}
summary: Kursus uji.
jp: {jp}
{extra}---
Deskripsi kursus uji.
"""


def make_course(slug: str = "kursus-uji", files: dict[str, str] | None = None, *, title: str = "Kursus Uji",
                jp: float = 2, extra: str = "", lessons: int = 2, publish: bool = True,
                competencies: dict[str, int] | None = None) -> Any:
    """Import a small course through the real importer and return the Course.

    ``files`` (path -> text) replaces the default lessons; ``extra`` adds front-matter lines
    (``"valid_months: 12\\n"``); ``competencies`` maps it to competencies (``{"integritas": 2}``).
    """
    from sqlalchemy import select

    from lms.core.importer.service import import_sources
    from lms.core.importer.source import CourseSource
    from lms.core.models import Course
    from lms.testing.courses import competencies_front_matter

    if competencies:
        extra = competencies_front_matter(competencies) + extra
    content = {"course.md": COURSE_MD.format(title=title, jp=jp, extra=extra)}
    if files is None:
        files = {f"{n:02d}-materi-{n}.md": f"# Materi {n}\n\nIsi materi {n}.\n" for n in range(1, lessons + 1)}
    content.update(files)
    source = CourseSource(slug, {path: text.encode() for path, text in content.items()})
    import_sources([source], draft=not publish)
    return db.session.scalar(select(Course).where(Course.slug == slug))


def make_competency(code: str, name: str | None = None, levels: dict | None = None) -> Any:
    """A technical (teknis) competency ``code``, created once (the same row on a second call)."""
    from lms.core.models import Competency, CompetencyGroup

    row = db.session.get(Competency, code)
    if row is None:
        row = Competency(code=code, name=name or f"Teknis {code}", group=CompetencyGroup.TEKNIS, levels=levels or {})
        db.session.add(row)
        db.session.flush()
    return row


def make_enrollment(user: User, course: Any, *, due_at: Any = None, completed_at: Any = None, expires_at: Any = None,
                    jp: float | None = None, source: Any = None) -> Any:
    """An enrolment written straight as rows (assigned unless ``source`` says otherwise), with its
    completion when ``completed_at`` is given (``jp`` defaults to the course's): for reports and
    lists that need many people in given states, without taking the course."""
    from lms.core.models import Completion, Enrollment, EnrollmentSource

    enrollment = Enrollment(user_id=user.id, course_id=course.id, source=source or EnrollmentSource.ASSIGNED,
                            due_at=due_at, completed_at=completed_at, cycle=1)
    db.session.add(enrollment)
    if completed_at is not None:
        db.session.add(Completion(user_id=user.id, course_id=course.id, cycle=1, completed_at=completed_at,
                                  jp=course.jp if jp is None else jp, expires_at=expires_at))
    db.session.flush()
    return enrollment


def make_completion(user: User, course: Any, at: Any, jp: float) -> Any:
    """A completion only (JP counted without an enrolment row)."""
    from lms.core.models import Completion

    row = Completion(user_id=user.id, course_id=course.id, cycle=1, completed_at=at, jp=jp)
    db.session.add(row)
    db.session.flush()
    return row
