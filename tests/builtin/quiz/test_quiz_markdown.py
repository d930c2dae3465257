"""``.quiz.md``: the course-format example and every construct of the syntax."""

from __future__ import annotations

import textwrap

from lms.builtin.quiz.markdown_format import QuizDefinition, parse_quiz_markdown
from lms.builtin.quiz.questions import derived_question_id, option_id
from lms.builtin.quiz.settings import QuizSettings
from lms.core.diagnostics import Diagnostics

FORMAT_EXAMPLE = textwrap.dedent(
    """\
    ---
    title: Kuis Akhir
    pass_score: 70             # percent needed to pass (default 70)
    max_attempts: 3            # default 0 = unlimited
    time_limit_minutes: 15     # default none
    questions_per_attempt: 4  # default all: draw this many at random from the file
    shuffle_questions: true    # default false
    shuffle_options: true      # default true
    partial_credit: false      # multiple-answer questions: all-or-nothing (default) or proportional
    show_feedback: after_submit   # after_submit (default) | after_pass | never
    grading: highest           # highest (default) | last: which attempt counts
    ---
    Optional introduction, shown before the first question.

    ## Apa kepanjangan dari ASN?
    - [x] Aparatur Sipil Negara
    - [ ] Aparatur Sektor Negara
      > Bukan: istilah resminya Aparatur Sipil Negara.
    - [ ] Abdi Sipil Negara

    > ASN terdiri atas PNS dan PPPK.

    ## Manakah yang termasuk kompetensi manajerial? {points=2}
    - [x] Integritas
    - [x] Kerja sama
    - [ ] Perekat bangsa

    ## Berapa JP minimal pengembangan kompetensi PNS dalam setahun?
    = 20
    = dua puluh

    ## Berapakah 22/7, dibulatkan dua desimal?
    = 3.14 ± 0.005
    """
)


def parse(
    text: str, siblings: dict[str, str] | None = None
) -> tuple[QuizDefinition | None, Diagnostics]:
    diagnostics = Diagnostics()
    siblings = siblings or {}
    quiz = parse_quiz_markdown(
        textwrap.dedent(text), "kursus/03-kuis.quiz.md", diagnostics, read_sibling=siblings.get
    )
    return quiz, diagnostics


def ok(text: str, siblings: dict[str, str] | None = None) -> QuizDefinition:
    quiz, diagnostics = parse(text, siblings)
    assert quiz is not None and not diagnostics.has_errors(), [str(d) for d in diagnostics]
    return quiz


def test_course_format_example_settings():
    quiz = ok(FORMAT_EXAMPLE)
    assert quiz.settings == QuizSettings(
        title="Kuis Akhir",
        pass_score=70,
        max_attempts=3,
        time_limit_minutes=15,
        questions_per_attempt=4,
        shuffle_questions=True,
        shuffle_options=True,
        partial_credit=False,
        show_feedback="after_submit",
        grading="highest",
    )
    assert quiz.title == "Kuis Akhir"
    assert quiz.intro == "Optional introduction, shown before the first question."
    assert quiz.key_lines["pass_score"] == 3 and quiz.key_lines["grading"] == 11


def test_course_format_example_questions():
    quiz = ok(FORMAT_EXAMPLE)
    asn, manajerial, jp, pi = quiz.questions
    assert (asn.kind, asn.line, asn.points) == ("single", 15, 1.0)
    assert asn.prompt == "Apa kepanjangan dari ASN?"
    assert asn.id == derived_question_id("Apa kepanjangan dari ASN?")
    assert [(o.text, o.fraction, o.feedback) for o in asn.options] == [
        ("Aparatur Sipil Negara", 1.0, ""),
        ("Aparatur Sektor Negara", 0.0, "Bukan: istilah resminya Aparatur Sipil Negara."),
        ("Abdi Sipil Negara", 0.0, ""),
    ]
    assert asn.feedback == "ASN terdiri atas PNS dan PPPK."
    assert [o.id for o in asn.options] == [option_id(asn.id, o.text) for o in asn.options]

    assert (manajerial.kind, manajerial.points, manajerial.line) == ("multiple", 2.0, 23)
    assert manajerial.prompt == "Manakah yang termasuk kompetensi manajerial?"
    assert [(o.text, o.fraction) for o in manajerial.options] == [
        ("Integritas", 1.0),
        ("Kerja sama", 1.0),
        ("Perekat bangsa", 0.0),
    ]
    assert not manajerial.weighted

    assert jp.kind == "short"
    assert [a.text for a in jp.answers] == ["20", "dua puluh"]

    assert pi.kind == "numeric"
    assert [(a.value, a.tolerance) for a in pi.answers] == [(3.14, 0.005)]


def test_defaults_without_front_matter_and_title_from_heading():
    quiz = ok(
        """\
        # Kuis Pengantar

        Jawab semua soal.

        ## Benar?
        - [x] Ya
        - [ ] Tidak
        """
    )
    assert quiz.settings == QuizSettings()
    assert quiz.title == "Kuis Pengantar"
    assert quiz.intro == "# Kuis Pengantar\n\nJawab semua soal."
    assert quiz.questions[0].line == 5


