"""docs/plugins.md documents every hook, exactly as declared: core's (lms/plugins/hookspecs.py)
and those a built-in plugin publishes itself (lms/builtin/<name>/hookspecs.py, added through
``lms_add_hookspecs``: the quiz's events and question kinds...).

The "## Hook reference" section of the manual has one ``### <hook>`` subsection per hookspec:
its signature (decorator included), for a plugin's hook the plugin that publishes it, and its
docstring. This test fails when a hook is added,
renamed, removed, re-typed or re-documented without the manual following. To bring the manual
in line, run from the repository root::

    .venv/bin/python tests/test_docs_plugins.py --write

which rewrites only that section (everything above it is written by hand).
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
import itertools
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "plugins.md"
SPECS = ROOT / "lms" / "plugins" / "hookspecs.py"
PLUGIN_SPECS = sorted((ROOT / "lms" / "builtin").glob("*/hookspecs.py"))  # each plugin's own hooks
HEADING = "## Hook reference"
_LOADED = itertools.count()
MARKER = "lms_spec"  # pluggy's HookspecMarker("lms") sets this attribute on every spec
FIX = "run `.venv/bin/python tests/test_docs_plugins.py --write` and commit docs/plugins.md"

INTRO = """\
<!-- Generated from lms/plugins/hookspecs.py by `python tests/test_docs_plugins.py --write`.
     Do not edit by hand: change the docstrings in hookspecs.py and regenerate. -->

One subsection per hook, in the order of `lms/plugins/hookspecs.py`, then the hooks that
built-in plugins publish themselves (`lms/builtin/<name>/hookspecs.py`): the signature as
declared (with its decorator: `historic=True` and `firstresult=True` change how the hook is
called), then the hook's docstring. Implement a hook with `@hookimpl` and the same name; you
may accept fewer parameters than the spec lists, never other ones. A hook published by a plugin
exists only while that plugin is enabled: implement it with `@hookimpl(optionalhook=True)`.
"""


@dataclass(frozen=True)
class Hook:
    name: str
    params: tuple[str, ...]
    signature: str  # decorator line + ``def ...: ...`` as declared in the source
    doc: str  # the docstring, dedented
    plugin: str | None = None  # the built-in plugin publishing it; None for core's hooks


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _signature(func: object) -> str:
    """The spec's decorator and ``def`` line, as written in the source (annotations included)."""
    source = textwrap.dedent(inspect.getsource(func))  # type: ignore[arg-type]
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.FunctionDef)
    decorators = [f"@{ast.unparse(d)}" for d in node.decorator_list]
    returns = f" -> {ast.unparse(node.returns)}" if node.returns is not None else ""
    return "\n".join([*decorators, f"def {node.name}({ast.unparse(node.args)}){returns}: ..."])


def hooks_of(module: ModuleType, plugin: str | None = None) -> list[Hook]:
    """Every ``lms_*`` function of ``module`` carrying the hookspec marker, in source order."""
    found = []
    for name, func in vars(module).items():
        if not name.startswith("lms_") or not inspect.isfunction(func):
            continue
        if getattr(func, MARKER, None) is None:
            continue
        params = tuple(inspect.signature(func).parameters)
        found.append(
            (
                func.__code__.co_firstlineno,
                Hook(name, params, _signature(func), inspect.getdoc(func) or "", plugin),
            )
        )
    return [hook for _line, hook in sorted(found, key=lambda pair: pair[0])]


def load_specs(path: Path = SPECS) -> ModuleType:
    """Import a hookspecs file by path (the real one, or an edited copy in a test)."""
    name = f"_docs_check_{next(_LOADED)}_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # inspect.getsource and dataclasses look the module up
    spec.loader.exec_module(module)
    return module


def all_hooks(specs: Path = SPECS, plugin_specs: list[Path] = PLUGIN_SPECS) -> list[Hook]:
    """Core's hooks, then each built-in plugin's own, by plugin name."""
    hooks = hooks_of(load_specs(specs))
    for path in plugin_specs:
        hooks += hooks_of(load_specs(path), plugin=path.parent.name)
    return hooks


