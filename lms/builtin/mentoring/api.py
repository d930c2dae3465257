"""The mentoring JSON API (``/api/v1/mentoring/...``): a relation's session log, logging a
session (the mentee) and confirming one (the mentor). Access as the pages: the pair and
admins read the notes; a supervisor of the mentee sees the sessions without them; anyone
else gets 404. Refusals keep the pages' words and statuses."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request
from flask_babel import gettext as _
from marshmallow import RAISE, Schema, fields, validate

from lms.plugins import API_PREFIX, ApiResponse, Out, abort_json, api_access, api_user, load_json, not_found, respond

from . import queries, service
from .models import Relation, Session

api_bp = Blueprint("mentoring_api", __name__, url_prefix=f"{API_PREFIX}/mentoring")


class MentoringSessionSchema(Out):
    id = fields.Integer(required=True)
    held_on = fields.Date(required=True)
    minutes = fields.Integer(required=True)
    competencies = fields.List(fields.String(), required=True, metadata={"description": "Competency codes"})
    state = fields.String(required=True, validate=validate.OneOf(["pending", "confirmed", "returned"]))
    notes = fields.String(allow_none=True, metadata={"description": "Null for a supervisor: the pair's only"})
    actions = fields.String(allow_none=True, metadata={"description": "Null for a supervisor"})
    return_comment = fields.String(allow_none=True)


class MentoringSessionListSchema(Out):
    relation_id = fields.Integer(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(["mentoring", "coaching"]))
    state = fields.String(required=True, validate=validate.OneOf(["proposed", "active", "ended"]))
    sessions = fields.List(fields.Nested(MentoringSessionSchema), required=True)


class MentoringSessionInSchema(Schema):
    class Meta:
        unknown = RAISE

    held_on = fields.Date(required=True)
    minutes = fields.Integer(required=True, validate=validate.Range(min=1, max=service.MAX_MINUTES))
    competencies = fields.List(fields.String(validate=validate.Length(max=80)), load_default=list)
    notes = fields.String(load_default="", validate=validate.Length(max=4000))
    actions = fields.String(load_default="", validate=validate.Length(max=2000))


def _relation(relation_id: int) -> Relation:
    relation = queries.relation(relation_id)
    if relation is None or not service.may_see(api_user(), relation):
        not_found(_("Pasangan tidak ditemukan."))
    return relation


def _session(session: Session, notes: bool) -> dict[str, Any]:
    return {"id": session.id, "held_on": session.held_on, "minutes": session.minutes,
            "competencies": list(session.competencies), "state": session.state,
            "notes": session.notes if notes else None, "actions": session.actions if notes else None,
            "return_comment": session.return_comment if notes else None}


def _refused(exc: service.MentoringError) -> None:
    code = {403: "forbidden", 404: "not_found", 409: "conflict"}.get(exc.status, "invalid")
    abort_json(exc.status, code, exc.message)


@api_bp.route("/relations/<int:relation_id>/sessions", methods=["GET", "POST"])
@api_access()
def sessions(relation_id: int) -> ApiResponse:
    """A relation's session log, newest first (GET); the mentee logs a session, which waits for
    the mentor's confirmation (POST). One rule for both methods: as two rules, an id too large
    for the database matched the GET rule's path and a POST got 405 instead of 404.
    ---
    get:
      summary: The sessions of a mentoring or coaching relation
      tags: [mentoring]
      responses:
        200:
          description: The sessions; `notes` and `actions` are null for a supervisor
          content:
            application/json:
              schema: MentoringSessionListSchema
        404: NotFound
    post:
      summary: Log a mentoring or coaching session
      tags: [mentoring]
      requestBody:
        required: true
        content:
          application/json:
            schema: MentoringSessionInSchema
      responses:
        201:
          description: The session, waiting for confirmation
          content:
            application/json:
              schema: MentoringSessionSchema
        403:
          description: The caller is not the mentee (code `forbidden`)
          content:
            application/json:
              schema: ErrorSchema
        404: NotFound
        409:
          description: The relation is not active (code `conflict`)
          content:
            application/json:
              schema: ErrorSchema
        422: Invalid
    """
    if request.method == "POST":
        return _log_session(relation_id)
    relation = _relation(relation_id)
    notes = service.may_read_notes(api_user(), relation)
    return respond(MentoringSessionListSchema(), {
        "relation_id": relation.id, "kind": relation.kind, "state": relation.state,
        "sessions": [_session(s, notes) for s in queries.sessions(relation)]})


def _log_session(relation_id: int) -> ApiResponse:
    relation = _relation(relation_id)
    body = load_json(MentoringSessionInSchema())
    try:
        session = service.log_session(api_user(), relation, body["held_on"], body["minutes"], body["competencies"],
                                      body["notes"], body["actions"])
    except service.MentoringError as exc:
        _refused(exc)
    return respond(MentoringSessionSchema(), _session(session, True), 201)


@api_bp.post("/relations/<int:relation_id>/sessions/<int:session_id>/confirmation")
@api_access()
def confirm_session(relation_id: int, session_id: int) -> ApiResponse:
    """The mentor confirms a session (again: nothing changes); its JP and evidence follow.
    ---
    post:
      summary: Confirm a logged session
      tags: [mentoring]
      responses:
        200:
          description: The confirmed session
          content:
            application/json:
              schema: MentoringSessionSchema
        403:
          description: The caller is not the mentor (code `forbidden`)
          content:
            application/json:
              schema: ErrorSchema
        404: NotFound
    """
    relation = _relation(relation_id)
    session = queries.session_of(relation, session_id)
    if session is None:
        not_found(_("Pertemuan tidak ditemukan."))
    try:
        service.confirm(api_user(), session)
    except service.MentoringError as exc:
        _refused(exc)
    return respond(MentoringSessionSchema(), _session(session, True))
