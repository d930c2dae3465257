"""Numbers as trainers and learners type them: ``,`` or ``.`` as the decimal mark.

Indonesian writes ``3,14``; Moodle GIFT writes ``3.14``. Both are accepted everywhere (answers
in the files and learners' responses). Digit grouping (``1.000.000``) is *not* accepted: with
either mark allowed as the decimal mark, ``1.000`` would be ambiguous, so a number has at most
one mark and ``1.000`` means one.
"""

from __future__ import annotations

import math
import re

from lms.builtin.quiz.questions import Answer

_NUMBER_RE = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$")
#: ``3.14 ± 0.005``, ``3,14 +- 0,005`` or ``3.14 +/- 0.005`` in .quiz.md answers.
_TOLERANCE_RE = re.compile(r"^(?P<value>.*?)\s*(?:±|\+/-|\+-)\s*(?P<tolerance>.*)$")
#: Relative slack so that 3.145 is within 3.14 ± 0.005 despite binary floating point.
_EPSILON = 1e-9


def parse_number(text: str) -> float | None:
    """The number in ``text`` (surrounding spaces allowed), or None when it is not one."""
    if not isinstance(text, str):
        return None
    cleaned = text.strip().replace("\u2212", "-")
    if not _NUMBER_RE.match(cleaned):
        return None
    value = float(cleaned.replace(",", "."))
    return value if math.isfinite(value) else None


def split_tolerance(text: str) -> tuple[str, str | None]:
    """``"3.14 ± 0.005"`` -> ``("3.14", "0.005")``; without a tolerance -> ``(text, None)``."""
    match = _TOLERANCE_RE.match(text.strip())
    if not match:
        return text.strip(), None
    return match.group("value"), match.group("tolerance")


def has_tolerance(text: str) -> bool:
    return split_tolerance(text)[1] is not None


def answer_matches(answer: Answer, number: float) -> bool:
    """Whether ``number`` is within the answer's tolerance or range."""
    if answer.min is not None and answer.max is not None:
        slack = _EPSILON * max(1.0, abs(answer.min), abs(answer.max))
        return answer.min - slack <= number <= answer.max + slack
    if answer.value is None:
        return False
    slack = _EPSILON * max(1.0, abs(answer.value))
    return abs(number - answer.value) <= answer.tolerance + slack
