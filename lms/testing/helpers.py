"""Small helpers for tests that drive pages like a browser would."""

from __future__ import annotations

import re
from typing import Any

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def csrf_from(html: str) -> str:
    match = _CSRF.search(html)
    if not match:
        raise AssertionError("no csrf_token field on the page")
    return match.group(1) or match.group(2)


def submit(client: Any, page_url: str, data: dict[str, Any], action: str | None = None, **kw: Any) -> Any:
    """GET a page, take its CSRF token, POST the form (to ``action`` or the same URL)."""
    page = client.get(page_url)
    assert page.status_code == 200, page.status_code
    payload = {"csrf_token": csrf_from(page.text), **data}
    return client.post(action or page_url, data=payload, **kw)


def fetch_download(client: Any, url: str) -> Any:
    """GET an export. A large one is made by a job (303 to ``/jobs/<id>``; in tests the job ran
    when the request committed): follow it to the job's page and download its file."""
    response = client.get(url, buffered=True)  # a streamed CSV is read inside its request
    if response.status_code != 303 or not response.headers["Location"].startswith("/jobs/"):
        return response
    page = client.get(response.headers["Location"])
    link = re.search(r'href="(/jobs/\d+/download)"', page.text)
    if link is None:
        raise AssertionError(f"the job's page offers no download: {page.text[:2000]}")
    return client.get(link.group(1), buffered=True)  # read and closed: the file handle is not left open
