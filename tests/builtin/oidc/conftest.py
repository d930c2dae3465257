"""Single sign-on tests run against a real OpenID Connect provider on 127.0.0.1
(``oidc-provider-mock``, see :mod:`lms.testing.oidc_provider`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from lms.testing.oidc_provider import MockProvider, running_provider

# The mock provider (not Sinau) still uses authlib.jose, deprecated in favour of joserfc.
#: where the mock provider's deprecation warnings come from (the provider side of Authlib, never
#: the client side that Sinau uses): ignored in these tests only
MOCK_MODULES = ("oidc_provider_mock", "authlib.oidc.core.grants", "authlib.jose", "authlib.oauth2.rfc6749")
pytestmark = [pytest.mark.filterwarnings(f"ignore::DeprecationWarning:{module}") for module in MOCK_MODULES]

CLIENT_ID = "sinau"
NIP = "198703152010011002"


@pytest.fixture(scope="session")
def idp() -> Iterator[MockProvider]:
    with running_provider() as provider:
        yield provider


@pytest.fixture(autouse=True)
def _normal_idp(request: pytest.FixtureRequest) -> Iterator[None]:
    from lms.builtin.oidc import client

    client.forget_cache()
    yield
    if "idp" in request.fixturenames:
        request.getfixturevalue("idp").mode = "normal"
    client.forget_cache()


@pytest.fixture
def provider(db: Any, idp: MockProvider) -> Any:
    """A provider set up as an admin would, through the service (discovery included)."""
    from lms.builtin.oidc import service

    saved = service.save_provider(None, None, {
        "name": "ASN Digital", "label": "Masuk dengan ASN Digital", "issuer": idp.issuer, "client_id": CLIENT_ID,
        "nip_claim": "nip", "scopes": "openid profile email", "allow_create": False, "enabled": True,
    }, "rahasia-klien")
    db.session.flush()
    return saved


@pytest.fixture
def sso(client: Any, idp: MockProvider, provider: Any) -> Callable[..., Any]:
    """``sso(sub, claims)`` signs in through the provider as the browser would: start, the
    provider's page, back to Sinau. Returns Sinau's answer to the callback."""

    def _sign_in(sub: str = "pegawai-1", claims: dict[str, Any] | None = None, next_url: str | None = None,
                 browser: Any = None) -> Any:
        idp.set_user(sub, claims if claims is not None else {"nip": NIP, "name": "Sri Lestari"})
        started = client.get(f"/sso/{provider.id}/start", query_string={"next": next_url} if next_url else None)
        assert started.status_code == 302, started.text
        back = urlsplit(idp.authorize(started.headers["Location"], sub))
        return (browser or client).get(back.path, query_string=back.query)

    return _sign_in
