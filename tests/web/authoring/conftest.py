"""Fixtures of the authoring tests: a trainer, a small course they author, a learner."""

from __future__ import annotations

from typing import Any

import pytest

from lms.core.models import CourseAuthor, Role
from lms.extensions import db as _db

QUIZ = """---
title: Kuis Dasar
pass_score: 50
shuffle_options: false
---
## Apa kepanjangan ASN? {#asn}
- [x] Aparatur Sipil Negara
- [ ] Abdi Sipil Negara

## Berapa JP minimal setahun? {#jp}
= 20
"""

FILES = {
    "01-pengantar.md": "# Pengantar\n\nLihat juga [standar](02-standar.md).\n",
    "02-standar.md": "# Standar\n\nIsi standar.\n",
    "03-kuis.quiz.md": QUIZ,
}


@pytest.fixture
def trainer(make_user: Any) -> Any:
    return make_user(name="Widyaiswara Uji", roles=[Role.TRAINER])


@pytest.fixture
def course(make_course: Any, trainer: Any, db: Any) -> Any:
    """A published course authored by ``trainer``."""
    course = make_course("kursus-tulis", files=dict(FILES), title="Kursus Tulis")
    _db.session.add(CourseAuthor(course_id=course.id, user_id=trainer.id))
    _db.session.flush()
    return course


@pytest.fixture
def quiz_text() -> str:
    return QUIZ
