"""The inside of a GIFT answer block ``{...}`` -> options, answers or pairs, by question type.

The type is decided as Moodle decides it, in this order: empty -> essay; ``#`` first ->
numerical; any ``~`` -> multiple choice (one ``=`` makes it single-answer, otherwise
checkboxes with ``%`` weights); ``=`` and ``->`` -> matching; ``T``/``TRUE``/``F``/``FALSE``
(case-sensitive, as in Moodle) -> true/false; anything else -> short answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import gettext as _

from lms.builtin.quiz.gift_text import (
    restore,
    split_feedback,
    split_format,
    split_weight,
    unknown_format_message,
)
from lms.builtin.quiz.numeric import parse_number
from lms.builtin.quiz.questions import (
    CATCH_ALL,
    Answer,
    Option,
    Pair,
    answer_id,
    normalize_text,
    option_id,
    pair_id,
)
from lms.plugins import Diagnostics

_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
#: ``min..max`` (Moodle: ``..`` not at the start); non-greedy so ``1.5..2.5`` splits right.
_RANGE_RE = re.compile(r"^(.+?)\.\.(.+)$", re.DOTALL)


@dataclass
class Block:
    """An answer block being read: its protected text and how to report problems in it."""

    text: str
    offset: int  # offset of ``text`` in the question's protected text
    line_of: Callable[[int], int]
    path: str
    diagnostics: Diagnostics
    question_id: str
    opening: int  # offset of the block's "{": problems of the whole block are reported there

    def error(self, offset: int | None, message: str) -> None:
        """At ``offset`` in the block's text, or at its ``{`` when ``offset`` is None."""
        self.diagnostics.error(self.path, self._line(offset), message)

    def warning(self, offset: int | None, message: str) -> None:
        self.diagnostics.warning(self.path, self._line(offset), message)

    def _line(self, offset: int | None) -> int:
        return self.line_of(self.opening if offset is None else self.offset + offset)


@dataclass
class Parsed:
    kind: str
    options: list[Option] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    weighted: bool = False


@dataclass(frozen=True)
class _Piece:
    offset: int  # of the marker (or of the text, for text before the first marker)
    marker: str  # "~", "=", or "" for text before the first marker
    body: str


def _pieces(text: str, markers: str) -> list[_Piece]:
    """Split at marker characters; ``~=`` counts as one ``=``; empty pieces are dropped."""
    starts = [i for i, char in enumerate(text) if char in markers]
    starts = [
        i
        for i in starts
        if not (text[i] == "=" and i > 0 and text[i - 1] == "~" and "~" in markers)
    ]
    pieces: list[_Piece] = []
    bounds = sorted({0, *starts}) + [len(text)]
    for begin, end in zip(bounds, bounds[1:], strict=False):
        chunk = text[begin:end]
        marker = ""
        if begin in starts:
            marker = "=" if chunk.startswith("~=") else chunk[0]
            chunk = chunk[2:] if chunk.startswith("~=") else chunk[1:]
        if chunk.strip():
            pieces.append(_Piece(begin, marker, chunk))
    return pieces


def _weight(block: Block, piece: _Piece, default: float) -> tuple[str, float]:
    weighted = split_weight(piece.body)
    if weighted.bad_weight:
        block.error(
            piece.offset,
            _(
                "bobot '%(weight)s' tidak valid: tulis persen dari -100 sampai 100, "
                "misalnya %%50%%",
                weight=restore(weighted.bad_weight),
            ),
        )
    if piece.marker == "=" and weighted.weight is None:
        return weighted.text, 1.0
    return weighted.text, default if weighted.weight is None else weighted.weight


def _text(block: Block, offset: int, raw: str) -> tuple[str, str | None]:
    formatted = split_format(raw)
    if formatted.unknown_tag:
        block.error(
            offset,
            unknown_format_message(formatted.unknown_tag),
        )
    return restore(formatted.text), formatted.format


