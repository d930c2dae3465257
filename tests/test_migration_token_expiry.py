"""Tokens made before expiry existed get one year from when they were made (the new default),
on SQLite and PostgreSQL; the revision goes down again cleanly."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import flask_migrate
import pytest
import sqlalchemy as sa

from lms import paths
from lms.app import create_app
from lms.extensions import db
from lms.testing.plugin import ScratchDatabase, settings_for

BEFORE = "1a99537fcb71"  # core's head before token expiry
REVISION = "cb5fa90d0c4e"


def _check_backfill(url: str, tmp: Path) -> None:
    app = create_app(settings_for(tmp, url))
    with app.app_context():
        flask_migrate.upgrade(directory=str(paths.MIGRATIONS), revision=BEFORE)
        made = datetime(2026, 1, 31, 8, 30)
        with db.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO \"user\" (id, nip, name, employee_type, active, session_version, "
                                 "created_at, updated_at) VALUES (1, '198506152010011001', 'Uji', 'PNS', :t, 1, "
                                 ":made, :made)"), {"made": made, "t": True})
            conn.execute(sa.text("INSERT INTO api_token (user_id, name, token_hash, created_at) "
                                 "VALUES (1, 'lama', :h, :made)"), {"h": "a" * 64, "made": made})
        flask_migrate.upgrade(directory=str(paths.MIGRATIONS), revision=REVISION)
        with db.engine.connect() as conn:
            expires = conn.execute(sa.text("SELECT expires_at FROM api_token")).scalar_one()
        if isinstance(expires, str):  # SQLite hands back text
            expires = datetime.fromisoformat(expires)
        assert expires == made + timedelta(days=365)
        flask_migrate.downgrade(directory=str(paths.MIGRATIONS), revision=BEFORE)
        with db.engine.connect() as conn:
            assert "login_throttle" not in sa.inspect(conn).get_table_names()
        db.engine.dispose()


def test_existing_tokens_expire_a_year_after_they_were_made_sqlite(tmp_path: Path) -> None:
    _check_backfill(f"sqlite:///{tmp_path / 't.db'}", tmp_path)


@pytest.mark.postgres
def test_existing_tokens_expire_a_year_after_they_were_made_postgresql(postgres_base_url, tmp_path: Path) -> None:
    scratch = ScratchDatabase(postgres_base_url)
    url = scratch.create()
    try:
        _check_backfill(url, tmp_path)
    finally:
        scratch.drop()


