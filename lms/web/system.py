"""Operational endpoints."""

from __future__ import annotations

from flask import Blueprint, Response
from sqlalchemy import text

from lms.extensions import db, limiter
from lms.web.access import public

bp = Blueprint("system", __name__)


@bp.get("/healthz")
@public
@limiter.exempt
def healthz() -> Response:
    """``ok`` only when the database answers (load balancers poll this)."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        db.session.rollback()
        return Response("database unavailable\n", status=503, mimetype="text/plain")
    return Response("ok\n", mimetype="text/plain", headers={"Cache-Control": "no-store"})