def parse_choices(block: Block, single: bool) -> Parsed | None:
    options: list[Option] = []
    seen: set[str] = set()
    for piece in _pieces(block.text, "~="):
        body, fraction = _weight(block, piece, 0.0)
        raw_text, raw_feedback = split_feedback(body)
        text, text_format = _text(block, piece.offset, raw_text)
        feedback, _format = _text(block, piece.offset, raw_feedback)
        if not text:
            block.error(piece.offset, _("pilihan jawaban kosong"))
            continue
        if normalize_text(text) in seen:
            block.error(
                piece.offset, _("pilihan '%(text)s' muncul dua kali dalam soal ini", text=text)
            )
            continue
        seen.add(normalize_text(text))
        options.append(
            Option(option_id(block.question_id, text), text, fraction, feedback, text_format)
        )
    if len(options) < 2:
        block.error(None, _("soal pilihan ganda membutuhkan paling sedikit dua pilihan"))
        return None
    best = max(o.fraction for o in options)
    if best <= 0:
        block.error(
            None,
            _(
                "soal tanpa jawaban benar: tandai dengan '=' atau bobot positif, "
                "misalnya %(example)s",
                example="~%50%",
            ),
        )
        return None
    if not single:
        total = sum(o.fraction for o in options if o.fraction > 0)
        if abs(total - 1.0) > 1e-6:
            block.warning(
                None,
                _("bobot positif berjumlah %(total)s%%, bukan 100%%", total=round(total * 100, 4)),
            )
    return Parsed("single" if single else "multiple", options=options, weighted=not single)


def parse_short(block: Block) -> Parsed | None:
    answers: list[Answer] = []
    seen: set[str] = set()
    for piece in _pieces(block.text, "="):
        body, fraction = _weight(block, piece, 1.0)
        raw_text, raw_feedback = split_feedback(body)
        text, _format = _text(block, piece.offset, raw_text)
        feedback, _format = _text(block, piece.offset, raw_feedback)
        if not text:
            block.error(piece.offset, _("jawaban '=' kosong"))
            continue
        if normalize_text(text) in seen:
            block.error(piece.offset, _("jawaban '%(text)s' muncul dua kali", text=text))
            continue
        seen.add(normalize_text(text))
        answers.append(
            Answer(
                answer_id(block.question_id, normalize_text(text)),
                text,
                fraction=fraction,
                feedback=feedback,
            )
        )
        if text.lower() in ("t", "f", "true", "false") and text not in _TRUE_FALSE:
            block.warning(
                piece.offset,
                _(
                    "'%(text)s' dibaca sebagai jawaban singkat; "
                    "untuk soal benar/salah tulis {T} atau {F}",
                    text=text,
                ),
            )
    return _checked_answers(block, "short", answers)


def _checked_answers(block: Block, kind: str, answers: list[Answer]) -> Parsed | None:
    graded = [a for a in answers if not a.is_catch_all]
    if not graded:
        block.error(None, _("soal tanpa jawaban benar"))
        return None
    best = max(a.fraction for a in graded)
    if best <= 0:
        block.error(None, _("soal tanpa jawaban benar: semua jawaban berbobot nol atau negatif"))
        return None
    if best < 1:
        block.warning(
            None, _("tidak ada jawaban bernilai penuh: nilai penuh tidak mungkin dicapai")
        )
    return Parsed(kind, answers=answers)


def _number(block: Block, offset: int, text: str) -> float | None:
    value = parse_number(text)
    if value is None:
        block.error(offset, _("angka tidak valid '%(text)s' di soal numerik", text=restore(text)))
    return value


def _numeric_answer(block: Block, piece: _Piece) -> Answer | None:
    body, fraction = _weight(block, piece, 1.0)
    raw, raw_feedback = split_feedback(body)
    feedback, _format = _text(block, piece.offset, raw_feedback)
    span = _RANGE_RE.match(raw)
    if span:
        low = _number(block, piece.offset, span.group(1))
        high = _number(block, piece.offset, span.group(2))
        if low is None or high is None:
            return None
        if low > high:
            block.error(
                piece.offset,
                _("rentang '%(text)s' terbalik: batas bawah lebih besar", text=restore(raw)),
            )
            return None
        canonical = f"{low!r}..{high!r}"
        return Answer(
            answer_id(block.question_id, canonical),
            None,
            min=low,
            max=high,
            fraction=fraction,
            feedback=feedback,
        )
    value_text, _sep, tolerance_text = raw.partition(":")
    value = _number(block, piece.offset, value_text)
    tolerance = _number(block, piece.offset, tolerance_text) if _sep else 0.0
    if value is None or tolerance is None:
        return None
    if tolerance < 0:
        block.error(piece.offset, _("toleransi tidak boleh negatif: '%(text)s'", text=restore(raw)))
        return None
    canonical = f"{value!r}±{tolerance!r}"
    return Answer(
        answer_id(block.question_id, canonical),
        None,
        value,
        tolerance,
        fraction=fraction,
        feedback=feedback,
    )


