"""One HTTP POST/PUT for the outbox: a short timeout, no redirects (a delivery goes where the
admin said, or fails visibly), the answer's status and at most a little of its body."""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

TIMEOUT = 10.0  # seconds: a slow receiver holds a worker thread this long at most
USER_AGENT = "Sinau-Outbox/1"


@dataclass(frozen=True)
class Answer:
    status: int | None  # None: no HTTP answer at all (refused, timeout, DNS)
    error: str | None
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def send(method: str, url: str, body: bytes, headers: dict[str, str], timeout: float = TIMEOUT) -> Answer:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        return Answer(status=None, error="only http:// and https:// addresses are delivered to", duration_ms=0)
    request = urllib.request.Request(url, data=body, method=method,  # noqa: S310 - scheme checked above
                                     headers={"User-Agent": USER_AGENT, **headers})
    started = time.monotonic()
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            response.read(2048)
            status, error = response.status, None
    except urllib.error.HTTPError as exc:
        status, error = exc.code, exc.read(300).decode("utf-8", "replace").strip() or exc.reason
        exc.close()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        status, error = None, str(reason)[:300] or type(exc).__name__
    duration = int((time.monotonic() - started) * 1000)
    if status is not None and not 200 <= status < 300 and not error:
        error = f"HTTP {status}"
    return Answer(status=status, error=(str(error)[:500] if error else None), duration_ms=duration)
