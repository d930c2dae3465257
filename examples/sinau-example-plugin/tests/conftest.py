"""The example plugin's tests run on an app with every installed plugin enabled, ``kelas``
included (the suite's own app enables only the plugins Sinau ships); Sinau's pytest fixtures
(``db``, ``client``, ``login_as``...) come from its pytest plugin, ``lms.testing.plugin``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from lms.plugins.manager import discover


@pytest.fixture(scope="session")
def app(app_settings: dict[str, Any]) -> Iterator[Flask]:
    from lms.app import create_app
    from lms.core.competency_framework import ensure_national_competencies
    from lms.core.services.employee_types import ensure_builtin
    from lms.extensions import db
    from lms.testing.plugin import IsolatedClient

    application = create_app({**app_settings, "LMS_PLUGINS": ",".join(sorted(discover()))})
    application.test_client_class = IsolatedClient
    with application.app_context():
        db.create_all()
        ensure_national_competencies()
        ensure_builtin()
        db.session.commit()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()
