"""The public plugin API of Sinau: what a plugin imports.

A plugin is a module (or object) named by an entry point of the ``lms.plugins`` group. It
implements hooks from :mod:`lms.plugins.hookspecs` with the ``@hookimpl`` marker::

    from lms.plugins import hookimpl

    @hookimpl
    def lms_register_blueprints():
        return [my_blueprint]
"""

from lms.assets import asset_url, use_assets
from lms.core.jobs.registry import JobSpec, crontab, job
from lms.core.outbox import publish as publish_event
from lms.core.outbox import register_event_type
from lms.plugins.activity import ActivityType, ItemContext, ParsedItem
from lms.plugins.completion import TRAINER_COMPLETION, complete_item
from lms.plugins.hookspecs import hookimpl, hookspec
from lms.plugins.pages import MenuItem, SlotContent, Widget

__all__ = [
    "ActivityType",
    "ItemContext",
    "JobSpec",
    "MenuItem",
    "ParsedItem",
    "SlotContent",
    "TRAINER_COMPLETION",
    "Widget",
    "asset_url",
    "complete_item",
    "crontab",
    "hookimpl",
    "hookspec",
    "job",
    "publish_event",
    "register_event_type",
    "use_assets",
]
