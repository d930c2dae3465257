"""50 learners at once on SQLite with several gunicorn workers (issue 4).

Each learner (a thread with its own API token) marks every lesson of a course done — each
request sent twice, as a phone retrying after a dropped connection would — then starts the
quiz from two "tabs" at once and submits the same attempt twice. Afterwards the database must
hold exactly: one completion per learner, one progress row per item per learner, one
submitted attempt per learner; and no request may have failed with a server error.

    python -m bench concurrent          (env BENCH_LEARNERS=50 BENCH_WORKERS=4 BENCH_DB=sqlite|postgres)
"""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from bench.common import api_call, database_url
from bench.serve_learner import free_port

LESSONS = 5
QUIZ = """---
title: Kuis
pass_score: 50
max_attempts: 2
---
## Berapa JP minimal pengembangan kompetensi PNS setahun? {#jp}
- [x] 20 JP
- [ ] 10 JP
"""


def call(port: int, method: str, path: str, token: str, body: dict | None = None) -> tuple[int, dict]:
    return api_call(port, method, path, token, body)


def learner(port: int, token: str, statuses: Counter, lock: threading.Lock, start: threading.Barrier) -> None:
    def note(status: int) -> None:
        with lock:
            statuses[status] += 1

    start.wait()
    for n in range(1, LESSONS + 1):
        for _ in range(2):  # the retry after a dropped connection
            note(call(port, "POST", f"/api/v1/courses/serentak/items/materi-{n}/completion", token)[0])
    results: list[dict] = []

    def start_attempt() -> None:
        status, body = call(port, "POST", "/api/v1/courses/serentak/items/kuis/attempts", token)
        note(status)
        results.append(body)

    tabs = [threading.Thread(target=start_attempt) for _ in range(2)]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        tab.join()
    attempt = next((r for r in results if "attempt_id" in r), None)
    if attempt is None:
        return
    question = attempt["questions"][0]
    right = next(o["id"] for o in question["options"] if "20" in o["html"])
    for _ in range(2):  # a double tap on "submit"
        note(call(port, "POST", f"/api/v1/attempts/{attempt['attempt_id']}/submission", token,
                  {"answers": {question["id"]: [right]}})[0])


def main() -> None:
    import flask_migrate
    from sqlalchemy import func, select

    from lms import paths
    from lms.app import create_app
    from lms.builtin.quiz.models import Attempt as QuizAttempt
    from lms.core import transaction
    from lms.core.models import Completion, ItemProgress
    from lms.core.services import learning
    from lms.core.services.tokens import create_token
    from lms.extensions import db
    from lms.testing.factories import make_course, make_user

    count = int(os.environ.get("BENCH_LEARNERS", "50"))
    workers = int(os.environ.get("BENCH_WORKERS", "4"))
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        url, scratch = database_url(tmp)
        env = {"LMS_ENV": "production", "LMS_SECRET_KEY": "bench-secret-at-least-32-bytes!!", "LMS_DATABASE_URL": url,
               "LMS_INSTANCE_PATH": str(tmp), "LMS_SECURE_COOKIES": "false"}
        app = create_app(env)
        with app.app_context():
            flask_migrate.upgrade(directory=str(paths.MIGRATIONS), revision="heads")
            files = {f"{n:02d}-materi-{n}.md": f"# Materi {n}\n\nIsi.\n" for n in range(1, LESSONS + 1)}
            files[f"{LESSONS + 1:02d}-kuis.quiz.md"] = QUIZ
            course = make_course("serentak", files=files)
            tokens = []
            for _ in range(count):
                user = make_user()
                learning.enroll(user, course)
                tokens.append(create_token(user, "bench")[1])
            transaction.commit()
            db.engine.dispose()

        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
             "--log-level", "warning", "--timeout", "120", "lms.wsgi:app"],
            env={**os.environ, **env}, cwd=tmp)
        try:
            for _ in range(100):
                try:
                    http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/healthz")
                    break
                except OSError:
                    time.sleep(0.2)
            time.sleep(1)
            statuses: Counter = Counter()
            lock = threading.Lock()
            start = threading.Barrier(count)
            threads = [threading.Thread(target=learner, args=(port, t, statuses, lock, start)) for t in tokens]
            t0 = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - t0
        finally:
            server.terminate()
            server.wait(timeout=30)
        with app.app_context():
            completions = db.session.scalar(select(func.count()).select_from(Completion))
            progress = db.session.scalar(select(func.count()).select_from(ItemProgress))
            attempts = db.session.scalar(select(func.count()).select_from(QuizAttempt))
            submitted = db.session.scalar(select(func.count()).select_from(QuizAttempt)
                                          .where(QuizAttempt.status == "submitted"))
            db.engine.dispose()
        if scratch:
            scratch.drop()
    errors = sum(n for status, n in statuses.items() if status >= 500)
    print(f"{count} learners, {sum(statuses.values())} requests in {elapsed:.1f} s "
          f"(gunicorn {workers} workers, {url.split(':')[0]}); statuses {dict(sorted(statuses.items()))}")
    expected = {"completions": count, "progress rows": count * (LESSONS + 1), "attempts": count,
                "submitted": count}
    found = {"completions": completions, "progress rows": progress, "attempts": attempts, "submitted": submitted}
    for name in expected:
        mark = "ok" if expected[name] == found[name] else "MISMATCH"
        print(f"  {name:<14} {found[name]:>5} (expected {expected[name]}) {mark}")
    print(f"  server errors  {errors:>5} (expected 0) {'ok' if errors == 0 else 'MISMATCH'}")
    if errors or expected != found:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
