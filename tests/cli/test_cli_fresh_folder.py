"""``lms db upgrade`` in a folder without ``instance/`` creates it and migrates; a database it
cannot use ends in one line that says what to do, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _lms(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LMS_")}
    lms = Path(sys.executable).with_name("lms")
    return subprocess.run([str(lms), *args], cwd=cwd, env={**clean, "LMS_ENV": "development", **env},
                          capture_output=True, text=True, timeout=300)


def test_db_upgrade_in_a_new_folder_creates_the_instance_folder(tmp_path: Path) -> None:
    run = _lms(tmp_path, "db", "upgrade")
    assert run.returncode == 0, run.stderr[-2000:]
    assert (tmp_path / "instance" / "lms.db").is_file()


def test_a_sqlite_database_in_a_missing_folder_is_one_clear_line(tmp_path: Path) -> None:
    run = _lms(tmp_path, "db", "upgrade", LMS_DATABASE_URL=f"sqlite:///{tmp_path / 'nope' / 'lms.db'}")
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert f"{tmp_path / 'nope'}" in run.stderr and "LMS_DATABASE_URL" in run.stderr


def test_an_unreachable_database_server_is_one_clear_line(tmp_path: Path) -> None:
    run = _lms(tmp_path, "db", "upgrade", LMS_DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:1/lms")
    assert run.returncode == 2
    assert "Traceback" not in run.stderr and "LMS_DATABASE_URL" in run.stderr