def _origin(hook: Hook) -> str:
    return (f"*Published by the `{hook.plugin}` plugin (`lms/builtin/{hook.plugin}/hookspecs.py`): "
            "implement it with `@hookimpl(optionalhook=True)`.*")


def render_reference(hooks: list[Hook]) -> str:
    parts = [HEADING, "", INTRO]
    for hook in hooks:
        parts += [f"### {hook.name}", "", "```python", hook.signature, "```", ""]
        if hook.plugin:
            parts += [_origin(hook), ""]
        parts += [hook.doc, ""]
    return "\n".join(parts).rstrip("\n") + "\n"


def split_doc(text: str, heading: str = HEADING) -> tuple[str, str, str]:
    """(before, the ``heading`` section, after); the section ends at the next ``## ``."""
    match = re.search(rf"^{re.escape(heading)}[ \t]*$", text, re.MULTILINE)
    if match is None:
        return text, "", ""
    start = match.start()
    following = re.search(r"^## ", text[match.end() :], re.MULTILINE)
    end = match.end() + following.start() if following else len(text)
    return text[:start], text[start:end], text[end:]


def sections(reference: str) -> dict[str, str]:
    """``### name`` subsection -> its text, within the reference section."""
    found: dict[str, str] = {}
    matches = list(re.finditer(r"^### +(\S+)[ \t]*$", reference, re.MULTILINE))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(reference)
        found[match.group(1)] = reference[match.end() : end]
    return found


def problems(doc_text: str, hooks: list[Hook]) -> list[str]:
    """What is missing, stale or extra in the manual; empty when it matches the hookspecs."""
    _before, reference, _after = split_doc(doc_text)
    if not reference:
        return [f"docs/plugins.md has no {HEADING!r} section"]
    documented = sections(reference)
    out = []
    known = {hook.name for hook in hooks}
    for name in documented:
        if name not in known:
            out.append(f"### {name}: documented, but no such hook in lms/plugins/hookspecs.py "
                       "nor in a built-in's hookspecs.py")
    stray = set(re.findall(r"^### +(lms_\w+)", doc_text, re.MULTILINE)) - set(documented) - known
    out += [f"### {name}: heading outside {HEADING!r} names no hook" for name in sorted(stray)]
    for hook in hooks:
        body = documented.get(hook.name)
        if body is None:
            out.append(f"### {hook.name}: hook not documented")
            continue
        flat = _normalise(body)
        if _normalise(hook.doc) not in flat:
            out.append(f"### {hook.name}: docstring differs from hookspecs.py")
        if _normalise(hook.signature) not in flat:
            out.append(f"### {hook.name}: signature differs from hookspecs.py")
        if hook.plugin and _normalise(_origin(hook)) not in flat:
            out.append(f"### {hook.name}: the plugin publishing it ({hook.plugin}) is not named")
        for param in hook.params:
            if not re.search(rf"\b{re.escape(param)}\b", body):
                out.append(f"### {hook.name}: parameter {param!r} not mentioned")
    return out


# --------------------------------------------------------------------------- the public surface

API = ROOT / "lms" / "plugins" / "api.py"
SURFACE_HEADING = "## The public surface: `lms.plugins`"
SURFACE_INTRO = """\
<!-- Generated from lms/plugins/api.py by `python tests/test_docs_plugins.py --write`.
     Do not edit by hand: change the one-line comments in api.py and regenerate. -->

Everything a plugin imports comes from `lms.plugins` (`from lms.plugins import Course, emit`);
the rest of `lms` is internal and may change. A contract test fails when a built-in imports
anything else. One line per name, grouped by concern as in `lms/plugins/api.py`:
"""


