"""The newcomer's map (``docs/architecture.md``) stays true: every path it names exists, every
module of the layers (queries, services, views) sits in some area's row, and no code comment
sends the reader to a document outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARCHITECTURE = ROOT / "docs" / "architecture.md"
GLOSSARY = ROOT / "docs" / "glossary.md"
PATH = re.compile(r"`((?:lms|templates|static|tests|bench|docs|migrations|examples)/[^`\s]*)`")
#: the product owner's documents, which live outside the repository
OUTSIDE = re.compile(r"(?<![\w/-])(domain|course-format|interface|anchors-next)\.md\b|\.\./shared/|/work/shared")


def _area_map() -> str:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    start = text.index("## Area map")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def _rows() -> list[str]:
    return [line for line in _area_map().splitlines() if line.startswith("| **")]


def test_every_path_the_documents_name_exists() -> None:
    named = {m for doc in (ARCHITECTURE, GLOSSARY) for m in PATH.findall(doc.read_text(encoding="utf-8"))}
    assert len(named) > 50  # the map was read, not skipped
    missing = sorted(p for p in named if not (ROOT / p.rstrip("/")).exists())
    assert missing == []


def test_each_area_has_one_row_with_its_views_and_tests() -> None:
    rows = _rows()
    areas = [re.match(r"\| \*\*([\w-]+)\*\*", row).group(1) for row in rows]  # type: ignore[union-attr]
    assert len(areas) == len(set(areas)) >= 10
    for row in rows:
        assert "`tests/" in row or "`docs/" in row, row  # where its behaviour is checked


def test_every_module_of_the_layers_is_in_some_area() -> None:
    """A new module of queries, services or views needs its area's row (or a new row)."""
    named = set(PATH.findall(_area_map()))
    covered = {p.rstrip("/") for p in named}
    layers = [ROOT / "lms/core/queries", ROOT / "lms/core/services", ROOT / "lms/web"]
    unmapped = []
    for layer in layers:
        for child in sorted(layer.iterdir()):
            if child.name.startswith(("_", ".")) or child.suffix not in (".py", ""):
                continue
            rel = child.relative_to(ROOT).as_posix()
            if rel not in covered:
                unmapped.append(rel)
    assert unmapped == []


def test_code_points_to_documents_in_the_repository() -> None:
    found = []
    for folder in ("lms", "tests", "bench", "docs", "templates", "static", "migrations", "examples"):
        for path in sorted((ROOT / folder).rglob("*")) if (ROOT / folder).is_dir() else []:
            if path.suffix not in (".py", ".html", ".md", ".txt", ".toml", ".css", ".js") or path == Path(__file__):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                if OUTSIDE.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []
