"""Reader of Moodle's GIFT format (``NN-slug.gift``), so question banks move over unchanged.

It follows Moodle's own importer (``question/format/gift``): questions are blocks of lines
separated by blank lines; ``//`` lines are comments; ``$CATEGORY:`` sets the category of the
questions after it; ``::title::`` names a question (and becomes its stable id); ``[format]``
starts the text; the answer block ``{...}`` decides the type (see :mod:`gift_answers`); an
answer block followed by more text is a missing-word question (a blank in the prompt).

Deliberate differences from Moodle, each friendlier and never losing a question:
- every problem is reported with its line, and parsing goes on with the next question;
- a ``$CATEGORY:`` line may be directly followed by a question (Moodle would fold the
  question into the category name);
- essays ``{}`` and descriptions (no answer block) are imported as ungraded ``text`` with a
  warning; Sinau has no essay grading.
"""

from __future__ import annotations

from flask_babel import gettext as _

from lms.builtin.quiz.gift_answers import (
    Block,
    Parsed,
    classify,
    parse_choices,
    parse_matching,
    parse_numeric,
    parse_short,
    parse_true_false,
)
from lms.builtin.quiz.gift_text import protect, restore, split_format, unknown_format_message
from lms.builtin.quiz.questions import (
    BLANK,
    Question,
    derived_question_id,
    report_duplicate_ids,
    title_question_id,
)
from lms.plugins import Diagnostics

_CATEGORY = "$CATEGORY:"


def _blocks(text: str) -> list[list[tuple[int, str]]]:
    """Blank-line separated blocks of (line number, stripped line); comments become ""."""
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            if current:
                blocks.append(current)
            current = []
        else:
            current.append((number, "" if line.startswith("//") else line))
    if current:
        blocks.append(current)
    return blocks


