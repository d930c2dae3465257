"""Every example of Moodle's GIFT documentation (examples.txt and the format page) parses to
the question Moodle would build: kind, answers, weights, feedback, titles, categories."""

from __future__ import annotations

import pytest

from lms.builtin.quiz.gift import parse_gift
from lms.builtin.quiz.questions import BLANK, CATCH_ALL, Question, derived_question_id
from lms.core.diagnostics import Diagnostics


def one(text: str) -> Question:
    diagnostics = Diagnostics()
    questions = parse_gift(text, "bank.gift", diagnostics)
    assert not diagnostics.has_errors(), [str(d) for d in diagnostics]
    assert len(questions) == 1
    return questions[0]


def options(question: Question) -> list[tuple[str, float, str]]:
    return [(o.text, o.fraction, o.feedback) for o in question.options]


def texts(question: Question) -> list[tuple[str | None, float, str]]:
    return [(a.text, a.fraction, a.feedback) for a in question.answers]


def numbers(question: Question) -> list[tuple]:
    return [(a.value, a.tolerance, a.min, a.max, a.fraction, a.feedback) for a in question.answers]


# -- multiple choice --------------------------------------------------------------------


def test_multiple_choice_one_right_answer():
    q = one("Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}")
    assert q.kind == "single"
    assert q.prompt == "Who's buried in Grant's tomb?"
    assert options(q) == [("Grant", 0.0, ""), ("Jefferson", 0.0, ""), ("no one", 1.0, "")]
    assert q.id == derived_question_id(q.prompt)
    assert q.title is None and not q.weighted


def test_tilde_equals_marks_the_right_answer_too():
    q = one("Who's buried in Grant's tomb?{~Grant ~=no one ~Napoleon ~Churchill ~Mother Teresa }")
    assert q.kind == "single"
    assert options(q) == [
        ("Grant", 0.0, ""),
        ("no one", 1.0, ""),
        ("Napoleon", 0.0, ""),
        ("Churchill", 0.0, ""),
        ("Mother Teresa", 0.0, ""),
    ]


def test_missing_word_choice():
    q = one("Grant is {~buried =entombed ~living} in Grant's tomb.")
    assert q.kind == "missing_word"
    assert q.prompt == f"Grant is {BLANK} in Grant's tomb."
    assert options(q) == [("buried", 0.0, ""), ("entombed", 1.0, ""), ("living", 0.0, "")]


def test_answers_over_several_lines_with_text_after_the_block():
    q = one(
        "The American holiday of Thanksgiving is celebrated on the {\n"
        "    ~second\n    ~third\n    =fourth\n} Thursday of November."
    )
    assert q.kind == "missing_word"
    assert q.prompt == (
        f"The American holiday of Thanksgiving is celebrated on the {BLANK} Thursday of November."
    )
    assert [o.text for o in q.options] == ["second", "third", "fourth"]
    assert [o.fraction for o in q.options] == [0.0, 0.0, 1.0]


def test_closing_brace_on_the_last_answer_line():
    q = one(
        "Japanese characters originally came from what country? {\n    ~India\n    =China\n"
        "    ~Korea\n    ~Egypt}"
    )
    assert q.kind == "single"
    assert q.prompt == "Japanese characters originally came from what country?"
    assert options(q) == [
        ("India", 0.0, ""),
        ("China", 1.0, ""),
        ("Korea", 0.0, ""),
        ("Egypt", 0.0, ""),
    ]


# -- short answer -----------------------------------------------------------------------


def test_short_answer():
    q = one("Who's buried in Grant's tomb?{=no one =nobody}")
    assert q.kind == "short"
    assert texts(q) == [("no one", 1.0, ""), ("nobody", 1.0, "")]
    assert q.options == ()


def test_short_answer_missing_word():
    q = one("Two plus two equals {=four =4}.")
    assert q.kind == "missing_word"
    assert q.prompt == f"Two plus two equals {BLANK}."
    assert texts(q) == [("four", 1.0, ""), ("4", 1.0, "")]
    assert q.options == ()


# -- true / false -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "truth"),
    [
        ("Grant is buried in Grant's tomb.{F}", False),
        ("Grant is buried in Grant's tomb.{FALSE}", False),
        ("The sun rises in the east.{T}", True),
        ("The sun rises in the east.{TRUE}", True),
    ],
)
def test_true_false(text, truth):
    q = one(text)
    assert q.kind == "true_false"
    assert [(o.text, o.fraction) for o in q.options] == [
        ("true", 1.0 if truth else 0.0),
        ("false", 0.0 if truth else 1.0),
    ]
    assert q.prompt == text.split("{")[0]


