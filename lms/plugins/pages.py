"""Values that plugins contribute to pages, per request, ordered by ``weight`` (low first)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, order=True)
class MenuItem:
    weight: int
    label: str
    endpoint: str
    icon: str = ""
    values: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, order=True)
class Widget:
    """A box on "Belajar Saya": a template rendered with ``context``."""

    weight: int
    template: str
    context: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, order=True)
class SlotContent:
    """Already-safe HTML (a ``markupsafe.Markup``) for a named template slot."""

    weight: int
    html: str
