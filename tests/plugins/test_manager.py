"""The plugin host: discovery, enabling, validation, clashes, filters and events."""

import logging
import sys
import types
from pathlib import Path

import pytest
from sqlalchemy import select

from lms.app import create_app
from lms.core import transaction
from lms.core.models import Unit
from lms.plugins import ActivityType, hookimpl
from lms.plugins.errors import PluginError
from lms.plugins.manager import discover, load_plugins
from lms.testing.plugin import settings_for


def test_builtin_lesson_is_an_entry_point_like_any_plugin() -> None:
    installed = discover()
    assert installed["lesson"].value == "lms.builtin.lesson.plugin"
    host = load_plugins(None)
    assert "lesson" in host.names
    assert host.activities.for_filename("01-pengantar.md").name == "lesson"


def test_lms_plugins_enables_a_subset(tmp_path: Path) -> None:
    app = create_app(settings_for(tmp_path, LMS_PLUGINS=""))
    host = app.extensions["lms.host"]
    assert host.names == [] and "lesson" in host.installed
    assert host.activities.for_filename("01-pengantar.md") is None


def test_unknown_plugin_name_in_settings_stops_start_up() -> None:
    with pytest.raises(PluginError, match="not installed: typo-plugin"):
        load_plugins(["typo-plugin"])


class Throwaway:
    """A plugin registered for this test session only."""

    def __init__(self) -> None:
        self.events: list[tuple[str, int]] = []

    @hookimpl
    def lms_on_user_enrolled(self, user_id: int, course_id: int) -> None:
        self.events.append(("enrolled", user_id))

    @hookimpl
    def lms_check_enrollment(self, user, course):
        return "kuota penuh" if course == "full" else None


def test_a_throwaway_plugin_takes_part_in_filters(tmp_path: Path) -> None:
    plugin = Throwaway()
    host = load_plugins([], extra=[("throwaway", plugin)])
    assert host.hook.lms_check_enrollment(user=None, course="full") == ["kuota penuh"]
    assert host.hook.lms_check_enrollment(user=None, course="open") == []


def test_an_unknown_hook_implementation_stops_start_up() -> None:
    class Typo:
        @hookimpl
        def lms_on_course_complete(self, completion_id):  # missing "d": would never fire
            pass

    with pytest.raises(PluginError, match="'typo'.*unknown hook"):
        load_plugins([], extra=[("typo", Typo())])


def test_a_plugin_that_fails_to_load_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from lms.plugins import manager

    class BrokenEntryPoint:
        name, value = "broken", "broken_plugin"

        def load(self):
            raise ImportError("No module named 'requests_oauthlib'")

    monkeypatch.setattr(manager, "discover", lambda: {"broken": BrokenEntryPoint()})
    with pytest.raises(PluginError, match="plugin 'broken' failed to load: ImportError"):
        load_plugins(None)


def test_two_plugins_claiming_one_suffix_clash() -> None:
    class Markdownish(ActivityType):
        name, suffixes = "notes", (".md",)

    class Clash:
        @hookimpl
        def lms_register_activity_types(self):
            return [Markdownish()]

    with pytest.raises(PluginError, match="'.md'.*already claimed by activity type 'lesson'"):
        load_plugins(["lesson"], extra=[("clash", Clash())])


def test_a_plugin_can_publish_its_own_hookspecs() -> None:
    spec_module = types.ModuleType("throwaway_specs")
    exec(  # noqa: S102 - defining a spec module in the test
        "from lms.plugins import hookspec\n"
        "@hookspec\n"
        "def throwaway_kinds():\n    '''kinds'''\n",
        spec_module.__dict__,
    )
    sys.modules["throwaway_specs"] = spec_module

    class Publisher:
        @hookimpl
        def lms_add_hookspecs(self, pluginmanager):
            pluginmanager.add_hookspecs(spec_module)

    class Consumer:
        @hookimpl
        def throwaway_kinds(self):
            return "matrix"

    host = load_plugins([], extra=[("publisher", Publisher()), ("consumer", Consumer())])
    assert host.hook.throwaway_kinds() == ["matrix"]


def test_events_fire_after_commit_and_a_failing_handler_undoes_nothing(
    app, db, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[str] = []

    class Good:
        @hookimpl
        def lms_on_user_enrolled(self, user_id, course_id):
            calls.append("good")
            db.session.add(Unit(name="dibuat oleh handler", path="/x/"))

    class Bad:
        @hookimpl
        def lms_on_user_enrolled(self, user_id, course_id):
            db.session.add(Unit(name="tidak boleh tersimpan", path="/y/"))
            raise RuntimeError("boom")

    host = app.extensions["lms.host"]
    host.pm.register(Good(), name="good-handler")
    host.pm.register(Bad(), name="bad-handler")
    try:
        db.session.add(Unit(name="pekerjaan peserta", path="/z/"))
        transaction.emit("user_enrolled", user_id=1, course_id=2)
        assert calls == []  # nothing before the commit
        with caplog.at_level(logging.ERROR):
            transaction.commit()
        assert calls == ["good"]
        names = set(db.session.scalars(select(Unit.name)))
        assert {"pekerjaan peserta", "dibuat oleh handler"} <= names
        assert "tidak boleh tersimpan" not in names
        assert "bad-handler" in caplog.text and "lms_on_user_enrolled" in caplog.text
    finally:
        host.pm.unregister(name="good-handler")
        host.pm.unregister(name="bad-handler")


def test_rollback_discards_queued_events(app, db) -> None:
    transaction.emit("user_enrolled", user_id=1, course_id=2)
    transaction.rollback()
    assert transaction.pending_events() == []