def test_true_false_feedback_is_wrong_then_right():
    q = one("Grant is buried in Grant's tomb.{FALSE#No one is buried in Grant's tomb.}")
    assert options(q) == [("true", 0.0, "No one is buried in Grant's tomb."), ("false", 1.0, "")]
    q = one("The sun rises in the east.{T#Look again at dawn.#Right, it does.}")
    assert options(q) == [("true", 1.0, "Right, it does."), ("false", 0.0, "Look again at dawn.")]


# -- matching ---------------------------------------------------------------------------


def test_matching_subquestions():
    q = one(
        "Matching Question. {\n    =subquestion1 -> subanswer1\n    =subquestion2 -> subanswer2\n"
        "    =subquestion3 -> subanswer3\n    }"
    )
    assert q.kind == "matching"
    assert [(p.left, p.right) for p in q.pairs] == [
        ("subquestion1", "subanswer1"),
        ("subquestion2", "subanswer2"),
        ("subquestion3", "subanswer3"),
    ]


def test_matching_countries_with_aligned_arrows():
    q = one(
        "Match the following countries with their corresponding capitals. {\n"
        "    =Canada -> Ottawa\n    =Italy  -> Rome\n    =Japan  -> Tokyo\n"
        "    =India  -> New Delhi\n    }"
    )
    assert [(p.left, p.right) for p in q.pairs] == [
        ("Canada", "Ottawa"),
        ("Italy", "Rome"),
        ("Japan", "Tokyo"),
        ("India", "New Delhi"),
    ]


def test_matching_without_spaces_and_prompt_over_two_lines():
    q = one(
        "Match the following countries with their corresponding\n"
        "capitals.{=Canada->Ottawa =Italy->Rome =Japan->Tokyo}"
    )
    assert q.prompt == "Match the following countries with their corresponding\ncapitals."
    assert [(p.left, p.right) for p in q.pairs] == [
        ("Canada", "Ottawa"),
        ("Italy", "Rome"),
        ("Japan", "Tokyo"),
    ]


def test_matching_animals_with_a_distractor_and_general_feedback():
    q = one(
        "Match the animals with their sounds. {\n =cat -> meow\n =dog -> woof\n =cow -> moo\n"
        " = -> quack\n ####Farm animals.}"
    )
    assert [(p.left, p.right) for p in q.pairs] == [
        ("cat", "meow"),
        ("dog", "woof"),
        ("cow", "moo"),
        ("", "quack"),
    ]
    assert [p.left for p in q.real_pairs] == ["cat", "dog", "cow"]
    assert q.feedback == "Farm animals."


# -- numerical --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("When was Ulysses S. Grant born?{#1822:1}", (1822.0, 1.0)),
        ("When was Ulysses S. Grant born?{#1822:5}", (1822.0, 5.0)),
        ("When was Ulysses S. Grant born? {#1822}", (1822.0, 0.0)),
        ("What's the value of pi?{#3.14:0.01}", (3.14, 0.01)),
    ],
)
def test_numerical_value_and_tolerance(text, expected):
    q = one(text)
    assert q.kind == "numeric"
    assert numbers(q) == [(expected[0], expected[1], None, None, 1.0, "")]


def test_numerical_with_closing_punctuation_gets_a_blank():
    q = one("What is the value of pi (to 3 decimal places)? {#3.1415:0.0005}.")
    assert q.kind == "numeric"
    assert q.prompt == f"What is the value of pi (to 3 decimal places)? {BLANK}."
    assert numbers(q) == [(3.1415, 0.0005, None, None, 1.0, "")]


def test_numerical_range():
    q = one("What is the value of pi (to 3 decimal places)? {#3.141..3.142}.")
    assert numbers(q) == [(None, 0.0, 3.141, 3.142, 1.0, "")]
    q = one("Pick a number from one to five.{#1..5}")
    assert numbers(q) == [(None, 0.0, 1.0, 5.0, 1.0, "")]


def test_numerical_several_answers_with_credit():
    q = one("When was Ulysses S. Grant born? {#\n    =1822:0\n    =%50%1822:2}")
    assert numbers(q) == [(1822.0, 0.0, None, None, 1.0, ""), (1822.0, 2.0, None, None, 0.5, "")]
    q = one("What is pi? {# =%100%3.14:0.01 =%50%3.1:0.1}")
    assert numbers(q) == [(3.14, 0.01, None, None, 1.0, ""), (3.1, 0.1, None, None, 0.5, "")]


