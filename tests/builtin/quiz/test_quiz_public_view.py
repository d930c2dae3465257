"""What reaches the browser before submission: no fractions, no answers, no feedback."""

from __future__ import annotations

import json
import random

import pytest

from lms.builtin.quiz.gift import parse_gift
from lms.builtin.quiz.kinds import default_registry
from lms.builtin.quiz.markdown_format import parse_quiz_markdown
from lms.builtin.quiz.questions import Question
from lms.core.diagnostics import Diagnostics

REGISTRY = default_registry()

MARKDOWN = """\
## Apa kepanjangan dari ASN?
- [x] Aparatur Sipil Negara
  > Betul sekali, rahasia-umpan-balik-1.
- [ ] Aparatur Sektor Negara
  > Bukan: rahasia-umpan-balik-2.
- [ ] Abdi Sipil Negara

> rahasia-umpan-balik-umum

## Manakah yang termasuk kompetensi manajerial? {points=2}
- [x] Integritas
- [x] Kerja sama
- [ ] Perekat bangsa

## Berapa JP minimal?
= 20
= rahasia-jawaban-teks

## Berapakah 22/7?
= 3.1428 ± 0.0005
"""

GIFT = """\
Sun rises in the east.{T#rahasia-salah#rahasia-benar}

Grant is {~buried =entombed ~living} in Grant's tomb.

Two plus two equals {=rahasia-empat =%50%rahasia-setengah}.

When was Grant born? {#=1822.75:0.5 =%50%1899.25:2 ~#rahasia-catch-all}

Capitals. {=Canada -> Ottawa =Italy -> Rome =Japan -> Tokyo}

Who? {~%-50%No one ~%50%Grant ~%50%Grant's wife}

Essay.{}
"""


def questions() -> list[Question]:
    diagnostics = Diagnostics()
    quiz = parse_quiz_markdown(MARKDOWN, "k.quiz.md", diagnostics, read_sibling=lambda _n: None)
    assert quiz is not None
    gift = parse_gift(GIFT, "bank.gift", diagnostics)
    assert not diagnostics.has_errors()
    return [*quiz.questions, *gift]


ALL = questions()


def secrets(question: Question) -> list[str]:
    """Strings that would give answers away if they appeared in the view."""
    found = [question.feedback] if question.feedback else []
    for option in question.options:
        found += [option.feedback] if option.feedback else []
    for answer in question.answers:
        found += [answer.feedback] if answer.feedback else []
        found += [answer.text] if answer.text and answer.text != "*" else []
        found += [repr(v) for v in (answer.value, answer.min, answer.max) if v is not None]
    return found


def keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | set().union(*(keys(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(keys(v) for v in value)) if value else set()
    return set()


@pytest.mark.parametrize("question", ALL, ids=lambda q: f"{q.kind}-{q.line}")
@pytest.mark.parametrize("shuffle", [True, False])
def test_view_has_no_answer_data(question, shuffle):
    view = REGISTRY.public_view(question, random.Random(7), shuffle_options=shuffle)
    dumped = json.dumps(view, ensure_ascii=False)
    for secret in secrets(question):
        assert secret not in dumped, secret
    assert not keys(view) & {
        "fraction",
        "feedback",
        "answers",
        "pairs",
        "correct",
        "weight",
        "title",
    }
    assert view["id"] == question.id and view["type"] == question.kind
    assert view["prompt_html"] is None
    for option in view.get("options", []):
        assert set(option) == {"id", "text", "format"}


def test_fractions_are_not_in_the_view_of_weighted_options():
    question = next(q for q in ALL if q.weighted)
    dumped = json.dumps(REGISTRY.public_view(question, random.Random(1)))
    for number in ("-0.5", "0.5", "-50", "50"):
        assert number not in dumped


def test_options_keep_ids_and_texts_and_shuffle_reproducibly():
    question = ALL[0]
    plain = REGISTRY.public_view(question, random.Random(1), shuffle_options=False)
    assert [o["text"] for o in plain["options"]] == [o.text for o in question.options]
    assert [o["id"] for o in plain["options"]] == [o.id for o in question.options]
    orders = {
        tuple(o["id"] for o in REGISTRY.public_view(question, random.Random(seed))["options"])
        for seed in range(30)
    }
    assert len(orders) > 1 and all(
        set(order) == {o.id for o in question.options} for order in orders
    )
    again = REGISTRY.public_view(question, random.Random(3))
    assert again == REGISTRY.public_view(question, random.Random(3))


def test_true_false_labels_in_fixed_order():
    question = next(q for q in ALL if q.kind == "true_false")
    view = REGISTRY.public_view(question, random.Random(5), shuffle_options=True)
    assert [o["text"] for o in view["options"]] == ["Benar", "Salah"]
    assert [o["id"] for o in view["options"]] == [o.id for o in question.options]


def test_matching_choices_are_always_shuffled_and_items_carry_pair_ids():
    question = next(q for q in ALL if q.kind == "matching")
    views = [
        REGISTRY.public_view(question, random.Random(s), shuffle_options=False) for s in range(30)
    ]
    assert all([i["id"] for i in v["items"]] == [p.id for p in question.pairs] for v in views)
    assert all(sorted(v["choices"]) == sorted(p.right for p in question.pairs) for v in views)
    assert len({tuple(v["choices"]) for v in views}) > 1


def test_short_and_numeric_views_have_no_options():
    for question in ALL:
        if question.kind in ("short", "numeric", "text") or (
            question.kind == "missing_word" and not question.options
        ):
            view = REGISTRY.public_view(question, random.Random(1))
            assert view["options"] == [] and "items" not in view
