"""Fixtures of the quiz attempt tests (handed out as fixtures: with ``--import-mode=importlib`` a
test file cannot import this conftest).

* ``make_quiz_course(settings=..., questions=..., lesson=True)`` writes a small course in a
  temporary folder (a lesson, then a quiz), imports it and returns the ``Course``.
* ``learner(course)`` makes a user enrolled in the course.
* ``QUESTIONS``: a quiz body with one question of every common kind and tell-tale feedback and
  answer strings (``rahasia-...``) that must never reach the browser before submission.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

COURSE_MD = """---
title: Kursus Kuis Uji
summary: Kursus kecil untuk menguji kuis.
jp: 2
---
Deskripsi kursus.
"""

LESSON = "# Pengantar\n\nIsi materi pengantar.\n"

QUESTIONS = """\
## Apa ibu kota Indonesia? {#ibu-kota}
- [x] Jakarta
  > rahasia-umpan-balik-jakarta
- [ ] Bandung
  > rahasia-umpan-balik-bandung
- [ ] Surabaya

> rahasia-umpan-balik-umum-ibu-kota

## Manakah bilangan genap? {#genap points=2}
- [x] Dua
- [x] Empat
- [ ] Tiga
- [ ] Lima

## Berapa JP minimal setahun? {#jp-minimal}
= rahasia-dua-puluh
= 20

> rahasia-umpan-balik-jp

## Berapakah 22/7, dibulatkan dua desimal? {#pi}
= 3.14 ± 0.005
"""


def quiz_md(settings: dict[str, Any] | None = None, questions: str = QUESTIONS,
            intro: str = "Pengantar kuis.") -> str:
    lines = "".join(f"{k}: {str(v).lower() if isinstance(v, bool) else v}\n"
                    for k, v in (settings or {}).items())
    return f"---\ntitle: Kuis Uji\n{lines}---\n{intro}\n\n{questions}"


@pytest.fixture
def write_quiz_course(tmp_path: Path) -> Callable[..., Path]:
    """Write (or rewrite) the course folder; returns the folder to import."""

    def write(settings: dict[str, Any] | None = None, questions: str = QUESTIONS, *,
              slug: str = "kursus-kuis", lesson: bool = True, extra: dict[str, str] | None = None) -> Path:
        root = tmp_path / "kursus" / slug
        root.mkdir(parents=True, exist_ok=True)
        files = {"course.md": COURSE_MD, "02-kuis.quiz.md": quiz_md(settings, questions)}
        if lesson:
            files["01-pengantar.md"] = LESSON
        files.update(extra or {})
        for name, text in files.items():
            (root / name).write_text(text, encoding="utf-8")
        return root

    return write


@pytest.fixture
def make_quiz_course(db: Any, write_quiz_course: Callable[..., Path]) -> Callable[..., Any]:
    from lms.core.importer.service import import_paths
    from lms.core.models import Course

    def make(settings: dict[str, Any] | None = None, questions: str = QUESTIONS, **kwargs: Any) -> Any:
        folder = write_quiz_course(settings, questions, **kwargs)
        import_paths([folder])
        db.session.flush()
        return db.session.scalar(select(Course).where(Course.slug == folder.name))

    return make


@pytest.fixture
def learner(db: Any, make_user: Callable[..., Any]) -> Callable[..., Any]:
    from lms.core.services import learning

    def make(course: Any, user: Any = None) -> Any:
        user = user or make_user()
        learning.enroll(user, course)
        db.session.flush()
        return user

    return make


@pytest.fixture
def option_id() -> Callable[[Any, str, str], str]:
    """``option_id(attempt, question_id, text)``: the id of an option by its text."""

    def find(attempt: Any, question_id: str, text: str) -> str:
        for entry in attempt.questions:
            if entry["question"]["id"] == question_id:
                for option in entry["question"]["options"]:
                    if option["text"] == text:
                        return option["id"]
        raise AssertionError(f"no option {text!r} in question {question_id}")

    return find
