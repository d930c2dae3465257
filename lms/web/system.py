"""Operational endpoints."""

from __future__ import annotations

from flask import Blueprint, Response

from lms.core.queries.system import database_answers
from lms.extensions import limiter
from lms.web.access import public

bp = Blueprint("system", __name__)


@bp.get("/healthz")
@public
@limiter.exempt
def healthz() -> Response:
    """``ok`` only when the database answers (load balancers poll this)."""
    if not database_answers():
        return Response("database unavailable\n", status=503, mimetype="text/plain")
    return Response("ok\n", mimetype="text/plain", headers={"Cache-Control": "no-store"})
