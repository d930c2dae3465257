"""The package's files (``/scorm/content/<item>/<path>``, a path of its own with its own CSP,
framed by the learner's item page) and the runtime's commits (``/scorm/<slug>/<key>/commit``)."""

from __future__ import annotations

import io
import json
import mimetypes
import threading
import zipfile
from collections import OrderedDict

from flask import Blueprint, Response, abort, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from lms.builtin.scorm import runtime_data
from lms.builtin.scorm.package import safe_member
from lms.plugins import (
    Course,
    CourseItem,
    CourseRevision,
    LearningError,
    Role,
    csrf_in_body,
    db,
    enrollment_of,
    login_required,
    media_bytes,
    published_course,
)

bp = Blueprint("scorm", __name__, template_folder="templates")

#: What a package's pages may do: run their own (often inline) scripts and styles, load their
#: own files; nothing from elsewhere, no plugins, no form posts out, framed only by Sinau.
CONTENT_CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
    "frame-ancestors 'self'",
])

_CACHE: OrderedDict[str, zipfile.ZipFile] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 4  # a few packages open at once; each is read from the store once, not per file


def _archive(sha256: str) -> zipfile.ZipFile | None:
    with _CACHE_LOCK:
        if sha256 in _CACHE:
            _CACHE.move_to_end(sha256)
            return _CACHE[sha256]
    data = media_bytes(sha256)
    if data is None:
        return None
    archive = zipfile.ZipFile(io.BytesIO(data))
    with _CACHE_LOCK:
        _CACHE[sha256] = archive
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)[1].close()
    return archive


def _may_play(item: CourseItem) -> bool:
    """Learners enrolled in the item's course; trainers and admins (who preview courses)."""
    me = current_user._get_current_object()
    if me.has_role(Role.ADMIN, Role.TRAINER):
        return True
    revision = db.session.get(CourseRevision, item.revision_id)
    course = db.session.get(Course, revision.course_id) if revision is not None else None
    return course is not None and enrollment_of(me, course) is not None


@bp.get("/scorm/content/<int:item_id>/<path:name>")
@login_required
def content(item_id: int, name: str) -> Response:
    item = db.session.get(CourseItem, item_id)
    if item is None or item.type != "scorm" or not _may_play(item):
        abort(404)
    member = safe_member(name)
    package = item.content.get("package")
    archive = _archive(package) if member and package else None
    if archive is None or member is None:
        abort(404)
    try:
        data = archive.read(member)
    except KeyError:
        abort(404)
    mimetype = mimetypes.guess_type(member)[0] or "application/octet-stream"
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Security-Policy"] = CONTENT_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


@bp.post("/scorm/<slug>/<path:key>/commit")
@login_required
@csrf_in_body
def commit(slug: str, key: str) -> tuple[Response, int]:
    """One ``LMSCommit`` (JSON, the CSRF token in a header), or the last one at unload (a beacon:
    scorm-again's own, JSON as text with ``csrf_token`` inside, or the player's, a form with
    ``csrf_token`` and ``payload``). Always the signed-in learner's own data."""
    course = published_course(slug)
    if course is None:
        return _refused("not_found", 404)
    raw = request.form.get("payload") if request.form else request.get_data(as_text=True)
    try:
        payload = json.loads(raw or "")
    except ValueError:
        return _refused(_("data SCORM bukan JSON"), 400)
    try:
        data = runtime_data.parse_commit(payload)
        runtime_data.commit(current_user._get_current_object(), course, key, data)
    except LearningError as exc:
        status = {"not_found": 404, "invalid": 422, "conflict": 409}.get(exc.code, 403)
        return _refused(exc.message, status)
    return jsonify(result=True, errorCode=0), 200


def _refused(message: str, status: int) -> tuple[Response, int]:
    # The shape scorm-again reads: result false makes LMSCommit answer "false" to the package.
    return jsonify(result=False, errorCode=101, message=message), status
