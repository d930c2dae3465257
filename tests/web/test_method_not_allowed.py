"""A 405 says which methods the address takes (``Allow``, RFC 9110), on pages and in the API."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("method", "path", "allowed"), [
    ("DELETE", "/api/v1/me", {"GET", "HEAD", "OPTIONS"}),
    ("TRACE", "/api/v1/courses", {"GET", "HEAD", "OPTIONS"}),
    ("GET", "/api/v1/attempts/1/submission", {"POST", "OPTIONS"}),
    ("PUT", "/courses", {"GET", "HEAD", "OPTIONS"}),
    ("GET", "/logout", {"POST", "OPTIONS"}),
])
def test_405_keeps_the_allow_header(client, make_user, login_as, method, path, allowed) -> None:
    login_as(make_user())
    response = client.open(path, method=method)
    assert response.status_code == 405
    assert set(response.headers["Allow"].replace(" ", "").split(",")) == allowed


def test_every_rule_answers_an_undeclared_method_with_405_and_allow(app, client, make_user, login_as) -> None:
    login_as(make_user())
    missing = []
    for rule in app.url_map.iter_rules():
        if "<" in rule.rule or "PATCH" in rule.methods:
            continue
        response = client.open(rule.rule, method="PATCH")
        if response.status_code != 405 or "Allow" not in response.headers:
            missing.append(f"{rule.rule}: {response.status_code}")
    assert missing == []
