"""Flask's signed-cookie sessions, with each cookie's check remembered per process.

A signed-in page opens the session cookie on every request: derive the signing key, check the
HMAC and the timestamp, base64 and JSON-decode the payload. That was a twentieth of a lesson
page, and a learner's browser sends the same cookie for every page of a course. So the result of
opening a given cookie (the exact string, signature included) is kept: the same string
signed by the same key always opens to the same data. What stays per request:

* the age check: a remembered cookie older than the session lifetime is refused as Flask would;
* fresh objects: each request gets its own copy of the data (a page that flashes a message
  changes a list inside the session, and must not change the remembered one).

At most :data:`SIZE` cookies are kept per process (then the store starts over). Saving the
session is Flask's own, unchanged.
"""

from __future__ import annotations

import copy
import time
from typing import Any

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature

SIZE = 8192
_PLAIN = (str, int, float, bool, type(None))


class RememberingCookieSessions(SecureCookieSessionInterface):
    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        value = request.cookies.get(self.get_cookie_name(app))
        if not value or not app.secret_key:
            return super().open_session(app, request)
        max_age = int(app.permanent_session_lifetime.total_seconds())
        known: dict[str, tuple[dict[str, Any], float]] = app.extensions.setdefault("lms.session_cookies", {})
        remembered = known.get(value)
        if remembered is not None:
            data, signed_at = remembered
            if time.time() - signed_at <= max_age:
                return self.session_class(_copy(data))
            known.pop(value, None)
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        try:
            data, signed_at = serializer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        if len(known) >= SIZE:
            known.clear()
        known[value] = (_copy(data), signed_at.timestamp())
        return self.session_class(data)


def _copy(data: dict[str, Any]) -> dict[str, Any]:
    if all(isinstance(v, _PLAIN) for v in data.values()):
        return dict(data)
    return copy.deepcopy(data)
