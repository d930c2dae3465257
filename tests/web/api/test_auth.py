"""Every /api/v1 operation (core's and plugins') needs a valid bearer token, and errors are JSON."""

from __future__ import annotations

import re

import pytest

from lms.core.services.tokens import create_token, revoke_token
from lms.web.access import ATTR
from lms.web.api.openapi import api_operations


def _protected(app) -> list[tuple[str, str]]:  # noqa: ANN001
    """(method, url) of every API operation that is not public, path parameters filled in."""
    found = []
    for op in api_operations(app):
        rule = getattr(op.view, ATTR, None)
        if rule is not None and rule.kind == "public":
            continue
        found.append((op.method, re.sub(r"\{[^}]+\}", "1", op.path)))
    return found


def _assert_401(response, error_of) -> None:  # noqa: ANN001
    error_of(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_the_list_of_protected_operations_is_not_empty(app) -> None:
    assert ("get", "/api/v1/me") in _protected(app)
    assert len(_protected(app)) >= 9


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer ", "Bearer sinau_bukan-token", "Basic dXNlcjpwYXNz",
                                    "sinau_tanpa_skema"])
def test_no_or_bad_token_is_401_everywhere(app, client, header, error_of) -> None:
    headers = {"Authorization": header} if header is not None else {}
    for method, url in _protected(app):
        _assert_401(client.open(url, method=method.upper(), headers=headers), error_of)


def test_revoked_token_is_401(app, client, db, make_user, error_of) -> None:
    user = make_user()
    row, clear = create_token(user)
    headers = {"Authorization": f"Bearer {clear}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    assert revoke_token(user, row.id)
    for method, url in _protected(app):
        _assert_401(client.open(url, method=method.upper(), headers=headers), error_of)


def test_token_of_a_deactivated_account_is_401(client, db, make_user, error_of) -> None:
    user = make_user()
    _row, clear = create_token(user)
    user.active = False
    db.session.flush()
    _assert_401(client.get("/api/v1/me", headers={"Authorization": f"Bearer {clear}"}), error_of)


def test_a_signed_in_session_is_not_a_token(client, make_user, login_as, error_of) -> None:
    login_as(make_user())
    _assert_401(client.get("/api/v1/me"), error_of)


def test_the_scheme_is_case_insensitive(client, make_user, token_for) -> None:
    assert client.get("/api/v1/me", headers={"Authorization": f"bearer {token_for(make_user())}"}).status_code == 200


def test_posts_need_no_csrf_token(client, make_user, make_course, auth) -> None:
    make_course("tanpa-csrf")
    assert client.post("/api/v1/courses/tanpa-csrf/enrollment", headers=auth(make_user())).status_code == 201


def test_unknown_api_path_is_a_json_404(client, make_user, auth, error_of) -> None:
    error_of(client.get("/api/v1/tidak-ada", headers=auth(make_user())), 404, "not_found")
