"""The quiz plugin's tables come from its own Alembic branch (``quiz``), not from core."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask

from lms import paths
from lms.app import create_app
from lms.builtin.quiz import plugin
from lms.extensions import db
from lms.testing.plugin import ScratchDatabase, settings_for


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Flask]:
    scratch = None
    url = f"sqlite:///{tmp_path / 'branch.db'}"
    if request.param == "postgresql":
        scratch = ScratchDatabase(request.getfixturevalue("postgres_base_url"), "lms_quiz_mig")
        url = scratch.create()
    app = create_app(settings_for(tmp_path, url))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if scratch is not None:
        scratch.drop()


def tables() -> set[str]:
    with db.engine.connect() as conn:
        return set(sa.inspect(conn).get_table_names())


def test_the_quiz_branch_lives_in_the_plugin_and_depends_on_core(fresh_app: Flask) -> None:
    with fresh_app.app_context():
        host = fresh_app.extensions["lms.host"]
        assert host.migration_dirs["quiz"] == str(plugin.MIGRATIONS)
        config = fresh_app.extensions["migrate"].migrate.get_config(str(paths.MIGRATIONS))
        script = ScriptDirectory.from_config(config)
        own = [r for r in script.walk_revisions() if Path(r.path).parent == plugin.MIGRATIONS]
        assert own and script.get_revision("quiz@head") in own
        (base,) = [r for r in own if r.down_revision is None]
        assert base.branch_labels == {"quiz"}
        core = {r.revision for r in script.walk_revisions() if Path(r.path).parent != plugin.MIGRATIONS}
        depends = base.dependencies if isinstance(base.dependencies, tuple) else (base.dependencies,)
        assert depends and set(depends) <= core


def test_core_head_has_no_quiz_tables_and_heads_match_the_models(fresh_app: Flask) -> None:
    with fresh_app.app_context():
        flask_migrate.upgrade(directory=str(paths.MIGRATIONS), revision="core@head")
        assert not {t for t in tables() if t.startswith("quiz_")}
        assert "course_item" in tables()
        flask_migrate.upgrade(directory=str(paths.MIGRATIONS), revision="heads")
        assert "quiz_attempt" in tables()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, db.metadata) == []
            indexes = {i["name"]: i for i in sa.inspect(conn).get_indexes("quiz_attempt")}
        assert indexes["uq_quiz_attempt_one_open"]["unique"]
        flask_migrate.downgrade(directory=str(paths.MIGRATIONS), revision="quiz@base")
        assert "quiz_attempt" not in tables() and "course_item" in tables()
