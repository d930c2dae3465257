"""Helpers for JSON API endpoints under ``/api/v1``, for core and plugin blueprints alike.

How to add an endpoint (a plugin does exactly what core does)
-------------------------------------------------------------
1. Put the view on any blueprint whose rules start with ``/api/v1`` (a plugin's own blueprint
   with ``url_prefix="/api/v1"``, returned by ``lms_register_blueprints``).
2. Decorate it with :func:`lms.web.access.api` (``@api()`` or ``@api(Role.SUPERVISOR)``);
   ``api_user()`` is the caller. Object-level rules (whose records) are the view's to check.
3. Document it in its docstring: free text, then a line ``---``, then YAML keyed by the
   lower-case HTTP method, holding an OpenAPI 3 operation::

       def start_attempt(slug: str, key: str) -> ApiResponse:
           '''Start a quiz attempt.
           ---
           post:
             summary: Start a quiz attempt
             tags: [quiz]
             requestBody:
               content:
                 application/json:
                   schema: QuizAttemptRequestSchema
             responses:
               201:
                 description: The attempt
                 content:
                   application/json:
                     schema: QuizAttemptSchema
               404: NotFound
               409: Conflict
           '''

   * ``schema:`` names a marshmallow schema class by its class name (marshmallow's class
     registry, so the name must be unique across the app: prefix it with your plugin's name)
     or by its dotted import path. apispec turns it into ``#/components/schemas/<Name>``
     (the class name without ``Schema``).
   * Error responses are referenced by name: ``BadRequest`` (400), ``NotFound`` (404),
     ``Forbidden`` (403), ``Conflict`` (409), ``Invalid`` (422), all with the :class:`ErrorSchema`
     body. ``401 Unauthorized`` is added to every ``@api`` operation, ``403 Forbidden`` to every
     ``@api(role, ...)`` one, and ``400``/``422`` to every operation with a request body.
     To say which error ``code`` a status carries, write the response out with
     ``description: ...`` and ``content: {application/json: {schema: ErrorSchema}}``.
   * Path parameters are generated from the URL rule (``<int:attempt_id>`` becomes an integer
     parameter ``attempt_id``); list a parameter only to add a description.
   * ``security`` is set from the access rule: bearer for ``@api``, none for ``@public``.

   :mod:`lms.web.api.openapi` walks ``app.url_map`` and feeds every ``/api/v1`` rule to
   apispec (with its marshmallow plugin): the document is generated, never written by hand.
   A test fails when a rule under ``/api/v1`` has no operation in the document.
4. Read input with :func:`load_json` (400 when the body is not a JSON object, 422 with
   per-field messages when the schema refuses it) or :func:`load_args` (query strings); write
   output with :func:`respond` (``schema.dump``, so what is sent is what is documented).
   Response schemas derive from :class:`Out` and mark always-sent fields ``required=True``
   and nullable ones ``allow_none=True`` (the schemathesis test holds the API to both).
5. Refuse with :func:`abort_json` (any status and code), or let a
   :class:`~lms.core.services.learning.LearningError` out of ``with learning_errors():``
   (or return :func:`learning_error_response`): its code picks the status (``LEARNING_STATUS``).

Errors are always ``{"error": {"code": "...", "message": "...", "fields": {...}?}}``; ``fields``
appears on 422 validation errors only. Views never commit: the request's single commit (or
rollback on a status >= 400) happens in ``lms.web.setup_web``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, NoReturn

from flask import Response, jsonify, request
from flask_babel import gettext as _
from marshmallow import EXCLUDE, Schema, ValidationError, fields
from werkzeug.exceptions import abort

from lms.core.services.learning import LearningError

ApiResponse = Response | tuple[Response, int]

PREFIX = "/api/v1"

#: LearningError.code -> HTTP status
LEARNING_STATUS: dict[str, int] = {
    "not_found": 404,
    "assigned_only": 409,
    "conflict": 409,
    "prerequisites": 422,
    "invalid": 422,
    "denied": 403,
}

#: Reusable error responses: name -> (status, description). Registered as
#: ``#/components/responses/<name>``; refer to them by name in a docstring.
ERROR_RESPONSES: dict[str, tuple[int, str]] = {
    "BadRequest": (400, "The body is not valid JSON, or not a JSON object"),
    "Unauthorized": (401, "No bearer token, or an unknown, revoked or inactive one"),
    "Forbidden": (403, "The caller may not do this or read these records"),
    "NotFound": (404, "Unknown resource"),
    "Conflict": (409, "The resource's state does not allow this"),
    "TooLarge": (413, "The body is larger than the site accepts"),
    "Invalid": (422, "The input is understood but refused (field errors in `fields`)"),
}


class Out(Schema):
    """Base of response schemas. Load-side ``unknown = EXCLUDE``, so that the document does not
    say ``additionalProperties: false``: fields may be added beside the documented ones
    (the API's promise: new fields may appear beside the documented ones) without breaking clients that validate."""

    class Meta:
        unknown = EXCLUDE


class ErrorDetailSchema(Schema):
    class Meta:
        unknown = EXCLUDE  # the document allows fields beside code and message

    code = fields.String(required=True, metadata={"description": "Stable, machine-readable code"})
    message = fields.String(required=True, metadata={"description": "Human-readable, in the site's language"})
    field_errors = fields.Dict(
        keys=fields.String(), values=fields.Raw(), data_key="fields",
        metadata={"description": "Per-field messages (validation errors only)"},
    )


class ErrorSchema(Schema):
    """Every error of the API."""

    class Meta:
        unknown = EXCLUDE

    error = fields.Nested(ErrorDetailSchema, required=True)


# --------------------------------------------------------------------------- errors


def json_error(status: int, code: str, message: str, *,
               field_errors: Mapping[str, Any] | None = None) -> Response:
    """An error response in the API's shape (with ``WWW-Authenticate`` on 401)."""
    detail: dict[str, Any] = {"code": code, "message": str(message)}
    if field_errors is not None:
        detail["fields"] = dict(field_errors)
    response = jsonify({"error": detail})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="sinau"'
    return response


def abort_json(status: int, code: str, message: str, *,
               field_errors: Mapping[str, Any] | None = None) -> NoReturn:
    """Stop the view with :func:`json_error` (the response is raised as is: werkzeug's
    ``abort(response)``; the app's error pages do not rewrite it)."""
    abort(json_error(status, code, message, field_errors=field_errors))


def learning_error_response(exc: LearningError) -> Response:
    """The response for a refused learning action: 404/409/422/403 by ``exc.code``."""
    return json_error(LEARNING_STATUS.get(exc.code, 409), exc.code, exc.message)


@contextmanager
def learning_errors() -> Iterator[None]:
    """``with learning_errors(): learning.enroll(...)``: a LearningError stops the view with
    :func:`learning_error_response`."""
    try:
        yield
    except LearningError as exc:
        abort(learning_error_response(exc))


def not_found(message: str | None = None) -> NoReturn:
    abort_json(404, "not_found", message or _("Tidak ditemukan."))


def forbidden(message: str | None = None) -> NoReturn:
    abort_json(403, "forbidden", message or _("Anda tidak memiliki akses ke data ini."))


# --------------------------------------------------------------------------- input


def load_json(schema: Schema, *, empty_ok: bool = False) -> dict[str, Any]:
    """The request body validated by ``schema``.

    400 ``bad_request`` when the body is not JSON (by content type or syntax) or not an object;
    422 ``invalid`` with ``fields`` when ``schema`` refuses it. ``empty_ok``: no body at all is
    read as ``{}`` (for endpoints whose body is optional).
    """
    raw = request.get_data(cache=True)
    if not raw.strip() and empty_ok:
        payload: Any = {}
    else:
        if not request.is_json:
            abort_json(400, "bad_request", _("Kirim data sebagai JSON (Content-Type: application/json)."))
        payload = request.get_json(silent=True)
        if payload is None:
            abort_json(400, "bad_request", _("Isi permintaan bukan JSON yang valid."))
    if not isinstance(payload, dict):
        abort_json(400, "bad_request", _("Isi permintaan harus berupa objek JSON."))
    return _validate(schema, payload)


def load_args(schema: Schema) -> dict[str, Any]:
    """The query string validated by ``schema`` (422 ``invalid`` with ``fields``)."""
    return _validate(schema, request.args.to_dict())


def _validate(schema: Schema, data: Mapping[str, Any]) -> dict[str, Any]:
    try:
        return schema.load(data)
    except ValidationError as exc:
        messages = exc.messages if isinstance(exc.messages, dict) else {"_schema": exc.messages}
        abort_json(422, "invalid", _("Data tidak valid."), field_errors=messages)


# --------------------------------------------------------------------------- output


def respond(schema: Schema, data: Any, status: int = 200) -> Response:
    """``schema.dump(data)`` as JSON with ``status``."""
    response = jsonify(schema.dump(data))
    response.status_code = status
    return response
