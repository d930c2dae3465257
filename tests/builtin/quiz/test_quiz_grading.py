"""Grading of every built-in kind, including partial credit, tolerance and garbage input."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lms.builtin.quiz.gift import parse_gift
from lms.builtin.quiz.kinds import default_registry
from lms.builtin.quiz.markdown_format import parse_quiz_markdown
from lms.builtin.quiz.questions import Question
from lms.core.diagnostics import Diagnostics

REGISTRY = default_registry()


def gift(text: str) -> Question:
    diagnostics = Diagnostics()
    (question,) = parse_gift(text, "bank.gift", diagnostics)
    assert not diagnostics.has_errors()
    return question


def md(text: str) -> Question:
    diagnostics = Diagnostics()
    quiz = parse_quiz_markdown(text, "k.quiz.md", diagnostics, read_sibling=lambda _n: None)
    assert quiz is not None, [str(d) for d in diagnostics]
    return quiz.questions[0]


def ids(question: Question, *texts: str) -> list[str]:
    by_text = {o.text: o.id for o in question.options}
    return [by_text[t] for t in texts]


def grade(question: Question, response, partial_credit: bool = False) -> float:
    return REGISTRY.grade(question, response, partial_credit=partial_credit).fraction


# -- single / true-false / missing word ---------------------------------------------------

SINGLE = md("## Ibu kota?\n- [x] Jakarta\n- [ ] Bandung\n  > Bukan.\n- [ ] Medan\n")


def test_single_right_and_wrong():
    right = REGISTRY.grade(SINGLE, ids(SINGLE, "Jakarta"))
    assert (right.fraction, right.correct, right.feedback_ids) == (
        1.0,
        True,
        tuple(ids(SINGLE, "Jakarta")),
    )
    wrong = REGISTRY.grade(SINGLE, ids(SINGLE, "Bandung"))
    assert (wrong.fraction, wrong.correct, wrong.feedback_ids) == (
        0.0,
        False,
        tuple(ids(SINGLE, "Bandung")),
    )


def test_single_rejects_two_choices():
    assert grade(SINGLE, ids(SINGLE, "Jakarta", "Bandung")) == 0.0


def test_gift_single_partial_and_negative_weights_are_clamped():
    q = gift("Q?{~%-50%bad ~%50%half =full}")
    assert [grade(q, ids(q, t)) for t in ("bad", "half", "full")] == [0.0, 0.5, 1.0]
    assert REGISTRY.grade(q, ids(q, "half")).correct is False


def test_true_false():
    q = gift("Grant is buried in Grant's tomb.{F#He is.#Right.}")
    true_id, false_id = (o.id for o in q.options)
    assert grade(q, [false_id]) == 1.0 and grade(q, [true_id]) == 0.0
    assert REGISTRY.grade(q, [true_id]).feedback_ids == (true_id,)


def test_missing_word_choice_and_short():
    choice = gift("Grant is {~buried =entombed ~living} in Grant's tomb.")
    assert grade(choice, ids(choice, "entombed")) == 1.0
    assert grade(choice, ids(choice, "buried")) == 0.0
    short = gift("Two plus two equals {=four =4}.")
    assert (
        grade(short, "Four") == 1.0 and grade(short, " 4 ") == 1.0 and grade(short, "five") == 0.0
    )
    assert grade(short, ["4"]) == 0.0


# -- multiple answer ----------------------------------------------------------------------

MULTIPLE = md("## Pilih\n- [x] A\n- [x] B\n- [ ] C\n- [ ] D\n")


@pytest.mark.parametrize(
    ("chosen", "all_or_nothing", "proportional"),
    [
        (["A", "B"], 1.0, 1.0),
        (["A"], 0.0, 0.5),
        (["A", "B", "C"], 0.0, 0.5),  # 2/2 - 1/2
        (["A", "C"], 0.0, 0.0),  # 1/2 - 1/2
        (["A", "C", "D"], 0.0, 0.0),  # max(0, 1/2 - 2/2)
        (["A", "B", "C", "D"], 0.0, 0.0),
        ([], 0.0, 0.0),
    ],
)
def test_markdown_multiple(chosen, all_or_nothing, proportional):
    response = ids(MULTIPLE, *chosen)
    assert grade(MULTIPLE, response) == all_or_nothing
    assert grade(MULTIPLE, response, partial_credit=True) == pytest.approx(proportional)


def test_markdown_multiple_without_wrong_options():
    q = md("## Semua benar\n- [x] A\n- [x] B\n")
    assert grade(q, ids(q, "A"), partial_credit=True) == 0.5
    assert grade(q, ids(q, "A", "B")) == 1.0


def test_gift_multiple_sums_weights_and_ignores_partial_credit_flag():
    q = gift("Who? {~%-50%No one ~%50%Grant ~%50%Grant's wife ~%-50%Grant's father}")
    cases = [
        (["Grant", "Grant's wife"], 1.0),
        (["Grant"], 0.5),
        (["Grant", "No one"], 0.0),
        (["Grant", "Grant's wife", "No one"], 0.5),
        (["No one", "Grant's father"], 0.0),
        ([], 0.0),
    ]
    for chosen, expected in cases:
        for partial in (False, True):
            assert grade(q, ids(q, *chosen), partial) == pytest.approx(expected), chosen


def test_gift_multiple_minus_100():
    q = gift("Who? {~%-100%No one ~%50%Grant ~%50%Grant's wife ~%-100%Grant's father}")
    assert grade(q, ids(q, "Grant", "Grant's wife", "No one")) == 0.0
    assert grade(q, ids(q, "Grant", "Grant's wife")) == 1.0


def test_multiple_duplicate_or_unknown_ids_grade_zero():
    a, b = ids(MULTIPLE, "A", "B")
    assert grade(MULTIPLE, [a, a, b]) == 0.0
    assert grade(MULTIPLE, [a, b, "o00000000"]) == 0.0


# -- short answer -------------------------------------------------------------------------


def test_short_answer_case_and_whitespace():
    q = md("## JP minimal?\n= 20\n= dua puluh\n")
    for response in ("20", "Dua  Puluh", "  DUA\tpuluh ", "20,0", "20.00"):
        assert grade(q, response) == 1.0, response
    for response in ("2 0", "duapuluh", "21", ""):
        assert grade(q, response) == 0.0, response


def test_short_answer_gift_partial_credit_best_match_and_feedback():
    q = gift(
        "Jesus Christ was from {=Nazareth#Yes! =%75%Nazereth#Misspelled. "
        "=%25%Bethlehem#Born there.}."
    )
    result = REGISTRY.grade(q, "nazereth")
    assert (result.fraction, result.correct) == (0.75, False)
    assert result.feedback_ids == (q.answers[1].id,)
    assert grade(q, "Bethlehem") == 0.25
    assert REGISTRY.grade(q, "Rome").feedback_ids == ()


def test_short_answer_unicode_normalisation():
    q = md("## Kota?\n= Café\n")
    assert grade(q, "CAFÉ") == 1.0
    assert grade(q, "Cafe\u0301") == 1.0  # decomposed é


# -- numeric ------------------------------------------------------------------------------

PI = md("## 22/7?\n= 3.14 ± 0.005\n")


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("3.14", 1.0),
        ("3,14", 1.0),
        (" 3,142 ", 1.0),
        ("3.145", 1.0),  # boundary, despite binary floating point
        ("3.135", 1.0),
        ("3.1451", 0.0),
        ("3.1349", 0.0),
        ("+3.14", 1.0),
        ("3.14e0", 1.0),
        ("22/7", 0.0),
        ("3.14.1", 0.0),
        ("1.000,5", 0.0),
        ("pi", 0.0),
        ("", 0.0),
        ("nan", 0.0),
        ("inf", 0.0),
    ],
)
def test_numeric_tolerance_and_decimal_marks(response, expected):
    assert grade(PI, response) == expected


def test_numeric_plus_minus_and_comma_tolerance():
    q = md("## Q\n= 2,5 +- 0,5\n")
    assert [grade(q, r) for r in ("2", "3", "1.9", "3.01")] == [1.0, 1.0, 0.0, 0.0]


def test_numeric_exact_without_tolerance_and_negative_numbers():
    q = md("## Suhu?\n= -5\n")
    assert grade(q, "-5") == 1.0 and grade(q, "−5") == 1.0 and grade(q, "-5.0001") == 0.0


def test_gift_numeric_tolerance_and_range():
    born = gift("When was Ulysses S. Grant born?{#1822:5}")
    assert [grade(born, r) for r in ("1822", "1817", "1827", "1828", "1816")] == [1, 1, 1, 0, 0]
    span = gift("Pick.{#1..5}")
    assert [grade(span, r) for r in ("1", "5", "3,3", "0.99", "5.01")] == [1, 1, 1, 0, 0]


def test_gift_numeric_best_credit_wins():
    q = gift("What is pi? {# =%100%3.14:0.01 =%50%3.1:0.1}")
    assert grade(q, "3.14") == 1.0
    assert grade(q, "3.145") == 1.0  # matches both: the best credit counts
    assert grade(q, "3.05") == 0.5
    assert grade(q, "3.2") == 0.5
    assert grade(q, "3.25") == 0.0
    result = REGISTRY.grade(q, "3.05")
    assert result.feedback_ids == (q.answers[1].id,)


def test_gift_numeric_catch_all_gives_feedback_never_credit():
    q = gift("What's 2 plus 2? {#=4 ~#Count again.}")
    catch_all = q.answers[-1]
    wrong = REGISTRY.grade(q, "5")
    assert (wrong.fraction, wrong.feedback_ids) == (0.0, (catch_all.id,))
    right = REGISTRY.grade(q, "4")
    assert (right.fraction, right.feedback_ids) == (1.0, (q.answers[0].id,))
    assert REGISTRY.grade(q, "*").fraction == 0.0


# -- matching -----------------------------------------------------------------------------

MATCH = gift(
    "Capitals. {=Canada -> Ottawa =Italy -> Rome =Japan -> Tokyo =India -> New Delhi = -> Sydney}"
)


def matching(**answers: str) -> dict[str, str]:
    by_left = {p.left: p.id for p in MATCH.real_pairs}
    return {by_left[left]: right for left, right in answers.items()}


def test_matching_fraction_is_right_pairs_over_pairs():
    everything = matching(Canada="Ottawa", Italy="Rome", Japan="Tokyo", India="new  delhi")
    assert REGISTRY.grade(MATCH, everything).correct
    half = REGISTRY.grade(MATCH, matching(Canada="Ottawa", Italy="Rome", Japan="Sydney"))
    assert half.fraction == 0.5
    assert set(half.feedback_ids) == {MATCH.real_pairs[0].id, MATCH.real_pairs[1].id}
    assert grade(MATCH, {}) == 0.0
    assert grade(MATCH, matching(Canada="Rome", Italy="Ottawa")) == 0.0


def test_matching_garbage():
    assert grade(MATCH, {"p00000000": "Ottawa"}) == 0.0
    assert grade(MATCH, {MATCH.real_pairs[0].id: 5}) == 0.0
    assert grade(MATCH, [MATCH.real_pairs[0].id]) == 0.0
    assert grade(MATCH, {MATCH.pairs[-1].id: "Sydney"}) == 0.0  # the distractor has no left


# -- text ---------------------------------------------------------------------------------


def test_text_is_not_graded():
    q = gift("Write an essay.{}")
    assert REGISTRY.get("text").graded is False
    assert all(REGISTRY.get(k).graded for k in REGISTRY.names() if k != "text")
    assert grade(q, "anything") == 0.0


# -- garbage never raises -----------------------------------------------------------------

SAMPLES = [
    SINGLE,
    MULTIPLE,
    PI,
    MATCH,
    md("## JP?\n= 20\n"),
    gift("Sun rises in the east.{T}"),
    gift("Grant is {~buried =entombed} in it."),
    gift("Two plus two equals {=four}."),
    gift("Who? {~%-50%No one ~%50%Grant ~%50%Wife}"),
    gift("Essay.{}"),
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=10,
)


@settings(max_examples=300, deadline=None)
@given(response=json_values, index=st.integers(0, len(SAMPLES) - 1), partial=st.booleans())
def test_any_response_grades_within_0_and_1_without_raising(response, index, partial):
    question = SAMPLES[index]
    kind = REGISTRY.get(question.kind)
    result = kind.grade(question, response, partial_credit=partial)
    assert 0.0 <= result.fraction <= 1.0 and not math.isnan(result.fraction)
    assert isinstance(kind.validate_response(question, response), bool)
    if not kind.validate_response(question, response):
        assert result.fraction == 0.0


@pytest.mark.parametrize("question", SAMPLES, ids=lambda q: q.kind)
@pytest.mark.parametrize(
    "response", [None, 5, 1.5, True, "x" * 20_000, ["nope"], [["a"]], [1], {"a": 1}, [None], {}]
)
def test_garbage_responses_grade_zero(question, response):
    assert grade(question, response, partial_credit=True) == 0.0


def test_validate_response_shapes():
    assert REGISTRY.get("single").validate_response(SINGLE, ids(SINGLE, "Jakarta"))
    assert not REGISTRY.get("single").validate_response(SINGLE, ids(SINGLE, "Jakarta")[0])
    assert REGISTRY.get("multiple").validate_response(MULTIPLE, [])
    assert REGISTRY.get("short").validate_response(PI, "3,14")
    assert not REGISTRY.get("short").validate_response(PI, ["3,14"])
    assert REGISTRY.get("matching").validate_response(MATCH, matching(Canada="Rome"))
    assert not REGISTRY.get("matching").validate_response(MATCH, {"Canada": "Ottawa"})


def test_gift_short_answer_star_gives_feedback_never_credit():
    q = gift("Where? {=Nazareth =%0%*#Think of his childhood.}")
    assert q.answers[1].is_catch_all
    wrong = REGISTRY.grade(q, "Rome")
    assert (wrong.fraction, wrong.feedback_ids) == (0.0, (q.answers[1].id,))
    assert REGISTRY.grade(q, "*").fraction == 0.0
    assert REGISTRY.grade(q, "nazareth").feedback_ids == (q.answers[0].id,)
