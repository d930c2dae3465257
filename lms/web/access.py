"""Access rules for views: every route declares one, and the app enforces it.

A view is decorated with exactly one of :func:`public`, :func:`login_required`,
:func:`roles_required` or :func:`api`. ``before_request`` reads the rule and refuses a view that
has none (deny by default); a test walks the URL map so that a route added without a rule
fails the suite. Object-level rules (a supervisor sees only their staff) are checked by the
services and queries the view calls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import abort, current_app, g, redirect, request, url_for
from flask_login import current_user

from lms.core.models import Role
from lms.extensions import csrf

F = TypeVar("F", bound=Callable[..., Any])
ATTR = "_lms_access"


@dataclass(frozen=True)
class AccessRule:
    kind: str  # public | login | roles | api
    roles: frozenset[Role] = frozenset()


def _mark(rule: AccessRule) -> Callable[[F], F]:
    def decorator(view: F) -> F:
        if hasattr(view, ATTR):
            raise TypeError(f"{view.__name__} has two access rules")
        setattr(view, ATTR, rule)
        return view

    return decorator


def public(view: F) -> F:
    """Anyone, signed in or not."""
    return _mark(AccessRule("public"))(view)


def login_required(view: F) -> F:
    """Any signed-in, active account."""
    return _mark(AccessRule("login"))(view)


def roles_required(*roles: Role) -> Callable[[F], F]:
    """A signed-in account holding at least one of ``roles``."""
    if not roles:
        raise TypeError("roles_required needs at least one role")
    return _mark(AccessRule("roles", frozenset(roles)))


def api(*roles: Role) -> Callable[[F], F]:
    """The JSON API: a valid bearer token (``Authorization: Bearer <token>``) is required;
    ``roles`` narrows it further. Cookies are not accepted, so CSRF does not apply."""

    def decorator(view: F) -> F:
        csrf.exempt(view)
        return _mark(AccessRule("api", frozenset(roles)))(view)

    return decorator


def bearer_user() -> Any:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    from lms.core.services.tokens import check_token

    found = check_token(token.strip())
    if found.expired_at is not None:
        from flask_babel import gettext as _

        from lms.web.formatting import format_date

        abort(401, description=_("Token API ini sudah kedaluwarsa pada %(date)s. Buat token baru di halaman Profil.",
                                 date=format_date(found.expired_at, "long")))
    return found.user


def api_user() -> Any:
    """The account of the current API request (set by :func:`enforce`)."""
    return g.api_user


# Endpoints served by Flask itself (static files) are public by nature.
def _builtin_public(endpoint: str) -> bool:
    return endpoint == "static" or endpoint.endswith(".static")


def rule_for(endpoint: str) -> AccessRule | None:
    if _builtin_public(endpoint):
        return AccessRule("public")
    view = current_app.view_functions.get(endpoint)
    return getattr(view, ATTR, None)


def enforce() -> Any:
    """``before_request``: apply the view's rule."""
    endpoint = request.endpoint
    if endpoint is None:  # no route matched: let Flask answer 404/405
        return None
    rule = rule_for(endpoint)
    if rule is None:
        current_app.logger.error("route %s has no access rule: refused", endpoint)
        abort(403)
    if rule.kind == "public":
        return None
    if rule.kind == "api":
        user = bearer_user()
        if user is None:
            abort(401)
        if rule.roles and not user.has_role(*rule.roles):
            abort(403)
        g.api_user = user
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if rule.kind == "roles" and not current_user.has_role(*rule.roles):
        abort(403)
    return None


def current_actor() -> Any:
    """Who is acting, for the services that audit what they change: the signed-in user, or
    None outside a signed-in request."""
    return current_user._get_current_object() if current_user and current_user.is_authenticated else None
