"""Learner pages under load (issue 4), with gunicorn on this machine.

* a signed-in lesson page serves at >= 40% of the throughput of /healthz in the same server,
  with p95 < 100 ms at 20 concurrent users (wrk, 20 connections);
* a lesson page weighs <= 60 KB transferred with a cold cache (HTML + CSS + JS; images aside).

Agency: 5,000 users, 50 courses (10 lessons of ~1,500 words + a quiz each).
    python -m bench serve   (env BENCH_DB=sqlite|postgres, BENCH_SERVER=both|shipped|sync,
                             BENCH_WORKERS=4 (sync), BENCH_SECONDS=10, BENCH_ROUNDS=3)

Two servers: "shipped" is ``lms serve`` as deployed (docs/deploy.md); "sync" is plain gunicorn
with sync workers and no access log. Rounds alternate /healthz and the lesson page.
"""

from __future__ import annotations

import gzip
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.agency import PASSWORD, build
from bench.common import database_url

HERE = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port: int, method: str, path: str, body: str | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes, list[str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    cookies = response.headers.get_all("Set-Cookie") or []
    result = response.status, dict(response.headers), data, cookies
    conn.close()
    return result


def sign_in(port: int, nip: str) -> str:
    status, _h, page, cookies = request(port, "GET", "/login")
    jar = {c.split("=", 1)[0]: c.split(";", 1)[0] for c in cookies}
    token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"', page)
    csrf = (token.group(1) or token.group(2)).decode()
    from urllib.parse import urlencode

    body = urlencode({"csrf_token": csrf, "login": nip, "password": PASSWORD})
    status, headers, _b, cookies = request(port, "POST", "/login", body, {
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": "; ".join(jar.values())})
    assert status == 302, status
    for c in cookies:
        jar[c.split("=", 1)[0]] = c.split(";", 1)[0]
    return "; ".join(jar.values())


def wrk(url: str, cookie: str | None, seconds: int, connections: int = 20) -> dict[str, float]:
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(HERE / "p95.lua"), url]
    if cookie:
        args[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("RESULT"))
    return {k: float(v) for k, v in (part.split("=") for part in line.split()[1:])}


SERVERS = {
    # what we ship: ``lms serve`` (gunicorn gthread, 2 x CPU + 1 workers, 2 threads, access log)
    "shipped": lambda port, workers: [sys.executable, "-c", "from lms.cli import main; main()", "serve",
                                      "--bind", f"127.0.0.1:{port}"],
    # plain gunicorn sync workers, no access log: the leanest request path
    "sync": lambda port, workers: [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b",
                                   f"127.0.0.1:{port}", "--log-level", "warning", "lms.wsgi:app"],
}


def measure(server: str, env: dict[str, str], tmp: Path, nip: str, workers: int, seconds: int,
            rounds: int) -> None:
    """Rounds of /healthz then the lesson page, alternating: the machine's speed drifts, so each
    ratio compares runs a few seconds apart. Reports every round and the median ratio."""
    port = free_port()
    proc = subprocess.Popen(SERVERS[server](port, workers), env={**os.environ, **env}, cwd=tmp,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                if request(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        cookie = sign_in(port, nip)
        lesson = "/courses/kursus-000/materi-3"
        status, _h, html, _c = request(port, "GET", lesson, headers={"Cookie": cookie})
        assert status == 200, status
        if server == "shipped":
            assets = re.findall(rb'(?:href|src)="(/static/[^"]+)"', html)
            sizes = {"html": (len(html), len(gzip.compress(html)))}
            for asset in assets:
                data = request(port, "GET", asset.decode())[2]
                sizes[asset.decode().split("?")[0]] = (len(data), len(gzip.compress(data)))
            raw = sum(v[0] for v in sizes.values())
            packed = sum(v[1] for v in sizes.values())
            print(f"lesson page weight: {raw / 1024:.1f} KB raw, {packed / 1024:.1f} KB gzip "
                  f"({', '.join(f'{k} {v[0] / 1024:.1f}' for k, v in sizes.items())})   target <= 60 KB")
        print(f"server '{server}': {' '.join(SERVERS[server]('PORT', workers)[1:])}")
        for url, jar in ((f"http://127.0.0.1:{port}/healthz", None), (f"http://127.0.0.1:{port}{lesson}", cookie)):
            wrk(url, jar, 3)  # warm-up, not counted: every worker loads its templates and caches
        ratios, p95s = [], []
        for n in range(1, rounds + 1):
            health = wrk(f"http://127.0.0.1:{port}/healthz", None, seconds)
            page = wrk(f"http://127.0.0.1:{port}{lesson}", cookie, seconds)
            ratios.append(page["rps"] / health["rps"])
            p95s.append(page["p95_ms"])
            print(f"  round {n}: /healthz {health['rps']:7.1f} req/s (p95 {health['p95_ms']:5.1f} ms)   "
                  f"lesson {page['rps']:7.1f} req/s (p95 {page['p95_ms']:5.1f} ms, errors {page['errors']:.0f})   "
                  f"ratio {ratios[-1]:.0%}")
        print(f"  median ratio {statistics.median(ratios):.0%} (target >= 40%), lesson p95 worst "
              f"{max(p95s):.1f} ms (target < 100 ms); wrk 20 connections, {seconds} s per run")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    import flask_migrate

    from lms import paths
    from lms.app import create_app
    from lms.core.models import Course, User
    from lms.core.services import learning
    from lms.extensions import db

    seconds = int(os.environ.get("BENCH_SECONDS", "10"))
    workers = int(os.environ.get("BENCH_WORKERS", "4"))
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    servers = list(SERVERS) if os.environ.get("BENCH_SERVER", "both") == "both" else [os.environ["BENCH_SERVER"]]
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        url, scratch = database_url(tmp)
        env = {"LMS_ENV": "production", "LMS_SECRET_KEY": "bench-secret-at-least-32-bytes!!", "LMS_DATABASE_URL": url,
               "LMS_INSTANCE_PATH": str(tmp), "LMS_SECURE_COOKIES": "false",
               "LMS_LOGIN_RATE_LIMIT": "100000 per minute"}
        if os.environ.get("BENCH_PLUGINS") is not None:
            env["LMS_PLUGINS"] = os.environ["BENCH_PLUGINS"]
        app = create_app(env)
        t0 = time.perf_counter()
        with app.app_context():
            flask_migrate.upgrade(directory=str(paths.MIGRATIONS), revision="heads")
            nips = build(5000, 50, tmp)
            user = db.session.scalar(db.select(User).where(User.nip == nips[0]))
            course = db.session.scalar(db.select(Course).where(Course.slug == "kursus-000"))
            learning.enroll(user, course)
            from lms.core import transaction

            transaction.commit()
            db.engine.dispose()
        print(f"agency built in {time.perf_counter() - t0:.0f} s: 5,000 users, 50 courses ({url.split(':')[0]})")

        try:
            for server in servers:
                measure(server, env, tmp, nips[0], workers, seconds, rounds)
        finally:
            if scratch:
                scratch.drop()


if __name__ == "__main__":
    main()
