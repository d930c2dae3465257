"""The trainers' guide (docs/panduan-pengajar.md) promises that its examples import.

Every fenced block whose info string has ``file=<slug>/<path>`` is written to a folder, grouped
by slug, and every example course must import without error. A guide without such blocks fails
this test: it must not pass vacuously.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lms.core.diagnostics import InputError
from lms.core.importer.service import import_paths

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "panduan-pengajar.md"
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


def example_files(text: str) -> dict[str, str]:
    """``{"slug/path": content}`` of the blocks marked ``file=``; fences nest as CommonMark says
    (a block closes with the same character, at least as long, and no info string)."""
    files: dict[str, str] = {}
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening or (opening.group("fence")[0] == "`" and "`" in opening.group("info")):
            index += 1
            continue
        fence, info = opening.group("fence"), opening.group("info")
        body: list[str] = []
        index += 1
        while index < len(lines):
            closing = FENCE.match(lines[index])
            if (
                closing
                and closing.group("fence")[0] == fence[0]
                and len(closing.group("fence")) >= len(fence)
                and not closing.group("info").strip()
            ):
                break
            body.append(lines[index])
            index += 1
        index += 1
        target = re.search(r"(?:^|\s)file=(\S+)", info)
        if target:
            name = target.group(1).strip("\"'")
            assert name not in files, f"two blocks write {name}"
            files[name] = "\n".join(body) + "\n"
    return files


def test_the_fence_reader_handles_nesting() -> None:
    text = "x\n````markdown file=a/course.md\n```text\ninside\n```\n````\n~~~ file=a/01-b.md\n# B\n~~~\n```\nno\n```\n"
    assert example_files(text) == {"a/course.md": "```text\ninside\n```\n", "a/01-b.md": "# B\n"}


def test_every_example_course_of_the_trainer_guide_imports(db: Any, tmp_path: Path) -> None:
    assert GUIDE.is_file(), "docs/panduan-pengajar.md is missing"
    files = example_files(GUIDE.read_text(encoding="utf-8"))
    slugs = sorted({name.split("/", 1)[0] for name in files})
    assert len(slugs) >= 3, f"the guide has {len(slugs)} example courses (file=<slug>/...): {slugs}"
    for slug in slugs:
        assert f"{slug}/course.md" in files, f"example {slug} has no course.md block"
    root = tmp_path / "panduan"
    for name, content in files.items():
        path = root / name
        assert root in path.resolve().parents, name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    try:
        report = import_paths([root], workers=1)
    except InputError as exc:
        raise AssertionError(f"the guide's examples do not import:\n{exc}") from None
    assert sorted(r.slug for r in report.results) == slugs
    assert {r.outcome for r in report.results} == {"created"}
    assert not report.warnings, report.warnings
