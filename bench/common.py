"""What the benchmarks share: their BENCH_* settings and a fresh app on SQLite or PostgreSQL."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(f"BENCH_{name}", default))


def bench_app(tmp: Path, kind: str) -> tuple[Any, Any]:
    """An app on a new database (SQLite in ``tmp``, or a scratch PostgreSQL database when
    ``kind == "postgres"``) with the schema and the national competencies, as migrations leave it.
    Returns the app and the scratch database to drop (or None)."""
    from lms.app import create_app
    from lms.core.competency_framework import ensure_national_competencies
    from lms.extensions import db
    from lms.testing.plugin import ScratchDatabase, settings_for

    scratch = url = None
    if kind == "postgres":
        scratch = ScratchDatabase(os.environ.get("LMS_TEST_DATABASE_URL", POSTGRES), "lms_bench")
        url = scratch.create()
    app = create_app(settings_for(tmp, url, LMS_ENV="production", LMS_SECURE_COOKIES="false"))
    with app.app_context():
        db.create_all()
        ensure_national_competencies()
        db.session.commit()
    return app, scratch


def each_database() -> Iterator[tuple[str, Any]]:
    """``(kind, app)`` for each database ``BENCH_DB`` names (``sqlite``, ``postgres`` or
    ``both``): a fresh app on a new database, disposed of (and the scratch database dropped)
    when the caller moves on, whatever happened."""
    from lms.extensions import db

    kinds = os.environ.get("BENCH_DB", "sqlite")
    for kind in ["sqlite", "postgres"] if kinds == "both" else [kinds]:
        with tempfile.TemporaryDirectory() as tmpdir:
            app, scratch = bench_app(Path(tmpdir), kind)
            try:
                yield kind, app
            finally:
                with app.app_context():
                    db.session.remove()
                    db.engine.dispose()
                if scratch:
                    scratch.drop()


def database_url(tmp: Path) -> tuple[str, Any]:
    """The URL of a new database for a served benchmark: SQLite in ``tmp``, or a scratch
    PostgreSQL database when ``BENCH_DB=postgres``. Returns the URL and the scratch database to
    drop (or None)."""
    from lms.testing.plugin import ScratchDatabase

    if os.environ.get("BENCH_DB") == "postgres":
        scratch = ScratchDatabase(os.environ.get("LMS_TEST_DATABASE_URL", POSTGRES), "lms_bench")
        return scratch.create(), scratch
    return f"sqlite:///{tmp / 'bench.db'}", None


def api_call(port: int, method: str, path: str, token: str, body: dict | None = None,
             timeout: float = 60) -> tuple[int, dict]:
    """One JSON API call with a bearer token: the status and the decoded body ({} if none)."""
    import http.client
    import json

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    conn.request(method, path, body=json.dumps(body).encode() if body is not None else None,
                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    response = conn.getresponse()
    raw = response.read()
    conn.close()
    try:
        return response.status, json.loads(raw or b"{}")
    except ValueError:
        return response.status, {}
