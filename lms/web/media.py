"""Course media: ``/media/<sha256>/<name>``.

The URL carries the content's hash, so a file never changes under its URL and can be cached
for a year by browsers (weak mobile data: a learner downloads each image once). Media is for
signed-in users only, and only for the media files of a course (never a course's sources, which
hold the quizzes' answer keys), of the types a course may hold (sniffed on import and upload),
with ``nosniff`` and its own sandboxing CSP.
"""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, request

from lms.core.filetype import media_content_types
from lms.core.media_store import media_store
from lms.core.queries.media import is_course_media
from lms.web.access import login_required

bp = Blueprint("media", __name__)
_SHA = re.compile(r"^[0-9a-f]{64}$")
INLINE_TYPES = ("image/", "audio/", "video/", "application/pdf", "text/plain")


@bp.get("/media/<sha256>/<path:name>")
@login_required
def media(sha256: str, name: str) -> Response:
    if not _SHA.match(sha256):
        abort(404)
    etag = f'"{sha256}"'
    if request.headers.get("If-None-Match") == etag:
        return Response(status=304, headers={"ETag": etag, "Cache-Control": "private, max-age=31536000, immutable"})
    if not is_course_media(sha256):  # never a course's sources nor a private upload
        abort(404)
    found = media_store().get(sha256)
    if found is None:
        abort(404)
    blob, data = found
    if blob.content_type not in media_content_types():  # stored before media were sniffed (an SVG)
        abort(404)
    inline = blob.content_type.startswith(INLINE_TYPES)
    response = Response(data, mimetype=blob.content_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    response.headers["ETag"] = etag
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    disposition = "inline" if inline else "attachment"
    safe_name = re.sub(r'[^A-Za-z0-9._-]', "_", name.rsplit("/", 1)[-1]) or "berkas"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{safe_name}"'
    return response
