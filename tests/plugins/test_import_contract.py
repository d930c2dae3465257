"""The import contract of issue #15: plugins stand on ``lms.plugins`` alone, core knows no plugin.

* A built-in plugin (``lms/builtin/<name>/``) imports from Sinau only ``lms.plugins`` (the
  surface, :mod:`lms.plugins.api`; and the file-reader helpers ``lms.plugins.formats``) and its
  own package, not the machinery behind the surface (``lms.plugins.manager``...);
  never ``lms.core``, ``lms.web``, ``lms.extensions``..., nor another built-in. A third party
  could have written it.
* Core (``lms/core``, ``lms/web``, ``lms/plugins``) never imports a built-in: it asks a hook or
  fills a template slot, so disabling a plugin leaves every page working.
* A plugin in ``examples/`` (``examples/<project>/<package>/``, its tests aside) imports from
  Sinau only ``lms.plugins``, exactly as one written outside this repository would.

Every import counts: module level, inside functions, under ``TYPE_CHECKING``. There is no
exception list: it started with 31 files and was emptied as the built-ins moved onto the
surface. A plugin that needs something private asks for it to be added to the surface.

Plain ``ast`` rather than import-linter: the message names the line and what to import instead
(the surface's name for the very same object), which a generic contract cannot say.
"""

from __future__ import annotations

import ast
import importlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SURFACE = "lms.plugins"
HELPERS = "lms.plugins.formats"  # public helpers for an activity's file reader (quiz and survey)
CORE_DIRS = ("lms/core", "lms/web", "lms/plugins")


@dataclass(frozen=True)
class Violation:
    path: str  # relative to the repository, with / separators
    line: int
    module: str  # what it imports, absolute
    names: tuple[str, ...]  # the names taken from it (``from m import a, b``); () for ``import m``
    advice: str

    def __str__(self) -> str:
        what = f"{self.module} ({', '.join(self.names)})" if self.names else self.module
        return f"{self.path}:{self.line} imports {what}: {self.advice}"


def _module_of(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, root: Path) -> list[tuple[int, str, tuple[str, ...]]]:
    """(line, absolute module, names) of every import in the file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module_name = _module_of(path, root)
    package = module_name if path.name == "__init__.py" else module_name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, ()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join([*base, module] if module else base)
            names = tuple(alias.name for alias in node.names)
            found.append((node.lineno, module, names))
    return found


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _public(module: str) -> bool:
    """``lms.plugins`` itself and its reader helpers; not its machinery (manager, hookspecs...),
    whose public names ``lms.plugins`` re-exports."""
    return module == SURFACE or _within(module, HELPERS)


def _surface_names() -> dict[int, str]:
    """id(object) -> its public name, for every object the surface re-exports."""
    api = importlib.import_module("lms.plugins.api")
    return {id(getattr(api, name)): name for name in api.__all__}


def _advice(module: str, names: tuple[str, ...], public: dict[int, str]) -> str:
    """What to import instead: the surface's name of the same object, when there is one."""
    instead, missing = [], []
    for name in names:
        try:
            obj = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            try:  # ``from lms.core.services import learning``: a module
                obj = importlib.import_module(f"{module}.{name}")
            except ImportError:
                obj = None
        public_name = public.get(id(obj)) if obj is not None else None
        (instead if public_name else missing).append(public_name or name)
    parts = []
    if instead:
        parts.append(f"use `from lms.plugins import {', '.join(sorted(set(instead)))}`")
    if missing or not names:
        parts.append(f"{', '.join(missing) or module} is not public: use what lms.plugins offers, add it to "
                     "lms/plugins/api.py (one documented line) if a plugin truly needs it, or keep it in the plugin")
    return "; ".join(parts)


