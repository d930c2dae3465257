"""The helpers every API endpoint uses (lms.web.api.base): input, errors, LearningError mapping."""

from __future__ import annotations

from typing import Any

import pytest
from marshmallow import Schema, fields, validate
from werkzeug.exceptions import HTTPException

from lms.core.services.learning import LearningError
from lms.web.api.base import (
    LEARNING_STATUS,
    abort_json,
    json_error,
    learning_error_response,
    learning_errors,
    load_args,
    load_json,
)


class _AnswerSchema(Schema):
    answer = fields.String(required=True, validate=validate.Length(max=5))
    count = fields.Integer()


def _refused(app, call, error_of, status: int, code: str, **request: Any) -> dict[str, Any]:  # noqa: ANN001
    with app.test_request_context("/api/v1/x", method="POST", **request), pytest.raises(HTTPException) as caught:
        call()
    response = caught.value.get_response()
    return error_of(response, status, code)


def test_load_json_accepts_a_valid_object(app) -> None:
    with app.test_request_context("/api/v1/x", method="POST", json={"answer": "ya", "count": 2}):
        assert load_json(_AnswerSchema()) == {"answer": "ya", "count": 2}


@pytest.mark.parametrize("request_kw", [
    {"data": "answer=ya", "content_type": "application/x-www-form-urlencoded"},
    {"data": '{"answer": "ya"', "content_type": "application/json"},
    {"data": '["ya"]', "content_type": "application/json"},
    {"data": '"ya"', "content_type": "application/json"},
    {"data": "", "content_type": "application/json"},
])
def test_load_json_refuses_what_is_not_a_json_object_with_400(app, error_of, request_kw) -> None:
    _refused(app, lambda: load_json(_AnswerSchema()), error_of, 400, "bad_request", **request_kw)


def test_load_json_gives_field_errors_with_422(app, error_of) -> None:
    error = _refused(app, lambda: load_json(_AnswerSchema()), error_of, 422, "invalid",
                     json={"answer": "terlalu panjang", "count": "x", "extra": 1})
    assert set(error["fields"]) == {"answer", "count", "extra"}


def test_an_optional_body_may_be_empty(app) -> None:
    with app.test_request_context("/api/v1/x", method="POST"):
        assert load_json(_OptionalSchema(), empty_ok=True) == {}


class _OptionalSchema(Schema):
    note = fields.String()


def test_load_args_validates_the_query_string(app, error_of) -> None:
    with app.test_request_context("/api/v1/x?count=3"):
        assert load_args(_OptionalCountSchema()) == {"count": 3}
    error = _refused(app, lambda: load_args(_OptionalCountSchema()), error_of, 422, "invalid",
                     query_string={"count": "banyak"})
    assert "count" in error["fields"]


class _OptionalCountSchema(Schema):
    count = fields.Integer()


@pytest.mark.parametrize(("code", "status"), [("not_found", 404), ("assigned_only", 409), ("conflict", 409),
                                               ("prerequisites", 422), ("invalid", 422), ("denied", 403),
                                               ("something_new", 409)])
def test_learning_errors_map_to_statuses(app, error_of, code: str, status: int) -> None:
    with app.test_request_context("/api/v1/x"):
        error = error_of(learning_error_response(LearningError(code, "Pesan.")), status, code)
    assert error["message"] == "Pesan."


def test_every_learning_error_code_has_a_status() -> None:
    documented = {"not_found", "assigned_only", "prerequisites", "denied", "conflict", "invalid"}
    assert set(LEARNING_STATUS) == documented


def test_learning_errors_context_stops_the_view(app, error_of) -> None:
    def view() -> None:
        with learning_errors():
            raise LearningError("prerequisites", "Selesaikan dulu: Dasar.")

    error = _refused(app, view, error_of, 422, "prerequisites")
    assert error["message"] == "Selesaikan dulu: Dasar."


def test_abort_json_and_401_header(app, error_of) -> None:
    _refused(app, lambda: abort_json(409, "already_submitted", "Sudah dikirim."), error_of, 409, "already_submitted")
    with app.test_request_context("/api/v1/x"):
        response = json_error(401, "unauthorized", "Token tidak valid.")
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="sinau"'


def test_an_aborted_view_rolls_back_through_the_app(client, db, make_user, make_course, auth, error_of) -> None:
    """abort_json's response passes the app's after_request (rollback on >= 400) unchanged."""
    make_course("wajib-2", enrollment="assigned")
    response = client.post("/api/v1/courses/wajib-2/enrollment", headers=auth(make_user()))
    error_of(response, 409, "assigned_only")
