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


# --------------------------------------------------------------------------- the page crawl's checks

#: run in the page: layout and target-size problems, as sentences a developer can act on
_PAGE_CHECKS = r"""(phone) => {
  const problems = [];
  const vw = document.documentElement.clientWidth;
  const shown = (el) => {
    const s = getComputedStyle(el);
    return s.display !== 'none' && s.visibility !== 'hidden' && el.getClientRects().length > 0;
  };
  const name = (el) => {
    const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '';
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || el.getAttribute('name') || '').trim().replace(/\s+/g, ' ');
    return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls} "${text.slice(0, 40)}"`;
  };
  const hidden = (el) => {
    if (el.closest('.visually-hidden, .skip-link, [hidden], template, noscript')) return true;
    const closed = el.closest('details:not([open])');  // the content of a closed <details> is not shown
    if (closed && !el.closest('summary')) return true;
    for (let a = el; a; a = a.parentElement) {  // clipped away (visually hidden by a stylesheet)
      const s = getComputedStyle(a);
      if (s.clip !== 'auto' && s.position === 'absolute') return true;
    }
    return false;
  };
  // 1. nothing wider than the screen, unless inside a box that scrolls or clips it
  if (document.documentElement.scrollWidth > vw) {
    problems.push(`the page scrolls sideways by ${document.documentElement.scrollWidth - vw}px`);
  }
  const inScrollBox = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
    }
    return false;
  };
  const sticking = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (hidden(el) || el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if ((r.right > vw + 0.5 || r.left < -0.5) && !inScrollBox(el) && !sticking.some((p) => p.contains(el))) {
      sticking.push(el);
      problems.push(`${name(el)} sticks out of the screen (${Math.round(r.left)} to ${Math.round(r.right)} of ${vw}px)`);
    }
  }
  // 2. the top bar of a phone is at most 56 px tall
  const bar = document.querySelector('.topbar');
  if (phone && bar && bar.getBoundingClientRect().height > 56) {
    problems.push(`the top bar is ${Math.round(bar.getBoundingClientRect().height)}px tall (56 at most)`);
  }
  // 3. targets: 44x44, or at least 24x24 with nothing else within the 44 px square around it
  //    (WCAG 2.2 target size), except links inside running text (the inline exception)
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]';
  const areas = [...document.querySelectorAll('header, nav, main, footer')];
  const seen = new Set();
  const targets = [];
  for (const area of areas) {
    for (let el of area.querySelectorAll(selector)) {
      if ((el.type === 'checkbox' || el.type === 'radio') && el.closest('label')) el = el.closest('label');
      if (seen.has(el) || hidden(el) || !shown(el)) continue;
      seen.add(el);
      targets.push([el, el.getBoundingClientRect()]);
    }
  }
  const inline = (el) => {
    if (getComputedStyle(el).display !== 'inline') return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
    return block && (block.innerText || '').trim().length > (el.innerText || '').trim().length + 2;
  };
  // a link stretched over its card (::after, position absolute, inset 0): the card is the target
  const stretched = (el) => {
    const after = getComputedStyle(el, '::after');
    if (after.content === 'none' || after.position !== 'absolute') return null;
    for (let a = el.parentElement; a; a = a.parentElement) {
      if (getComputedStyle(a).position !== 'static') return a.getBoundingClientRect();
    }
    return null;
  };
  for (const [el, box] of targets) {
    const r = stretched(el) || box;
    if (r.width >= 44 && r.height >= 44) continue;
    if (el.tagName === 'A' && inline(el)) continue;
    if (r.width < 24 || r.height < 24) {
      problems.push(`${name(el)} is ${Math.round(r.width)}x${Math.round(r.height)}px (24x24 at least)`);
      continue;
    }
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    const near = targets.find(([other, o]) => other !== el && !other.contains(el) && !el.contains(other)
      && o.left < cx + 22 && o.right > cx - 22 && o.top < cy + 22 && o.bottom > cy - 22);
    if (near) problems.push(`${name(el)} is ${Math.round(r.width)}x${Math.round(r.height)}px and too close to ${name(near[0])}`);
  }
  // chart labels (text in an SVG, scaled with it) are read at 12 px at least on a phone
  if (phone) {
    for (const t of document.querySelectorAll('svg text')) {
      if (t.closest('[aria-hidden=true], .cover') || !t.textContent.trim()) continue;
      const svg = t.ownerSVGElement, ctm = svg && svg.getScreenCTM();
      const size = parseFloat(getComputedStyle(t).fontSize) * (ctm ? Math.hypot(ctm.a, ctm.b) : 1);
      if (size < 11.95) problems.push(`chart label "${t.textContent.trim().slice(0, 20)}" is ${size.toFixed(1)}px (12 px at least)`);
    }
  }
  return problems;
}"""  # noqa: E501 - JavaScript

#: what a person reads on the page: the visible text and the texts of controls and images
_PAGE_TEXT = r"""() => [document.title, document.body.innerText,
  ...[...document.querySelectorAll('[placeholder], [aria-label], [title], img[alt]')].map(
    (e) => [e.getAttribute('placeholder'), e.getAttribute('aria-label'), e.getAttribute('title'), e.getAttribute('alt')]
      .filter(Boolean).join(' '))].join('\n')"""  # noqa: E501 - JavaScript


def page_problems(page: Any, *, phone: bool) -> list[str]:
    """No sideways scrolling, nothing sticking out of the screen outside a scroll box, a top bar
    of at most 56 px on a phone, and targets of 44x44 px (or 24x24 with room around them)."""
    return list(page.evaluate(_PAGE_CHECKS, phone))


def page_text(page: Any) -> str:
    return str(page.evaluate(_PAGE_TEXT))
