"""A generated agency for benchmarks: units, positions, users with supervisors, courses."""

from __future__ import annotations

import random
from pathlib import Path

from sqlalchemy import insert, select

from bench.generate import course_set

PASSWORD = "bench-password-1"  # noqa: S105 - a benchmark's throwaway accounts


def nip(n: int) -> str:
    born = 1965 + n % 35
    return f"{born}{(n % 12) + 1:02d}{(n % 28) + 1:02d}{born + 23:04d}{(n % 12) + 1:02d}{1 + n % 2}{n % 1000:03d}"


def build(users: int, courses: int, tmp: Path, lessons: int = 10, opds: int = 20) -> list[str]:
    """Create units, positions, ``users`` accounts (one password hash shared) and import
    ``courses`` generated courses. Returns the NIPs. Needs an app context."""
    from lms.core import transaction
    from lms.core.importer.service import import_paths
    from lms.core.models import Position, Unit, User
    from lms.core.passwords import hash_password
    from lms.extensions import db

    rng = random.Random(7)
    unit_ids = []
    for o in range(opds):
        top = Unit(name=f"Dinas {o:02d}", path="")
        db.session.add(top)
        db.session.flush()
        top.path = f"/{top.id}/"
        for b in range(3):
            child = Unit(name=f"Bidang {b}", parent_id=top.id, path="")
            db.session.add(child)
            db.session.flush()
            child.path = f"{top.path}{child.id}/"
            unit_ids.append(child.id)
    position = Position(name="Pelaksana Umum")
    db.session.add(position)
    db.session.flush()
    hashed = hash_password(PASSWORD)
    seen: set[str] = set()
    rows = []
    for n in range(users * 2):
        value = nip(n)
        if value in seen:
            continue
        seen.add(value)
        rows.append({"nip": value, "name": f"Pegawai {n}", "email": None, "password_hash": hashed,
                     "unit_id": rng.choice(unit_ids), "position_id": position.id, "golongan": "III/a",
                     "employee_type": "PNS", "active": True, "session_version": 1})
        if len(rows) == users:
            break
    db.session.execute(insert(User), rows)
    transaction.commit()
    course_set(tmp / "courses", courses=courses, lessons=lessons, words=1500, questions=20)
    import_paths([tmp / "courses"])
    transaction.commit()
    return list(db.session.scalars(select(User.nip).order_by(User.id)))
