"""The suite's app plus the ``poster`` test plugin (``demo_plugin``), which ships its own static files."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask


@pytest.fixture(scope="session")
def app(app_settings: dict[str, Any]) -> Iterator[Flask]:
    from lms.app import create_app
    from lms.extensions import db as _db
    from lms.testing.plugin import IsolatedClient
    from tests.plugins.assets import demo_plugin

    application = create_app(app_settings, plugins=[("poster", demo_plugin)])
    application.test_client_class = IsolatedClient
    with application.app_context():
        _db.create_all()
        _db.session.commit()
    yield application
    with application.app_context():
        _db.session.remove()
        _db.engine.dispose()
