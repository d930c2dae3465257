"""Property: any well-formed quiz written in ``.quiz.md`` syntax parses back to its questions.

A tiny generator builds quiz specs (kinds, prompts, options, answers, feedback, points, ids),
writes them as Markdown the way a trainer would, and checks the parser recovers each field.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from lms.builtin.quiz.markdown_format import parse_quiz_markdown
from lms.builtin.quiz.questions import derived_question_id, normalize_text, option_id
from lms.core.diagnostics import Diagnostics

LETTERS = string.ascii_letters + "áéÖß"
word = st.tuples(st.sampled_from(LETTERS), st.text(LETTERS + string.digits, max_size=6)).map(
    "".join
)
phrase = st.lists(word, min_size=1, max_size=5).map(" ".join)
maybe = st.none() | phrase


@dataclass(frozen=True)
class Spec:
    kind: str
    prompt: str
    body: str | None
    explicit_id: str | None
    points: float
    options: tuple[tuple[str, bool, str | None], ...]  # text, correct, feedback
    answers: tuple[tuple[str, float | None, float, str], ...]  # written, value, tolerance, text
    feedback: str | None


@st.composite
def choice_options(draw, kind: str):
    texts = draw(st.lists(phrase, min_size=2, max_size=5, unique_by=normalize_text))
    if kind == "single":
        right = {draw(st.integers(0, len(texts) - 1))}
    else:
        right = set(draw(st.lists(st.integers(0, len(texts) - 1), min_size=2, unique=True)))
        if len(right) < 2:
            right = {0, 1}
    return tuple((t, i in right, draw(maybe)) for i, t in enumerate(texts))


@st.composite
def numeric_answers(draw):
    answers = []
    for cents in draw(
        st.lists(st.integers(-100_000, 100_000), min_size=1, max_size=3, unique=True)
    ):
        mark = draw(st.sampled_from([".", ","]))
        written = f"{cents / 100:.2f}".replace(".", mark)
        tolerance_cents = draw(st.none() | st.integers(0, 500))
        tolerance = 0.0
        if tolerance_cents is not None:
            tolerance = tolerance_cents / 100
            sign = draw(st.sampled_from(["±", "+-"]))
            written += f" {sign} " + f"{tolerance:.2f}".replace(".", mark)
        answers.append((written, cents / 100, tolerance, ""))
    return tuple(answers)


@st.composite
def short_answers(draw):
    texts = draw(st.lists(phrase, min_size=1, max_size=3, unique_by=normalize_text))
    return tuple((t, None, 0.0, t) for t in texts)


@st.composite
def question_spec(draw, prompt: str, explicit_id: str | None) -> Spec:
    kind = draw(st.sampled_from(["single", "multiple", "short", "numeric"]))
    options = draw(choice_options(kind)) if kind in ("single", "multiple") else ()
    answers: tuple = ()
    if kind == "short":
        answers = draw(short_answers())
    elif kind == "numeric":
        answers = draw(numeric_answers())
    return Spec(
        kind=kind,
        prompt=prompt,
        body=draw(maybe),
        explicit_id=explicit_id,
        points=draw(st.sampled_from([1.0, 2.0, 0.5, 3.0])),
        options=options,
        answers=answers,
        feedback=draw(maybe),
    )


@st.composite
def quiz_specs(draw) -> list[Spec]:
    prompts = draw(st.lists(phrase, min_size=1, max_size=5, unique_by=normalize_text))
    ids = draw(
        st.lists(
            st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True),
            min_size=len(prompts),
            max_size=len(prompts),
            unique=True,
        )
    )
    use_ids = draw(st.lists(st.booleans(), min_size=len(prompts), max_size=len(prompts)))
    return [
        draw(question_spec(prompt, ident if use else None))
        for prompt, ident, use in zip(prompts, ids, use_ids, strict=True)
    ]


def render(specs: list[Spec], intro: str | None) -> str:
    lines = ["---", "title: Kuis", "---"]
    if intro:
        lines += [intro, ""]
    for spec in specs:
        attributes = []
        if spec.points != 1.0:
            attributes.append(f"{{points={spec.points:g}}}")
        if spec.explicit_id:
            attributes.append(f"{{#{spec.explicit_id}}}")
        lines.append(" ".join([f"## {spec.prompt}", *attributes]))
        if spec.body:
            lines += ["", spec.body, ""]
        for text, correct, feedback in spec.options:
            lines.append(f"- [{'x' if correct else ' '}] {text}")
            if feedback:
                lines.append(f"  > {feedback}")
        for written, _value, _tolerance, _text in spec.answers:
            lines.append(f"= {written}")
        if spec.feedback:
            lines += ["", f"> {spec.feedback}"]
        lines.append("")
    return "\n".join(lines)


@settings(max_examples=150, deadline=None)
@given(specs=quiz_specs(), intro=maybe)
def test_generated_quizzes_parse_back(specs, intro):
    diagnostics = Diagnostics()
    quiz = parse_quiz_markdown(
        render(specs, intro), "k.quiz.md", diagnostics, read_sibling=lambda _n: None
    )
    assert quiz is not None, [str(d) for d in diagnostics]
    assert not diagnostics.items
    assert quiz.intro == (intro or "")
    assert len(quiz.questions) == len(specs)
    for spec, question in zip(specs, quiz.questions, strict=True):
        prompt = spec.prompt + (f"\n\n{spec.body}" if spec.body else "")
        assert question.prompt == prompt
        assert question.id == (spec.explicit_id or derived_question_id(prompt))
        assert question.kind == spec.kind
        assert question.points == spec.points
        assert question.feedback == (spec.feedback or "")
        assert [(o.id, o.text, o.fraction, o.feedback) for o in question.options] == [
            (option_id(question.id, t), t, 1.0 if c else 0.0, f or "") for t, c, f in spec.options
        ]
        if spec.kind == "numeric":
            assert [(a.value, a.tolerance, a.text) for a in question.answers] == [
                (value, tolerance, None) for _w, value, tolerance, _t in spec.answers
            ]
        else:
            assert [a.text for a in question.answers] == [t for _w, _v, _tol, t in spec.answers]
