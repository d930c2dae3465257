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
