"""The public plugin API of Sinau: what a plugin imports.

A plugin is a module (or object) named by an entry point of the ``lms.plugins`` group. It
implements hooks from :mod:`lms.plugins.hookspecs` with the ``@hookimpl`` marker and imports
only from here (the names of :mod:`lms.plugins.api`, each documented there)::

    from lms.plugins import hookimpl

    @hookimpl
    def lms_register_blueprints():
        return [my_blueprint]
"""

from __future__ import annotations

import importlib
from typing import Any

# Loaded on first use (PEP 562), not at import: core modules import lms.plugins.activity and
# friends while they load, and the surface re-exports those core modules, so loading it here
# eagerly would make the import order matter (a circular import for whoever comes first).


def __getattr__(name: str) -> Any:
    api = importlib.import_module("lms.plugins.api")
    if name == "__all__":
        return list(api.__all__)
    if name in api.__all__:
        return getattr(api, name)
    raise AttributeError(f"module 'lms.plugins' has no attribute {name!r} (the surface is lms/plugins/api.py)")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(importlib.import_module("lms.plugins.api").__all__))
