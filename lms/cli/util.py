"""Helpers shared by commands: one-line failures, progress in a terminal, the commit."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

import click

from lms.core import transaction

T = TypeVar("T")


def fail(message: str, code: int = 1) -> None:
    """Exit non-zero with a one-line reason (scripts and cron jobs read the status; people read the line)."""
    transaction.rollback()
    click.echo(f"lms: {message}", err=True)
    sys.exit(code)


def progress(items: Iterable[T], label: str, length: int | None = None) -> Iterator[T]:
    """A progress bar when stderr is a terminal; silent otherwise (cron, CI, pipes)."""
    if not sys.stderr.isatty():
        yield from items
        return
    with click.progressbar(items, label=label, length=length, file=sys.stderr) as bar:
        yield from bar


def commit() -> None:
    transaction.commit()
