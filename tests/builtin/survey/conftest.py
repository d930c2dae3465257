"""A small course with a survey, imported through the real importer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

SURVEY = """\
---
title: Evaluasi Pelatihan
required: {required}
anonymous: {anonymous}
---
Isilah dengan jujur.

## Materi mudah dipahami.
scale: 1-5

## Apakah Anda merekomendasikan kursus ini?
- ( ) Ya
- ( ) Tidak

## Saran untuk pengajar
text
"""


def survey_files(
    *, required: bool = True, anonymous: bool = True, after: bool = False
) -> dict[str, str]:
    """Two lessons, then the survey (and, with ``after``, one more lesson after it)."""
    files = {
        "01-pengantar.md": "# Pengantar\n\nIsi materi.\n",
        "02-inti.md": "# Inti\n\nIsi materi.\n",
        "03-evaluasi.survey.md": SURVEY.format(
            required=str(required).lower(), anonymous=str(anonymous).lower()
        ),
    }
    if after:
        files["04-penutup.md"] = "# Penutup\n\nSampai jumpa.\n"
    return files


@pytest.fixture
def survey_course(make_course: Callable[..., Any]) -> Callable[..., Any]:
    def make(slug: str = "kursus-survei", **kwargs: Any) -> Any:
        return make_course(slug, survey_files(**kwargs))

    return make
