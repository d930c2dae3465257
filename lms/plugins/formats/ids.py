"""Stable ids of the parts of an item file (questions, options), and the duplicate check.

Ids are derived, never positional, so that reordering a file keeps a question's statistics:
an explicit id wins, otherwise the id is a hash of the normalised prompt. Option ids hash the
question id with the option's own text, so they are stable across reorders and never reveal
which option is right. Used by the quiz and survey readers; any activity type may use them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from typing import Protocol

from flask_babel import gettext as _

from lms.core.diagnostics import Diagnostics

_ID_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$")


def normalize_text(text: str) -> str:
    """Case-folded, NFKC-normalised, whitespace-collapsed: how answers and ids compare."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def stable_hash(*parts: str) -> str:
    """A short, stable hash of text parts (hex): the base of every derived id."""
    return hashlib.sha1("\0".join(parts).encode("utf-8"), usedforsecurity=False).hexdigest()


def derived_question_id(prompt: str) -> str:
    """Id of a question without an explicit one: rewording it makes it a new question."""
    return "q-" + stable_hash(normalize_text(prompt))[:10]


def option_id(question_id: str, text: str) -> str:
    return "o" + stable_hash(question_id, text)[:8]


def is_valid_id(value: str) -> bool:
    return bool(_ID_RE.match(value))


class Identified(Protocol):
    """Anything with an id and a line: quiz questions, survey questions."""

    @property
    def id(self) -> str: ...

    @property
    def line(self) -> int: ...


def report_duplicate_ids(
    questions: Sequence[Identified],
    path: str,
    diagnostics: Diagnostics,
    seen: dict[str, str] | None = None,
) -> dict[str, str]:
    """Error at the *second* question with an id already used.

    ``seen`` (id -> "path:line" of its first use) lets a caller check questions of several
    files (a .quiz.md and its ``questions_from`` GIFT file) as one quiz; it is returned updated.
    """
    seen = {} if seen is None else seen
    for question in questions:
        if question.id in seen:
            diagnostics.error(
                path,
                question.line,
                _(
                    "id soal '%(id)s' sudah dipakai oleh soal di %(where)s",
                    id=question.id,
                    where=seen[question.id],
                ),
            )
        else:
            seen[question.id] = f"{path}:{question.line}"
    return seen
