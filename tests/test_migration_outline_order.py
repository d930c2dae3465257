"""Stored outlines follow the numbering after the upgrade (top-level items and module
folders together); the downgrade gives the old order (top-level items first) back. On SQLite
and PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import flask_migrate
import pytest
import sqlalchemy as sa

from lms import paths
from lms.app import create_app
from lms.extensions import db
from lms.testing.plugin import ScratchDatabase, settings_for

BEFORE = "b3c94e1f0a27"  # core head before this revision
REVISION = "a4c1f09e7b25"
PATHS = ["01-intro.md", "02-lanjutan/01-a.md", "02-lanjutan/02-b.md", "03-penutup.md"]


def _order(conn: sa.Connection) -> list[str]:
    return list(conn.execute(sa.text("SELECT source_path FROM course_item ORDER BY position")).scalars())


def _check(url: str, tmp: Path) -> None:
    app = create_app(settings_for(tmp, url, LMS_PLUGINS="lesson"))
    with app.app_context():
        flask_migrate.upgrade(directory=str(paths.MIGRATIONS), revision=BEFORE)
        with db.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO course (id, slug, title, summary, description_html, jp, tags, "
                                 "language, enrollment, prerequisites, certificate, minutes, item_count, status, "
                                 "created_at, updated_at) VALUES (1, 'lama', 'Lama', '', '', 1, '[]', 'id', 'open', "
                                 "'[]', :t, 4, 4, 'published', :now, :now)"), {"t": True, "now": datetime(2026, 1, 1)})
            conn.execute(sa.text("INSERT INTO course_revision (id, course_id, number, content_hash, settings, "
                                 "description_html, message, created_at) VALUES (1, 1, 1, 'x', '{}', '', '', :now)"),
                         {"now": datetime(2026, 1, 1)})
            stored = ["01-intro.md", "03-penutup.md", "02-lanjutan/01-a.md", "02-lanjutan/02-b.md"]  # root first
            for position, path in enumerate(stored, start=1):
                module = "lanjutan" if "/" in path else ""
                conn.execute(sa.text("INSERT INTO course_item (revision_id, module_key, key, type, title, position, "
                                     "minutes, required, source_path, settings, content) VALUES (1, :m, :k, "
                                     "'lesson', :k, :p, 1, :t, :s, '{}', '{}')"),
                             {"m": module, "k": path.split("-", 1)[-1], "p": position, "s": path, "t": True})
        flask_migrate.upgrade(directory=str(paths.MIGRATIONS), revision=REVISION)
        with db.engine.connect() as conn:
            assert _order(conn) == PATHS
        flask_migrate.downgrade(directory=str(paths.MIGRATIONS), revision=BEFORE)
        with db.engine.connect() as conn:
            assert _order(conn) == ["01-intro.md", "03-penutup.md", "02-lanjutan/01-a.md", "02-lanjutan/02-b.md"]
        db.engine.dispose()


def test_stored_outlines_follow_the_numbering_sqlite(tmp_path: Path) -> None:
    _check(f"sqlite:///{tmp_path / 'o.db'}", tmp_path)


@pytest.mark.postgres
def test_stored_outlines_follow_the_numbering_postgresql(postgres_base_url, tmp_path: Path) -> None:
    scratch = ScratchDatabase(postgres_base_url)
    url = scratch.create()
    try:
        _check(url, tmp_path)
    finally:
        scratch.drop()