def parse_numeric(block: Block) -> Parsed | None:
    """``#3.14:0.01``, ``#1..5``, ``#=%100%3.14:0.01 =%50%3.1:0.1``, ``~#feedback`` catch-all."""
    text = block.text[1:]  # after the leading "#"
    body, tilde, wrong = text.partition("~")
    answers: list[Answer] = []
    seen: set[str] = set()
    ok = True
    pieces = _pieces(body, "=")
    if not pieces:
        block.error(None, _("soal numerik tanpa jawaban angka"))
        return None
    for piece in pieces:
        shifted = _Piece(piece.offset + 1, piece.marker, piece.body)
        answer = _numeric_answer(block, shifted)
        if answer is None:
            ok = False
        elif answer.id in seen:
            block.error(shifted.offset, _("jawaban angka yang sama muncul dua kali"))
            ok = False
        else:
            seen.add(answer.id)
            answers.append(answer)
    if tilde:
        _unused, feedback = split_feedback(wrong)
        feedback_text, _format = _text(block, 1 + len(body) + len(tilde), feedback)
        answers.append(
            Answer(
                answer_id(block.question_id, CATCH_ALL),
                CATCH_ALL,
                fraction=0.0,
                feedback=feedback_text,
            )
        )
    if not ok:
        return None
    return _checked_answers(block, "numeric", answers)


def parse_matching(block: Block) -> Parsed | None:
    pairs: list[Pair] = []
    seen: set[str] = set()
    ok = True
    for piece in _pieces(block.text, "="):
        left_raw, arrow, right_raw = piece.body.partition("->")
        if not arrow:
            block.error(piece.offset, _("pasangan menjodohkan harus ditulis '=kiri -> kanan'"))
            ok = False
            continue
        if "#" in piece.body:
            block.warning(
                piece.offset,
                _(
                    "soal menjodohkan tidak mendukung umpan balik '#'; "
                    "'#' dibaca sebagai teks (tulis \\# agar jelas)"
                ),
            )
        left, _format = _text(block, piece.offset, left_raw)
        right = restore(right_raw)
        if not right:
            block.error(piece.offset, _("pasangan menjodohkan tanpa jawaban di kanan '->'"))
            ok = False
            continue
        if left and normalize_text(left) in seen:
            block.error(piece.offset, _("pernyataan '%(text)s' muncul dua kali", text=left))
            ok = False
            continue
        seen.add(normalize_text(left))
        pairs.append(Pair(pair_id(block.question_id, left, right), left, right))
    if not ok:
        return None
    real = [p for p in pairs if p.left]
    if len(real) < 2:
        block.error(None, _("soal menjodohkan membutuhkan paling sedikit dua pasangan"))
        return None
    if len(real) < 3:
        block.warning(
            None, _("soal menjodohkan dengan dua pasangan: Moodle mensyaratkan paling sedikit tiga")
        )
    return Parsed("matching", pairs=pairs)


def parse_true_false(block: Block) -> Parsed:
    """``{T}``, ``{FALSE#feedback when wrong#feedback when right}`` (Moodle's order)."""
    parts = [part.strip() for part in block.text.split("#", 2)] + ["", ""]
    truth = _TRUE_FALSE[parts[0]]
    wrong_feedback, _f = _text(block, 0, parts[1])
    right_feedback, _f = _text(block, 0, parts[2])
    options = [
        Option(
            option_id(block.question_id, value),
            value,
            1.0 if (value == "true") == truth else 0.0,
            right_feedback if (value == "true") == truth else wrong_feedback,
        )
        for value in ("true", "false")
    ]
    return Parsed("true_false", options=options)


def classify(answer_text: str) -> str:
    """Moodle's type decision (see the module docstring) on a protected, stripped block."""
    if not answer_text:
        return "essay"
    if answer_text.startswith("#"):
        return "numeric"
    if "~" in answer_text:
        return "choice"
    if "=" in answer_text and "->" in answer_text:
        return "matching"
    if answer_text.split("#", 1)[0].strip() in _TRUE_FALSE:
        return "true_false"
    return "short"
