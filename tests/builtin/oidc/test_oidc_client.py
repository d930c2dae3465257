"""The ID token checks, on real tokens from the local provider: a nonce that is not ours, a
signature by another key, a wrong issuer."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from lms.builtin.oidc import client
from tests.builtin.oidc.conftest import MOCK_MODULES

pytestmark = [pytest.mark.filterwarnings(f"ignore::DeprecationWarning:{module}") for module in MOCK_MODULES]


@pytest.fixture
def token(idp: Any) -> tuple[client.ProviderMetadata, str, client.PendingSignIn]:
    meta = client.discover(idp.issuer, 5)
    pending = client.new_pending()
    redirect_uri = "http://localhost/sso/1/callback"
    url = client.authorization_url(meta, "sinau", "openid", redirect_uri, pending)
    idp.set_user("someone", {"nip": "198703152010011002"})
    code = parse_qs(urlsplit(idp.authorize(url, "someone")).query)["code"][0]
    answer = client.exchange_code(meta, "sinau", "x", redirect_uri, code, pending, 5)
    return meta, answer["id_token"], pending


def test_a_real_token_passes(token):
    meta, raw, pending = token
    claims = client.verify_id_token(raw, meta, "sinau", pending.nonce, 0, 5)
    assert claims["sub"] == "someone" and claims["nip"] == "198703152010011002"


def test_a_nonce_that_is_not_ours_is_refused(token):
    meta, raw, _ = token
    with pytest.raises(client.OidcError) as caught:
        client.verify_id_token(raw, meta, "sinau", "another-nonce", 0, 5)
    assert caught.value.reason == "nonce"


def test_a_wrong_audience_is_refused(token):
    meta, raw, pending = token
    with pytest.raises(client.OidcError) as caught:
        client.verify_id_token(raw, meta, "not-sinau", pending.nonce, 0, 5)
    assert caught.value.reason == "audience"


def test_another_issuer_is_refused(token):
    meta, raw, pending = token
    other = client.ProviderMetadata(**{**meta.__dict__, "issuer": "https://sso.example.go.id"})
    with pytest.raises(client.OidcError) as caught:
        client.verify_id_token(raw, other, "sinau", pending.nonce, 0, 5)
    assert caught.value.reason == "issuer"


def test_a_tampered_token_is_refused(token):
    meta, raw, pending = token
    header, payload, signature = raw.split(".")
    tampered = ".".join([header, payload[:-4] + ("AAAA" if payload[-4:] != "AAAA" else "BBBB"), signature])
    with pytest.raises(client.OidcError) as caught:
        client.verify_id_token(tampered, meta, "sinau", pending.nonce, 0, 5)
    assert caught.value.reason == "signature"


def test_an_unsigned_token_is_refused(token):
    import base64
    import json

    meta, raw, pending = token
    claims = json.loads(base64.urlsafe_b64decode(raw.split(".")[1] + "=="))
    encode = lambda part: base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=").decode()  # noqa: E731
    unsigned = f"{encode({'alg': 'none', 'typ': 'JWT'})}.{encode(claims)}."
    with pytest.raises(client.OidcError) as caught:
        client.verify_id_token(unsigned, meta, "sinau", pending.nonce, 0, 5)
    assert caught.value.reason == "signature"


def test_discovery_must_name_the_same_issuer(idp):
    with pytest.raises(client.OidcError) as caught:
        client.discover(idp.issuer + "/other", 5)
    assert caught.value.reason in ("unreachable", "discovery")
    assert requests.get(idp.issuer + "/.well-known/openid-configuration", timeout=5).ok
