"""Two ``lms serve`` instances and one ``lms worker`` on one PostgreSQL database and one Redis
database (127.0.0.1:6379, db 13): a learner's journey alternating servers request by request,
an admin publishing a new revision on one server while the other serves it, failed sign-ins
spread over both (the limit holds in total), and the worker stopped mid-run (the site keeps
serving, the webhook waits, nothing is lost or doubled).

PostgreSQL only (SQLite is one machine's file): on SQLite this test is skipped, and says why.
"""

from __future__ import annotations

import re
import socket
import time
from collections import Counter
from pathlib import Path

import pytest
from standardwebhooks import Webhook

from lms.testing import cluster
from lms.testing import webhook_receiver as receivers
from lms.testing.plugin import ScratchDatabase, skip_or_fail

pytestmark = pytest.mark.slow
REDIS_DB = 13  # this test's own Redis database, emptied before and after
PASSWORD = "kata-sandi-uji-123"
LESSON_V1 = "# Materi\n\nIsi materi versi satu.\n"
QUIZ = "---\ntitle: Kuis Singkat\n---\nJawab.\n\n## Berapa JP minimal setahun? {#jp}\n= 20\n"


def _redis(request: pytest.FixtureRequest) -> str:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=2).close()
    except OSError:
        skip_or_fail(request, "require_postgres", "the several-servers test needs Redis on 127.0.0.1:6379")
    import redis

    redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).flushdb()
    return f"redis://127.0.0.1:6379/{REDIS_DB}"


def _setup(env: dict[str, str], hook_url: str) -> dict[str, str]:
    """Data through the services: an admin, three learners, a course (lesson + quiz), a webhook."""
    from lms.app import create_app
    from lms.core import transaction
    from lms.core.models import Role
    from lms.core.services import webhooks
    from lms.extensions import db
    from lms.testing.factories import make_course, make_user

    app = create_app({k: v for k, v in env.items() if k.startswith("LMS_")})
    with app.app_context():
        admin = make_user(name="Admin BKPSDM", roles=[Role.ADMIN], password=PASSWORD)
        people = {"admin": admin.nip}
        for key, name in (("siti", "Siti Aminah"), ("agus", "Agus Prasetyo"), ("tamu", "Tamu Salah Sandi")):
            people[key] = make_user(name=name, password=PASSWORD).nip
        make_course("kursus-dua-server", {"01-materi.md": LESSON_V1, "02-kuis.quiz.md": QUIZ}, jp=2,
                    extra="certificate: true\n")
        made = webhooks.create_endpoint(admin, hook_url, ["course.completed", "certificate.issued"], "SIMPEG")
        people["secret"] = made.secret
        transaction.commit()
        db.session.remove()
        db.engine.dispose()
    return people


def _sign_in(browser: cluster.Browser, one: cluster.Process, other: cluster.Process, nip: str) -> None:
    browser.get(one, "/login")
    answer = browser.post(other, "/login", {"login": nip, "password": PASSWORD})  # the token of one, on the other
    home = browser.follow(answer, one)
    assert home.status == 200 and "/logout" in home.text, (home.status, home.text[:300])


def _journey(browser: cluster.Browser, a: cluster.Process, b: cluster.Process) -> None:
    """Every request on the other server than the one before."""
    slug = "kursus-dua-server"
    browser.get(a, f"/courses/{slug}")
    enrolled = browser.post(b, f"/courses/{slug}/enroll")
    lesson = browser.get(a, f"/courses/{slug}/materi")
    assert enrolled.status in (302, 303) and lesson.status == 200 and "Isi materi" in lesson.text
    done = browser.post(b, f"/courses/{slug}/materi/done")
    assert done.status in (302, 303), done.status
    intro = browser.get(a, f"/courses/{slug}/kuis")
    assert intro.status == 200
    started = browser.post(b, f"/quiz/{slug}/kuis/start")
    attempt_path = urlpath(started.location)
    assert re.fullmatch(r"/quiz/attempts/\d+", attempt_path), started.location
    page = browser.get(a, attempt_path)
    assert page.status == 200 and 'name="a:jp"' in page.text
    submitted = browser.post(b, f"{attempt_path}/submit", {"a:jp": "20"})
    result = browser.follow(submitted, a)
    assert result.status == 200
    transcript = browser.get(b, "/me/transcript")
    assert transcript.status == 200 and "Kursus Uji" in transcript.text  # completed, on the other server too


def urlpath(location: str | None) -> str:
    from urllib.parse import urlsplit

    return urlsplit(location or "").path


