"""One ``## `` section of a ``.quiz.md`` file -> one :class:`Question`.

The section is read line by line in three phases: the prompt (anything up to the first
option or ``=`` answer), the answers (options with their indented blockquote feedback, or
``=`` lines), and the general feedback (an unindented blockquote after the answers).
Anything else after the answers is an error rather than silently dropped text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _

from lms.builtin.quiz.numeric import parse_number, split_tolerance
from lms.builtin.quiz.questions import (
    Answer,
    Option,
    Question,
    answer_id,
    derived_question_id,
    is_valid_id,
    normalize_text,
    option_id,
)
from lms.plugins import Diagnostics
from lms.plugins.formats.blocks import Line, Section, join_lines, split_attributes

OPTION_RE = re.compile(r"^ {0,3}[-*+][ \t]+\[([ xX])\](?:[ \t]+(.*?))?[ \t]*$")
ANSWER_RE = re.compile(r"^ {0,3}=(?!=)[ \t]*(.*?)[ \t]*$")
_QUOTE_RE = re.compile(r"^([ \t]*)>[ \t]?(.*)$")


@dataclass
class _Item:
    """An option (``correct`` set) or an ``=`` answer (``correct`` None), as written."""

    line: int
    text: str
    correct: bool | None
    feedback: list[str] = field(default_factory=list)


def is_answer_line(line: Line) -> bool:
    return not line.in_fence and bool(OPTION_RE.match(line.text) or ANSWER_RE.match(line.text))


def _attributes(
    tokens: list[str], line: int, path: str, diagnostics: Diagnostics
) -> tuple[str | None, float]:
    explicit_id: str | None = None
    points = 1.0
    for token in tokens:
        if token.startswith("#"):
            explicit_id = token[1:]
            if not is_valid_id(explicit_id):
                diagnostics.error(
                    path,
                    line,
                    _(
                        "id '%(id)s' tidak valid: gunakan huruf kecil a-z, angka 0-9 dan '-'",
                        id=explicit_id,
                    ),
                )
                explicit_id = None
        elif token.startswith("points="):
            value = parse_number(token[len("points=") :])
            if value is None or value <= 0:
                diagnostics.error(
                    path,
                    line,
                    _(
                        "nilai points tidak valid '%(value)s': harus bilangan lebih dari 0",
                        value=token,
                    ),
                )
            else:
                points = value
        else:
            diagnostics.error(
                path,
                line,
                _(
                    "atribut '%(attribute)s' tidak dikenal; yang dikenal: {points=N} dan {#id}",
                    attribute=token,
                ),
            )
    return explicit_id, points


def _read_items(
    lines: list[Line], path: str, diagnostics: Diagnostics
) -> tuple[list[Line], list[_Item], list[str]]:
    """Split a section's lines into prompt lines, answer items and general feedback lines."""
    prompt: list[Line] = []
    items: list[_Item] = []
    general: list[str] = []
    phase = "prompt"
    complained = False
    for line in lines:
        if phase == "prompt":
            if not is_answer_line(line):
                prompt.append(line)
                continue
            phase = "answers"
        option = None if line.in_fence else OPTION_RE.match(line.text)
        answer = None if line.in_fence else ANSWER_RE.match(line.text)
        quote = None if line.in_fence else _QUOTE_RE.match(line.text)
        if not line.text.strip():
            if phase == "feedback":
                general.append("")
            continue
        if phase == "answers" and option:
            items.append(_Item(line.number, option.group(2) or "", option.group(1) != " "))
            continue
        if phase == "answers" and answer:
            items.append(_Item(line.number, answer.group(1), None))
            continue
        if quote and (phase == "feedback" or not quote.group(1)):
            phase = "feedback"
            general.append(quote.group(2))
            continue
        if quote and items:
            items[-1].feedback.append(quote.group(2))
            continue
        if phase == "answers" and items and line.text[:1] in " \t" and not items[-1].feedback:
            items[-1].text = f"{items[-1].text}\n{line.text.strip()}".strip()
            continue
        if not complained:
            complained = True
            if phase == "feedback" and (option or answer):
                message = _(
                    "pilihan atau jawaban setelah umpan balik umum; umpan balik sebuah "
                    "pilihan harus berupa kutipan '>' yang diindentasi di bawah pilihan itu"
                )
            else:
                message = _(
                    "teks setelah pilihan jawaban tidak termasuk soal mana pun; pindahkan ke "
                    "atas pilihan (bagian dari pertanyaan) atau jadikan kutipan '>' (umpan balik)"
                )
            diagnostics.error(path, line.number, message)
    while general and not general[-1]:
        general.pop()
    return prompt, items, general


