"""A database made by the migrations refuses to change audit rows too (the triggers are part of
the schema, not only of ``create_all``)."""

from __future__ import annotations

from pathlib import Path

import flask_migrate
import pytest
import sqlalchemy as sa

from lms import paths
from lms.app import create_app
from lms.extensions import db
from lms.testing.plugin import ScratchDatabase, settings_for


def _refuses_changes(url: str, tmp: Path) -> None:
    app = create_app(settings_for(tmp, url))
    with app.app_context():
        try:
            flask_migrate.upgrade(directory=str(paths.MIGRATIONS), revision="heads")
            with db.engine.begin() as conn:
                conn.exec_driver_sql("INSERT INTO audit_log (at, action, target_type, target_label) "
                                     "VALUES ('2026-01-01 00:00:00', 'unit.create', 'unit', 'Dinas')")
            for statement in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
                with pytest.raises(sa.exc.DatabaseError, match="append-only"), db.engine.begin() as conn:
                    conn.exec_driver_sql(statement)
            with db.engine.connect() as conn:
                assert conn.exec_driver_sql("SELECT action FROM audit_log").scalars().all() == ["unit.create"]
        finally:
            db.session.remove()
            db.engine.dispose()


def test_an_upgraded_sqlite_database_keeps_audit_rows_append_only(tmp_path: Path) -> None:
    _refuses_changes(f"sqlite:///{tmp_path / 'audit.db'}", tmp_path)


def test_an_upgraded_postgresql_database_keeps_audit_rows_append_only(postgres_base_url, tmp_path: Path) -> None:
    scratch = ScratchDatabase(postgres_base_url)
    try:
        _refuses_changes(scratch.create(), tmp_path)
    finally:
        scratch.drop()
