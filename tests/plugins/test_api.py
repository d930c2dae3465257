"""The public surface (``lms.plugins``): every name exported, documented in one line, sorted."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

import lms.plugins

api = importlib.import_module("lms.plugins.api")  # the package's ``api`` name is not this module

API = Path(api.__file__)


def _documented_names() -> dict[str, str]:
    """Name bound at module level in api.py -> the comment or docstring line that explains it."""
    lines = API.read_text(encoding="utf-8").splitlines()
    found: dict[str, str] = {}
    for node in ast.parse(API.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                found[alias.asname or alias.name] = lines[alias.lineno - 1].partition("#")[2].strip()
        elif isinstance(node, ast.FunctionDef):
            found[node.name] = (ast.get_docstring(node) or "").strip()
    return found


def test_the_package_exports_exactly_the_surface() -> None:
    assert lms.plugins.__all__ == api.__all__
    for name in api.__all__:
        assert getattr(lms.plugins, name) is getattr(api, name)


def test_all_is_sorted_so_parallel_additions_merge() -> None:
    assert api.__all__ == sorted(api.__all__)
    assert len(set(api.__all__)) == len(api.__all__)


def test_every_exported_name_is_documented() -> None:
    documented = _documented_names()
    undocumented = [name for name in api.__all__ if not documented.get(name)]
    assert undocumented == [], f"give each a one-line comment in lms/plugins/api.py: {undocumented}"
    unexported = sorted(set(documented) - set(api.__all__) - {"annotations"})
    assert unexported == [], f"imported in api.py but not in __all__: {unexported}"


def test_the_issue_names_are_public() -> None:
    # issue #15 item 1: what a plugin needs without importing internals
    for name in ("User", "Role", "Course", "Enrollment", "utcnow", "site_zone", "site_setting",
                 "plugin_settings", "emit", "EmptyForm", "login_required", "roles_required", "public",
                 "api_access", "AdminSection", "render_fragment", "ItemView", "load_json", "respond",
                 "not_found", "Out", "API_PREFIX", "notify", "audit_record", "job", "enqueue",
                 "publish_event"):
        assert name in lms.plugins.__all__, name


def test_notify_creates_one_notification_per_key(app, db, make_user) -> None:
    """(A plugin's own kinds, declared with lms_notification_kinds: tests/plugins/test_plugin_words.py.)"""
    from lms.core.models import Notification

    user = make_user()
    assert lms.plugins.notify(user.id, "token_expiring", key=f"token_expiring:7:{user.id}",
                              params={"name": "Cuti"}, link="/me") is True
    assert lms.plugins.notify(user.id, "token_expiring", key=f"token_expiring:7:{user.id}") is False
    rows = db.session.scalars(select(Notification).where(Notification.user_id == user.id)).all()
    assert [(n.kind, n.params, n.link) for n in rows] == [("token_expiring", {"name": "Cuti"}, "/me")]
    with pytest.raises(ValueError, match="lms_notification_kinds"):  # an undeclared kind: a typo
        lms.plugins.notify(user.id, "forum_reply", key=f"forum_reply:7:{user.id}")


def test_site_time_helpers_use_the_site_zone(app) -> None:
    from datetime import UTC, date, datetime

    with app.app_context():
        zone = lms.plugins.site_zone()
        late_evening_utc = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)  # 03:00 next day in Jakarta
        assert str(zone) == app.extensions["lms.settings"].timezone
        expected = late_evening_utc.astimezone(zone).date()
        assert lms.plugins.local_date(late_evening_utc) == expected
        end = lms.plugins.end_of_local_day(date(2026, 12, 31))
        assert end.tzinfo == zone and (end.hour, end.minute) == (23, 59)


@pytest.mark.parametrize("module", ["lms.plugins.api", "lms.core.jobs", "lms.core.models", "lms.plugins.activity"])
def test_importing_the_surface_or_core_first_is_not_circular(module: str) -> None:
    # lms.plugins loads its surface on first use: core modules import lms.plugins.* while they
    # load, so an eager surface made "import lms.core.jobs" fail in a fresh interpreter.
    done = subprocess.run([sys.executable, "-c", f"import {module}; import lms.plugins; lms.plugins.User"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
