"""Fixtures for real-browser tests: a live server, Chromium at phone size, axe checks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lms.testing.browser import CHROMIUM_ARGS, PHONE, LiveServer, chromium_path, serve
from lms.testing.plugin import IsolatedClient, ScratchDatabase, postgres_url, settings_for, skip_or_fail

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


@pytest.fixture(scope="session")
def browser(request: pytest.FixtureRequest) -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        skip_or_fail(request, "require_browser", "browser tests need Debian's chromium (/usr/bin/chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A fresh phone-sized page (360 x 740), no cookies."""
    context = browser.new_context(**PHONE, locale="id-ID")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