def _options(
    question_id: str, items: list[_Item], path: str, diagnostics: Diagnostics
) -> list[Option]:
    options: list[Option] = []
    seen: set[str] = set()
    for item in items:
        if not item.text:
            diagnostics.error(path, item.line, _("pilihan jawaban kosong"))
            continue
        key = normalize_text(item.text)
        if key in seen:
            diagnostics.error(
                path,
                item.line,
                _("pilihan '%(text)s' muncul dua kali dalam soal ini", text=item.text),
            )
            continue
        seen.add(key)
        options.append(
            Option(
                option_id(question_id, item.text),
                item.text,
                1.0 if item.correct else 0.0,
                "\n".join(item.feedback).strip(),
            )
        )
    return options


def _answers(
    question_id: str, items: list[_Item], path: str, diagnostics: Diagnostics
) -> tuple[str, list[Answer]]:
    """``numeric`` when every answer is a number (with optional ``± t``), else ``short``."""
    parsed = []
    for item in items:
        value_text, tolerance_text = split_tolerance(item.text)
        parsed.append((item, parse_number(value_text), tolerance_text))
    numeric = bool(parsed) and all(value is not None for _item, value, _tol in parsed)
    answers: list[Answer] = []
    seen: set[str] = set()
    for item, value, tolerance_text in parsed:
        if not item.text:
            diagnostics.error(path, item.line, _("jawaban '=' kosong"))
            continue
        feedback = "\n".join(item.feedback).strip()
        if numeric:
            tolerance = 0.0 if tolerance_text is None else parse_number(tolerance_text)
            if tolerance is None or tolerance < 0:
                diagnostics.error(
                    path,
                    item.line,
                    _(
                        "toleransi tidak valid '%(value)s': harus angka 0 atau lebih",
                        value=tolerance_text,
                    ),
                )
                continue
            canonical = f"{value!r}±{tolerance!r}"
            answer = Answer(
                answer_id(question_id, canonical), None, value, tolerance, feedback=feedback
            )
        else:
            if tolerance_text is not None:
                diagnostics.error(
                    path,
                    item.line,
                    _(
                        "toleransi '± ...' hanya untuk soal yang semua jawabannya angka; "
                        "soal ini punya jawaban teks"
                    ),
                )
                continue
            canonical = normalize_text(item.text)
            answer = Answer(answer_id(question_id, canonical), item.text, feedback=feedback)
        if canonical in seen:
            diagnostics.error(
                path, item.line, _("jawaban '%(text)s' muncul dua kali", text=item.text)
            )
            continue
        seen.add(canonical)
        answers.append(answer)
    return ("numeric" if numeric else "short"), answers


def parse_question(section: Section, path: str, diagnostics: Diagnostics) -> Question | None:
    """The question of one section, or None when it has errors (all of them reported)."""
    before = len(diagnostics.errors)
    heading, tokens = split_attributes(section.heading)
    explicit_id, points = _attributes(tokens, section.line, path, diagnostics)
    prompt_lines, items, general = _read_items(section.lines, path, diagnostics)
    body = join_lines(prompt_lines)
    prompt = "\n\n".join(part for part in (heading, body) if part)
    if not prompt:
        diagnostics.error(path, section.line, _("soal tanpa pertanyaan: judul '## ' kosong"))
    question_id = explicit_id or derived_question_id(prompt)
    options = [i for i in items if i.correct is not None]
    answer_items = [i for i in items if i.correct is None]
    kind = ""
    built_options: list[Option] = []
    built_answers: list[Answer] = []
    if options and answer_items:
        later = max(options[0], answer_items[0], key=lambda i: i.line)
        diagnostics.error(
            path,
            later.line,
            _("soal memiliki pilihan '- [ ]' dan jawaban '=' sekaligus; pilih salah satu"),
        )
    elif options:
        correct = sum(1 for i in options if i.correct)
        if not correct:
            diagnostics.error(
                path,
                section.line,
                _("soal tanpa jawaban benar: tandai pilihan yang benar dengan '- [x]'"),
            )
        elif len(options) == 1:
            diagnostics.warning(
                path, section.line, _("soal pilihan ganda hanya punya satu pilihan")
            )
        kind = "single" if correct == 1 else "multiple"
        built_options = _options(question_id, options, path, diagnostics)
    elif answer_items:
        kind, built_answers = _answers(question_id, answer_items, path, diagnostics)
    else:
        diagnostics.error(
            path,
            section.line,
            _("soal tanpa jawaban: tambahkan pilihan '- [x]' / '- [ ]' atau jawaban '= ...'"),
        )
    if len(diagnostics.errors) > before:
        return None
    return Question(
        id=question_id,
        kind=kind,
        prompt=prompt,
        prompt_format="markdown",
        points=points,
        options=tuple(built_options),
        answers=tuple(built_answers),
        feedback="\n".join(general).strip(),
        line=section.line,
    )
