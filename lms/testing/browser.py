"""Real-browser testing support: a live server and Debian's Chromium through Playwright.

Used by ``tests/e2e``. The live server runs the app in a thread on a free port, with its own
database that is really committed (the rollback-per-test ``db`` fixture cannot reach another
thread's connection).
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from flask import Flask
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True}


def chromium_path() -> str | None:
    return CHROMIUM if shutil.which(CHROMIUM) else None


@dataclass
class LiveServer:
    app: Flask
    url: str

    @contextmanager
    def data(self) -> Iterator[None]:
        """An app context whose work is committed, for seeding the live site."""
        from lms.core import transaction

        with self.app.app_context():
            yield
            transaction.commit()


@contextmanager
def serve(app: Flask) -> Iterator[LiveServer]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict[str, Any]]:
    """axe-core's violations of the given impacts on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in impacts]


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"]) for n in v["nodes"][:3])
        for v in violations
    )


def layout_problems(page: Any) -> list[str]:
    """Phone layout checks: no horizontal scroll, tap targets of at least 44 px."""
    problems: list[str] = []
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        problems.append(f"horizontal scroll of {overflow}px")
    small = page.evaluate(  # links inside running text are exempt (WCAG 2.5.8 inline exception)
        """() => [...document.querySelectorAll('a, button, input, select, textarea, [role=button]')]
            .filter(e => e.offsetParent !== null && !e.closest('p, li:not(nav li), td, dd, .prose, .skip-link'))
            // a checkbox or radio inside its label: the label is the tap target
            .filter(e => !((e.type === 'checkbox' || e.type === 'radio') && e.closest('label')))
            .map(e => [e, e.getBoundingClientRect()])
            .filter(([e, r]) => r.width > 0 && (r.height < 44 || r.width < 44))
            .map(([e, r]) => `${e.tagName.toLowerCase()} "${(e.innerText || e.value || e.name || '').trim().slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`)"""  # noqa: E501 - JavaScript
    )
    problems.extend(f"tap target too small: {s}" for s in small)
    return problems
