"""The December peak, scaled down: N learners completing a course within minutes on
PostgreSQL, with two ``lms serve`` instances and two ``lms worker`` processes sharing one Redis.
Every completion must get its certificate and its webhook within 60 s, none twice.

Each learner (a thread with its own API token, on one of the two servers in turn) marks the
lessons done, starts the quiz and submits it; the completion commits inside that request. A
local receiver takes the webhooks (``course.completed``, ``certificate.issued``) and verifies
every signature. Latency = arrival at the receiver minus the completion's ``completed_at``.

    python -m bench december     (env BENCH_LEARNERS=200 BENCH_CLIENTS=16 LMS_TEST_DATABASE_URL=...)
"""

from __future__ import annotations

import os
import statistics
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.common import api_call

LESSONS = 3
REDIS_DB = 14
QUIZ = "---\ntitle: Kuis\npass_score: 50\n---\n## Berapa JP minimal setahun? {#jp}\n- [x] 20 JP\n- [ ] 10 JP\n"


def call(port: int, method: str, path: str, token: str, body: dict | None = None) -> tuple[int, dict]:
    return api_call(port, method, path, token, body, timeout=120)


def learn(port: int, token: str, statuses: Counter, lock: threading.Lock) -> None:
    def note(status: int) -> None:
        with lock:
            statuses[status] += 1

    for n in range(1, LESSONS + 1):
        note(call(port, "POST", f"/api/v1/courses/desember/items/materi-{n}/completion", token)[0])
    status, attempt = call(port, "POST", "/api/v1/courses/desember/items/kuis/attempts", token)
    note(status)
    question = attempt["questions"][0]
    right = next(o["id"] for o in question["options"] if "20" in o["html"])
    note(call(port, "POST", f"/api/v1/attempts/{attempt['attempt_id']}/submission", token,
              {"answers": {question["id"]: [right]}})[0])


def _p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else (values or [0.0])[0]


def main() -> None:
    import redis
    from sqlalchemy import func, select
    from standardwebhooks import Webhook

    from lms.app import create_app
    from lms.builtin.certificate.models import Certificate
    from lms.core import transaction
    from lms.core.models import Completion, Role
    from lms.core.services import learning, webhooks
    from lms.core.services.tokens import create_token
    from lms.extensions import db
    from lms.testing import cluster, webhook_receiver
    from lms.testing.factories import make_course, make_user
    from lms.testing.plugin import ScratchDatabase

    count = int(os.environ.get("BENCH_LEARNERS", "200"))
    clients = int(os.environ.get("BENCH_CLIENTS", "16"))
    base = os.environ.get("LMS_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).flushdb()
    scratch = ScratchDatabase(base, "lms_bench")
    receiver = webhook_receiver.start()
    processes: list[cluster.Process] = []
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        env = cluster.cluster_env(tmp, scratch.create(), f"redis://127.0.0.1:6379/{REDIS_DB}")
        try:
            cluster.run(["db", "upgrade"], env, tmp)
            app = create_app({k: v for k, v in env.items() if k.startswith("LMS_")})
            with app.app_context():
                files = {f"{n:02d}-materi-{n}.md": f"# Materi {n}\n\nIsi.\n" for n in range(1, LESSONS + 1)}
                files[f"{LESSONS + 1:02d}-kuis.quiz.md"] = QUIZ
                course = make_course("desember", files=files, extra="certificate: true\n")
                admin = make_user(roles=[Role.ADMIN])
                secret = webhooks.create_endpoint(admin, receiver.url, ["course.completed", "certificate.issued"],
                                                  "bench").secret
                tokens = []
                for _ in range(count):
                    user = make_user()
                    learning.enroll(user, course)
                    tokens.append(create_token(user, "bench")[1])
                transaction.commit()
                db.engine.dispose()
            servers = [cluster.serve(name, env, tmp) for name in ("A", "B")]
            processes += servers
            processes += [cluster.worker("W1", env, tmp), cluster.worker("W2", env, tmp, scheduler=False)]
            statuses: Counter = Counter()
            lock = threading.Lock()
            t0 = time.time()
            with ThreadPoolExecutor(max_workers=clients) as pool:
                for n, token in enumerate(tokens):
                    pool.submit(learn, servers[n % 2].port, token, statuses, lock)
            learning_done = time.time()
            deadline = learning_done + 180
            while time.time() < deadline and len(receiver.requests) < 2 * count:
                time.sleep(0.5)
            time.sleep(3)  # anything doubled arrives now
        finally:
            for process in processes:
                process.stop()
        with app.app_context():
            completed_at = {cid: moment.timestamp() for cid, moment in db.session.execute(
                select(Completion.id, Completion.completed_at)).all()}
            completions = len(completed_at)
            certificates = db.session.scalar(select(func.count()).select_from(Certificate))
            db.engine.dispose()
        scratch.drop()
    receiver.server.shutdown()
    receiver.server.server_close()
    verifier = Webhook(secret)
    ids = Counter(r.headers["webhook-id"] for r in receiver.requests)
    latency: dict[str, list[float]] = {"course.completed": [], "certificate.issued": []}
    per_fact: Counter = Counter()
    for r in receiver.requests:
        payload = verifier.verify(r.body, r.headers)
        done = payload["data"]["completion_id"]
        per_fact[(payload["type"], done)] += 1
        latency[payload["type"]].append(r.at - completed_at[done])
    errors = sum(n for status, n in statuses.items() if status >= 500)
    took = learning_done - t0
    print(f"December peak: {count} learners on 2 servers x 2 gunicorn workers, 2 lms workers, PostgreSQL + Redis; "
          f"{clients} clients; learning took {took:.1f} s ({count / took:.1f} completions/s)")
    print(f"  statuses {dict(sorted(statuses.items()))}, server errors {errors}")
    print(f"  completions {completions}, certificates {certificates}")
    for kind, values in latency.items():
        if values:
            print(f"  {kind:<19} {len(values):>5} received; completion -> arrival p50 {_p(values, 50):.1f} s, "
                  f"p95 {_p(values, 95):.1f} s, max {max(values):.1f} s; within 60 s: "
                  f"{sum(v <= 60 for v in values)}/{count}")
    doubled = sum(n > 1 for n in ids.values()) + sum(n > 1 for n in per_fact.values())
    print(f"  doubled messages {doubled}")
    ok = (errors == 0 and completions == count and certificates == count and doubled == 0
          and all(len(v) == count and max(v) <= 60 for v in latency.values()))
    print("  OK" if ok else "  MISMATCH")
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
