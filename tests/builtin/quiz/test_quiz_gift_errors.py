"""GIFT problems are reported with the line where they are, and every one of them is."""

from __future__ import annotations

import pytest

from lms.builtin.quiz.gift import parse_gift
from lms.core.diagnostics import Diagnostics


def problems(text: str) -> tuple[list, Diagnostics]:
    diagnostics = Diagnostics()
    questions = parse_gift(text, "bank.gift", diagnostics)
    return questions, diagnostics


def error_lines(diagnostics: Diagnostics) -> list[tuple[int, str]]:
    return [(d.line, d.message) for d in diagnostics.errors]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("Fine?{T}\n\nUnclosed {~a\n=b\n", 3, "tidak ditutup"),
        ("Fine?{T}\n\nStray } here{=a}\n", 3, "tanpa '{'"),
        ("Q?{\n~a {\n=b}\n", 2, "di dalam blok"),
        ("Q?{=a}\nAnd {=b}\n", 2, "lebih dari satu blok"),
        ("Q?{\n~a\n~b\n~c}\n", 1, "tanpa jawaban benar"),
        ("Q?{\n~%-50%a\n~b}\n", 1, "tanpa jawaban benar"),
        ("Q?{=%0%a =%0%b}\n", 1, "tanpa jawaban benar"),
        ("Q?{#\n=1822:0\n=abc:2}\n", 3, "angka tidak valid"),
        ("Q?{#1822:x}\n", 1, "angka tidak valid"),
        ("Q?{#5..1}\n", 1, "terbalik"),
        ("Q?{#1:-1}\n", 1, "negatif"),
        ("Q?{#}\n", 1, "tanpa jawaban angka"),
        ("Q?{=a -> b}\n", 1, "paling sedikit dua pasangan"),
        ("Q?{\n=a -> b\n=c\n=d -> e}\n", 3, "kiri -> kanan"),
        ("\n[foo]Q?{=a}\n", 2, "[foo]"),
        ("Q?{~[bar]a =b}\n", 1, "[bar]"),
        ("Q?{~%150%a =b}\n", 1, "bobot"),
        ("Q?{~%abc%a =b}\n", 1, "bobot"),
        ("Q?{=a ~a}\n", 1, "muncul dua kali"),
        ("Q?{=a =A}\n", 1, "muncul dua kali"),
        ("Q?{~only}\n", 1, "paling sedikit dua pilihan"),
        ("::Title::{=a}\n", 1, "tanpa teks"),
        ("Q?{\n=a -> b\n=a -> c\n=d -> e}\n", 3, "muncul dua kali"),
    ],
)
def test_error_with_its_line(text, line, words):
    questions, diagnostics = problems(text)
    assert any(d.line == line and words in d.message for d in diagnostics.errors), error_lines(
        diagnostics
    )
    assert all(str(d).startswith("bank.gift:") for d in diagnostics)


def test_a_question_with_errors_is_left_out_and_the_others_still_checked():
    questions, diagnostics = problems(
        "Good?{T}\n\nBad {~a ~b}\n\nAlso bad {#x}\n\nGood too?{=yes}\n"
    )
    assert [q.prompt for q in questions] == ["Good?", "Good too?"]
    assert [d.line for d in diagnostics.errors] == [3, 5]


def test_duplicate_titles_are_an_error_at_the_second():
    _questions, diagnostics = problems("::Q1::One?{T}\n\n::Q1::Two?{F}\n\n::q1::Three?{T}\n")
    assert [(d.line, "q1" in d.message) for d in diagnostics.errors] == [(3, True), (5, True)]


def test_duplicate_prompts_without_titles_are_an_error():
    _questions, diagnostics = problems("Same?{T}\n\n  same?  {F}\n")
    assert [d.line for d in diagnostics.errors] == [3]


def test_matching_with_two_pairs_warns():
    questions, diagnostics = problems("Match.{=a -> 1 =b -> 2}")
    assert questions[0].kind == "matching"
    assert not diagnostics.has_errors()
    assert [w.line for w in diagnostics.warnings] == [1]


def test_matching_feedback_hash_is_text_with_a_warning():
    questions, diagnostics = problems("Match.{=a -> 1#x =b -> 2 =c -> 3}")
    assert questions[0].pairs[0].right == "1#x"
    assert len(diagnostics.warnings) == 1


def test_weights_not_adding_up_warn():
    questions, diagnostics = problems("Pick.{~%50%a ~%25%b ~c}")
    assert questions[0].kind == "multiple"
    assert not diagnostics.has_errors()
    assert len(diagnostics.warnings) == 1


def test_short_answer_without_full_credit_warns():
    questions, diagnostics = problems("Q?{=%50%a}")
    assert questions and not diagnostics.has_errors() and len(diagnostics.warnings) == 1


def test_lowercase_true_is_a_short_answer_with_a_hint():
    questions, diagnostics = problems("Sky is blue.{true}")
    assert questions[0].kind == "short"
    assert [w.line for w in diagnostics.warnings] == [1]


def test_unclosed_title_warns_and_keeps_the_question():
    questions, diagnostics = problems("::No end Q?{T}")
    assert questions[0].title is None and questions[0].prompt == "No end Q?"
    assert len(diagnostics.warnings) == 1 and not diagnostics.has_errors()


def test_lines_are_right_after_escapes_and_comments():
    text = "// c1\n// c2\n\n::T\\:1::\\{x\\} Q \\= ?{\n// inside\n=a\n~%x%b\n}\n"
    _questions, diagnostics = problems(text)
    assert [d.line for d in diagnostics.errors] == [7]


def test_empty_file_has_no_questions_and_no_errors():
    questions, diagnostics = problems("// only a comment\n\n   \n")
    assert questions == [] and len(diagnostics) == 0


def test_a_standalone_gift_quiz_takes_default_settings():
    from lms.builtin.quiz.definition import parse_gift_quiz
    from lms.builtin.quiz.settings import QuizSettings

    diagnostics = Diagnostics()
    quiz = parse_gift_quiz("Q?{T}\n\nR?{=a}\n", "04-bank.gift", diagnostics)
    assert quiz is not None and quiz.settings == QuizSettings() and len(quiz.questions) == 2
    empty = Diagnostics()
    assert parse_gift_quiz("// nothing\n", "04-bank.gift", empty) is None
    assert [d.line for d in empty.errors] == [1]
    broken = Diagnostics()
    assert parse_gift_quiz("Q?{~a ~b}\n", "04-bank.gift", broken) is None
