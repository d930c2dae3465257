"""The sign-in limit holds across processes: 40 wrong passwords for one account, sent at once
to 4 gunicorn workers, get 10 ordinary refusals and 30 "too many attempts" (the limit is 10 a
minute). Before, each worker counted for itself and 38 of 40 were checked."""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import threading
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


def _start_gunicorn(env: dict[str, str], cwd: Path, workers: int) -> tuple[subprocess.Popen, int, threading.Thread]:
    """gunicorn on a free port; returns once every worker has booted (requests then spread over
    every process). Its log is read by a thread so that the pipe never fills."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", "127.0.0.1:0", "--workers", str(workers), "--threads", "2",
         "--timeout", "300", "lms.wsgi:app"],
        env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    log: list[str] = []
    assert server.stderr is not None
    reader = threading.Thread(target=lambda: log.extend(server.stderr), daemon=True)  # type: ignore[arg-type]
    reader.start()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and server.poll() is None:
        text = "".join(log)
        port = _LISTENING.search(text)
        if port and text.count("Booting worker") >= workers:
            return server, int(port.group(1)), reader
        time.sleep(0.1)
    server.kill()
    server.wait()
    raise AssertionError("gunicorn did not start:\n" + "".join(log))


def _attempt(port: int, login: str, n: int) -> int:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    # each attempt from its own address (through the one trusted proxy hop): only the account's
    # own budget is under test
    headers = {"X-Forwarded-For": f"10.7.{n}.1"}
    page = opener.open(urllib.request.Request(f"http://127.0.0.1:{port}/login", headers=headers), timeout=300)
    token = _CSRF.search(page.read().decode()).group(1)
    body = urllib.parse.urlencode({"csrf_token": token, "login": login, "password": "salah-sekali"}).encode()
    try:
        response = opener.open(urllib.request.Request(f"http://127.0.0.1:{port}/login", data=body,
                                                      headers=headers), timeout=300)
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
        server, port, reader = _start_gunicorn(env, tmp_path, workers=4)
        with ThreadPoolExecutor(max_workers=40) as pool:
            statuses = list(pool.map(lambda n: _attempt(port, nip, n), range(40)))
        assert sorted(statuses).count(200) == 10, statuses
        assert statuses.count(429) == 30, statuses
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
            reader.join(timeout=30)
            server.stderr.close()
        if scratch:
            scratch.drop()