def _wait_for(receiver: receivers.Receiver, predicate, seconds: float = 60) -> float:  # noqa: ANN001
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if predicate(receiver.requests):
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError(f"not delivered within {seconds} s: {[r.json()['type'] for r in receiver.requests]}")


def _completed_for(nip: str):  # noqa: ANN202
    return lambda requests: any(r.json()["type"] == "course.completed" and r.json()["data"]["user"]["nip"] == nip
                                for r in requests)


def test_two_servers_one_worker_postgresql_and_redis(request, postgres_base_url, tmp_path: Path) -> None:
    clock = time.monotonic()

    def lap(what: str) -> None:
        print(f"{time.monotonic() - clock:6.1f} s  {what}")  # -s shows where the time goes

    redis_url = _redis(request)
    scratch = ScratchDatabase(postgres_base_url)
    database_url = scratch.create()
    receiver = receivers.start()
    env = cluster.cluster_env(tmp_path, database_url, redis_url)
    processes: list[cluster.Process] = []
    try:
        cluster.run(["db", "upgrade"], env, tmp_path)
        people = _setup(env, receiver.url)
        lap("migrated and set up")
        a = cluster.serve("A", env, tmp_path)
        b = cluster.serve("B", env, tmp_path)
        work = cluster.worker("worker", env, tmp_path)
        processes += [a, b, work]
        lap("two servers and a worker started")

        # a learner, alternating servers request by request
        siti = cluster.Browser("10.20.0.1")
        _sign_in(siti, a, b, people["siti"])
        _journey(siti, a, b)
        waited = _wait_for(receiver, _completed_for(people["siti"]))
        assert waited < 60
        lap("journey done, webhook received")

        # an admin publishes a new revision on A; B serves it at once, to a learner already inside
        admin = cluster.Browser("10.20.0.2")
        _sign_in(admin, b, a, people["admin"])
        editor = admin.get(b, "/author/kursus-dua-server/files/01-materi.md")
        base = re.search(r'name="base"[^>]*value="([^"]*)"', editor.text).group(1)
        saved = admin.post(a, "/author/kursus-dua-server/files/01-materi.md",
                           {"text": "# Materi\n\nIsi materi versi dua.\n", "base": base})
        assert saved.status in (302, 303), (saved.status, saved.text[:500])
        admin.get(b, "/author/kursus-dua-server/")
        published = admin.post(a, "/author/kursus-dua-server/publish", {"message": "versi dua"})
        assert published.status in (302, 303), (published.status, published.text[:500])
        for server in (b, a, b):
            page = siti.get(server, "/courses/kursus-dua-server/materi")
            assert "versi dua" in page.text and "versi satu" not in page.text, server.name  # nothing stale

        lap("revision published and served")
        # failed sign-ins spread over both servers: the limit (10 a minute) holds in total
        statuses = []
        for n in range(14):
            guest = cluster.Browser(f"10.30.{n}.1")
            guest.get((a, b)[n % 2], "/login")
            answer = guest.post((b, a)[n % 2], "/login", {"login": people["tamu"], "password": "salah-sekali"})
            statuses.append(answer.status)
        assert statuses == [200] * 10 + [429] * 4, statuses

        lap("sign-in limit checked")
        # the worker stops mid-run: the site keeps serving, the webhook waits, nothing is lost
        work.stop()
        agus = cluster.Browser("10.20.0.3")
        _sign_in(agus, b, a, people["agus"])
        _journey(agus, b, a)
        time.sleep(3)
        assert not _completed_for(people["agus"])(receiver.requests)  # queued, not sent, not lost
        work = cluster.worker("worker-2", env, tmp_path)
        processes.append(work)
        _wait_for(receiver, _completed_for(people["agus"]))

        lap("worker stopped and restarted, webhook delivered")
        # nothing doubled: one message per event (webhook-id), each signed, one per fact
        time.sleep(2)
        ids = Counter(r.headers["webhook-id"] for r in receiver.requests)
        assert all(n == 1 for n in ids.values()), ids
        verifier = Webhook(people["secret"])
        kinds = Counter((p["type"], p["data"]["user"]["nip"]) for p in
                        (verifier.verify(r.body, r.headers) for r in receiver.requests))
        assert kinds == Counter({("course.completed", people["siti"]): 1, ("certificate.issued", people["siti"]): 1,
                                 ("course.completed", people["agus"]): 1, ("certificate.issued", people["agus"]): 1})
        for process in processes:
            assert "Traceback" not in process.text(), f"{process.name}:\n{process.text()[-3000:]}"
    finally:
        for process in processes:
            process.stop()
        receiver.server.shutdown()
        receiver.server.server_close()
        scratch.drop()
        import redis

        redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).flushdb()
