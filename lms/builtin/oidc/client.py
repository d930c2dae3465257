"""Talking to an OpenID Connect provider: discovery, the authorization request (code flow with
PKCE, ``state`` and ``nonce``), the token request, and the checks of the signed ID token.

Authlib builds the requests (its ``OAuth2Session`` adds the PKCE challenge and the client's
authentication); joserfc checks the ID token (Authlib's own ``authlib.jose`` is deprecated in
its favour). Discovery documents and signing keys are kept a few minutes per process; a token
signed with a key we do not know yet makes us fetch the keys once more (the provider rotated).
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.integrations.requests_client import OAuthError as AuthlibOAuthError
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, InvalidClaimError, JoseError, MissingClaimError
from joserfc.jwk import KeySet

#: Signatures we accept on an ID token: asymmetric only (a shared-secret HS256 token could be
#: made by anyone holding the client secret, and "none" is no signature at all).
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")
CACHE_SECONDS = 300
_cache: dict[str, tuple[float, Any]] = {}
_lock = threading.Lock()


class OidcError(Exception):
    """The sign-in cannot go on. ``reason`` is a short code for logs and tests (``state``,
    ``audience``, ``expired``, ...); the page shows a translated text chosen by the view."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str | None
    end_session_endpoint: str | None
    token_auth_methods: tuple[str, ...]


def _get_json(url: str, timeout: float) -> Any:
    try:
        response = requests.get(url, timeout=timeout, headers={"Accept": "application/json"}, allow_redirects=False)
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as exc:
        raise OidcError("unreachable", f"{url}: {exc}") from exc


def _cached(key: str, fetch: Any, refresh: bool = False) -> Any:
    now = time.monotonic()
    with _lock:
        hit = _cache.get(key)
    if hit is not None and hit[0] > now and not refresh:
        return hit[1]
    value = fetch()
    with _lock:
        _cache[key] = (now + CACHE_SECONDS, value)
    return value


def forget_cache() -> None:
    """Drop what was learnt of every provider (after an admin changes one, and in tests)."""
    with _lock:
        _cache.clear()


