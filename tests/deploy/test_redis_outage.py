"""Redis stopped mid-run (PostgreSQL, one ``lms serve``, one ``lms worker``, a Redis server of
this test's own on 127.0.0.1:5679, since the machine's shared one must not be stopped): the
site keeps serving, completions and their outbox events and job runs are recorded, nothing is
lost; when Redis is back the worker goes on by itself, and the runs that missed the queue are
handed to it again by the sweep (``requeue_stale``, here with its clock moved on), each once."""

from __future__ import annotations

import http.client
import shutil
import subprocess
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from lms.testing import cluster
from lms.testing import webhook_receiver as receivers
from lms.testing.plugin import ScratchDatabase

pytestmark = pytest.mark.slow
PORT = 5679


def _redis_server(tmp: Path) -> subprocess.Popen:
    server = subprocess.Popen(["redis-server", "--port", str(PORT), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", str(tmp)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    deadline = time.monotonic() + 20
    while True:
        try:
            redis.Redis(host="127.0.0.1", port=PORT).ping()
            return server
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                server.kill()
                raise
            time.sleep(0.1)


def _call(server: cluster.Process, method: str, path: str, token: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    conn.request(method, path, headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    status = conn.getresponse().status
    conn.close()
    return status


def _complete(server: cluster.Process, token: str) -> list[int]:
    return [_call(server, "POST", f"/api/v1/courses/kursus-redis/items/materi-{n}/completion", token) for n in (1, 2)]


def _received(receiver: receivers.Receiver, nip: str) -> int:
    return sum(r.json()["type"] == "course.completed" and r.json()["data"]["user"]["nip"] == nip
               for r in receiver.requests)


def _wait(receiver: receivers.Receiver, nip: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _received(receiver, nip):
            return
        time.sleep(0.2)
    raise AssertionError(f"no webhook for {nip} within {seconds} s")


def test_redis_stopped_mid_run_loses_nothing(postgres_base_url, tmp_path: Path) -> None:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (Debian: apt-get install redis-server)")
    from lms.app import create_app
    from lms.core import transaction
    from lms.core.jobs.runs import requeue_stale
    from lms.core.models import Completion, JobRun, Role, User
    from lms.core.models.base import utcnow
    from lms.core.models.outbox import OutboxEvent
    from lms.core.services import learning, webhooks
    from lms.core.services.tokens import create_token
    from lms.extensions import db
    from lms.testing.factories import make_course, make_user

    redis_server = _redis_server(tmp_path)
    scratch = ScratchDatabase(postgres_base_url)
    receiver = receivers.start()
    env = cluster.cluster_env(tmp_path, scratch.create(), f"redis://127.0.0.1:{PORT}/0")
    processes: list[cluster.Process] = []
    app = create_app({k: v for k, v in env.items() if k.startswith("LMS_")})
    try:
        cluster.run(["db", "upgrade"], env, tmp_path)
        with app.app_context():
            course = make_course("kursus-redis")
            admin = make_user(roles=[Role.ADMIN])
            webhooks.create_endpoint(admin, receiver.url, ["course.completed"], "SIMPEG")
            people = []
            for _ in range(3):
                user = make_user()
                learning.enroll(user, course)
                people.append((user.nip, create_token(user, "uji")[1]))
            transaction.commit()
            db.session.remove()
        server = cluster.serve("A", env, tmp_path, workers=1)
        work = cluster.worker("worker", env, tmp_path)
        processes += [server, work]

        (first, first_token), (second, second_token), (third, third_token) = people
        assert _complete(server, first_token) == [200, 200]
        _wait(receiver, first)

        redis_server.terminate()
        redis_server.wait(timeout=30)
        # Redis is gone: the site keeps serving and the completion is recorded with its facts
        assert _complete(server, second_token) == [200, 200]
        assert _call(server, "GET", "/healthz", second_token) == 200
        with app.app_context():
            completion = db.session.scalar(db.select(Completion).join(User, User.id == Completion.user_id)
                                           .where(User.nip == second))
            assert completion is not None
            assert db.session.scalar(db.select(OutboxEvent).where(
                OutboxEvent.key == f"course.completed:completion:{completion.id}")) is not None
            waiting = db.session.scalars(db.select(JobRun).where(JobRun.status == "queued")).all()
            assert waiting, "the completion's jobs must be recorded while Redis is away"
            db.session.remove()
        time.sleep(2)
        assert _received(receiver, second) == 0 and work.popen.poll() is None  # waiting, worker alive

        redis_server = _redis_server(tmp_path)  # back, empty
        assert _complete(server, third_token) == [200, 200]
        _wait(receiver, third)  # the worker went on by itself
        with app.app_context():  # the sweep, its clock moved past the stale limit
            assert requeue_stale(now=utcnow() + timedelta(hours=2)) >= 1
            transaction.commit()
            db.session.remove()
        _wait(receiver, second)
        time.sleep(2)
        counts = Counter(r.headers["webhook-id"] for r in receiver.requests)
        assert all(n == 1 for n in counts.values()), counts
        assert [_received(receiver, nip) for nip, _ in people] == [1, 1, 1]
    finally:
        for process in processes:
            process.stop()
        redis_server.terminate()
        redis_server.wait(timeout=30)
        receiver.server.shutdown()
        receiver.server.server_close()
        with app.app_context():
            db.engine.dispose()
        scratch.drop()
