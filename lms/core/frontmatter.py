"""YAML front matter (``---`` ... ``---``) at the top of a Markdown file.

Returns the settings, the body and the line number where the body starts, so that every
later error in the body can still be reported with the line of the *file*.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from flask_babel import gettext as _

from lms.core.diagnostics import Diagnostics


@dataclass(frozen=True)
class Document:
    meta: dict[str, Any]
    body: str
    body_line: int  # 1-based line number of the body's first line in the file
    key_lines: dict[str, int]  # front-matter key -> its line in the file


def split_front_matter(text: str, path: str, diagnostics: Diagnostics) -> Document:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return Document({}, text, 1, {})
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        diagnostics.error(path, 1, _("front matter dibuka dengan '---' tetapi tidak pernah ditutup"))
        return Document({}, "", len(lines) + 1, {})
    raw = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1 :])
    try:
        meta = yaml.safe_load(raw) if raw.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        diagnostics.error(path, line, _("YAML tidak valid di front matter: %(problem)s", problem=problem))
        return Document({}, body, end + 2, {})
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        diagnostics.error(path, 2, _("front matter harus berupa daftar pengaturan 'kunci: nilai'"))
        return Document({}, body, end + 2, {})
    key_lines: dict[str, int] = {}
    for number, line in enumerate(lines[1:end], start=2):
        if line and not line[0].isspace() and ":" in line and not line.startswith("#"):
            key_lines.setdefault(line.split(":", 1)[0].strip(), number)
    return Document(meta, body, end + 2, key_lines)
