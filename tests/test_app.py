from pathlib import Path

import pytest

from lms.app import create_app
from lms.testing.plugin import settings_for


def test_healthz_answers_ok_when_the_database_answers(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.text.strip() == "ok"


def test_healthz_fails_when_the_database_does_not_answer(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-dir" / "lms.db"  # SQLite cannot create a file there
    app = create_app(settings_for(tmp_path, f"sqlite:///{missing}"))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert "ok" not in response.text


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_busy_timeout(app, db) -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas only apply to SQLite")
    connection = db.session.connection()
    assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