def test_numerical_feedback_over_lines_and_a_comment_before_the_title():
    q = one(
        "//this comment will be ignored by the filter\n::Numerical example::\n"
        "When was Ulysses S. Grant born? {#\n     =1822:0      #Correct! 100% credit\n"
        "     =%50%1822:2  #He was born in 1822.\n"
        "                  You get 50% credit for being close.\n}"
    )
    assert q.title == "Numerical example" and q.id == "numerical-example"
    assert q.line == 2
    assert numbers(q) == [
        (1822.0, 0.0, None, None, 1.0, "Correct! 100% credit"),
        (1822.0, 2.0, None, None, 0.5, "He was born in 1822.\nYou get 50% credit for being close."),
    ]


def test_numerical_catch_all_wrong_answer_feedback():
    q = one("What's 2 plus 2? {#=4 ~#Count again.}")
    assert [(a.text, a.value, a.fraction, a.feedback) for a in q.answers] == [
        (None, 4.0, 1.0, ""),
        (CATCH_ALL, None, 0.0, "Count again."),
    ]


def test_line_comment_inside_a_question_block():
    q = one("// Subheading: Numerical questions below\nWhat's 2 plus 2? {#4}")
    assert q.kind == "numeric" and q.prompt == "What's 2 plus 2?" and q.line == 2


# -- names, feedback, formats, weights ---------------------------------------------------


def test_question_names_become_ids_and_keep_the_title():
    q = one("::Kanji Origins::Japanese characters originally\ncame from what country? {=China}")
    assert (q.id, q.title, q.kind) == ("kanji-origins", "Kanji Origins", "short")
    assert q.prompt == "Japanese characters originally\ncame from what country?"
    q = one(
        "::Thanksgiving Date::The American holiday of Thanksgiving is\n"
        "celebrated on the {~second ~third =fourth} Thursday of November."
    )
    assert (q.id, q.kind) == ("thanksgiving-date", "missing_word")
    q = one(
        "::Grant's Tomb::Grant is {\n      ~buried#No one is buried there.\n"
        "      =entombed#Right answer!\n      ~living#We hope not!\n} in Grant's tomb."
    )
    assert q.id == "grant-s-tomb"
    assert options(q) == [
        ("buried", 0.0, "No one is buried there."),
        ("entombed", 1.0, "Right answer!"),
        ("living", 0.0, "We hope not!"),
    ]


def test_per_answer_feedback():
    q = one(
        "What's the answer to this multiple-choice question?{\n"
        "~wrong answer#feedback comment on the wrong answer\n"
        "~another wrong answer#feedback comment on this wrong answer\n"
        "=right answer#Very good!}"
    )
    assert options(q) == [
        ("wrong answer", 0.0, "feedback comment on the wrong answer"),
        ("another wrong answer", 0.0, "feedback comment on this wrong answer"),
        ("right answer", 1.0, "Very good!"),
    ]
    q = one("Who's buried in Grant's tomb?{\n=no one#excellent answer!\n=nobody#excellent answer!}")
    assert texts(q) == [("no one", 1.0, "excellent answer!"), ("nobody", 1.0, "excellent answer!")]


def test_general_feedback():
    q = one("Who's buried in Grant's tomb?{~Grant =no one ####Nobody is buried in a tomb.}")
    assert q.feedback == "Nobody is buried in a tomb."
    assert options(q) == [("Grant", 0.0, ""), ("no one", 1.0, "")]


@pytest.mark.parametrize(
    ("tag", "stored"),
    [
        ("markdown", "markdown"),
        ("html", "html"),
        ("plain", "plain"),
        ("moodle", "markdown"),
        ("HTML", "html"),
    ],
)
def test_text_format_tags(tag, stored):
    q = one(
        f"[{tag}]Who's buried in **Grant's tomb**?{{\n=no one#excellent answer!\n"
        f"=nobody#excellent answer!}}"
    )
    assert q.prompt == "Who's buried in **Grant's tomb**?"
    assert q.prompt_format == stored


def test_text_format_after_the_title_and_on_answers():
    q = one("::Bold::[html]Which is <b>bold</b>?{=[html]<b>this</b> ~[plain]<b>not this</b>}")
    assert (q.id, q.prompt, q.prompt_format) == ("bold", "Which is <b>bold</b>?", "html")
    assert [(o.text, o.format) for o in q.options] == [
        ("<b>this</b>", "html"),
        ("<b>not this</b>", "plain"),
    ]


