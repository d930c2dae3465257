"""Which store carries the queue: SQLite under the instance folder, or Redis when LMS_REDIS_URL
is set (no connection is made until a worker or an enqueue uses it)."""

from __future__ import annotations

from dataclasses import replace

import redis
from huey import PriorityRedisHuey

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
    assert isinstance(huey, PriorityRedisHuey)
    assert huey.storage.pool.connection_kwargs["port"] == 6390 and huey.storage.pool.connection_kwargs["db"] == 3
    assert make_huey(replace(settings, jobs_immediate=None)).immediate  # LMS_ENV=testing
    assert not make_huey(replace(settings, jobs_immediate=None, env="development")).immediate


def test_the_redis_queue_takes_prioritized_work_like_the_schedulers_tick(tmp_path) -> None:
    """Periodic work is enqueued with a priority; plain RedisHuey refused it and the scheduler
    never ran on Redis. Against the machine's Redis (a database of its own, emptied after)."""
    url = "redis://127.0.0.1:6379/11"
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        import pytest

        pytest.skip("Redis is not running on 127.0.0.1:6379")
    settings = load_settings(settings_for(tmp_path, LMS_JOBS_IMMEDIATE="0"))
    huey = make_huey(replace(settings, redis_url=url))
    try:
        @huey.task(name="probe")
        def probe(n: int) -> int:
            return n

        huey.enqueue(probe.s(1, priority=0))
        huey.enqueue(probe.s(2, priority=100))
        assert huey.pending_count() == 2
        first = huey.dequeue()
        assert first.args == (2,)  # the higher priority first
    finally:
        redis.Redis.from_url(url).flushdb()