def _trim(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    while lines and not lines[0][1]:
        lines = lines[1:]
    while lines and not lines[-1][1]:
        lines = lines[:-1]
    return lines


class _QuestionReader:
    """Reads one block; offsets are into the block's protected text (see gift_text)."""

    def __init__(self, lines: list[tuple[int, str]], path: str, diagnostics: Diagnostics):
        self.first_line = lines[0][0]
        self.text = protect("\n".join(text for _number, text in lines))
        self.path = path
        self.diagnostics = diagnostics

    def line_of(self, offset: int) -> int:
        return self.first_line + self.text.count("\n", 0, max(offset, 0))

    def error(self, offset: int, message: str) -> None:
        self.diagnostics.error(self.path, self.line_of(offset), message)

    def _title(self) -> tuple[str | None, int]:
        if not self.text.startswith("::"):
            return None, 0
        end = self.text.find("::", 2)
        if end == -1:
            self.diagnostics.warning(
                self.path,
                self.first_line,
                _("judul '::' tidak ditutup dengan '::'; dibaca sebagai teks soal"),
            )
            return None, 2
        return restore(self.text[2:end]) or None, end + 2

    def _braces(self, start: int) -> tuple[int, int] | None:
        """Offsets of the answer block's ``{`` and ``}``; (-1, -1) when there is none."""
        opening = self.text.find("{", start)
        closing = self.text.find("}", start)
        if opening == -1 and closing == -1:
            return -1, -1
        if closing != -1 and (opening == -1 or closing < opening):
            self.error(closing, _("'}' tanpa '{' pembuka; tulis \\} untuk kurung kurawal biasa"))
            return None
        if closing == -1:
            self.error(opening, _("'{' tidak ditutup dengan '}'"))
            return None
        nested = self.text.find("{", opening + 1, closing)
        if nested != -1:
            self.error(nested, _("'{' di dalam blok jawaban; tulis \\{ untuk kurung kurawal biasa"))
            return None
        extra = min(
            (
                i
                for i in (self.text.find("{", closing), self.text.find("}", closing + 1))
                if i != -1
            ),
            default=-1,
        )
        if extra != -1:
            self.error(
                extra,
                _("lebih dari satu blok jawaban {...}; pisahkan soal dengan satu baris kosong"),
            )
            return None
        return opening, closing

    def _formatted(self, offset: int, raw: str) -> tuple[str, str | None]:
        formatted = split_format(raw)
        if formatted.unknown_tag:
            self.error(
                offset + len(raw) - len(raw.lstrip()),
                unknown_format_message(formatted.unknown_tag),
            )
        return restore(formatted.text), formatted.format

    def read(self, category: str | None) -> Question | None:
        before = len(self.diagnostics.errors)
        title, start = self._title()
        braces = self._braces(start)
        if braces is None:
            return None
        opening, closing = braces
        if opening == -1:
            prompt_raw, answer_raw, blank = self.text[start:], None, False
        else:
            after = self.text[closing + 1 :]
            blank = bool(after.strip())
            prompt_raw = self.text[start:opening] + (BLANK + after if blank else "")
            answer_raw = self.text[opening + 1 : closing]
        prompt, prompt_format = self._formatted(start, prompt_raw)
        if not prompt:
            self.error(start, _("soal tanpa teks pertanyaan"))
            return None
        question_id = title_question_id(title) if title else derived_question_id(prompt)
        general = ""
        parsed: Parsed | None
        if answer_raw is None:
            self.diagnostics.warning(
                self.path,
                self.first_line,
                _("deskripsi tanpa blok jawaban {...}: diimpor sebagai teks tanpa nilai"),
            )
            parsed = Parsed("text")
        else:
            separator = answer_raw.rfind("####")
            if separator != -1:
                general, _format = self._formatted(
                    opening + 1 + separator + 4, answer_raw[separator + 4 :]
                )
                answer_raw = answer_raw[:separator]
            answer_text = answer_raw.strip()
            block_offset = opening + 1 + len(answer_raw) - len(answer_raw.lstrip())
            block = Block(
                answer_text,
                block_offset,
                self.line_of,
                self.path,
                self.diagnostics,
                question_id,
                opening,
            )
            parsed = self._answers(block, opening)
        if parsed is None or len(self.diagnostics.errors) > before:
            return None
        kind = parsed.kind
        if blank and kind in ("single", "short"):
            kind = "missing_word"
        return Question(
            id=question_id,
            kind=kind,
            prompt=prompt,
            prompt_format=prompt_format or "markdown",
            points=0.0 if kind == "text" else 1.0,
            options=tuple(parsed.options),
            answers=tuple(parsed.answers),
            pairs=tuple(parsed.pairs),
            feedback=general,
            line=self.first_line,
            title=title,
            category=category,
            weighted=parsed.weighted,
        )

    def _answers(self, block: Block, opening: int) -> Parsed | None:
        kind = classify(block.text)
        if kind == "essay":
            self.diagnostics.warning(
                self.path,
                self.line_of(opening),
                _("soal esai {} tidak dinilai: diimpor sebagai teks tanpa nilai"),
            )
            return Parsed("text")
        if kind == "numeric":
            return parse_numeric(block)
        if kind == "choice":
            return parse_choices(block, single="=" in block.text)
        if kind == "matching":
            return parse_matching(block)
        if kind == "true_false":
            return parse_true_false(block)
        return parse_short(block)


def parse_gift(text: str, path: str, diagnostics: Diagnostics) -> list[Question]:
    """Every question of a GIFT file, in order; problems go to ``diagnostics`` with lines.

    Questions with errors are left out of the result (and reported), so callers must check
    ``diagnostics`` before using the list.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    questions: list[Question] = []
    category: str | None = None
    for block in _blocks(text):
        lines = _trim(block)
        while lines and lines[0][1].startswith(_CATEGORY):
            category = lines[0][1][len(_CATEGORY) :].strip() or None
            lines = _trim(lines[1:])
        if not lines:
            continue
        question = _QuestionReader(lines, path, diagnostics).read(category)
        if question is not None:
            questions.append(question)
    report_duplicate_ids(questions, path, diagnostics)
    return questions
