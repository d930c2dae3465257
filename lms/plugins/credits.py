"""JP that plugins credit (``lms_jp_credits``): classroom sessions, mentoring, a field practice.

A plugin answers for many people at once; the ledger (:mod:`lms.core.queries.jp_ledger`) asks
once per read (a page, an export, an API call), never once per person, and counts the answers
beside course completions and verified external records. Every place that shows JP (Belajar
Saya, the transcript, Tim Saya, the reports, the API, the SIASN export) then counts them
without knowing the plugin.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from flask import current_app

HOOK = "lms_jp_credits"


@dataclass(frozen=True)
class JpCredit:
    """One credit of JP to one person, earned on a local calendar day.

    ``title``, ``organiser``, ``kind`` and ``started_on`` are what the SIASN export writes in
    its row (a course's name, who held it, "Klasikal"...); ``ref`` is the plugin's own id of
    the credit (a session's id). ``source`` is filled in by the host with the plugin's name.
    """

    user_id: int
    jp: float
    earned_on: date
    title: str = ""
    ref: str = ""
    organiser: str = ""
    kind: str = ""
    started_on: date | None = None
    source: str = ""


def has_credits() -> bool:
    """Whether any enabled plugin credits JP (nothing to ask, no query to run, otherwise)."""
    return bool(getattr(current_app.extensions["lms.host"].pm.hook, HOOK).get_hookimpls())


def jp_credits(user_ids: Iterable[int] | None, start: date | None = None, end: date | None = None) -> list[JpCredit]:
    """Every plugin's credits to ``user_ids`` (None: everyone) earned from ``start`` to ``end``
    (local days, both included; None: unbounded), one call per plugin. A credit outside what
    was asked for (a plugin's sloppy filter) is left out, so it cannot count twice or for
    someone else."""
    host = current_app.extensions["lms.host"]
    impls = getattr(host.pm.hook, HOOK).get_hookimpls()
    if not impls:
        return []
    wanted = None if user_ids is None else sorted({int(u) for u in user_ids})
    if wanted == []:
        return []
    allowed = None if wanted is None else set(wanted)
    args: dict[str, Any] = {"user_ids": wanted, "start": start, "end": end}
    out: list[JpCredit] = []
    for impl in impls:
        name = host.pm.get_name(impl.plugin) or "?"
        answer = impl.function(**{arg: args[arg] for arg in impl.argnames})
        for credit in answer or ():
            if not isinstance(credit, JpCredit):
                raise TypeError(f"plugin {name!r}: {HOOK} must return JpCredit objects, not {type(credit).__name__}")
            if allowed is not None and credit.user_id not in allowed:
                continue
            if (start is not None and credit.earned_on < start) or (end is not None and credit.earned_on > end):
                continue
            if credit.jp <= 0:
                continue
            out.append(replace(credit, source=name))
    return out
