"""The OpenAPI document: generated from the URL map, valid, complete, and open to plugins."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
import schemathesis
from flask import Blueprint, Flask, jsonify
from marshmallow import Schema, fields

from lms.app import create_app
from lms.plugins import hookimpl
from lms.testing.plugin import settings_for
from lms.web.access import api
from lms.web.api.openapi import api_operations, dangling_refs, openapi_document, undocumented


@pytest.fixture
def document(client) -> dict[str, Any]:  # noqa: ANN001
    response = client.get("/api/v1/openapi.json")  # no token: the document is public
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def test_the_document_is_valid_openapi_3(document) -> None:
    assert document["openapi"].startswith("3.")
    schemathesis.openapi.from_dict(document).validate()
    assert dangling_refs(document) == []


def test_the_validation_can_fail(document) -> None:
    broken = copy.deepcopy(document)
    broken["paths"]["/api/v1/me"]["get"]["responses"] = "tidak valid"
    with pytest.raises(jsonschema_rs.ValidationError):
        schemathesis.openapi.from_dict(broken).validate()
    broken = copy.deepcopy(document)
    broken["paths"]["/api/v1/me"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/TidakAda"}
    assert dangling_refs(broken) == ["#/components/schemas/TidakAda"]


def test_every_api_rule_of_the_url_map_is_documented(app: Flask, document) -> None:
    assert undocumented(app) == []
    in_map = {(op.method, op.path) for op in api_operations(app)}
    in_document = {(method, path) for path, item in document["paths"].items() for method in item
                   if method != "parameters"}
    assert in_map == in_document
    expected = {("get", "/api/v1/me"), ("get", "/api/v1/courses"), ("get", "/api/v1/courses/{slug}"),
                ("post", "/api/v1/courses/{slug}/enrollment"), ("get", "/api/v1/courses/{slug}/progress"),
                ("post", "/api/v1/courses/{slug}/items/{key}/completion"),
                ("get", "/api/v1/users/{nip}/transcript"), ("get", "/api/v1/users/{nip}/competencies"),
                ("get", "/api/v1/team"), ("get", "/api/v1/openapi.json")}
    assert expected <= in_document


def test_security_and_errors(document) -> None:
    components = document["components"]
    assert components["securitySchemes"]["bearerAuth"] == {"type": "http", "scheme": "bearer"}
    assert components["schemas"]["Error"]["required"] == ["error"]
    assert components["schemas"]["ErrorDetail"]["required"] == ["code", "message"]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if path == "/api/v1/openapi.json":
                assert operation["security"] == []
                continue
            assert operation["security"] == [{"bearerAuth": []}], (method, path)
            assert operation["responses"]["401"] == {"$ref": "#/components/responses/Unauthorized"}
    team = document["paths"]["/api/v1/team"]["get"]
    assert "403" in team["responses"] and "Roles: admin, supervisor." in team["description"]


def test_path_parameters_come_from_the_rule(document) -> None:
    operation = document["paths"]["/api/v1/courses/{slug}/items/{key}/completion"]["post"]
    params = {p["name"]: p for p in operation["parameters"]}
    assert set(params) == {"slug", "key"}
    assert all(p["in"] == "path" and p["required"] for p in params.values())
    nip = document["paths"]["/api/v1/users/{nip}/transcript"]["get"]["parameters"]
    assert nip[0]["name"] == "nip" and nip[0]["description"] == "NIP, bare digits"


def test_the_document_is_built_once(app: Flask) -> None:
    assert openapi_document(app) is openapi_document(app)


# --------------------------------------------------------------------------- a plugin's endpoints


class ApiTestGadgetSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class _GadgetPlugin:
    """A plugin with its own blueprint under /api/v1: one documented view, one forgotten."""

    bp = Blueprint("gadget", __name__, url_prefix="/api/v1")

    @staticmethod
    @bp.get("/gadgets/<int:gadget_id>")
    @api()
    def gadget(gadget_id: int) -> Any:
        """A gadget.
        ---
        get:
          summary: A gadget
          responses:
            200:
              description: The gadget
              content:
                application/json:
                  schema: ApiTestGadgetSchema
            404: NotFound
        """
        return jsonify(ApiTestGadgetSchema().dump({"id": gadget_id, "name": "x"}))

    @staticmethod
    @bp.post("/gadgets")
    @api()
    def forgotten() -> Any:
        return jsonify({})

    @hookimpl
    def lms_register_blueprints(self) -> list[Blueprint]:
        return [self.bp]


@pytest.fixture(scope="module")
def gadget_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    tmp: Path = tmp_path_factory.mktemp("gadget")
    return create_app(settings_for(tmp), plugins=[("gadget", _GadgetPlugin())])


def test_a_plugin_endpoint_appears_in_the_document(gadget_app: Flask) -> None:
    document = gadget_app.test_client().get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/api/v1/gadgets/{gadget_id}"]["get"]
    assert operation["parameters"] == [{"in": "path", "name": "gadget_id", "required": True,
                                        "schema": {"type": "integer", "minimum": 0}}]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ApiTestGadget"}
    assert operation["security"] == [{"bearerAuth": []}]
    assert document["components"]["schemas"]["ApiTestGadget"]["required"] == ["id", "name"]
    schemathesis.openapi.from_dict(document).validate()


def test_a_plugin_endpoint_without_docs_is_reported(gadget_app: Flask) -> None:
    assert undocumented(gadget_app) == ["POST /api/v1/gadgets"]
    document = gadget_app.test_client().get("/api/v1/openapi.json").get_json()
    assert "/api/v1/gadgets" not in document["paths"]


def test_every_status_the_api_can_answer_is_documented(document) -> None:
    """What any request can meet: 400 (malformed), 401 (token), 404 (unknown id or slug in the
    address), 413 and 422 (a body too large, or refused)."""
    for path, item in document["paths"].items():
        for method, operation in item.items():
            statuses = set(operation["responses"])
            assert "400" in statuses, (method, path)
            if "{" in path:
                assert "404" in statuses, (method, path)
            if "requestBody" in operation:
                assert {"413", "422"} <= statuses, (method, path)
    assert "TooLarge" in document["components"]["responses"]


def test_a_body_over_the_limit_is_the_documented_413(app, client, make_user, document) -> None:
    from lms.core.services.tokens import create_token

    _row, token = create_token(make_user())
    limit = app.config["MAX_CONTENT_LENGTH"]
    response = client.post("/api/v1/attempts/1/submission", data=b"{" + b" " * limit + b"}",
                           content_type="application/json", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 413 and response.json["error"]["code"] == "too_large"
    assert "413" in document["paths"]["/api/v1/attempts/{attempt_id}/submission"]["post"]["responses"]