def surface_entries(path: Path = API) -> list[tuple[str, str, str]]:
    """(section, public name, its one-line description) in the order of api.py."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    section_at = {}
    section = ""
    for number, line in enumerate(lines, start=1):
        if match := re.match(r"^# -{20,} (.+)$", line):
            section = match.group(1)
        section_at[number] = section
    entries = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                text = lines[alias.lineno - 1].partition("#")[2].strip()
                entries.append((section_at[alias.lineno], alias.asname or alias.name, text))
        elif isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            first = (ast.get_docstring(node) or "").strip().split("\n\n")[0]
            entries.append((section_at[node.lineno], node.name, " ".join(first.split())))
    return [entry for entry in entries if entry[1] != "annotations"]


def render_surface(entries: list[tuple[str, str, str]]) -> str:
    parts = [SURFACE_HEADING, "", SURFACE_INTRO]
    current = None
    for section, name, text in entries:
        if section != current:
            if current is not None:
                parts.append("")
            parts += [f"**{section[:1].upper()}{section[1:]}**", ""]
            current = section
        parts.append(f"* `{name}`: {text}")
    return "\n".join(parts).rstrip("\n") + "\n"


def _replace_section(text: str, heading: str, section: str, insert_before: str) -> str:
    before, old, after = split_doc(text, heading)
    if not old:  # a new section: placed before ``insert_before``
        before, old, after = split_doc(text, insert_before)
        after = old + after
    if after:
        section += "\n"
    if before and not before.endswith("\n\n"):
        before = before.rstrip("\n") + "\n\n"
    return before + section + after


def write(doc: Path = DOC, specs: Path = SPECS, plugin_specs: list[Path] = PLUGIN_SPECS) -> None:
    text = doc.read_text(encoding="utf-8")
    text = _replace_section(text, HEADING, render_reference(all_hooks(specs, plugin_specs)), HEADING)
    if API.exists() and specs == SPECS:  # the surface section belongs to the real manual only
        text = _replace_section(text, SURFACE_HEADING, render_surface(surface_entries()), HEADING)
    doc.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- tests


def test_the_manual_documents_every_hook_exactly() -> None:
    hooks = all_hooks()
    assert len(hooks) >= 20, "hookspecs.py lost its hooks? the marker attribute may have changed"
    assert any(hook.plugin == "quiz" for hook in hooks), "the quiz plugin's own hooks were not read"
    found = problems(DOC.read_text(encoding="utf-8"), hooks)
    assert found == [], "docs/plugins.md is out of date:\n  " + "\n  ".join(found) + f"\n{FIX}"


def test_the_manual_lists_the_public_surface_exactly() -> None:
    entries = surface_entries()
    assert {name for _section, name, _text in entries} == set(importlib.import_module("lms.plugins.api").__all__)
    _before, section, _after = split_doc(DOC.read_text(encoding="utf-8"), SURFACE_HEADING)
    assert _normalise(section) == _normalise(render_surface(entries)), f"the surface section is stale: {FIX}"


def test_the_checker_matches_what_pluggy_sees() -> None:
    import pluggy

    from lms.plugins import hookspecs

    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    registered = {name for name in vars(pm.hook) if name.startswith("lms_")}
    assert {hook.name for hook in hooks_of(load_specs())} == registered


def test_the_checker_reads_every_hook_the_plugins_publish() -> None:
    from lms.plugins.manager import load_plugins

    host = load_plugins(None)  # every installed plugin: each publishes its own hookspecs
    published = {name for name in vars(host.pm.hook) if name.startswith("lms_")
                 and getattr(host.pm.hook, name).spec is not None}
    assert {hook.name for hook in all_hooks()} == published


def _families(path: Path) -> dict[str, str]:
    """Hook name -> its family: the ``# ---- <family>`` comment above it in its hookspecs file."""
    family, found = "", {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^# -{20,} (.+)$", line):
            family = match.group(1)
        elif match := re.match(r"^def (lms_\w+)\(", line):
            found[match.group(1)] = family
    return found


def test_docstrings_follow_the_pytest_style() -> None:
    """A parameter a line (``:param name:``), how answers combine, and an example per family."""
    missing = []
    for hook in all_hooks():
        missing += [f"{hook.name}: no ':param {p}:' line" for p in hook.params if f":param {p}:" not in hook.doc]
        if "**Answers" not in hook.doc:
            missing.append(f"{hook.name}: no '**Answers' paragraph saying how several answers combine")
    for path in [SPECS, *PLUGIN_SPECS]:
        docs = {hook.name: hook.doc for hook in hooks_of(load_specs(path))}
        families: dict[str, list[str]] = {}
        for name, family in _families(path).items():
            families.setdefault(family, []).append(name)
        for family, names in families.items():
            if not any("Example" in docs.get(name, "") for name in names):
                missing.append(f"{path.relative_to(ROOT)}: no example in the family {family!r}")
    assert missing == [], "\n".join(missing)


@pytest.fixture
def edited_copy(tmp_path: Path):
    """``edit(old, new)``: a copy of hookspecs.py with one replacement, imported."""
    source = SPECS.read_text(encoding="utf-8")
    counter = iter(range(100))

    def edit(old: str, new: str) -> list[Hook]:
        assert old in source, f"test out of date: {old!r} not in hookspecs.py"
        copy = tmp_path / f"hookspecs_copy{next(counter)}.py"
        copy.write_text(source.replace(old, new, 1), encoding="utf-8")
        return hooks_of(load_specs(copy)) + [hook for hook in all_hooks() if hook.plugin]

    return edit


ADDED = '''

@hookspec
def lms_on_badge_awarded(badge_id: int) -> None:
    """A badge was awarded."""
'''


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "# --------------------------------------------------------------------------- events (after commit)\n",
            ADDED + "\n\n# --------------------------------------------------------------------------- events (after commit)\n",
            "lms_on_badge_awarded: hook not documented",
        ),
        (
            "def lms_on_user_enrolled(",
            "def lms_on_user_joined(",
            "lms_on_user_enrolled: documented, but no such hook",
        ),
        (
            'def lms_on_user_enrolled(user_id: int, course_id: int) -> None:\n    """',
            'def lms_on_user_enrolled(user_id: int, course_id: int) -> None:\n    """Reworded. ',
            "lms_on_user_enrolled: docstring differs",
        ),
        (
            "def lms_on_user_enrolled(user_id: int, course_id: int)",
            "def lms_on_user_enrolled(user_id: int, course_key: int)",
            "lms_on_user_enrolled: parameter 'course_key' not mentioned",
        ),
        (
            "@hookspec(firstresult=True)\ndef lms_authenticate(",
            "@hookspec\ndef lms_authenticate(",
            "lms_authenticate: signature differs",
        ),
    ],
    ids=["added", "renamed", "re-documented", "parameter renamed", "spec options changed"],
)
def test_an_edited_hookspec_makes_the_manual_stale(edited_copy, old, new, expected) -> None:
    doc = DOC.read_text(encoding="utf-8")
    found = problems(doc, edited_copy(old, new))
    assert any(expected in problem for problem in found), found


