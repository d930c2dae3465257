"""Line-level structure of an item file: "one ``## `` heading per part" (quiz and survey
questions, or any activity type's). Splitting is done on lines, not on a
rendered Markdown tree, because every error must carry the line of the file; fenced code is
tracked so a ``## `` or ``- [x]`` inside a code sample is never taken for structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING_RE = re.compile(r"^ {0,3}##(?:[ \t]+(.*?))?[ \t]*$")
_CLOSING_HASHES_RE = re.compile(r"[ \t]+#+$")
_ATTRIBUTES_RE = re.compile(r"[ \t]*\{([^{}]*)\}[ \t]*$")


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the file
    text: str
    in_fence: bool  # inside (or the fence line of) a fenced code block


@dataclass
class Section:
    """A ``## `` heading and the lines up to the next one."""

    line: int
    heading: str
    lines: list[Line] = field(default_factory=list)


def file_lines(body: str, first_line: int) -> list[Line]:
    """The body's lines with their file line numbers, fenced code marked."""
    result: list[Line] = []
    fence: str | None = None
    for offset, text in enumerate(body.split("\n")):
        match = _FENCE_RE.match(text)
        if fence is None and match:
            fence = match.group(1)
            result.append(Line(first_line + offset, text, True))
            continue
        if fence is not None:
            closes = (
                match is not None
                and match.group(1)[0] == fence[0]
                and len(match.group(1)) >= len(fence)
                and not text.strip()[len(match.group(1)) :].strip()
            )
            result.append(Line(first_line + offset, text, True))
            if closes:
                fence = None
            continue
        result.append(Line(first_line + offset, text, False))
    return result


def split_sections(lines: list[Line]) -> tuple[list[Line], list[Section]]:
    """Lines before the first ``## `` heading (the intro), and one section per heading."""
    intro: list[Line] = []
    sections: list[Section] = []
    for line in lines:
        match = None if line.in_fence else _HEADING_RE.match(line.text)
        if match:
            heading = _CLOSING_HASHES_RE.sub("", match.group(1) or "")
            sections.append(Section(line.number, heading.strip()))
        elif sections:
            sections[-1].lines.append(line)
        else:
            intro.append(line)
    return intro, sections


def split_attributes(heading: str) -> tuple[str, list[str]]:
    """``"Apa? {points=2} {#asn}"`` -> ``("Apa?", ["points=2", "#asn"])``."""
    tokens: list[str] = []
    while True:
        match = _ATTRIBUTES_RE.search(heading)
        if not match:
            return heading.strip(), tokens
        tokens[:0] = match.group(1).split()
        heading = heading[: match.start()]


def join_lines(lines: list[Line]) -> str:
    """Source text of ``lines`` without leading and trailing blank lines."""
    texts = [line.text for line in lines]
    while texts and not texts[0].strip():
        texts.pop(0)
    while texts and not texts[-1].strip():
        texts.pop()
    return "\n".join(texts)


def first_title(lines: list[Line]) -> str | None:
    """Text of the first ``# `` heading outside code, used when front matter has no title."""
    for line in lines:
        if not line.in_fence:
            match = re.match(r"^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", line.text)
            if match:
                return match.group(1).strip()
    return None
