"""Processes of a small cluster for the deployment tests and the December bench: ``lms serve``
instances and ``lms worker`` processes on one PostgreSQL database and one Redis database, and a
browser-like client (cookies, CSRF tokens) that can send each request to another server."""

from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

LMS = Path(sys.executable).with_name("lms")
_LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def cluster_env(tmp: Path, database_url: str, redis_url: str) -> dict[str, str]:
    """A production configuration (plain HTTP on loopback) shared by every process."""
    return {**os.environ, "LMS_ENV": "production", "LMS_SECRET_KEY": secrets.token_hex(32),
            "LMS_DATABASE_URL": database_url, "LMS_REDIS_URL": redis_url, "LMS_SECURE_COOKIES": "false",
            "LMS_INSTANCE_PATH": str(tmp / "instance"), "LMS_MEDIA_STORE": "db",
            "LMS_BASE_URL": "http://127.0.0.1", "LMS_JOBS_IMMEDIATE": "false", "PYTHONUNBUFFERED": "1"}


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: list[str] = field(default_factory=list)
    port: int | None = None
    reader: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def text(self) -> str:
        return "".join(self.log)

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        if self.reader is not None:
            self.reader.join(timeout=10)
        if self.popen.stdout is not None:
            self.popen.stdout.close()


def _spawn(name: str, argv: list[str], env: dict[str, str], cwd: Path) -> Process:
    popen = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    process = Process(name, popen)
    process.reader = threading.Thread(target=lambda: process.log.extend(popen.stdout), daemon=True)  # type: ignore[arg-type]
    process.reader.start()
    return process


def _wait(process: Process, ready, seconds: float = 90) -> None:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.popen.poll() is None:
        if ready(process.text()):
            return
        time.sleep(0.1)
    process.stop()
    raise AssertionError(f"{process.name} did not start:\n{process.text()[-3000:]}")


def serve(name: str, env: dict[str, str], cwd: Path, workers: int = 2) -> Process:
    process = _spawn(name, [str(LMS), "serve", "--bind", "127.0.0.1:0", "--workers", str(workers)], env, cwd)

    def ready(text: str) -> bool:
        return bool(_LISTENING.search(text)) and text.count("Booting worker") >= workers

    _wait(process, ready)
    process.port = int(_LISTENING.search(process.text()).group(1))  # type: ignore[union-attr]
    return process


def worker(name: str, env: dict[str, str], cwd: Path, threads: int = 2, scheduler: bool = True) -> Process:
    argv = [str(LMS), "worker", "--workers", str(threads), *([] if scheduler else ["--no-scheduler"])]
    process = _spawn(name, argv, env, cwd)
    _wait(process, lambda text: "lms worker:" in text)
    return process


def run(argv: list[str], env: dict[str, str], cwd: Path) -> str:
    done = subprocess.run([str(LMS), *argv], env=env, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


@dataclass
class Answer:
    status: int
    text: str
    location: str | None
    server: str


class Browser:
    """Cookies and CSRF like a browser; every request names the server it goes to. Redirects are
    followed by hand, on the server the caller names for them (``follow``)."""

    def __init__(self, forwarded_for: str = "10.20.0.1") -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)
        self.forwarded_for = forwarded_for
        self.last_csrf: str | None = None

    def request(self, server: Process, path: str, data: dict | None = None,
                headers: dict[str, str] | None = None) -> Answer:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(server.url + path, data=body,  # noqa: S310 - a local server
                                         headers={"X-Forwarded-For": self.forwarded_for, **(headers or {})})
        try:
            with self.opener.open(request, timeout=60) as response:
                answer = Answer(response.status, response.read().decode(), response.headers.get("Location"),
                                server.name)
        except urllib.error.HTTPError as exc:
            answer = Answer(exc.code, exc.read().decode("utf-8", "replace"), exc.headers.get("Location"), server.name)
            exc.close()
        found = _CSRF.search(answer.text)
        if found:
            self.last_csrf = found.group(1) or found.group(2)
        return answer

    def get(self, server: Process, path: str) -> Answer:
        return self.request(server, path)

    def post(self, server: Process, path: str, data: dict | None = None) -> Answer:
        assert self.last_csrf, "no CSRF token seen yet"
        return self.request(server, path, {"csrf_token": self.last_csrf, **(data or {})})

    def follow(self, answer: Answer, server: Process) -> Answer:
        assert answer.status in (301, 302, 303), (answer.status, answer.text[:500])
        location = urllib.parse.urlsplit(answer.location or "/")
        return self.get(server, location.path + (f"?{location.query}" if location.query else ""))
