"""Notification kinds a plugin adds (``lms_notification_kinds``): what the bell and the e-mail
say, where the notification leads, and who may receive it.

The text is never stored: a notification keeps its kind and plain ``params``, and the kind
words them in the reader's language when shown or mailed (as core's own kinds do).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Params = dict[str, Any]


@dataclass(frozen=True)
class NotificationKind:
    """A kind of notification.

    ``name``: unique, at most 30 characters, prefixed with the plugin's name
    (``kelas.session_reminder``). ``title(params)`` and ``sentence(params)``: the translated
    words (call ``gettext`` inside them, so they follow the reader's language). ``link(params)``:
    the path inside the site it opens, unless ``notify`` is given one. ``roles``: who may
    receive it (any of these roles; empty: anyone with an active account).
    """

    name: str
    title: Callable[[Params], str]
    sentence: Callable[[Params], str]
    link: Callable[[Params], str | None] | None = None
    roles: tuple[str, ...] = ()

    def words(self, params: Params) -> tuple[str, str]:
        return str(self.title(params)), str(self.sentence(params))

    def link_for(self, params: Params) -> str | None:
        return self.link(params) if self.link is not None else None

    def may_receive(self, user: Any) -> bool:
        if not getattr(user, "active", False):
            return False
        return not self.roles or any(user.has_role(role) for role in self.roles)
