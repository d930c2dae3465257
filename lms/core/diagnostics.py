"""Errors and warnings found while reading user input (course files, CSV, YAML).

Every reader in Sinau reports into a :class:`Diagnostics` collector instead of raising on the
first problem, so a trainer sees *all* mistakes of a run at once, each as ``path:line: message``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    message: str
    level: Level = "error"

    def __str__(self) -> str:
        prefix = "" if self.level == "error" else "warning: "
        return f"{self.path}:{self.line}: {prefix}{self.message}"


@dataclass
class Diagnostics:
    """An ordered collection of problems; ``bool(d)`` is true when there is any *error*."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, path: str, line: int, message: str) -> None:
        self.items.append(Diagnostic(path, max(line, 1), str(message), "error"))

    def warning(self, path: str, line: int, message: str) -> None:
        self.items.append(Diagnostic(path, max(line, 1), str(message), "warning"))

    def extend(self, other: Diagnostics) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level == "warning"]

    def has_errors(self) -> bool:
        return any(d.level == "error" for d in self.items)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(sorted(self.items, key=lambda d: (d.path, d.line)))

    def __len__(self) -> int:
        return len(self.items)


class InputError(Exception):
    """Raised by a service when input has errors; carries every diagnostic found."""

    def __init__(self, diagnostics: Diagnostics | list[Diagnostic]):
        items = diagnostics.items if isinstance(diagnostics, Diagnostics) else list(diagnostics)
        self.diagnostics = sorted(items, key=lambda d: (d.path, d.line))
        super().__init__("\n".join(str(d) for d in self.diagnostics))
