"""xAPI against a real LRS: Ralph (PyPI ``ralph-malph``), started here on 127.0.0.1 with its
filesystem backend. ``make test`` installs it in its own virtual environment (``.venv-ralph``:
its pinned FastAPI/Click/pydantic must not mix with ours). Statements carry the ADL verbs and a
stable id, so sending one again never doubles a record in the LRS."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from lms.core.models.outbox import OutboxDelivery, OutboxEvent

ROOT = Path(__file__).resolve().parents[3]
RALPH_PYTHON = Path(os.environ.get("LMS_TEST_RALPH_PYTHON") or ROOT / ".venv-ralph" / "bin" / "python")
USER, PASSWORD = "sinau", "rahasia-lrs"
QUIZ = "---\ntitle: Kuis Singkat\npass_score: 100\n---\nJawab.\n\n## Ibu kota Indonesia? {#ibu-kota}\n- [x] Jakarta\n- [ ] Bandung\n"

pytestmark = pytest.mark.slow

# Ralph's API under uvicorn. Its filesystem backend (the one that needs no database server)
# creates its statements file on the first write and refuses every later one ("indexation
# failed"); appending is the mode a file LRS needs, so it is switched on before the app starts.
SERVE = """
import sys, uvicorn
from ralph.backends.data import fs
fs.FSDataBackend.default_operation_type = fs.BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def lrs(tmp_path: Path) -> Iterator[str]:
    if not RALPH_PYTHON.exists():
        pytest.skip(f"Ralph LRS not installed at {RALPH_PYTHON} (make .venv-ralph installs ralph-malph)")
    env = {**os.environ, "RALPH_APP_DIR": str(tmp_path / "ralph"), "RALPH_AUTH_FILE": str(tmp_path / "auth.json"),
           "RALPH_RUNSERVER_BACKEND": "fs",
           "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(tmp_path / "statements")}
    subprocess.run([str(RALPH_PYTHON), "-m", "ralph", "auth", "-u", USER, "-p", PASSWORD, "-s", "all",
                    "-A", USER, "http://127.0.0.1", "-w"], env=env, check=True, capture_output=True, timeout=120)
    port = _free_port()
    server = subprocess.Popen([str(RALPH_PYTHON), "-c", SERVE, str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/xAPI"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _statements(url)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError("Ralph did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def _statements(url: str) -> list[dict]:
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    request = urllib.request.Request(f"{url}/statements?limit=100", headers={  # noqa: S310 - local LRS
        "Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - local LRS
        return json.loads(response.read())["statements"]


def test_statements_reach_ralph_with_adl_verbs_and_a_resend_never_doubles(tmp_path: Path, lrs: str) -> None:
    from lms.app import create_app
    from lms.builtin.quiz import attempts as quiz
    from lms.core import transaction
    from lms.core.outbox import delivery
    from lms.core.services import learning
    from lms.extensions import db
    from lms.testing.factories import make_course, make_user
    from lms.testing.plugin import settings_for

    app = create_app(settings_for(tmp_path, f"sqlite:///{tmp_path / 'xapi.db'}", LMS_XAPI_URL=lrs,
                                  LMS_XAPI_KEY=USER, LMS_XAPI_SECRET=PASSWORD))
    with app.app_context():
        db.create_all()
        learner = make_user(name="Siti Aminah")
        course = make_course("kursus-xapi", {"01-materi.md": "# Materi\n\nIsi.\n", "02-kuis.quiz.md": QUIZ})
        transaction.commit()
        learning.enroll(learner, course)
        learning.mark_done(learner, course, "materi")
        transaction.commit()
        failed = quiz.start_attempt(learner, course, "kuis")
        transaction.commit()
        quiz.submit(failed, learner, {})
        transaction.commit()
        passed = quiz.start_attempt(learner, course, "kuis")
        right = next(o["id"] for o in passed.questions[0]["question"]["options"] if o["text"] == "Jakarta")
        quiz.submit(passed, learner, {"ibu-kota": [right]})
        transaction.commit()  # the course completes with the passed quiz

        stored = _statements(lrs)
        verbs = sorted(s["verb"]["id"].rsplit("/", 1)[1] for s in stored)
        assert verbs == ["attempted", "attempted", "completed", "failed", "passed"]
        uids = {e.uid for e in db.session.scalars(select(OutboxEvent))}
        assert {s["id"] for s in stored} <= uids  # the statement id is the event's stable uid
        completed = next(s for s in stored if s["verb"]["id"].endswith("/completed"))
        assert completed["actor"]["account"]["name"] == learner.nip
        assert completed["object"]["id"].endswith("/courses/kursus-xapi")
        graded = next(s for s in stored if s["verb"]["id"].endswith("/passed"))
        assert graded["result"] == {"success": True, "completion": True,
                                    "score": {"scaled": 1.0, "raw": 100.0, "min": 0, "max": 100}}
        assert graded["context"]["contextActivities"]["parent"][0]["id"].endswith("/courses/kursus-xapi")

        # "kirim lagi" for every statement: the LRS answers 204 and keeps one copy of each
        xapi_deliveries = list(db.session.scalars(select(OutboxDelivery).where(OutboxDelivery.target == "xapi")))
        assert len(xapi_deliveries) == 5 and all(d.status == "delivered" for d in xapi_deliveries)
        for row in xapi_deliveries:
            delivery.resend(row)
        transaction.commit()
        db.session.expire_all()
        assert all(db.session.get(OutboxDelivery, d.id).attempts == 2 for d in xapi_deliveries)
        assert all(db.session.get(OutboxDelivery, d.id).status == "delivered" for d in xapi_deliveries)
        assert len(_statements(lrs)) == 5
        db.session.remove()
        db.engine.dispose()
