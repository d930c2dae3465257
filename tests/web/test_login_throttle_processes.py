"""The sign-in limit holds across processes: 40 wrong passwords for one account, sent at once
to 4 gunicorn workers, get 10 ordinary refusals and 30 "too many attempts" (the limit is 10 a
minute). Before, each worker counted for itself and 38 of 40 were checked."""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

_LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _start_gunicorn(env: dict[str, str], cwd: Path) -> tuple[subprocess.Popen, int]:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", "127.0.0.1:0", "--workers", "4", "--threads", "2",
         "--timeout", "60", "lms.wsgi:app"],
        env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    seen = []
    assert server.stderr is not None
    while time.monotonic() < deadline:
        line = server.stderr.readline()
        if not line:
            break
        seen.append(line)
        match = _LISTENING.search(line)
        if match:
            return server, int(match.group(1))
    server.kill()
    raise AssertionError("gunicorn did not start:\n" + "".join(seen))


def _wait_for_workers(server: subprocess.Popen, workers: int) -> None:
    """All workers booted (each logs one line): requests then spread over every process."""
    assert server.stderr is not None
    booted = 0
    deadline = time.monotonic() + 60
    while booted < workers and time.monotonic() < deadline:
        line = server.stderr.readline()
        booted += "Booting worker" in line


def _attempt(port: int, login: str, n: int) -> int:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    # each attempt from its own address (through the one trusted proxy hop): only the account's
    # own budget is under test
    headers = {"X-Forwarded-For": f"10.7.{n}.1"}
    page = opener.open(urllib.request.Request(f"http://127.0.0.1:{port}/login", headers=headers), timeout=60)
    token = _CSRF.search(page.read().decode()).group(1)
    body = urllib.parse.urlencode({"csrf_token": token, "login": login, "password": "salah-sekali"}).encode()
    try:
        response = opener.open(urllib.request.Request(f"http://127.0.0.1:{port}/login", data=body,
                                                      headers=headers), timeout=60)
        return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_forty_wrong_passwords_over_four_workers_are_refused_past_the_limit(tmp_path: Path) -> None:
    from lms.app import create_app
    from lms.extensions import db
    from lms.testing.factories import make_user
    from lms.testing.plugin import ScratchDatabase, postgres_url, settings_for

    scratch = ScratchDatabase(postgres_url()) if postgres_url() else None
    url = scratch.create() if scratch else f"sqlite:///{tmp_path / 'live.db'}"
    settings = settings_for(tmp_path, url)
    live = create_app(settings)
    server = None
    try:
        with live.app_context():
            db.create_all()
            nip = make_user().nip
            db.session.commit()
            db.session.remove()
            db.engine.dispose()
        env = {**os.environ, **{k: str(v) for k, v in settings.items()}}
        server, port = _start_gunicorn(env, tmp_path)
        _wait_for_workers(server, 4)
        with ThreadPoolExecutor(max_workers=40) as pool:
            statuses = list(pool.map(lambda n: _attempt(port, nip, n), range(40)))
        assert sorted(statuses).count(200) == 10, statuses
        assert statuses.count(429) == 30, statuses
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if scratch:
            scratch.drop()
