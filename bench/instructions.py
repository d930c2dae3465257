"""CPU instructions per request (valgrind's callgrind), for /healthz and the signed-in lesson page.

Wall-clock throughput on a shared 2-core VM drifts by 20-30% from one minute to the next, so
``python -m bench serve`` needs several rounds to say anything. Instruction counts do not drift:
the same code and data give the same count within about 1%, whatever else the machine does.
Use this to judge a change to the request path, and ``bench serve`` for the real server.

    python -m bench instructions     (needs valgrind: apt-get install valgrind; about 2 minutes)
    env BENCH_REQUESTS=100, BENCH_PATHS="/healthz /courses/kursus-000/materi-3",
        BENCH_KEEP=DIR (keep each path's callgrind output there, for ``callgrind_annotate``)

It runs the app in-process (Flask's test client, production settings, SQLite) against a small
agency, warms the path up, then counts only its requests: instrumentation is switched on and
off around them with ``callgrind_control`` (one valgrind run per path).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

LESSON = "/courses/kursus-000/materi-3"


def serve_requests(paths: list[str], count: int) -> None:
    """Inside valgrind: build the agency, sign in, warm up, then count ``count`` requests of
    each path between switching instrumentation on and off."""
    import flask_migrate

    from bench.agency import PASSWORD, build
    from lms import paths as lms_paths
    from lms.app import create_app
    from lms.core import transaction
    from lms.core.models import Course, User
    from lms.core.services import learning
    from lms.extensions import db

    tmp = Path(tempfile.mkdtemp())
    app = create_app({"LMS_ENV": "production", "LMS_SECRET_KEY": "bench-secret-at-least-32-bytes!!",
                      "LMS_DATABASE_URL": f"sqlite:///{tmp / 'bench.db'}", "LMS_INSTANCE_PATH": str(tmp),
                      "LMS_SECURE_COOKIES": "false", "LMS_LOGIN_RATE_LIMIT": "100000 per minute"})
    with app.app_context():
        flask_migrate.upgrade(directory=str(lms_paths.MIGRATIONS), revision="heads")
        nips = build(500, 5, tmp)
        user = db.session.scalar(db.select(User).where(User.nip == nips[0]))
        learning.enroll(user, db.session.scalar(db.select(Course).where(Course.slug == "kursus-000")))
        transaction.commit()
        db.engine.dispose()
    client = app.test_client()
    page = client.get("/login").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"', page)
    response = client.post("/login", data={"csrf_token": token.group(1) or token.group(2), "login": nips[0],
                                           "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    for path in paths:
        for _ in range(30):
            assert client.get(path).status_code == 200, path
    me = str(os.getpid())
    for path in paths:
        subprocess.run(["callgrind_control", "-i", "on", me], check=True, capture_output=True)
        for _ in range(count):
            client.get(path)
        subprocess.run(["callgrind_control", "-i", "off", me], check=True, capture_output=True)


def main() -> None:
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is needed: apt-get install valgrind")
    count = int(os.environ.get("BENCH_REQUESTS", "100"))
    paths = os.environ.get("BENCH_PATHS", f"/healthz {LESSON}").split()
    if os.environ.get("BENCH_INSIDE_VALGRIND"):
        serve_requests(paths, count)
        return
    totals = {}
    for path in paths:  # one valgrind run per path: its total is that path's requests only
        with tempfile.TemporaryDirectory() as out:
            subprocess.run(["valgrind", "--tool=callgrind", "--instr-atstart=no",
                            f"--callgrind-out-file={out}/cg.out", sys.executable, "-m", "bench", "instructions"],
                           env={**os.environ, "BENCH_INSIDE_VALGRIND": "1", "BENCH_PATHS": path}, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            text = (Path(out) / "cg.out").read_text(errors="replace")
            if keep := os.environ.get("BENCH_KEEP"):  # for callgrind_annotate: where the instructions go
                shutil.copy(Path(out) / "cg.out", Path(keep) / f"cg{path.replace('/', '_')}.out")
            totals[path] = int(re.search(r"^totals: (\d+)", text, re.M).group(1)) / count
    for path in paths:
        print(f"{path:40} {totals[path] / 1e6:7.2f} M instructions per request")
    if "/healthz" in totals and LESSON in totals:
        print(f"ratio /healthz / lesson: {totals['/healthz'] / totals[LESSON]:.0%} "
              f"(what `bench serve` compares in requests per second; target >= 40%)")


if __name__ == "__main__":
    main()
