"""Fixtures for real-browser tests: a live server, Chromium at phone size, axe checks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lms.testing.browser import PHONE, LiveServer, serve
from lms.testing.plugin import IsolatedClient, ScratchDatabase, postgres_url, settings_for

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    from lms.app import create_app
    from lms.extensions import db

    tmp: Path = tmp_path_factory.mktemp("live")
    scratch = ScratchDatabase(postgres_url()) if postgres_url() else None
    url = scratch.create() if scratch else f"sqlite:///{tmp / 'live.db'}"
    app = create_app(settings_for(tmp, url, LMS_LOGIN_RATE_LIMIT="1000 per minute"))
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.create_all()
    with serve(app) as server:
        yield server
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if scratch:
        scratch.drop()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A fresh phone-sized page (360 x 740), no cookies."""
    context = browser.new_context(**PHONE, locale="id-ID")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
