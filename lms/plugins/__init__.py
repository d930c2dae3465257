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
from lms.plugins.hookspecs import hookimpl, hookspec
from lms.plugins.pages import MenuItem, SlotContent, Widget

__all__ = [
    "ActivityType",
    "ItemContext",
    "JobSpec",
    "MenuItem",
    "ParsedItem",
    "SlotContent",
    "Widget",
    "crontab",
    "hookimpl",
    "hookspec",
    "job",
    "publish_event",
    "register_event_type",
]

# --------------------------------------------------------------------------- sign-in elsewhere (issue 19)
from lms.plugins.signin import AccountRefused  # noqa: E402
from lms.plugins.signin import SecretUnreadable  # noqa: E402
from lms.plugins.signin import SignInOption  # noqa: E402
from lms.plugins.signin import account_by_nip  # noqa: E402
from lms.plugins.signin import complete_sign_in  # noqa: E402
from lms.plugins.signin import create_account  # noqa: E402
from lms.plugins.signin import decrypt_secret  # noqa: E402
from lms.plugins.signin import encrypt_secret  # noqa: E402
from lms.plugins.signin import normalize_nip  # noqa: E402
from lms.plugins.signin import safe_next  # noqa: E402

__all__ += [  # noqa: PLE0605
    "AccountRefused", "SecretUnreadable", "SignInOption", "account_by_nip", "complete_sign_in", "create_account",
    "decrypt_secret", "encrypt_secret", "normalize_nip", "safe_next",
]