def test_without_a_tag_the_text_is_markdown():
    assert one("Plain question?{T}").prompt_format == "markdown"


def test_percentage_weights_in_multiple_choice():
    q = one("Difficult question.{~wrong answer ~%50%half credit answer =full credit answer}")
    assert q.kind == "single"
    assert options(q) == [
        ("wrong answer", 0.0, ""),
        ("half credit answer", 0.5, ""),
        ("full credit answer", 1.0, ""),
    ]


def test_weights_with_feedback_and_spaces_before_the_hash():
    q = one(
        "Difficult multiple choice question.{\n"
        "     ~wrong answer           #comment on wrong answer\n"
        "     ~%50%half credit answer #comment on answer\n     =full credit answer     #well done!}"
    )
    assert options(q) == [
        ("wrong answer", 0.0, "comment on wrong answer"),
        ("half credit answer", 0.5, "comment on answer"),
        ("full credit answer", 1.0, "well done!"),
    ]


def test_jesus_hometown_choice_and_short_answer():
    q = one(
        "::Jesus' hometown::Jesus Christ was from {\n"
        "    ~Jerusalem#This was an important city, but the wrong answer.\n"
        "    ~%25%Bethlehem#He was born here, but not raised here.\n"
        "    ~%50%Galilee#You need to be more specific.\n"
        "    =Nazareth#Yes! That's right!}."
    )
    assert (q.kind, q.id, q.title) == ("missing_word", "jesus-hometown", "Jesus' hometown")
    assert q.prompt == f"Jesus Christ was from {BLANK}."
    assert options(q) == [
        ("Jerusalem", 0.0, "This was an important city, but the wrong answer."),
        ("Bethlehem", 0.25, "He was born here, but not raised here."),
        ("Galilee", 0.5, "You need to be more specific."),
        ("Nazareth", 1.0, "Yes! That's right!"),
    ]
    q = one(
        "::Jesus' hometown (Short answer ex.):: Jesus Christ was from {\n"
        "     =Nazareth#Yes! That's right!\n     =%75%Nazereth#Right, but misspelled.\n"
        "     =%25%Bethlehem#He was born here, but not raised here.\n}."
    )
    assert (q.kind, q.id) == ("missing_word", "jesus-hometown-short-answer-ex")
    assert texts(q) == [
        ("Nazareth", 1.0, "Yes! That's right!"),
        ("Nazereth", 0.75, "Right, but misspelled."),
        ("Bethlehem", 0.25, "He was born here, but not raised here."),
    ]


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ("~No one ~%50%Grant ~%50%Grant's wife ~Grant's father", [0.0, 0.5, 0.5, 0.0]),
        ("~%-50%No one ~%50%Grant ~%50%Grant's wife ~%-50%Grant's father", [-0.5, 0.5, 0.5, -0.5]),
        (
            "~%-100%No one ~%50%Grant ~%50%Grant's wife ~%-100%Grant's father ",
            [-1.0, 0.5, 0.5, -1.0],
        ),
    ],
)
def test_multiple_answers_with_weights(weights, expected):
    q = one(f"What two people are entombed in Grant's tomb? {{\n    {weights}}}")
    assert q.kind == "multiple" and q.weighted
    assert [o.text for o in q.options] == ["No one", "Grant", "Grant's wife", "Grant's father"]
    assert [o.fraction for o in q.options] == expected


# -- special characters, categories, essays, descriptions -------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Which answer equals 5? {\n     ~ \\= 2 + 2\n     = \\= 2 + 3\n     ~ \\= 2 + 4  }",
        "Which answer equals 5? {~ \\= 2 + 2 =\\= 2 + 3 ~ \\= 2 + 4}",
    ],
)
def test_escaped_equals(text):
    q = one(text)
    assert q.kind == "single"
    assert options(q) == [("= 2 + 2", 0.0, ""), ("= 2 + 3", 1.0, ""), ("= 2 + 4", 0.0, "")]


def test_every_control_character_escaped():
    q = one(
        "::GIFT Control Characters::\n"
        "Which of the following is NOT a control character for the GIFT import format? {\n"
        "   ~ \\~     # \\~ is a control character.\n"
        "   ~ \\=     # \\= is a control character.\n"
        "   ~ \\#     # \\# is a control character.\n"
        "   ~ \\{     # \\{ is a control character.\n"
        "   ~ \\}     # \\} is a control character.\n"
        "   = \\\\     # Correct! \\\\ (backslash) is not a control character. BUT,\n"
        "              it is used to escape the control characters.\n"
        "}"
    )
    assert q.id == "gift-control-characters"
    assert options(q) == [
        ("~", 0.0, "~ is a control character."),
        ("=", 0.0, "= is a control character."),
        ("#", 0.0, "# is a control character."),
        ("{", 0.0, "{ is a control character."),
        ("}", 0.0, "} is a control character."),
        (
            "\\",
            1.0,
            "Correct! \\ (backslash) is not a control character. BUT,\n"
            "it is used to escape the control characters.",
        ),
    ]


