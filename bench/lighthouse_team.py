"""Lighthouse mobile scores of Tim Saya (target: >= 95 performance and accessibility): the team
page of a supervisor with a full page of staff (25 people, six courses assigned, some late, some
finished) and one person's page. Run with the learner pages by ``python -m bench lighthouse``,
or alone: ``python -m bench lighthouse-team``.
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path

from bench.lighthouse_run import audit, signed_in_cookie
from lms.testing.browser import serve

STAFF = 25


def _seed() -> tuple[str, str]:
    """A supervisor's team; returns (supervisor NIP, one staff member's NIP)."""
    from sqlalchemy import update

    from lms.core.models import Enrollment, Role
    from lms.core.models.base import utcnow
    from lms.core.queries import learning as learning_queries
    from lms.core.services import learning, team
    from lms.testing.factories import make_course, make_unit, make_user

    unit = make_unit("Dinas Komunikasi dan Informatika > Bidang Aplikasi Informatika")
    boss = make_user(name="Ir. Hendra Wijaya, M.T.", roles=[Role.SUPERVISOR], unit=unit)
    staff = [make_user(name=f"Pegawai Bidang Aplikasi {n:02d}", unit=unit, supervisor=boss) for n in range(STAFF)]
    courses = [make_course(f"kursus-{n}", title=f"Kursus Wajib Nomor {n}", jp=4, lessons=2) for n in range(6)]
    now = utcnow()
    team.assign(boss, courses, "person", [s.id for s in staff], due_at=now + timedelta(days=20))
    late = courses[0]
    from lms.extensions import db

    db.session.execute(update(Enrollment).where(Enrollment.course_id == late.id, Enrollment.user_id.in_(
        [s.id for s in staff[::3]])).values(due_at=now - timedelta(days=5)))
    for person in staff[1::2]:
        for item in learning_queries.published_items(courses[1]):
            learning.mark_done(person, courses[1], item.key)
    return boss.nip, staff[0].nip


def main() -> None:
    from lms.app import create_app
    from lms.core import transaction
    from lms.extensions import db
    from lms.testing.factories import DEFAULT_PASSWORD
    from lms.testing.plugin import IsolatedClient, settings_for

    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        app = create_app(settings_for(tmp, LMS_ENV="production", LMS_SECURE_COOKIES="false"))
        app.test_client_class = IsolatedClient
        with app.app_context():
            db.create_all()
            boss, person = _seed()
            transaction.commit()
        with serve(app) as server:
            cookie = signed_in_cookie(app, boss, DEFAULT_PASSWORD)
            for path in os.environ.get("BENCH_PATHS", f"/team /team/{person} /team/assign").split():
                audit(f"{server.url}{path}", cookie, tmp / "report.json", shown=path)


if __name__ == "__main__":
    main()
