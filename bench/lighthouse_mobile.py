"""Lighthouse mobile scores of a signed-in lesson page (target: >= 95 performance and
accessibility), and the page's transfer size with a cold cache.

Lighthouse is an npm package: set LIGHTHOUSE=/path/to/node_modules/.bin/lighthouse, or this
runs ``npx --yes lighthouse@12`` (it downloads Lighthouse from the npm registry once). Chromium
is Debian's (/usr/bin/chromium).

    python -m bench lighthouse
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from lms.testing.browser import CHROMIUM, serve

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


def lighthouse_command() -> list[str]:
    if os.environ.get("LIGHTHOUSE"):
        return [os.environ["LIGHTHOUSE"]]
    if shutil.which("npx") is None:
        raise SystemExit("Lighthouse needs Node.js (npx) or LIGHTHOUSE=/path/to/lighthouse")
    return ["npx", "--yes", "lighthouse@12"]


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
            client = app.test_client()
            from lms.testing.helpers import csrf_from

            page = client.get("/login")
            client.post("/login", data={"csrf_token": csrf_from(page.text), "login": nip,
                                        "password": DEFAULT_PASSWORD})
            cookie = "; ".join(f"{c.key}={c.value}" for c in client._cookies.values())
            # the lesson (with its size budget), then the other learner pages issue 12 names
            for path in ("/courses/lighthouse/materi-2", "/", "/courses/lighthouse", "/courses/lighthouse/kuis"):
                _audit(server.url + path, path, cookie, tmp / "report.json", budget=path.endswith("materi-2"))


def _audit(url: str, path: str, cookie: str, report: Path, *, budget: bool) -> None:
    flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking " \
            "--disable-component-update --disable-sync"
    subprocess.run([*lighthouse_command(), url, "--quiet", "--output=json", f"--output-path={report}",
                    "--only-categories=performance,accessibility", "--form-factor=mobile",
                    f"--chrome-flags={flags}", f"--extra-headers={json.dumps({'Cookie': cookie})}"],
                   check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300)
    data = json.loads(report.read_text())
    categories = data["categories"]
    audits = data["audits"]
    weight = audits["total-byte-weight"]["numericValue"]
    final = data.get("finalDisplayedUrl", url)
    shown = path if final == url else f"{path} -> {final.split('/', 3)[-1] if '//' in final else final}"
    print(f"Lighthouse {data['lighthouseVersion']} mobile, {shown}:")
    print(f"  performance   {categories['performance']['score'] * 100:5.0f}   target >= 95")
    print(f"  accessibility {categories['accessibility']['score'] * 100:5.0f}   target >= 95")
    # the test server does not gzip: the budget is measured gzipped by `python -m bench serve`
    print(f"  transfer size {weight / 1024:5.1f} KB uncompressed" + ("   (budget: bench serve)" if budget else ""))
    for key in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                "cumulative-layout-shift"):
        print(f"  {audits[key]['title']}: {audits[key]['displayValue']}")
    failed = [a["title"] for a in audits.values()
              if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"]
    if failed:
        print("  not passed: " + "; ".join(failed[:10]))


if __name__ == "__main__":
    main()
