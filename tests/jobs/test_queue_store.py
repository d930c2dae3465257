"""Which store carries the queue: SQLite under the instance folder, or Redis when LMS_REDIS_URL
is set (no connection is made until a worker or an enqueue uses it)."""

from __future__ import annotations

from dataclasses import replace

from huey import RedisHuey

from lms.config import load_settings
from lms.core.jobs.queue import QueueFileStorage, make_huey
from lms.testing.plugin import settings_for


def test_the_embedded_default_is_a_file_under_the_instance_folder(tmp_path) -> None:
    settings = load_settings(settings_for(tmp_path, LMS_JOBS_IMMEDIATE="0", LMS_JOBS_RETENTION_DAYS="3"))
    assert settings.jobs_retention_days == 3 and settings.jobs_immediate is False
    huey = make_huey(settings)
    assert isinstance(huey.storage, QueueFileStorage) and huey.storage.filename == str(tmp_path / "jobs.db")
    conn = huey.storage.conn
    assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert conn.execute("pragma synchronous").fetchone()[0] == 1  # NORMAL: no fsync per enqueue


def test_redis_when_configured_and_immediate_only_when_testing(tmp_path) -> None:
    settings = load_settings(settings_for(tmp_path, LMS_JOBS_IMMEDIATE="0"))
    huey = make_huey(replace(settings, redis_url="redis://127.0.0.1:6390/3"))
    assert isinstance(huey, RedisHuey)
    assert huey.storage.pool.connection_kwargs["port"] == 6390 and huey.storage.pool.connection_kwargs["db"] == 3
    assert make_huey(replace(settings, jobs_immediate=None)).immediate  # LMS_ENV=testing
    assert not make_huey(replace(settings, jobs_immediate=None, env="development")).immediate
