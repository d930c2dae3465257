"""Lighthouse mobile scores of a signed-in lesson page (target: >= 95 performance and
accessibility), and the page's transfer size with a cold cache.

Lighthouse itself: see ``bench.lighthouse_run``.

    python -m bench lighthouse
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.lighthouse_run import audit, signed_in_cookie
from lms.testing.browser import serve

QUIZ = """---
title: Kuis
pass_score: 60
---
Jawablah pertanyaan berikut.

## Satu tambah satu? {#satu}
- [x] Dua
- [ ] Tiga

## Ibu kota Indonesia? {#ibukota}
- [x] Jakarta
- [ ] Bandung
"""


def main() -> None:
    from lms.app import create_app
    from lms.core import transaction
    from lms.core.services import learning
    from lms.extensions import db
    from lms.testing.factories import DEFAULT_PASSWORD, make_course, make_user
    from lms.testing.plugin import IsolatedClient, settings_for

    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        app = create_app(settings_for(tmp, LMS_ENV="production", LMS_SECURE_COOKIES="false"))
        app.test_client_class = IsolatedClient
        import random

        from bench.generate import lesson

        with app.app_context():
            db.create_all()
            files = {f"{n:02d}-materi-{n}.md": lesson(random.Random(n), n, 1500) for n in range(1, 6)}
            files["06-kuis.quiz.md"] = QUIZ
            course = make_course("lighthouse", files=files)
            user = make_user()
            learning.enroll(user, course)
            transaction.commit()
            nip = user.nip
        with serve(app) as server:
            cookie = signed_in_cookie(app, nip, DEFAULT_PASSWORD)
            # the lesson (with its size budget), then the other learner pages issue 12 names; the
            # test server does not gzip: the budget is measured gzipped by `python -m bench serve`
            for path in ("/courses/lighthouse/materi-2", "/", "/courses/lighthouse", "/courses/lighthouse/kuis"):
                audit(server.url + path, cookie, tmp / "report.json", shown=path,
                      size_note="uncompressed" + ("   (budget: bench serve)" if path.endswith("materi-2") else ""))