def violations(root: Path = ROOT) -> list[Violation]:
    public = _surface_names()
    found: list[Violation] = []
    for path in sorted((root / "lms").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if "/migrations/" in rel:
            continue  # Alembic revisions import only alembic and sqlalchemy
        if rel.startswith("lms/builtin/") and rel.count("/") >= 3:
            own = ".".join(rel.split("/")[:3])  # lms.builtin.<name>
            for line, module, names in _imports(path, root):
                if not _within(module, "lms") or _public(module) or _within(module, own):
                    continue
                if module == "lms.builtin":  # ``from lms.builtin import quiz``
                    others = [n for n in names if f"lms.builtin.{n}" != own]
                    if others:
                        found.append(Violation(rel, line, module, tuple(others),
                                               "a plugin never imports another: ask for it through a hook, "
                                               "or move what both need into lms.plugins"))
                    continue
                if _within(module, "lms.builtin"):
                    advice = ("a plugin never imports another: ask for it through a hook (its own hookspecs, "
                              "lms_add_hookspecs), or move what both need into lms.plugins")
                else:
                    advice = _advice(module, names, public)
                found.append(Violation(rel, line, module, names, advice))
        elif rel.startswith(CORE_DIRS):
            for line, module, names in _imports(path, root):
                if _within(module, "lms.builtin") and module != "lms.builtin":
                    found.append(Violation(rel, line, module, names,
                                           "core never imports a plugin: call a hook (lms/plugins/hookspecs.py) "
                                           "or fill a template slot, so that disabling the plugin keeps it working"))
                elif module == "lms.builtin" and names:
                    found.append(Violation(rel, line, module, names, "core never imports a plugin"))
    return found + _example_violations(root, public)


def _example_violations(root: Path, public: dict[int, str]) -> list[Violation]:
    found = []
    for path in sorted((root / "examples").rglob("*.py")):
        parts = path.relative_to(root).parts  # examples, <project>, <package>, ...
        if len(parts) < 4 or "tests" in parts:
            continue
        rel = path.relative_to(root).as_posix()
        for line, module, names in _imports(path, root):
            if _within(module, "lms") and not _public(module):
                found.append(Violation(rel, line, module, names, _advice(module, names, public)))
    return found


# --------------------------------------------------------------------------- tests


def test_no_plugin_imports_internals_and_core_imports_no_plugin() -> None:
    found = [str(v) for v in violations()]
    assert found == [], "the import contract of issue #15 (see this test's docstring):\n  " + "\n  ".join(found)


def test_the_checker_sees_each_kind_of_breach(tmp_path: Path) -> None:
    # a fake built-in and a fake core module, in a tree laid out as the repository
    fake_root = tmp_path
    (fake_root / "lms" / "builtin" / "forum").mkdir(parents=True)
    (fake_root / "lms" / "web").mkdir(parents=True)
    (fake_root / "lms" / "builtin" / "forum" / "views.py").write_text(
        "from lms.web.accounts.forms import EmptyForm\n"
        "from lms.plugins import User\n"
        "from lms.plugins.formats.blocks import file_lines\n"
        "from lms.plugins.activity import ActivityType\n"
        "from . import models\n"
        "def f():\n"
        "    from lms.builtin.quiz import attempts\n"
        "    from lms.core.nip import normalize\n",
        encoding="utf-8")
    (fake_root / "lms" / "web" / "pages.py").write_text("from lms.builtin.forum.views import f\n", encoding="utf-8")
    found = {(v.path, v.module): v for v in violations(fake_root)}
    assert set(found) == {("lms/builtin/forum/views.py", "lms.web.accounts.forms"),
                          ("lms/builtin/forum/views.py", "lms.builtin.quiz"),
                          ("lms/builtin/forum/views.py", "lms.core.nip"),
                          ("lms/web/pages.py", "lms.builtin.forum.views"),
                          ("lms/builtin/forum/views.py", "lms.plugins.activity")}
    assert "use `from lms.plugins import EmptyForm`" in str(found[("lms/builtin/forum/views.py",
                                                                   "lms.web.accounts.forms")])
    assert "is not public" in str(found[("lms/builtin/forum/views.py", "lms.core.nip")])
    assert str(found[("lms/builtin/forum/views.py", "lms.builtin.quiz")]).startswith(
        "lms/builtin/forum/views.py:7 imports lms.builtin.quiz (attempts): a plugin never imports another")


def test_the_checker_holds_the_example_plugins_to_the_surface(tmp_path: Path) -> None:
    package = tmp_path / "examples" / "sinau-forum" / "sinau_forum"
    (package / "tests").mkdir(parents=True)
    (tmp_path / "lms").mkdir()
    (package / "views.py").write_text("from lms.plugins import User\nfrom lms.core.nip import normalize\n",
                                      encoding="utf-8")
    (package / "tests" / "test_views.py").write_text("from lms.core.nip import normalize\n", encoding="utf-8")
    assert [(v.path, v.module) for v in violations(tmp_path)] == [
        ("examples/sinau-forum/sinau_forum/views.py", "lms.core.nip")]
    assert [v for v in violations() if v.path.startswith("examples/")] == []  # the real example keeps it
