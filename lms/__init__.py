"""Sinau: a learning management system for Indonesian civil servants (ASN)."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # `flask --app lms` looks for `create_app` here; imported lazily so that importing a small
    # module such as `lms.core.nip` does not build the whole web stack.
    if name == "create_app":
        from lms.app import create_app

        return create_app
    raise AttributeError(name)
