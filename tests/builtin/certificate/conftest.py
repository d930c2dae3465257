"""Fixtures of the certificate tests: a learner who completes a course through the real
services (so the certificate comes from the ``course_completed`` event), and PDF helpers.

Handed out as fixtures (``--import-mode=importlib``: a test file cannot import this file).
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from lms.builtin.certificate.models import Certificate
from lms.core import transaction
from lms.core.models import Completion

_slugs = itertools.count(1)
COMPETENCIES = {"integritas": 2, "komunikasi": 1}


@pytest.fixture
def complete(db: Any, make_user: Callable[..., Any], make_course: Callable[..., Any],
             finish_course: Callable[..., Any]) -> Callable[..., Any]:
    """``complete(user=None, course=None, **course_kwargs)`` -> the Completion, after the commit
    that dispatches ``course_completed`` (and so issues the certificate)."""

    def _complete(user: Any = None, course: Any = None, **course_kwargs: Any) -> Completion:
        if course is None:
            if "extra" not in course_kwargs:  # a test's own front matter replaces the competencies
                course_kwargs["competencies"] = COMPETENCIES
            course = make_course(f"kursus-sertifikat-{next(_slugs)}", **course_kwargs)
        user = user or make_user()
        finish_course(user, course)
        transaction.commit()
        return db.session.scalar(select(Completion).where(Completion.user_id == user.id,
                                                          Completion.course_id == course.id)
                                 .order_by(Completion.cycle.desc()).limit(1))

    return _complete


@pytest.fixture
def certificate_of(db: Any) -> Callable[[Completion], Certificate | None]:
    def _of(completion: Completion) -> Certificate | None:
        return db.session.scalar(select(Certificate).where(Certificate.completion_id == completion.id))

    return _of


_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


@pytest.fixture
def pdf_text() -> Callable[[bytes], str]:
    """Every stream of a PDF, inflated (fpdf2 compresses page content), as Latin-1 text."""

    def _text(data: bytes) -> str:
        parts = []
        for raw in _STREAM.findall(data):
            try:
                parts.append(zlib.decompress(raw).decode("latin-1"))
            except zlib.error:
                parts.append(raw.decode("latin-1"))
        return "\n".join(parts) + "\n" + data.decode("latin-1")

    return _text