def test_write_regenerates_only_the_generated_sections(tmp_path: Path) -> None:
    doc = tmp_path / "plugins.md"
    doc.write_text(
        "# Manual\n\nHand-written.\n\n## Hook reference\n\nstale\n\n## After\n\nkept\n",
        encoding="utf-8",
    )
    write(doc, SPECS)  # the surface section is new: it goes before the hook reference
    text = doc.read_text(encoding="utf-8")
    assert text.startswith(f"# Manual\n\nHand-written.\n\n{SURFACE_HEADING}\n")
    assert text.index(SURFACE_HEADING) < text.index("\n## Hook reference\n")
    assert text.endswith("\n\n## After\n\nkept\n") and "stale" not in text
    doc.write_text(text.replace("* `emit`: ", "* `emit`: stale "), encoding="utf-8")
    write(doc, SPECS)
    assert doc.read_text(encoding="utf-8") == text
    assert problems(text, all_hooks()) == []
    assert "### lms_on_quiz_graded" in text and "*Published by the `quiz` plugin" in text


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit(f"usage: python {Path(__file__).name} --write  (rewrites {HEADING!r} of {DOC})")
    write()
    found = problems(DOC.read_text(encoding="utf-8"), all_hooks())
    if found:
        sys.exit("still out of date:\n" + "\n".join(found))
    print(f"{DOC.relative_to(ROOT)}: {HEADING!r} rewritten from {SPECS.relative_to(ROOT)}")
