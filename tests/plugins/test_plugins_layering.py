"""The plugin machinery (``lms/plugins/*``) sits below the web layer: an activity type renders
its fragment through :mod:`lms.rendering`, never through ``lms.web``. Only the public surface
(``lms/plugins/api.py`` and the package's ``__init__``) may re-export web helpers."""

from __future__ import annotations

import ast
from pathlib import Path

import lms.plugins

SURFACE = {"__init__.py", "api.py"}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_plugin_machinery_does_not_import_the_web_layer():
    folder = Path(lms.plugins.__file__).parent
    offenders = {path.name: sorted(m for m in _imports(path) if m == "lms.web" or m.startswith("lms.web."))
                 for path in sorted(folder.glob("*.py")) if path.name not in SURFACE}
    assert {name: mods for name, mods in offenders.items() if mods} == {}


def test_render_fragment_lives_in_the_neutral_module():
    from lms import rendering
    from lms.web import templating

    assert templating.render_fragment is rendering.render_fragment
