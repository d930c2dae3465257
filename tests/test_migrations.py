"""`lms db upgrade` from an empty database gives exactly the models' schema (no diff)."""

from pathlib import Path

import flask_migrate
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from lms import paths
from lms.app import create_app
from lms.extensions import db
from lms.testing.plugin import ScratchDatabase, settings_for


def upgraded_diff(url: str, tmp: Path) -> tuple[list, set[str]]:
    app = create_app(settings_for(tmp, url))
    with app.app_context():
        flask_migrate.upgrade(directory=str(paths.MIGRATIONS), revision="heads")
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
            tables = set(sa.inspect(conn).get_table_names())
        db.engine.dispose()
    return diff, tables


def test_upgrade_from_empty_sqlite_matches_the_models(tmp_path: Path) -> None:
    diff, tables = upgraded_diff(f"sqlite:///{tmp_path / 'm.db'}", tmp_path)
    assert diff == []
    assert set(db.metadata.tables) <= tables


def test_upgrade_from_empty_postgresql_matches_the_models(postgres_base_url, tmp_path: Path) -> None:
    scratch = ScratchDatabase(postgres_base_url)
    url = scratch.create()
    try:
        diff, tables = upgraded_diff(url, tmp_path)
    finally:
        scratch.drop()
    assert diff == []
    assert set(db.metadata.tables) <= tables


def test_db_check_command_is_clean_after_upgrade(tmp_path: Path) -> None:
    app = create_app(settings_for(tmp_path, f"sqlite:///{tmp_path / 'c.db'}"))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        db.engine.dispose()