def discover(issuer: str, timeout: float) -> ProviderMetadata:
    """The provider's discovery document (``/.well-known/openid-configuration``), checked:
    it must name the same issuer, and give the endpoints the code flow needs."""

    def fetch() -> ProviderMetadata:
        doc = _get_json(issuer.rstrip("/") + "/.well-known/openid-configuration", timeout)
        if not isinstance(doc, dict):
            raise OidcError("discovery", "not a JSON object")
        if str(doc.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
            raise OidcError("discovery", f"the document names issuer {doc.get('issuer')!r}")
        missing = [k for k in ("authorization_endpoint", "token_endpoint", "jwks_uri") if not doc.get(k)]
        if missing:
            raise OidcError("discovery", "missing " + ", ".join(missing))
        return ProviderMetadata(
            issuer=str(doc["issuer"]), authorization_endpoint=str(doc["authorization_endpoint"]),
            token_endpoint=str(doc["token_endpoint"]), jwks_uri=str(doc["jwks_uri"]),
            userinfo_endpoint=doc.get("userinfo_endpoint") or None,
            end_session_endpoint=doc.get("end_session_endpoint") or None,
            token_auth_methods=tuple(doc.get("token_endpoint_auth_methods_supported") or ("client_secret_basic",)),
        )

    return _cached("discovery " + issuer, fetch)


def _keys(jwks_uri: str, timeout: float, refresh: bool = False) -> KeySet:
    return _cached("jwks " + jwks_uri, lambda: KeySet.import_key_set(_get_json(jwks_uri, timeout)), refresh)


@dataclass(frozen=True)
class PendingSignIn:
    """What the browser's session keeps between leaving for the provider and coming back."""

    state: str
    nonce: str
    code_verifier: str


def new_pending() -> PendingSignIn:
    # 43+ characters from the unreserved set, as RFC 7636 asks of a code verifier
    return PendingSignIn(secrets.token_urlsafe(24), secrets.token_urlsafe(24), secrets.token_urlsafe(48))


def authorization_url(meta: ProviderMetadata, client_id: str, scope: str, redirect_uri: str,
                      pending: PendingSignIn) -> str:
    session = OAuth2Session(client_id, scope=scope, redirect_uri=redirect_uri, code_challenge_method="S256")
    url, _ = session.create_authorization_url(meta.authorization_endpoint, state=pending.state,
                                              nonce=pending.nonce, code_verifier=pending.code_verifier)
    return url


def _auth_method(meta: ProviderMetadata) -> str:
    for method in ("client_secret_basic", "client_secret_post"):
        if method in meta.token_auth_methods:
            return method
    return "client_secret_basic"


def exchange_code(meta: ProviderMetadata, client_id: str, client_secret: str, redirect_uri: str, code: str,
                  pending: PendingSignIn, timeout: float) -> dict[str, Any]:
    """The token response for the authorization code, proven with the PKCE verifier."""
    session = OAuth2Session(client_id, client_secret, redirect_uri=redirect_uri, code_challenge_method="S256",
                            token_endpoint_auth_method=_auth_method(meta))
    try:
        token = session.fetch_token(meta.token_endpoint, grant_type="authorization_code", code=code,
                                    code_verifier=pending.code_verifier, timeout=timeout)
    except AuthlibOAuthError as exc:
        raise OidcError("token", f"{exc.error}: {exc.description}") from exc
    except (requests.RequestException, ValueError) as exc:
        raise OidcError("unreachable", str(exc)) from exc
    if not token.get("id_token"):
        raise OidcError("token", "no id_token in the token response (is 'openid' in the scopes?)")
    return dict(token)


def verify_id_token(raw: str, meta: ProviderMetadata, client_id: str, nonce: str, leeway: int, timeout: float,
                    now: int | None = None) -> dict[str, Any]:
    """The ID token's claims, once its signature, issuer, audience, times and nonce are right
    (OpenID Connect Core 3.1.3.7). ``leeway`` seconds of clock difference are tolerated."""
    try:
        try:
            token = jwt.decode(raw, _keys(meta.jwks_uri, timeout), algorithms=ALGORITHMS)
        except (JoseError, ValueError):
            # perhaps signed with a key the provider added since we fetched its keys: once more, fresh
            token = jwt.decode(raw, _keys(meta.jwks_uri, timeout, refresh=True), algorithms=ALGORITHMS)
    except (JoseError, ValueError) as exc:  # a bad signature, an unknown key, not a JWT at all
        raise OidcError("signature", str(exc)) from exc
    claims = dict(token.claims)
    registry = jwt.JWTClaimsRegistry(
        now=now, leeway=leeway,
        iss={"essential": True, "value": meta.issuer},
        sub={"essential": True}, exp={"essential": True}, iat={"essential": True},
    )
    try:
        registry.validate(claims)
    except ExpiredTokenError as exc:
        raise OidcError("expired", str(exc)) from exc
    except (InvalidClaimError, MissingClaimError) as exc:
        name = getattr(exc, "claim", "") or str(exc)
        raise OidcError("issuer" if "iss" in str(name) else "claims", str(exc)) from exc
    except JoseError as exc:
        raise OidcError("claims", str(exc)) from exc
    issued = claims["iat"]
    if isinstance(issued, int | float) and issued > (now or time.time()) + leeway:
        raise OidcError("claims", "issued in the future")
    audience = claims.get("aud")
    audiences = [audience] if isinstance(audience, str) else list(audience or [])
    if client_id not in audiences:
        raise OidcError("audience", f"token for {audiences!r}, not for {client_id!r}")
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise OidcError("audience", "several audiences and the authorized party is not us")
    if not isinstance(claims.get("nonce"), str) or not hmac.compare_digest(claims["nonce"], nonce):
        raise OidcError("nonce", "the nonce is not the one this browser sent")
    return claims


def userinfo(meta: ProviderMetadata, access_token: str, timeout: float) -> dict[str, Any]:
    """The userinfo endpoint's claims (where a provider puts the NIP only there)."""
    if not meta.userinfo_endpoint:
        return {}
    try:
        response = requests.get(meta.userinfo_endpoint, timeout=timeout, allow_redirects=False,
                                headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json"})
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise OidcError("unreachable", str(exc)) from exc
    return data if isinstance(data, dict) else {}


def end_session_url(meta: ProviderMetadata, client_id: str, id_token: str, signed_out_url: str) -> str | None:
    """RP-initiated logout: the provider's end-session endpoint, or None when it has none."""
    if not meta.end_session_endpoint:
        return None
    from urllib.parse import urlencode, urlsplit, urlunsplit

    parts = urlsplit(meta.end_session_endpoint)
    query = urlencode({"id_token_hint": id_token, "post_logout_redirect_uri": signed_out_url, "client_id": client_id})
    return urlunsplit(parts._replace(query=(parts.query + "&" if parts.query else "") + query))
