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


def test_no_address_with_an_id_is_split_over_rules_by_method(app) -> None:
    """An id too large for the database fails the ``<int:...>`` converter (a 404), but werkzeug
    checks methods before converters: with GET and POST on two rules of one address, a POST with
    such an id found the GET rule's path and answered 405 (the mentoring API did). One address
    with an id is one rule, whatever its methods (``methods=["GET", "POST"]``)."""
    from collections import defaultdict

    from lms.web import BoundedInt

    rules = defaultdict(list)
    for rule in app.url_map.iter_rules():
        if any(isinstance(c, BoundedInt) for c in rule._converters.values()):
            rules[rule.rule].append(rule.endpoint)
    split = {path: endpoints for path, endpoints in rules.items() if len(endpoints) > 1}
    assert split == {}, f"declare each of these addresses as one rule with all its methods: {split}"
