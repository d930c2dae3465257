"""The settings form and ``course.md``: the form's values are written as ``course.md`` and
validated by reading that file like an import does (``parse_course_md`` through the reader),
so the form can never accept what the format refuses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from lms.core.diagnostics import Diagnostic, Diagnostics
from lms.core.importer.course_settings import parse_course_md

_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
_INTEGER = re.compile(r"^\d+$")


@dataclass
class CourseFields:
    """The settings form's values, as typed (numbers stay text until the format checks them)."""

    title: str = ""
    summary: str = ""
    jp: str = ""
    competencies: list[tuple[str, str]] = field(default_factory=list)  # (code, level)
    category: str = ""
    tags: str = ""  # comma-separated
    language: str = "id"
    enrollment: str = "open"
    prerequisites: str = ""  # comma-separated slugs
    certificate: bool = True
    valid_months: str = ""
    cover: str = ""  # a picture of media/ ("media/sampul.jpg")
    description: str = ""


def _scalar(value: Any) -> str:
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1_000_000)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def _number(text: str, pattern: re.Pattern[str]) -> str:
    text = text.strip()
    return text.replace(",", ".") if pattern.match(text) else _scalar(text)


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,\n]", text) if part.strip()]


def compose_course_md(fields: CourseFields) -> tuple[str, dict[int, str]]:
    """The text of ``course.md`` and, for each line of its front matter, the form field it
    came from (to put the reader's ``path:line`` errors next to their field)."""
    lines: list[str] = ["---"]
    owner: dict[int, str] = {}

    def add(name: str, line: str) -> None:
        lines.append(line)
        owner[len(lines)] = name

    add("title", f"title: {_scalar(fields.title.strip())}")
    add("summary", f"summary: {_scalar(fields.summary.strip())}")
    add("jp", f"jp: {_number(fields.jp, _NUMBER)}")
    competencies = [(c.strip(), level.strip()) for c, level in fields.competencies if c.strip()]
    if competencies:
        add("competencies", "competencies:")
        for code, level in competencies:
            add("competencies", f"  - code: {_scalar(code)}")
            add("competencies", f"    level: {_number(level, _INTEGER)}")
    if fields.category.strip():
        add("category", f"category: {_scalar(fields.category.strip())}")
    if _split(fields.tags):
        add("tags", f"tags: {_scalar(_split(fields.tags))}")
    add("language", f"language: {_scalar(fields.language.strip())}")
    add("enrollment", f"enrollment: {_scalar(fields.enrollment.strip())}")
    if _split(fields.prerequisites):
        add("prerequisites", f"prerequisites: {_scalar(_split(fields.prerequisites))}")
    add("certificate", f"certificate: {'true' if fields.certificate else 'false'}")
    if fields.valid_months.strip():
        add("valid_months", f"valid_months: {_number(fields.valid_months, _INTEGER)}")
    if fields.cover.strip():
        add("cover", f"cover: {_scalar(fields.cover.strip())}")
    lines.append("---")
    body = fields.description.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    first_body_line = len(lines) + 1
    for number in range(first_body_line, first_body_line + body.count("\n") + 1):
        owner[number] = "description"
    return "\n".join(lines) + "\n" + (body + "\n" if body else ""), owner


def fields_from_course_md(text: str, known_competencies: set[str]) -> CourseFields:
    """The form's values of an existing ``course.md`` (already valid: it was saved)."""
    settings, body, _line, _lines = parse_course_md(text, "course.md", Diagnostics(), known_competencies)
    return CourseFields(
        title=settings.title, summary=settings.summary,
        jp=f"{settings.jp:g}" if settings.jp else "",
        competencies=[(c["code"], str(c["level"])) for c in settings.competencies],
        category=settings.category or "", tags=", ".join(settings.tags), language=settings.language,
        enrollment=settings.enrollment, prerequisites=", ".join(settings.prerequisites),
        certificate=settings.certificate,
        valid_months=str(settings.valid_months) if settings.valid_months else "",
        cover=settings.cover or "",
        description=body.strip("\n"),
    )


def errors_by_field(diagnostics: list[Diagnostic], owner: dict[int, str]) -> dict[str, list[str]]:
    """``course.md`` errors grouped by the form field of their line ('' when no field)."""
    grouped: dict[str, list[str]] = {}
    for d in diagnostics:
        if d.level != "error" or not d.path.endswith("course.md"):
            continue
        name = owner.get(d.line, "")
        if d.line == 1:  # "required setting missing: jp" and the like name their key
            name = next((key for key in ("title", "summary", "jp") if d.message.endswith(f": {key}")), "")
        grouped.setdefault(name, []).append(d.message)
    return grouped
