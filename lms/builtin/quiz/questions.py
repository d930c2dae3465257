"""The question model shared by both quiz formats, the graders and stored attempts.

Questions are frozen dataclasses that round-trip through JSON (``to_dict``/``from_dict``):
the importer stores parsed questions as JSON, and an attempt keeps a snapshot of each question
as it was when the attempt started, so later edits never regrade old attempts.

Ids are derived, never positional, so that reordering a file keeps a question's statistics:
an explicit id (``{#id}`` in ``.quiz.md``, ``::title::`` in GIFT) wins, otherwise the id is a
hash of the normalised prompt. Option, answer and pair ids hash the question id with the
option's own text, so they are stable across reorders and never reveal which option is right.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from typing import Any

# the ids shared with every item format (re-exported: the quiz's readers and graders use them)
from lms.plugins.formats.ids import (
    derived_question_id,
    is_valid_id,
    normalize_text,
    option_id,
    report_duplicate_ids,
    stable_hash,
)

__all__ = ["BLANK", "CATCH_ALL", "KINDS", "PROMPT_FORMATS", "Answer", "Option", "Pair", "Question",
           "answer_id", "derived_question_id", "is_valid_id", "normalize_text", "option_id", "pair_id",
           "report_duplicate_ids", "slugify", "title_question_id"]

#: Kinds known to the built-in parsers (plugins may register more in the kind registry).
KINDS = (
    "single",
    "multiple",
    "true_false",
    "short",
    "numeric",
    "matching",
    "missing_word",
    "text",
)
PROMPT_FORMATS = ("markdown", "html", "plain")
#: What a GIFT answer block in the middle of a sentence leaves in the prompt.
BLANK = "____"
#: Text of the catch-all GIFT numerical answer (``~#feedback``): matches any wrong response.
CATCH_ALL = "*"

@dataclass(frozen=True)
class Option:
    """A choice; ``fraction`` is 1.0 right, 0.0 wrong, anything in -1..1 for GIFT weights."""

    id: str
    text: str
    fraction: float
    feedback: str = ""
    #: GIFT ``[html]`` etc. on the option itself; None: same as the question's prompt_format.
    format: str | None = None


@dataclass(frozen=True)
class Answer:
    """An accepted short or numeric answer: ``text``, or ``value ± tolerance``, or ``min..max``."""

    id: str
    text: str | None = None
    value: float | None = None
    tolerance: float = 0.0
    min: float | None = None
    max: float | None = None
    fraction: float = 1.0
    feedback: str = ""

    @property
    def is_numeric(self) -> bool:
        return self.value is not None or self.min is not None

    @property
    def is_catch_all(self) -> bool:
        return self.text == CATCH_ALL and not self.is_numeric


@dataclass(frozen=True)
class Pair:
    """A matching pair; an empty ``left`` is a distractor: one more choice on the right."""

    id: str
    left: str
    right: str


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    prompt: str
    prompt_format: str = "markdown"
    points: float = 1.0
    options: tuple[Option, ...] = ()
    answers: tuple[Answer, ...] = ()
    pairs: tuple[Pair, ...] = ()
    feedback: str = ""
    line: int = 0
    title: str | None = None
    category: str | None = None
    #: True for GIFT multiple-answer questions: the grade is the sum of the chosen weights
    #: instead of the .quiz.md all-or-nothing / proportional rule.
    weighted: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Question:
        values = dict(data)
        values["options"] = tuple(Option(**o) for o in data.get("options", ()))
        values["answers"] = tuple(Answer(**a) for a in data.get("answers", ()))
        values["pairs"] = tuple(Pair(**p) for p in data.get("pairs", ()))
        return cls(**values)

    @property
    def real_pairs(self) -> tuple[Pair, ...]:
        """Matching pairs a learner must match (distractors left out)."""
        return tuple(p for p in self.pairs if p.left)


def answer_id(question_id: str, canonical: str) -> str:
    return "a" + stable_hash(question_id, canonical)[:8]


def pair_id(question_id: str, left: str, right: str = "") -> str:
    return "p" + (stable_hash(question_id, left)[:8] if left else stable_hash(question_id, "", right)[:8])


def slugify(title: str) -> str:
    """``a-z0-9-`` slug of a GIFT title (accents folded: "Soal Ujian #1" -> "soal-ujian-1")."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:100].strip("-")


def title_question_id(title: str) -> str:
    """Id from a GIFT title; a title with no ASCII letters or digits falls back to its hash."""
    return slugify(title) or "q-" + stable_hash(normalize_text(title))[:10]
