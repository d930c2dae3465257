"""The certificate on the learner's pages, through template slots: a line under each course of
Riwayat diklat (``transcript_row``), the download button of a completed course's card on
Belajar Saya (``completed_course_card``) and the share box of the completion page
(``completion_page``). Core pages know nothing of certificates.

Row slots are asked once per row, so the learner's links are read once per request (on
``flask.g``); the "sedang dibuat" state only where it is shown (Belajar Saya keeps its query
budget)."""

from __future__ import annotations

from typing import Any

from flask import g
from flask_login import current_user

from lms.builtin.certificate import queries
from lms.plugins import SlotContent, render_fragment

TEMPLATES = {
    "transcript_row": "certificate/_transcript_row.html",
    "completed_course_card": "certificate/_course_card.html",
    "completion_page": "certificate/_completion.html",
}
#: Slots that say "sedang dibuat" while the certificate job waits.
SHOWS_PENDING = frozenset({"transcript_row", "completion_page"})


def _links(user_id: int) -> dict[int, queries.TranscriptLink]:
    found = g.get("certificate_links")
    if found is None or found[0] != user_id:
        found = g.certificate_links = (user_id, queries.transcript_links(user_id))
    return found[1]


def _pending(user_id: int) -> set[int]:
    found = g.get("certificate_pending")
    if found is None or found[0] != user_id:
        found = g.certificate_pending = (user_id, queries.pending_certificates(user_id))
    return found[1]


def fill(name: str, context: dict[str, Any]) -> list[SlotContent] | None:
    template = TEMPLATES.get(name)
    completion = context.get("completion")
    if template is None or completion is None or not current_user.is_authenticated \
            or completion.user_id != current_user.id:  # only the owner's own pages show the links
        return None
    cert = _links(completion.user_id).get(completion.id)
    pending = cert is None and name in SHOWS_PENDING and completion.id in _pending(completion.user_id)
    if cert is None and not pending:
        return None
    return [SlotContent(weight=50, html=render_fragment(template, cert=cert, pending=pending))]