def test_escaped_colon_in_title_and_numbers_and_newline_escape():
    q = one("::Rasio 1\\:2::Rasio 1\\:2 sama dengan?\\nPilih satu.{=0,5 =setengah}")
    assert q.title == "Rasio 1:2" and q.id == "rasio-1-2"
    assert q.prompt == "Rasio 1:2 sama dengan?\nPilih satu."
    assert [a.text for a in q.answers] == ["0,5", "setengah"]


def test_unknown_backslash_sequences_are_kept():
    q = one("What is \\frac in LaTeX?{=a fraction}")
    assert q.prompt == "What is \\frac in LaTeX?"


def test_category_applies_to_the_questions_after_it():
    diagnostics = Diagnostics()
    questions = parse_gift(
        "Before?{T}\n\n$CATEGORY: tom/Default for tom\n\nAfter one?{T}\n\nAfter two?{F}\n\n"
        "$CATEGORY: $course$/Other\nDirectly after?{T}\n",
        "bank.gift",
        diagnostics,
    )
    assert not diagnostics.has_errors()
    assert [(q.prompt, q.category, q.line) for q in questions] == [
        ("Before?", None, 1),
        ("After one?", "tom/Default for tom", 5),
        ("After two?", "tom/Default for tom", 7),
        ("Directly after?", "$course$/Other", 10),
    ]


def test_essay_and_description_are_imported_as_ungraded_text_with_warnings():
    diagnostics = Diagnostics()
    questions = parse_gift(
        "Write a short essay about public service.{}\n\nThis part is about complaints.\n",
        "bank.gift",
        diagnostics,
    )
    assert not diagnostics.has_errors()
    assert [(q.kind, q.prompt, q.points) for q in questions] == [
        ("text", "Write a short essay about public service.", 0.0),
        ("text", "This part is about complaints.", 0.0),
    ]
    assert [
        (w.line, "esai" in w.message or "deskripsi" in w.message) for w in diagnostics.warnings
    ] == [
        (1, True),
        (3, True),
    ]


def test_documented_examples_file_parses_in_full():
    """The documented examples together, as one bank: all parse, in order, with their lines."""
    text = "\n\n".join(
        [
            "// EXAMPLE QUESTIONS for the GIFT import filter\n"
            "// by Paul Tsuchido Shew, January 2004.",
            "//-----------------------------------------//\n"
            "// Examples from the class description.",
            "Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}",
            "Grant is {~buried =entombed ~living} in Grant's tomb.",
            "Grant is buried in Grant's tomb.{FALSE}",
            "Who's buried in Grant's tomb? Again.{=no one =nobody}",
            "When was Ulysses S. Grant born?{#1822:1}",
            "Japanese characters originally came from what country? {\n    ~India\n    =China\n"
            "    ~Korea\n    ~Egypt}",
            "Matching Question. {\n    =subquestion1 -> subanswer1\n"
            "    =subquestion2 -> subanswer2\n"
            "    =subquestion3 -> subanswer3\n    }",
            "What is the value of pi (to 3 decimal places)? {#3.141..3.142}.",
            "// ===Special Characters===\nWhich answer equals 5? {\n     ~ \\= 2 + 2\n"
            "     = \\= 2 + 3\n     ~ \\= 2 + 4  }",
        ]
    )
    diagnostics = Diagnostics()
    questions = parse_gift(text, "examples.gift", diagnostics)
    assert not diagnostics.has_errors(), [str(d) for d in diagnostics]
    assert [(q.kind, q.line) for q in questions] == [
        ("single", 7),
        ("missing_word", 9),
        ("true_false", 11),
        ("short", 13),
        ("numeric", 15),
        ("single", 17),
        ("matching", 23),
        ("numeric", 29),
        ("single", 32),
    ]


def test_windows_line_endings_and_bom():
    q = one("\ufeff::A::Question?{\r\n=yes\r\n~no}\r\n")
    assert (q.id, [o.text for o in q.options]) == ("a", ["yes", "no"])
