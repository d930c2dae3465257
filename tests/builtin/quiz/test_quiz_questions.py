"""The question model: JSON round trips, stable ids, slugs, settings defaults."""

from __future__ import annotations

import dataclasses
import json

from lms.builtin.quiz.gift import parse_gift
from lms.builtin.quiz.markdown_format import parse_quiz_markdown
from lms.builtin.quiz.numeric import parse_number
from lms.builtin.quiz.questions import (
    Question,
    derived_question_id,
    is_valid_id,
    option_id,
    slugify,
    title_question_id,
)
from lms.builtin.quiz.settings import QUIZ_SETTINGS, QuizSettings
from lms.core.diagnostics import Diagnostics


def every_kind() -> list[Question]:
    diagnostics = Diagnostics()
    quiz = parse_quiz_markdown(
        "## A\n- [x] a\n  > fb\n- [ ] b\n\n> general\n\n## B\n- [x] a\n- [x] b\n\n## C\n= x\n\n"
        "## D\n= 1,5 ± 0,1\n",
        "k.quiz.md",
        diagnostics,
        read_sibling=lambda _n: None,
    )
    assert quiz is not None
    gift = parse_gift(
        "$CATEGORY: c\n\n::T::[html]<b>T</b>{T#no#yes}\n\nM.{=a -> 1 =b -> 2 =c -> 3 = -> 4}\n\n"
        "A {=x ~y} b.\n\nN?{#1..2 ~#wrong}\n\nW?{~%50%a ~%50%b ~%-100%c}\n\nE.{}\n",
        "b.gift",
        diagnostics,
    )
    assert not diagnostics.has_errors()
    return [*quiz.questions, *gift]


def test_every_kind_round_trips_through_json():
    questions = every_kind()
    assert {q.kind for q in questions} == {
        "single",
        "multiple",
        "short",
        "numeric",
        "true_false",
        "matching",
        "missing_word",
        "text",
    }
    for question in questions:
        stored = json.loads(json.dumps(question.to_dict()))
        assert Question.from_dict(stored) == question


def test_to_dict_is_plain_json():
    data = every_kind()[0].to_dict()
    assert data["options"][0] == {
        "id": data["options"][0]["id"],
        "text": "a",
        "fraction": 1.0,
        "feedback": "fb",
        "format": None,
    }
    assert data["feedback"] == "general" and data["kind"] == "single"


def test_derived_id_normalises_case_and_whitespace():
    assert derived_question_id("Apa  itu\nASN?") == derived_question_id("apa itu asn?")
    assert derived_question_id("Apa itu ASN?").startswith("q-")
    assert len(derived_question_id("x")) == 12
    assert derived_question_id("Apa itu ASN?") != derived_question_id("Apa itu PNS?")


def test_option_ids_are_hashes_of_question_and_text():
    assert option_id("q1", "Ya") == option_id("q1", "Ya")
    assert option_id("q1", "Ya") != option_id("q2", "Ya")
    assert len(option_id("q1", "Ya")) == 9 and option_id("q1", "Ya").startswith("o")


def test_slugs():
    assert slugify("Jesus' hometown (Short answer ex.)") == "jesus-hometown-short-answer-ex"
    assert slugify("Soal Ujian #1: Pelayanan Publik") == "soal-ujian-1-pelayanan-publik"
    assert slugify("Pengaduan — Tahap Ké-2") == "pengaduan-tahap-ke-2"
    assert title_question_id("日本").startswith("q-")
    assert is_valid_id(slugify("Grant's Tomb"))
    assert not is_valid_id("Bad_id") and not is_valid_id("-x") and not is_valid_id("")


def test_settings_defaults_are_the_documented_ones():
    assert QuizSettings() == QuizSettings(
        title=None,
        pass_score=70,
        max_attempts=0,
        time_limit_minutes=None,
        questions_per_attempt=None,
        shuffle_questions=False,
        shuffle_options=True,
        partial_credit=False,
        show_feedback="after_submit",
        grading="highest",
        questions_from=None,
    )
    assert [s.name for s in QUIZ_SETTINGS] == [f.name for f in dataclasses.fields(QuizSettings)]


def test_parse_number():
    assert (
        parse_number("3,14") == 3.14 and parse_number(" -2 ") == -2.0 and parse_number(".5") == 0.5
    )
    assert parse_number("1.000.000") is None and parse_number("1 000") is None
    assert parse_number("") is None and parse_number("1e999") is None
