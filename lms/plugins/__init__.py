"""The public plugin API of Sinau: what a plugin imports.

A plugin is a module (or object) named by an entry point of the ``lms.plugins`` group. It
implements hooks from :mod:`lms.plugins.hookspecs` with the ``@hookimpl`` marker::

    from lms.plugins import hookimpl

    @hookimpl
    def lms_register_blueprints():
        return [my_blueprint]
"""

from lms.core.jobs.registry import JobSpec, crontab, job
from lms.core.outbox import publish as publish_event
from lms.core.outbox import register_event_type
from lms.plugins.activity import ActivityType, ItemContext, ParsedItem
from lms.plugins.completion import TRAINER_COMPLETION, complete_item
from lms.plugins.credits import JpCredit, jp_credits
from lms.plugins.hookspecs import hookimpl, hookspec
from lms.plugins.notices import NotificationKind
from lms.plugins.pages import MenuItem, SlotContent, Widget


def notify(user_id: int, kind: str, *, key: str, params: dict | None = None, link: str | None = None) -> bool:
    """One notification of ``kind`` for ``user_id``, once per ``key`` ever (see
    :func:`lms.core.services.notifications.notify`); imported when called (core's services
    import this package)."""
    from lms.core.services.notifications import notify as send

    return send(user_id, kind, key=key, params=params, link=link)


__all__ = [
    "ActivityType",
    "ItemContext",
    "JobSpec",
    "JpCredit",
    "MenuItem",
    "NotificationKind",
    "ParsedItem",
    "SlotContent",
    "TRAINER_COMPLETION",
    "Widget",
    "complete_item",
    "crontab",
    "hookimpl",
    "hookspec",
    "job",
    "jp_credits",
    "notify",
    "publish_event",
    "register_event_type",
]

# --------------------------------------------------------------------------- sign-in elsewhere (issue 19)
# single sign-on helpers: SignInOption, complete_sign_in, account_by_nip, ... (documented there)
from lms.plugins.signin import *  # noqa: E402, F403
from lms.plugins.signin import __all__ as _signin_names  # noqa: E402

__all__ += _signin_names

# TEMPORARY until lms/plugins/api.py (issue 15) lands with the same names: what the oidc
# plugin needs of the surface that is not public yet (delete this block when api.py has them)
from lms.core.models import Role, User  # noqa: E402
from lms.core.models.base import UTCDateTime, utcnow  # noqa: E402
from lms.core.services.audit import record as audit_record  # noqa: E402
from lms.core.transaction import commit  # noqa: E402
from lms.extensions import db, limiter  # noqa: E402
from lms.web.access import login_required, public, roles_required  # noqa: E402
from lms.web.accounts.forms import EmptyForm  # noqa: E402
from lms.web.admin.sections import AdminSection  # noqa: E402


def plugin_settings(name: str) -> dict[str, object]:
    """A plugin's own settings (its defaults with ``LMS_<NAME>_<KEY>`` merged over them)."""
    from flask import current_app

    return current_app.extensions["lms.host"].settings_of(name)


__all__ += ["AdminSection", "EmptyForm", "Role", "UTCDateTime", "User", "audit_record", "commit", "db", "limiter",
            "login_required", "plugin_settings", "public", "roles_required", "utcnow"]
