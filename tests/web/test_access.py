"""Every route declares an access rule; a route without one fails this suite."""

from pathlib import Path

import pytest
from flask import Blueprint, Flask

from lms.app import create_app
from lms.core.models import Role
from lms.plugins import hookimpl
from lms.testing.plugin import settings_for
from lms.web.access import public, roles_required, rule_for


def routes_without_rules(app: Flask) -> list[str]:
    with app.test_request_context():
        return sorted(
            f"{rule.rule} -> {rule.endpoint}"
            for rule in app.url_map.iter_rules()
            if rule_for(rule.endpoint) is None
        )


def test_every_route_of_the_app_has_an_access_rule(app: Flask) -> None:
    assert routes_without_rules(app) == []


class _CarelessPlugin:
    """A throwaway plugin whose blueprint forgot the access rule on one view."""

    bp = Blueprint("careless", __name__)

    @staticmethod
    @bp.get("/careless/open")
    @public
    def fine() -> str:
        return "fine"

    @staticmethod
    @bp.get("/careless/forgot")
    def forgot() -> str:
        return "secret"

    @hookimpl
    def lms_register_blueprints(self) -> list[Blueprint]:
        return [self.bp]


@pytest.fixture(scope="module")
def careless_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    tmp: Path = tmp_path_factory.mktemp("careless")
    return create_app(settings_for(tmp), plugins=[("careless", _CarelessPlugin())])


def test_a_route_added_without_a_rule_is_found(careless_app: Flask) -> None:
    assert routes_without_rules(careless_app) == ["/careless/forgot -> careless.forgot"]


def test_a_route_without_a_rule_is_refused_at_request_time(careless_app: Flask) -> None:
    client = careless_app.test_client()
    assert client.get("/careless/open").status_code == 200
    response = client.get("/careless/forgot")
    assert response.status_code == 403
    assert "secret" not in response.text


def test_two_rules_on_one_view_are_a_programming_error() -> None:
    with pytest.raises(TypeError):
        public(public(lambda: None))


def test_pages_need_sign_in_and_roles(client, make_user, login_as) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    login_as(make_user())
    assert client.get("/").status_code == 200


def test_role_rule_refuses_other_roles(app: Flask, db, make_user, login_as) -> None:
    bp = Blueprint("roletest", __name__)

    @bp.get("/only-admins")
    @roles_required(Role.ADMIN)
    def only_admins() -> str:
        return "admin area"

    throwaway = create_app(app.extensions["lms.settings"])
    throwaway.register_blueprint(bp)
    throwaway.test_client_class = type(app.test_client())
    client = throwaway.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = make_user().get_id()
    assert client.get("/only-admins").status_code == 403
    with client.session_transaction() as session:
        session["_user_id"] = make_user(roles=[Role.ADMIN]).get_id()
    assert client.get("/only-admins").text == "admin area"
