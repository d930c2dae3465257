"""Finding, enabling and calling plugins.

Plugins are found through the ``lms.plugins`` entry-point group (our built-ins too), enabled by
``LMS_PLUGINS`` (default: every installed one), and registered on a pluggy ``PluginManager``
owned by the app (``app.extensions['lms.host']``): no global registry is mutated.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import click
import pluggy
from flask import Blueprint

from lms.assets import plugin_static_folder
from lms.plugins import hookspecs
from lms.plugins.activity import ActivityRegistry
from lms.plugins.errors import PluginError

log = logging.getLogger(__name__)
ENTRY_POINT_GROUP = "lms.plugins"


@dataclass
class PluginHost:
    """The loaded plugins of one app and what they registered."""

    pm: pluggy.PluginManager
    names: list[str]
    installed: list[str]
    activities: ActivityRegistry
    blueprints: list[tuple[str, Blueprint]] = field(default_factory=list)
    commands: list[tuple[str, click.Command]] = field(default_factory=list)
    migration_dirs: dict[str, str] = field(default_factory=dict)
    markdown_extensions: list[Any] = field(default_factory=list)
    jobs: list[tuple[str, Any]] = field(default_factory=list)  # (plugin, JobSpec)
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    static_folders: dict[str, Path] = field(default_factory=dict)  # plugin -> its own static/ (lms.assets)
    notification_kinds: dict[str, Any] = field(default_factory=dict)  # name -> NotificationKind
    audit_labels: dict[str, Any] = field(default_factory=dict)  # action -> label
    translations: list[tuple[str, str]] = field(default_factory=list)  # (folder, domain)

    @property
    def hook(self) -> Any:
        return self.pm.hook

    def settings_of(self, name: str) -> dict[str, Any]:
        return dict(self.settings.get(name, {}))

    def plugin_name(self, plugin: object) -> str:
        return self.pm.get_name(plugin) or repr(plugin)


def discover() -> dict[str, Any]:
    """Installed plugins: entry-point name -> entry point."""
    found: dict[str, Any] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(ep.name, ep)
    return found


def load_plugins(
    enabled: Sequence[str] | None,
    plugin_settings: dict[str, dict[str, str]] | None = None,
    extra: Iterable[tuple[str, object]] = (),
) -> PluginHost:
    """Load and register plugins; raise :class:`PluginError` naming the culprit on any problem.

    ``extra`` adds (name, plugin object) pairs: the test suite's throwaway plugins, or an
    application embedding Sinau. They are always enabled.
    """
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    installed = discover()
    extra = list(extra)
    wanted = list(installed) if enabled is None else list(enabled)
    unknown = [n for n in wanted if n not in installed]
    if unknown:
        raise PluginError(
            f"LMS_PLUGINS names plugin(s) not installed: {', '.join(unknown)} "
            f"(installed: {', '.join(sorted(installed)) or 'none'})"
        )
    loaded: list[tuple[str, object]] = []
    for name in wanted:
        try:
            plugin = installed[name].load()
        except Exception as exc:
            raise PluginError(f"plugin {name!r} failed to load: {type(exc).__name__}: {exc}") from exc
        loaded.append((name, plugin))
    loaded.extend(extra)
    for name, plugin in loaded:
        try:
            pm.register(plugin, name=name)
        except ValueError as exc:
            raise PluginError(f"plugin {name!r} could not be registered: {exc}") from exc
    pm.hook.lms_add_hookspecs.call_historic(kwargs={"pluginmanager": pm})
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(
            f"plugin {pm.get_name(exc.plugin)!r} implements an unknown hook: {exc}"
        ) from exc

    host = PluginHost(pm=pm, names=[n for n, _ in loaded], installed=sorted(installed),
                      activities=ActivityRegistry())
    _collect(host, plugin_settings or {})
    return host


def _results(host: PluginHost, hook_name: str) -> list[tuple[str, Any]]:
    """(plugin name, result) for every implementation of a registration hook, in load order."""
    out = []
    for impl in getattr(host.pm.hook, hook_name).get_hookimpls():  # registration order
        name = host.pm.get_name(impl.plugin) or "?"
        try:
            result = impl.function()
        except Exception as exc:
            raise PluginError(f"plugin {name!r} failed in {hook_name}: {exc}") from exc
        if result is not None:
            out.append((name, result))
    return out


def _collect(host: PluginHost, env_settings: dict[str, dict[str, str]]) -> None:
    for name, activities in _results(host, "lms_register_activity_types"):
        for activity in activities:
            host.activities.add(name, activity)
    seen_bp: dict[str, str] = {}
    for name, blueprints in _results(host, "lms_register_blueprints"):
        for bp in blueprints:
            if bp.name in seen_bp:
                raise PluginError(
                    f"blueprint {bp.name!r} of plugin {name!r} clashes with plugin {seen_bp[bp.name]!r}"
                )
            seen_bp[bp.name] = name
            host.blueprints.append((name, bp))
    seen_cmd: dict[str, str] = {}
    for name, commands in _results(host, "lms_register_cli_commands"):
        for command in commands:
            if command.name in seen_cmd:
                raise PluginError(
                    f"command {command.name!r} of plugin {name!r} clashes with plugin "
                    f"{seen_cmd[command.name]!r}"
                )
            seen_cmd[command.name or ""] = name
            host.commands.append((name, command))
    for name, folder in _results(host, "lms_register_migrations"):
        if not Path(folder).is_dir():
            raise PluginError(f"plugin {name!r}: migrations folder {folder} does not exist")
        host.migration_dirs[name] = str(folder)
    for _name, exts in _results(host, "lms_register_markdown_extensions"):
        host.markdown_extensions.extend(exts)
    for name, specs in _results(host, "lms_register_jobs"):
        host.jobs.extend((name, spec) for spec in specs)
    for name, plugin in host.pm.list_name_plugin():
        folder = plugin_static_folder(plugin)
        if folder is not None:
            host.static_folders[name] = folder
    _check_activity_assets(host)
    _collect_words(host)
    for name, defaults in _results(host, "lms_register_settings"):
        merged = dict(defaults)
        merged.update(env_settings.get(name, {}))
        host.settings[name] = merged


def _collect_words(host: PluginHost) -> None:
    """Notification kinds, audit action labels and translation folders: unique names, folders
    that exist (a typo would silently leave a plugin untranslated)."""
    from lms.plugins.notices import NotificationKind

    owner: dict[str, str] = {}
    for name, kinds in _results(host, "lms_notification_kinds"):
        for kind in kinds:
            if not isinstance(kind, NotificationKind):
                raise PluginError(f"plugin {name!r}: lms_notification_kinds must return NotificationKind objects")
            if len(kind.name) > 30:
                raise PluginError(f"plugin {name!r}: notification kind {kind.name!r} is longer than 30 characters")
            if kind.name in CORE_NOTIFICATION_KINDS or kind.name in host.notification_kinds:
                raise PluginError(f"notification kind {kind.name!r} of plugin {name!r} is already used by "
                                  f"{owner.get(kind.name, 'core')!r}")
            owner[kind.name] = name
            host.notification_kinds[kind.name] = kind
    label_owner: dict[str, str] = {}
    for name, labels in _results(host, "lms_audit_action_labels"):
        for action, label in labels.items():
            if action in host.audit_labels:
                raise PluginError(f"audit action {action!r} of plugin {name!r} is already labelled by "
                                  f"{label_owner[action]!r}")
            label_owner[action] = name
            host.audit_labels[action] = label
    for name, answer in _results(host, "lms_register_translations"):
        folder, domain = (answer, "messages") if isinstance(answer, str | Path) else answer
        if not Path(folder).is_dir():
            raise PluginError(f"plugin {name!r}: translations folder {folder} does not exist")
        host.translations.append((str(folder), str(domain)))


#: core's notification kinds (``lms.core.services.notifications.KINDS``), which a plugin's
#: may not reuse; spelled out here so loading plugins imports nothing of core's services
CORE_NOTIFICATION_KINDS = frozenset({
    "assigned", "due_soon", "overdue", "overdue_staff", "records_pending", "completion_expiring",
    "completion_expired", "token_expiring", "job_done", "job_failed"})


def _check_activity_assets(host: PluginHost) -> None:
    """Every file an activity type declares is in its plugin's ``static/`` folder: a missing one
    stops the start naming the plugin, rather than breaking the pages that show such items."""
    for type_name in host.activities.names:
        activity = host.activities.get(type_name)
        owner = host.activities.owner(type_name)
        folder = host.static_folders.get(owner)
        for filename in (*activity.stylesheets, *activity.scripts):
            if folder is None or not (folder / filename).is_file():
                where = folder if folder is not None else "its static/ folder (there is none)"
                raise PluginError(f"activity type {type_name!r} of plugin {owner!r} declares {filename!r}, "
                                  f"which is not in {where}")
