"""Fixtures of the team, assignment and reminder tests (handed out as fixtures: with
``--import-mode=importlib`` a test file cannot import this conftest).

* ``team``: an agency: ``Dinas Uji`` headed by ``kadis``; its ``Bidang A`` headed by ``kabid``
  (also the direct supervisor of ``ani`` and ``budi`` in Bidang A); ``Seksi A1`` below Bidang A
  with ``citra`` (supervised by ``kasi``); ``dodi`` in another agency; an ``admin``.
* ``finish(user, course)``: enrol (if needed) and complete every lesson.
* ``course(slug, **kw)``: a small published course (the real importer).
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from lms.core.models import Role
from lms.core.services import learning


@pytest.fixture
def team(db, make_user, make_unit, make_position) -> SimpleNamespace:
    dinas = make_unit("Dinas Uji")
    bidang = make_unit("Dinas Uji > Bidang A")
    seksi = make_unit("Dinas Uji > Bidang A > Seksi A1")
    other = make_unit("Dinas Lain > Bidang Lain")
    staff_position = make_position("Analis Uji")
    kadis = make_user(name="Kadis", roles=[Role.SUPERVISOR], unit=dinas)
    kabid = make_user(name="Kabid", roles=[Role.SUPERVISOR], unit=bidang, supervisor=kadis)
    kasi = make_user(name="Kasi", roles=[Role.SUPERVISOR], unit=seksi, supervisor=kabid)
    ani = make_user(name="Ani", unit=bidang, supervisor=kabid, position=staff_position)
    budi = make_user(name="Budi", unit=bidang, supervisor=kabid)
    citra = make_user(name="Citra", unit=seksi, supervisor=kasi, position=staff_position)
    dodi = make_user(name="Dodi", unit=other, position=staff_position)
    admin = make_user(name="Admin", roles=[Role.ADMIN])
    dinas.head_id, bidang.head_id, seksi.head_id = kadis.id, kabid.id, kasi.id
    db.session.flush()
    return SimpleNamespace(dinas=dinas, bidang=bidang, seksi=seksi, other=other, position=staff_position,
                           kadis=kadis, kabid=kabid, kasi=kasi, ani=ani, budi=budi, citra=citra, dodi=dodi,
                           admin=admin)


@pytest.fixture
def finish(db) -> Callable[[Any, Any], None]:
    def run(user: Any, course: Any) -> None:
        enrollment = learning.enrollment_of(user, course) or learning.enroll(user, course)
        for item in learning.published_items(course):
            learning.mark_done(user, course, item.key)
        db.session.flush()
        db.session.refresh(enrollment)

    return run


@pytest.fixture
def course(db, make_course) -> Callable[..., Any]:
    def make(slug: str = "integritas", **kwargs: Any) -> Any:
        kwargs.setdefault("title", f"Kursus {slug.title()}")
        kwargs.setdefault("lessons", 2)
        return make_course(slug, **kwargs)

    return make


class _Inbox:
    """aiosmtpd handler: keeps every message received."""

    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        from email import message_from_bytes
        from email.policy import default

        message = message_from_bytes(envelope.content, policy=default)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[Any]:
        return [m for m in self.messages if m["To"] == address]


def _pick_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def free_port() -> Callable[[], int]:
    """``free_port()``: a local TCP port nobody listens on."""
    return _pick_port


@pytest.fixture
def smtp_server():
    """A real SMTP server on a free local port (aiosmtpd): ``.url``, ``.inbox.messages``."""
    from aiosmtpd.controller import Controller

    inbox = _Inbox()
    port = _pick_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield SimpleNamespace(url=f"smtp://127.0.0.1:{port}", inbox=inbox, port=port)
    finally:
        controller.stop()


@pytest.fixture
def with_smtp(app, smtp_server, monkeypatch):
    """The app's settings pointing at ``smtp_server`` for this test."""
    from dataclasses import replace

    settings = app.extensions["lms.settings"]
    monkeypatch.setitem(app.extensions, "lms.settings", replace(settings, smtp_url=smtp_server.url,
                                                                mail_from="Sinau Uji <sinau@uji.example>"))
    return smtp_server
