from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from tests.core.jobs import jobs_plugin


@pytest.fixture(scope="session")
def app(app_settings: dict[str, Any]) -> Iterator[Flask]:
    """The suite's app plus the test plugin's jobs (immediate mode: testing)."""
    from lms.app import create_app
    from lms.extensions import db as _db
    from lms.testing.plugin import IsolatedClient

    application = create_app(app_settings, plugins=[("jobtest", jobs_plugin)])
    application.test_client_class = IsolatedClient
    with application.app_context():
        _db.create_all()
        _db.session.commit()
    yield application
    with application.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_calls() -> Iterator[None]:
    jobs_plugin.CALLS.clear()
    jobs_plugin.FAILURES_LEFT.clear()
    yield
