"""Every ``/admin`` route is for admins only: a learner or a supervisor gets 403 on each (GET
and POST), someone signed out is sent to the sign-in page."""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.routing import IntegerConverter

from lms.core.models import Role
from lms.testing.helpers import csrf_from

_VALUES = {"int": "1", "default": "x"}


def admin_urls(app: Flask) -> list[tuple[str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin"):
            continue
        values = {}
        for name, converter in rule._converters.items():  # noqa: SLF001 - the test builds sample URLs
            values[name] = {"kind": "units", "fmt": "csv"}.get(name) or _VALUES.get(
                "int" if isinstance(converter, IntegerConverter) else "default")
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **values)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((method, url))
    return found


def test_the_admin_area_has_the_sections_of_this_issue(app: Flask) -> None:
    urls = {url for _method, url in admin_urls(app)}
    for prefix in ("/admin/users/", "/admin/units/", "/admin/reports/", "/admin/plugins/", "/admin/audit/",
                   "/admin/positions/new"):
        assert any(u.startswith(prefix) for u in urls), prefix


@pytest.mark.parametrize("roles", [(), (Role.SUPERVISOR,), (Role.TRAINER, Role.SUPERVISOR)])
def test_non_admins_get_403_on_every_admin_route(app, client, make_user, login_as, roles) -> None:
    login_as(make_user(roles=roles))
    token = csrf_from(client.get("/").text)  # a valid form post, refused for the role alone
    urls = admin_urls(app)
    assert len(urls) > 30
    for method, url in urls:
        response = client.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
        assert response.status_code == 403, (method, url, response.status_code)


def test_signed_out_visitors_are_sent_to_sign_in(app, client) -> None:
    for method, url in admin_urls(app):
        if method != "GET":
            continue
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), url


def test_an_admin_reaches_the_new_sections(client, admin) -> None:
    for url in ("/admin/users/", "/admin/units/", "/admin/reports/", "/admin/plugins/", "/admin/audit/",
                "/admin/reports/akpk", "/admin/users/import", "/admin/positions/new"):
        assert client.get(url).status_code == 200, url
