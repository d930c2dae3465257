"""Every ``.quiz.md`` error of the format is reported, at its line, all of them at once."""

from __future__ import annotations

import textwrap

import pytest

from lms.builtin.quiz.markdown_format import parse_quiz_markdown
from lms.core.diagnostics import Diagnostics

PATH = "kursus/03-kuis.quiz.md"


def parse(text: str, siblings: dict[str, str] | None = None) -> tuple[object, Diagnostics]:
    diagnostics = Diagnostics()
    quiz = parse_quiz_markdown(
        textwrap.dedent(text), PATH, diagnostics, read_sibling=(siblings or {}).get
    )
    return quiz, diagnostics


def errors(diagnostics: Diagnostics) -> list[tuple[str, int, str]]:
    return [(d.path, d.line, d.message) for d in diagnostics.errors]


def assert_error(text: str, line: int, words: str, siblings: dict[str, str] | None = None):
    quiz, diagnostics = parse(text, siblings)
    assert quiz is None
    found = errors(diagnostics)
    assert any(ln == line and words in msg for _p, ln, msg in found), found


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        # a question with no correct option
        ("## Q\n- [ ] a\n- [ ] b\n", 1, "tanpa jawaban benar"),
        # both options and = answers: reported at the first line of the second kind
        ("## Q\n- [x] a\n- [ ] b\n= c\n", 4, "sekaligus"),
        ("## Q\n= c\n- [x] a\n", 3, "sekaligus"),
        # an option outside any question
        ("Intro\n- [x] lost\n\n## Q\n= a\n", 2, "di luar soal"),
        ("= lost\n\n## Q\n= a\n", 1, "di luar soal"),
        # an empty prompt
        ("## Q\n= a\n\n##\n= b\n", 4, "kosong"),
        ("## {#just-an-id}\n= b\n", 1, "kosong"),
        # a question with no answers at all
        ("## Q\n\nJust text.\n\n## R\n= a\n", 1, "tanpa jawaban"),
        # bad attributes
        ("## Q {points=0}\n= a\n", 1, "points"),
        ("## Q {points=dua}\n= a\n", 1, "points"),
        ("## Q {#Bad_ID}\n= a\n", 1, "tidak valid"),
        ("## Q {weight=2}\n= a\n", 1, "atribut 'weight=2'"),
        # duplicate ids (explicit, and derived from one prompt)
        ("## A {#same}\n= a\n\n## B {#same}\n= b\n", 4, "sudah dipakai"),
        ("## Sama?\n= a\n\n## sama?\n= b\n", 4, "sudah dipakai"),
        # options and answers themselves
        ("## Q\n- [x] a\n- [ ] A\n", 3, "dua kali"),
        ("## Q\n- [x]\n- [ ] b\n", 2, "kosong"),
        ("## Q\n= a\n= a\n", 3, "dua kali"),
        ("## Q\n= 20 ± 1\n= dua puluh\n", 2, "toleransi"),
        ("## Q\n= 20 ± x\n", 2, "toleransi tidak valid"),
        ("## Q\n= 20 ± -1\n", 2, "toleransi tidak valid"),
        # text after the answers, options after the general feedback
        ("## Q\n- [x] a\n- [ ] b\n\nLost paragraph.\n", 5, "setelah pilihan"),
        ("## Q\n- [x] a\n\n> general\n\n- [ ] b\n", 6, "umpan balik umum"),
        # quiz without questions
        ("---\ntitle: T\n---\nOnly an intro.\n", 4, "tanpa soal"),
    ],
)
def test_question_errors(text, line, words):
    assert_error(text, line, words)


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("title", '""'),
        ("pass_score", "101"),
        ("pass_score", "-1"),
        ("pass_score", "tujuh puluh"),
        ("pass_score", "true"),
        ("max_attempts", "-1"),
        ("max_attempts", "1.5"),
        ("time_limit_minutes", "0"),
        ("time_limit_minutes", "lima"),
        ("questions_per_attempt", "0"),
        ("shuffle_questions", "yes please"),
        ("shuffle_options", "1"),
        ("partial_credit", "partial"),
        ("show_feedback", "always"),
        ("grading", "average"),
        ("questions_from", "../other/bank.gift"),
        ("questions_from", "bank.txt"),
    ],
)
def test_bad_setting_value_names_the_field_and_line(setting, value):
    text = f"---\ntitle: Kuis\n{setting}: {value}\n---\n## Q\n= a\n"
    if setting == "title":
        text = f"---\n{setting}: {value}\nmax_attempts: 1\n---\n## Q\n= a\n"
    quiz, diagnostics = parse(text)
    assert quiz is None
    line = 2 if setting == "title" else 3
    assert [(ln, setting in msg) for _p, ln, msg in errors(diagnostics)] == [(line, True)]


def test_unknown_setting_suggests_the_closest_key():
    quiz, diagnostics = parse(
        "---\ntitle: K\npas_score: 80\nshufle_options: false\nwarna: biru\n---\n## Q\n= a\n"
    )
    assert quiz is None
    found = [(ln, msg) for _p, ln, msg in errors(diagnostics)]
    assert found[0][0] == 3 and "'pass_score'" in found[0][1]
    assert found[1][0] == 4 and "'shuffle_options'" in found[1][1]
    assert found[2][0] == 5 and "warna" in found[2][1] and "maksud" not in found[2][1]


def test_questions_per_attempt_more_than_questions():
    assert_error(
        "---\nquestions_per_attempt: 3\n---\n## Q\n= a\n\n## R\n= b\n", 2, "jumlah soal (2)"
    )


def test_all_errors_are_reported_not_only_the_first():
    quiz, diagnostics = parse(
        """\
        ---
        pass_score: 200
        ---
        - [x] outside

        ## No right option
        - [ ] a
        - [ ] b

        ## Both
        - [x] a
        = b

        ## Fine
        = ok

        ## Nothing here
        """
    )
    assert quiz is None
    assert [ln for _p, ln, _m in errors(diagnostics)] == [2, 4, 6, 12, 17]
    assert all(str(d).startswith(f"{PATH}:") for d in diagnostics.errors)


def test_questions_from_missing_file_is_an_error_on_its_line():
    assert_error("---\ntitle: K\nquestions_from: bank.gift\n---\n## Q\n= a\n", 3, "bank.gift")


def test_gift_errors_carry_the_gift_files_path_and_line():
    quiz, diagnostics = parse(
        "---\nquestions_from: bank.gift\n---\n## Q\n= a\n",
        {"bank.gift": "Fine?{T}\n\nBroken {~a ~b}\n"},
    )
    assert quiz is None
    assert [(p, ln) for p, ln, _m in errors(diagnostics)] == [("kursus/bank.gift", 3)]


def test_an_id_in_the_gift_file_repeating_a_markdown_id_is_an_error_at_the_gift_line():
    quiz, diagnostics = parse(
        "---\nquestions_from: bank.gift\n---\n## Q {#asn}\n= a\n",
        {"bank.gift": "Other?{T}\n\n::ASN::Again?{T}\n"},
    )
    assert quiz is None
    found = errors(diagnostics)
    assert [(p, ln) for p, ln, _m in found] == [("kursus/bank.gift", 3)]
    assert f"{PATH}:4" in found[0][2]


def test_broken_front_matter_is_reported():
    quiz, diagnostics = parse("---\ntitle: [unclosed\n---\n## Q\n= a\n")
    assert quiz is None and diagnostics.has_errors()


def test_single_option_warns():
    quiz, diagnostics = parse("## Q\n- [x] only\n")
    assert quiz is not None and [w.line for w in diagnostics.warnings] == [1]
