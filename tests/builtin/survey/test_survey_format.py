"""``.survey.md``: the course-format example, ids, and every error at its line."""

from __future__ import annotations

import json
import textwrap

import pytest

from lms.builtin.survey.format import (
    SurveyDefinition,
    SurveyQuestion,
    SurveySettings,
    parse_survey,
)
from lms.core.diagnostics import Diagnostics
from lms.plugins.formats.ids import derived_question_id, option_id

PATH = "kursus/05-evaluasi.survey.md"

FORMAT_EXAMPLE = """\
---
title: Evaluasi Pelatihan
required: true          # course completion waits for it (default false)
---
## Materi mudah dipahami.
scale: 1-5

## Apakah Anda merekomendasikan kursus ini?
- ( ) Ya
- ( ) Tidak

## Saran untuk pengajar
text
"""


def parse(text: str) -> tuple[SurveyDefinition | None, Diagnostics]:
    diagnostics = Diagnostics()
    return parse_survey(textwrap.dedent(text), PATH, diagnostics), diagnostics


def ok(text: str) -> SurveyDefinition:
    survey, diagnostics = parse(text)
    assert survey is not None and not diagnostics.items, [str(d) for d in diagnostics]
    return survey


def test_course_format_example():
    survey = ok(FORMAT_EXAMPLE)
    assert survey.settings == SurveySettings(
        title="Evaluasi Pelatihan", required=True, anonymous=True
    )
    assert survey.title == "Evaluasi Pelatihan"
    scale, choice, text = survey.questions
    assert (scale.kind, scale.scale_min, scale.scale_max, scale.line) == ("scale", 1, 5, 5)
    assert scale.prompt == "Materi mudah dipahami."
    assert scale.id == derived_question_id("Materi mudah dipahami.")
    assert (choice.kind, [o.text for o in choice.options], choice.line) == (
        "choice",
        ["Ya", "Tidak"],
        8,
    )
    assert [o.id for o in choice.options] == [option_id(choice.id, t) for t in ("Ya", "Tidak")]
    assert (text.kind, text.prompt, text.options) == ("text", "Saran untuk pengajar", ())


def test_defaults_explicit_ids_and_other_scales():
    survey = ok(
        """\
        # Survei Singkat

        ## Seberapa puas Anda? {#kepuasan}
        Pilih angka.

        scale: 0 - 10

        ## Kesan
        TEXT
        """
    )
    assert survey.settings == SurveySettings()
    assert survey.title == "Survei Singkat"
    first, second = survey.questions
    assert (first.id, first.prompt, first.scale_min, first.scale_max) == (
        "kepuasan",
        "Seberapa puas Anda?\n\nPilih angka.",
        0,
        10,
    )
    assert second.kind == "text"


def test_anonymous_false():
    assert ok("---\nanonymous: false\n---\n## Q\ntext\n").settings.anonymous is False


def test_markers_inside_code_are_prompt():
    survey = ok("## Q\n```\ntext\nscale: 1-5\n```\n- ( ) a\n- ( ) b\n")
    assert survey.questions[0].kind == "choice"
    assert "scale: 1-5" in survey.questions[0].prompt


def test_round_trip_through_json():
    for question in ok(FORMAT_EXAMPLE).questions:
        assert SurveyQuestion.from_dict(json.loads(json.dumps(question.to_dict()))) == question


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("## Q\n\nJust text.\n\n## R\ntext\n", 1, "tanpa jenis"),
        ("## Q\nscale: 5-1\n", 2, "skala tidak valid"),
        ("## Q\nscale: 1-1\n", 2, "skala tidak valid"),
        ("## Q\nscale: 1-100\n", 2, "skala tidak valid"),
        ("## Q\nscale: a-e\n", 2, "skala tidak valid"),
        ("## Q\nscale:\n", 2, "skala tidak valid"),
        ("## Q\nscale: 1-5\n- ( ) a\n", 3, "satu jenis"),
        ("## Q\n- ( ) a\n- ( ) b\ntext\n", 4, "satu jenis"),
        ("## Q\ntext\nscale: 1-5\n", 3, "satu jenis"),
        ("## Q\ntext\ntext\n", 3, "satu jenis"),
        ("## Q\n- ( ) a\n", 1, "dua pilihan"),
        ("## Q\n- ( ) a\n- ( ) A\n", 3, "dua kali"),
        ("## Q\n- ( )\n- ( ) b\n- ( ) c\n", 2, "kosong"),
        ("## Q\ntext\n\nstray words\n", 4, "setelah jenis"),
        ("## Q {#same}\ntext\n\n## R {#same}\ntext\n", 4, "sudah dipakai"),
        ("## Q {points=2}\ntext\n", 1, "atribut"),
        ("## Q {#Bad}\ntext\n", 1, "tidak valid"),
        ("##\ntext\n", 1, "kosong"),
        ("- ( ) lost\n\n## Q\ntext\n", 1, "di luar soal"),
        ("scale: 1-5\n\n## Q\ntext\n", 1, "di luar soal"),
        ("---\ntitle: S\n---\nno questions\n", 4, "tanpa soal"),
        ("---\ntitel: S\n---\n## Q\ntext\n", 2, "'title'"),
        ("---\nrequired: ya\n---\n## Q\ntext\n", 2, "required"),
        ("---\nanonymous: 0\n---\n## Q\ntext\n", 2, "anonymous"),
    ],
)
def test_errors_with_their_lines(text, line, words):
    survey, diagnostics = parse(text)
    assert survey is None
    found = [(d.line, d.message) for d in diagnostics.errors]
    assert any(ln == line and words in msg for ln, msg in found), found
    assert all(str(d).startswith(f"{PATH}:") for d in diagnostics.errors)


def test_all_errors_at_once():
    survey, diagnostics = parse(
        "---\nwarna: biru\n---\n## A\n\n## B\nscale: 9-2\n\n## C\ntext\n- ( ) x\n"
    )
    assert survey is None
    assert [d.line for d in diagnostics.errors] == [2, 4, 7, 11]
