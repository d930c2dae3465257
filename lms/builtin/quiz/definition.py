"""A whole quiz as the importer stores it, from a ``.quiz.md`` or a standalone ``.gift`` file."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from lms.builtin.quiz.gift import parse_gift
from lms.builtin.quiz.questions import Question
from lms.builtin.quiz.settings import QuizSettings
from lms.plugins import Diagnostics


@dataclass(frozen=True)
class QuizDefinition:
    settings: QuizSettings
    #: Front-matter ``title``, else the intro's first ``# `` heading, else None (the importer
    #: then uses the item's slug, as for lessons).
    title: str | None
    intro: str
    questions: tuple[Question, ...]
    key_lines: dict[str, int]


def parse_gift_quiz(text: str, path: str, diagnostics: Diagnostics) -> QuizDefinition | None:
    """A ``NN-slug.gift`` quiz: its questions with every setting at its default."""
    before = len(diagnostics.errors)
    questions = parse_gift(text, path, diagnostics)
    if not questions and len(diagnostics.errors) == before:
        diagnostics.error(path, 1, _("berkas GIFT tanpa soal"))
    if len(diagnostics.errors) > before:
        return None
    return QuizDefinition(QuizSettings(), None, "", tuple(questions), {})
