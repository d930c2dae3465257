"""Reader of ``NN-slug.survey.md`` (see "8. Survei dan evaluasi" in docs/panduan-pengajar.md).

A ``## `` heading per question, then what kind of answer it takes: ``scale: 1-5``,
``- ( ) option`` lines (one choice), or ``text``. Ids follow the quiz rules (``{#id}`` or a
hash of the prompt) so survey statistics survive reordering. The line-level helpers and
settings checks are the shared ones of ``lms.plugins`` (``split_sections``, ``read_settings``),
as the quiz's, so both formats report errors the same way.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from flask_babel import gettext as _

from lms.plugins import (
    Diagnostics,
    FileLine,
    FileSection,
    Setting,
    bool_value,
    derived_question_id,
    file_lines,
    first_title,
    is_valid_id,
    join_lines,
    normalize_text,
    option_id,
    read_settings,
    report_duplicate_ids,
    split_attributes,
    split_front_matter,
    split_sections,
    text_value,
)

SCALE_MAX = 10
_SCALE_RE = re.compile(r"^ {0,3}scale:[ \t]*(.*?)[ \t]*$", re.IGNORECASE)
_SCALE_VALUE_RE = re.compile(r"^(\d{1,2})[ \t]*-[ \t]*(\d{1,2})$")
_CHOICE_RE = re.compile(r"^ {0,3}[-*+][ \t]+\([ \t]?\)(?:[ \t]+(.*?))?[ \t]*$")
_TEXT_RE = re.compile(r"^ {0,3}text[ \t]*$", re.IGNORECASE)


@dataclass(frozen=True)
class SurveySettings:
    title: str | None = None
    required: bool = False  # course completion waits for the survey
    anonymous: bool = True  # trainers see answers without names


SURVEY_SETTINGS = [
    Setting("title", text_value),
    Setting("required", bool_value),
    Setting("anonymous", bool_value),
]


@dataclass(frozen=True)
class SurveyOption:
    id: str
    text: str


@dataclass(frozen=True)
class SurveyQuestion:
    id: str
    kind: str  # "scale" | "choice" | "text"
    prompt: str  # Markdown source
    line: int
    scale_min: int | None = None
    scale_max: int | None = None
    options: tuple[SurveyOption, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SurveyQuestion:
        values = dict(data)
        values["options"] = tuple(SurveyOption(**o) for o in data.get("options", ()))
        return cls(**values)


@dataclass(frozen=True)
class SurveyDefinition:
    settings: SurveySettings
    title: str | None  # front-matter title, else the intro's first "# " heading
    intro: str
    questions: tuple[SurveyQuestion, ...]
    key_lines: dict[str, int]


def _marker(line: FileLine) -> tuple[str, re.Match[str]] | None:
    if line.in_fence:
        return None
    for kind, pattern in (("scale", _SCALE_RE), ("choice", _CHOICE_RE), ("text", _TEXT_RE)):
        match = pattern.match(line.text)
        if match:
            return kind, match
    return None


def _explicit_id(tokens: list[str], line: int, path: str, diagnostics: Diagnostics) -> str | None:
    explicit: str | None = None
    for token in tokens:
        if token.startswith("#") and is_valid_id(token[1:]):
            explicit = token[1:]
        elif token.startswith("#"):
            diagnostics.error(
                path,
                line,
                _(
                    "id '%(id)s' tidak valid: gunakan huruf kecil a-z, angka 0-9 dan '-'",
                    id=token[1:],
                ),
            )
        else:
            diagnostics.error(
                path,
                line,
                _("atribut '%(attribute)s' tidak dikenal; yang dikenal: {#id}", attribute=token),
            )
    return explicit


def _scale(value: str, line: int, path: str, diagnostics: Diagnostics) -> tuple[int, int] | None:
    match = _SCALE_VALUE_RE.match(value)
    if match:
        low, high = int(match.group(1)), int(match.group(2))
        if low < high <= SCALE_MAX:
            return low, high
    diagnostics.error(
        path,
        line,
        _(
            "skala tidak valid '%(value)s': tulis misalnya 'scale: 1-5' (dua bilangan bulat "
            "0 sampai %(max)s, yang pertama lebih kecil)",
            value=value,
            max=SCALE_MAX,
        ),
    )
    return None


def _parse_question(section: FileSection, path: str, diagnostics: Diagnostics) -> SurveyQuestion | None:
    before = len(diagnostics.errors)
    heading, tokens = split_attributes(section.heading)
    explicit = _explicit_id(tokens, section.line, path, diagnostics)
    prompt_lines: list[FileLine] = []
    kind: str | None = None
    scale: tuple[int, int] | None = None
    choices: list[tuple[int, str]] = []
    complained = False
    for line in section.lines:
        found = _marker(line)
        if kind is None and found is None:
            prompt_lines.append(line)
            continue
        if found is None:
            if line.text.strip() and not complained:
                complained = True
                diagnostics.error(
                    path, line.number, _("teks setelah jenis jawaban tidak termasuk soal ini")
                )
            continue
        found_kind, match = found
        if kind is not None and (found_kind != kind or kind != "choice"):
            diagnostics.error(
                path,
                line.number,
                _(
                    "soal ini sudah berjenis '%(kind)s'; satu soal hanya boleh satu jenis "
                    "(scale, pilihan '- ( )', atau text)",
                    kind=kind,
                ),
            )
            continue
        kind = found_kind
        if kind == "scale":
            scale = _scale(match.group(1), line.number, path, diagnostics)
        elif kind == "choice":
            choices.append((line.number, (match.group(1) or "").strip()))
    body = join_lines(prompt_lines)
    prompt = "\n\n".join(part for part in (heading, body) if part)
    if not prompt:
        diagnostics.error(path, section.line, _("soal tanpa pertanyaan: judul '## ' kosong"))
    if kind is None:
        diagnostics.error(
            path,
            section.line,
            _("soal tanpa jenis jawaban: tambahkan 'scale: 1-5', pilihan '- ( ) ...', atau 'text'"),
        )
    question_id = explicit or derived_question_id(prompt)
    options: list[SurveyOption] = []
    seen: set[str] = set()
    for number, text in choices:
        if not text:
            diagnostics.error(path, number, _("pilihan jawaban kosong"))
        elif normalize_text(text) in seen:
            diagnostics.error(
                path, number, _("pilihan '%(text)s' muncul dua kali dalam soal ini", text=text)
            )
        else:
            seen.add(normalize_text(text))
            options.append(SurveyOption(option_id(question_id, text), text))
    if kind == "choice" and len(choices) < 2:
        diagnostics.error(
            path, section.line, _("soal pilihan membutuhkan paling sedikit dua pilihan")
        )
    if len(diagnostics.errors) > before or kind is None:
        return None
    return SurveyQuestion(
        id=question_id,
        kind=kind,
        prompt=prompt,
        line=section.line,
        scale_min=scale[0] if scale else None,
        scale_max=scale[1] if scale else None,
        options=tuple(options),
    )


def parse_survey(text: str, path: str, diagnostics: Diagnostics) -> SurveyDefinition | None:
    """Parse a ``.survey.md`` file; None (with every error reported) when it has errors."""
    before = len(diagnostics.errors)
    document = split_front_matter(text, path, diagnostics)
    values = read_settings(document.meta, document.key_lines, SURVEY_SETTINGS, path, diagnostics)
    settings = SurveySettings(**values)
    intro, sections = split_sections(file_lines(document.body, document.body_line))
    for line in intro:
        if _marker(line) is not None and not _TEXT_RE.match(line.text):
            diagnostics.error(
                path,
                line.number,
                _("jenis jawaban di luar soal: tambahkan judul '## ' soal di atasnya"),
            )
    questions = [q for q in (_parse_question(s, path, diagnostics) for s in sections) if q]
    report_duplicate_ids(questions, path, diagnostics)
    if not sections:
        diagnostics.error(
            path, document.body_line, _("survei tanpa soal: tulis soal sebagai judul '## '")
        )
    if len(diagnostics.errors) > before:
        return None
    return SurveyDefinition(
        settings=settings,
        title=settings.title or first_title(intro),
        intro=join_lines(intro),
        questions=tuple(questions),
        key_lines=dict(document.key_lines),
    )
