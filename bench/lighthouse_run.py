"""One Lighthouse run and its printout, shared by the learner pages' and Tim Saya's benchmarks
(``bench.lighthouse_mobile``, ``bench.lighthouse_team``).

Lighthouse is an npm package: set LIGHTHOUSE=/path/to/node_modules/.bin/lighthouse, or this
runs ``npx --yes lighthouse@12`` (it downloads Lighthouse from the npm registry once). Chromium
is Debian's (/usr/bin/chromium).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from lms.testing.browser import CHROMIUM

CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking " \
               "--disable-component-update --disable-sync"


def lighthouse_command() -> list[str]:
    if os.environ.get("LIGHTHOUSE"):
        return [os.environ["LIGHTHOUSE"]]
    if shutil.which("npx") is None:
        raise SystemExit("Lighthouse needs Node.js (npx) or LIGHTHOUSE=/path/to/lighthouse")
    return ["npx", "--yes", "lighthouse@12"]


def signed_in_cookie(app: Any, login: str, password: str) -> str:
    """The Cookie header of a browser signed in as ``login`` (through the real sign-in form)."""
    from lms.testing.helpers import csrf_from

    client = app.test_client()
    page = client.get("/login")
    client.post("/login", data={"csrf_token": csrf_from(page.text), "login": login, "password": password})
    return "; ".join(f"{c.key}={c.value}" for c in client._cookies.values())


def audit(url: str, cookie: str, report: Path, *, shown: str, size_note: str = "as served here") -> dict[str, Any]:
    """Run Lighthouse (mobile, performance and accessibility) on ``url`` and print its scores;
    returns the report."""
    subprocess.run([*lighthouse_command(), url, "--quiet", "--output=json", f"--output-path={report}",
                    "--only-categories=performance,accessibility", "--form-factor=mobile",
                    f"--chrome-flags={CHROME_FLAGS}", f"--extra-headers={json.dumps({'Cookie': cookie})}"],
                   check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300)
    data = json.loads(report.read_text())
    categories, audits = data["categories"], data["audits"]
    print(f"Lighthouse {data['lighthouseVersion']} mobile, {shown}:")
    print(f"  performance   {categories['performance']['score'] * 100:5.0f}   target >= 95")
    print(f"  accessibility {categories['accessibility']['score'] * 100:5.0f}   target >= 95")
    print(f"  transfer size {audits['total-byte-weight']['numericValue'] / 1024:5.1f} KB {size_note}")
    for key in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                "cumulative-layout-shift"):
        print(f"  {audits[key]['title']}: {audits[key]['displayValue']}")
    failed = [a["title"] for a in audits.values()
              if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"]
    if failed:
        print("  not passed: " + "; ".join(failed[:10]))
    if os.environ.get("BENCH_DETAILS"):
        for item in audits["mainthread-work-breakdown"]["details"]["items"][:6]:
            print(f"    main thread: {item['groupLabel']}: {item['duration']:.0f} ms")
    return data