def test_prompt_takes_paragraphs_images_and_code_and_ignores_headings_in_code():
    quiz = ok(
        """\
        ## Perhatikan kode berikut.

        Apa keluarannya?

        ![diagram](media/diagram.png)

        ```python
        ## not a question
        - [x] not an option
        print(1)
        ```
        - [x] 1
        - [ ] 2
        """
    )
    (question,) = quiz.questions
    assert question.prompt == (
        "Perhatikan kode berikut.\n\nApa keluarannya?\n\n![diagram](media/diagram.png)\n\n"
        "```python\n## not a question\n- [x] not an option\nprint(1)\n```"
    )
    assert [o.text for o in question.options] == ["1", "2"]


def test_tilde_fences_and_headings_in_the_intro_code():
    quiz = ok(
        """\
        ~~~
        ## in intro code
        - [x] nope
        ~~~

        ## Real?
        = ya
        """
    )
    assert len(quiz.questions) == 1 and "## in intro code" in quiz.intro


def test_explicit_id_and_points_in_any_order():
    quiz = ok(
        """\
        ## Apa kepanjangan ASN? {#asn-kepanjangan points=1.5}
        = Aparatur Sipil Negara

        ## Soal kedua {points=3} {#kedua}
        = x
        """
    )
    first, second = quiz.questions
    assert (first.id, first.points, first.prompt) == (
        "asn-kepanjangan",
        1.5,
        "Apa kepanjangan ASN?",
    )
    assert (second.id, second.points, second.prompt) == ("kedua", 3.0, "Soal kedua")


def test_explicit_id_survives_rewording_and_derived_id_ignores_case_and_spaces():
    a = ok("## Apa itu ASN? {#asn}\n= a\n").questions[0]
    b = ok("## Apakah ASN itu? {#asn}\n= a\n").questions[0]
    assert a.id == b.id == "asn"
    c = ok("## Apa  itu\tASN?\n= a\n").questions[0]
    d = ok("## apa itu asn?\n= a\n").questions[0]
    assert c.id == d.id == derived_question_id("Apa itu ASN?")
    e = ok("## Apa itu PNS?\n= a\n").questions[0]
    assert e.id != c.id


def test_option_ids_do_not_depend_on_which_option_is_right():
    first = ok("## Q {#q}\n- [x] A\n- [ ] B\n").questions[0]
    second = ok("## Q {#q}\n- [ ] B\n- [x] A\n").questions[0]
    assert {o.text: o.id for o in first.options} == {o.text: o.id for o in second.options}


def test_other_bullets_uppercase_x_and_multiline_option_text():
    question = ok(
        """\
        ## Pilih
        * [X] Satu
          lanjutan satu
        + [ ] Dua
        """
    ).questions[0]
    assert [(o.text, o.fraction) for o in question.options] == [
        ("Satu\nlanjutan satu", 1.0),
        ("Dua", 0.0),
    ]


def test_short_answer_feedback_and_general_feedback_paragraphs():
    question = ok(
        """\
        ## Ibu kota Indonesia?
        = Jakarta
          > Betul untuk saat ini.
        = Nusantara

        > Ibu kota sedang dipindahkan.
        >
        > Lihat UU IKN.
        """
    ).questions[0]
    assert question.kind == "short"
    assert [(a.text, a.feedback) for a in question.answers] == [
        ("Jakarta", "Betul untuk saat ini."),
        ("Nusantara", ""),
    ]
    assert question.feedback == "Ibu kota sedang dipindahkan.\n\nLihat UU IKN."


def test_numeric_answers_comma_decimal_and_plus_minus():
    question = ok(
        """\
        ## Berapa?
        = 3,14 +- 0,01
        = 3.1 ± 0.1
        = 22
        """
    ).questions[0]
    assert question.kind == "numeric"
    assert [(a.value, a.tolerance) for a in question.answers] == [
        (3.14, 0.01),
        (3.1, 0.1),
        (22.0, 0.0),
    ]


def test_one_text_answer_makes_the_question_short():
    question = ok("## Berapa?\n= 20\n= dua puluh\n").questions[0]
    assert question.kind == "short"
    assert [(a.text, a.value) for a in question.answers] == [("20", None), ("dua puluh", None)]


def test_multi_paragraph_option_feedback():
    question = ok("## Q\n- [x] A\n  > baris satu\n  >\n  > baris dua\n- [ ] B\n").questions[0]
    assert question.options[0].feedback == "baris satu\n\nbaris dua"


def test_questions_from_a_gift_file_in_the_same_folder():
    quiz = ok(
        """\
        ---
        questions_from: bank.gift
        questions_per_attempt: 3
        ---
        ## Markdown question
        - [x] a
        - [ ] b
        """,
        {"bank.gift": "::G1::Gift one?{T}\n\n::G2::Gift two?{=x =y}\n"},
    )
    assert [q.id for q in quiz.questions][1:] == ["g1", "g2"]
    assert quiz.settings.questions_from == "bank.gift"
    assert quiz.questions[2].line == 3


def test_only_gift_questions_is_fine():
    quiz = ok("---\nquestions_from: bank.gift\n---\n", {"bank.gift": "Q?{T}"})
    assert [q.kind for q in quiz.questions] == ["true_false"]


def test_crlf_and_bom():
    quiz = ok("\ufeff---\r\ntitle: T\r\n---\r\n## Q\r\n- [x] a\r\n- [ ] b\r\n")
    assert quiz.questions[0].line == 4 and quiz.title == "T"
