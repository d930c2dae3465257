"""A real OpenID Connect provider on 127.0.0.1 for the single sign-on tests:
``oidc-provider-mock`` (PyPI) served from a thread, behind a small switch that lets a test make
it misbehave the way a hostile or broken provider would.

Modes (``provider.mode = ...``):

* ``"normal"``: ID tokens valid for an hour.
* ``"expired"``: ID tokens that expired ``expired_by`` seconds before they were issued.
* ``"intruder"``: the code is issued to, and redeemed by, another client (``intruder``): the ID
  token's audience is not Sinau, as when a token made for another application is replayed.
"""

from __future__ import annotations

import base64
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode

from werkzeug.serving import make_server

INTRUDER = "intruder"


@dataclass
class MockProvider:
    issuer: str
    mode: str = "normal"
    expired_by: int = 300
    _apps: dict[str, Any] = field(default_factory=dict)

    def set_user(self, sub: str, claims: dict[str, Any]) -> None:
        """The person behind ``sub`` and their claims (a ``nip`` claim, a name, ...)."""
        import requests

        requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=5).raise_for_status()

    def authorize(self, authorization_url: str, sub: str) -> str:
        """What the provider's page does when ``sub`` signs in: the redirect back to Sinau."""
        import requests

        response = requests.post(authorization_url, data={"sub": sub}, allow_redirects=False, timeout=5)
        assert response.status_code == 302, response.text[:500]
        return response.headers["Location"]

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        path = environ.get("PATH_INFO", "")
        app = self._apps["expired" if self.mode == "expired" else "normal"]
        if self.mode == INTRUDER:
            if path == "/oauth2/authorize":
                query = dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
                query["client_id"] = INTRUDER
                environ["QUERY_STRING"] = urlencode(query)
            elif path == "/oauth2/token":
                environ["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(f"{INTRUDER}:secret".encode()).decode()
        return app(environ, start_response)


@contextmanager
def running_provider(expired_by: int = 300) -> Iterator[MockProvider]:
    """A provider on a free port of 127.0.0.1, stopped at the end."""
    with warnings.catch_warnings():  # the mock still imports authlib.jose, deprecated for joserfc
        warnings.simplefilter("ignore", DeprecationWarning)
        import oidc_provider_mock

    server = make_server("127.0.0.1", 0, None, threaded=True)  # type: ignore[arg-type]
    issuer = f"http://127.0.0.1:{server.server_port}"
    provider = MockProvider(issuer=issuer, expired_by=expired_by)
    provider._apps["normal"] = oidc_provider_mock.app(require_nonce=True)
    provider._apps["expired"] = oidc_provider_mock.app(require_nonce=True,
                                                       access_token_max_age=timedelta(seconds=-expired_by))
    server.app = provider
    thread = threading.Thread(target=server.serve_forever, name="oidc-provider", daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
