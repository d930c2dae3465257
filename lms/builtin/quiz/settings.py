"""A quiz's front-matter settings: each key checked (with the shared checks of
:mod:`lms.plugins.formats.settings`), errors naming the field and its line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from lms.plugins import Diagnostics
from lms.plugins.formats.settings import (
    Invalid,
    Setting,
    bool_value,
    int_at_least,
    number_between,
    one_of,
    optional,
    read_settings,
    text_value,
)


def gift_file_name(value: Any) -> str:
    """A ``.gift`` file in the quiz's own folder: no folders, no ``..``, no dot-files."""
    if (
        not isinstance(value, str)
        or not value.endswith(".gift")
        or "/" in value
        or "\\" in value
        or value.startswith(".")
    ):
        raise Invalid(_("harus nama berkas .gift di folder yang sama, misalnya bank-soal.gift"))
    return value


@dataclass(frozen=True)
class QuizSettings:
    """Every front-matter key of a quiz, with its default (see "Pengaturan kuis" in docs/panduan-pengajar.md)."""

    title: str | None = None
    pass_score: float = 70
    max_attempts: int = 0
    time_limit_minutes: int | None = None
    questions_per_attempt: int | None = None
    shuffle_questions: bool = False
    shuffle_options: bool = True
    partial_credit: bool = False
    show_feedback: str = "after_submit"
    grading: str = "highest"
    questions_from: str | None = None


QUIZ_SETTINGS = [
    Setting("title", text_value),
    Setting("pass_score", number_between(0, 100)),
    Setting("max_attempts", int_at_least(0)),
    Setting("time_limit_minutes", optional(int_at_least(1))),
    Setting("questions_per_attempt", optional(int_at_least(1))),
    Setting("shuffle_questions", bool_value),
    Setting("shuffle_options", bool_value),
    Setting("partial_credit", bool_value),
    Setting("show_feedback", one_of("after_submit", "after_pass", "never")),
    Setting("grading", one_of("highest", "last")),
    Setting("questions_from", optional(gift_file_name)),
]


def quiz_settings(
    meta: dict[str, Any], key_lines: dict[str, int], path: str, diagnostics: Diagnostics
) -> QuizSettings:
    return QuizSettings(**read_settings(meta, key_lines, QUIZ_SETTINGS, path, diagnostics))
