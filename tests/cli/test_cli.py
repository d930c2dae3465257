"""The `lms` commands, through Click's runner on the test app."""

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lms.core.models import ApiToken, Role, User
from lms.core.passwords import token_digest, verify_password
from lms.core.services.tokens import resolve_token


def test_users_create_with_password_from_stdin(runner, db) -> None:
    result = runner.invoke(args=["users", "create", "--nip", "19660801 198803 1 001", "--name",
                                 "Budi Santoso", "--role", "admin", "--password-stdin"],
                           input="kata-sandi-kuat\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.nip == "196608011988031001"))
    assert user.has_role(Role.ADMIN) and verify_password(user.password_hash, "kata-sandi-kuat")


def test_users_create_refuses_a_bad_nip_in_one_line(runner, db) -> None:
    result = runner.invoke(args=["users", "create", "--nip", "123", "--name", "X", "--no-password"])
    assert result.exit_code != 0
    assert result.output.strip().count("\n") == 0 and "18 digit" in result.output


def test_set_password_ends_other_sessions(runner, make_user, db) -> None:
    user = make_user()
    version = user.session_version
    result = runner.invoke(args=["users", "set-password", user.nip, "--password-stdin"],
                           input="baru-sekali-123\n")
    assert result.exit_code == 0, result.output
    db.session.refresh(user)
    assert verify_password(user.password_hash, "baru-sekali-123")
    assert user.session_version == version + 1
    missing = runner.invoke(args=["users", "set-password", "199001012015031999", "--password-stdin"],
                            input="baru-sekali-123\n")
    assert missing.exit_code != 0


def test_tokens_create_prints_a_working_token_once_and_stores_its_hash(runner, make_user, db) -> None:
    user = make_user()
    result = runner.invoke(args=["tokens", "create", user.nip, "--name", "integrasi"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[0]
    row = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert row.token_hash == token_digest(token) and token not in row.token_hash
    assert resolve_token(token).id == user.id
    assert resolve_token(token + "x") is None


def test_users_import_reports_bad_rows_and_exits_non_zero(runner, db, tmp_path: Path) -> None:
    bad = tmp_path / "pegawai.csv"
    bad.write_text("nip,name,email,unit,position,supervisor_nip,roles\n123,A,,Dinas,,,\n")
    result = runner.invoke(args=["users", "import", str(bad)])
    assert result.exit_code != 0
    assert f"{bad}:2: " in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_backup_of_sqlite_restores_every_row(app, tmp_path: Path) -> None:
    """Against a committed database (not the rolled-back test transaction)."""
    from lms.app import create_app
    from lms.core import transaction
    from lms.extensions import db
    from lms.testing.factories import make_user
    from lms.testing.plugin import IsolatedClient, settings_for

    source = tmp_path / "live.db"
    live = create_app(settings_for(tmp_path, f"sqlite:///{source}"))
    live.test_client_class = IsolatedClient
    with live.app_context():
        db.create_all()
        for _ in range(25):
            make_user()
        transaction.commit()
        nips = set(db.session.scalars(select(User.nip)))
        result = live.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.db")])
        assert result.exit_code == 0, result.output
        db.session.remove()
        db.engine.dispose()
    restored = sqlite3.connect(tmp_path / "copy.db")
    assert {row[0] for row in restored.execute("select nip from user")} == nips
    assert restored.execute("pragma integrity_check").fetchone()[0] == "ok"


def test_backup_of_postgresql_restores_every_row(postgres_base_url, tmp_path: Path) -> None:
    import shutil
    import subprocess

    import sqlalchemy as sa

    from lms.cli.backup import backup_database
    from lms.testing.plugin import ScratchDatabase

    if shutil.which("pg_dump") is None:
        pytest.fail("pg_dump is missing: install postgresql-client")
    source, target = ScratchDatabase(postgres_base_url), ScratchDatabase(postgres_base_url)
    source_url, target_url = source.create(), target.create()
    try:
        engine = sa.create_engine(source_url, poolclass=sa.pool.NullPool)
        with engine.begin() as conn:
            conn.exec_driver_sql("create table t (id int primary key, v text)")
            conn.exec_driver_sql("insert into t select g, md5(g::text) from generate_series(1, 500) g")
        dump = backup_database(source_url, tmp_path / "db.dump")
        libpq = sa.engine.make_url(target_url).set(drivername="postgresql").render_as_string(False)
        subprocess.run(["pg_restore", "--no-owner", "-d", libpq, str(dump)], check=True)
        restored = sa.create_engine(target_url, poolclass=sa.pool.NullPool)
        with restored.connect() as conn:
            assert conn.exec_driver_sql("select count(*), sum(id) from t").one() == (500, 125250)
        engine.dispose()
        restored.dispose()
    finally:
        source.drop()
        target.drop()


@pytest.mark.parametrize("password", ["bismillah123", "budi-santoso-88", "19660801abc"])
def test_users_create_and_set_password_refuse_guessable_passwords(runner, db, make_user, password) -> None:
    result = runner.invoke(args=["users", "create", "--nip", "19660801 198803 1 001", "--name", "Budi Santoso",
                                 "--password-stdin"], input=f"{password}\n")
    assert result.exit_code != 0 and result.output.count("\n") == 1, result.output
    assert db.session.scalar(select(User).where(User.nip == "196608011988031001")) is None
    user = make_user(nip="196608011988031002", name="Budi Santoso")
    result = runner.invoke(args=["users", "set-password", user.nip, "--password-stdin"], input=f"{password}\n")
    assert result.exit_code != 0, result.output


def test_the_demo_password_passes_the_rules_for_every_demo_account() -> None:
    from lms.core.services.demo import new_demo_password, password_problem

    assert password_problem("bismillah123") is not None
    assert password_problem("siti-belajar-2026") is not None  # a demo learner's name
    for _ in range(20):
        assert password_problem(new_demo_password()) is None
