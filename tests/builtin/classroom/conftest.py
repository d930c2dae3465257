"""A course with a session item of two runs (one of a single seat), dated from now."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lms.core.clock import utcnow


def session_file(*, seats: int = 1, approval: str = "none", days_ahead: int = 10) -> str:
    start = (utcnow() + timedelta(days=days_ahead)).astimezone().strftime("%Y-%m-%d")
    later = (utcnow() + timedelta(days=days_ahead + 30)).astimezone().strftime("%Y-%m-%d")
    return f"""---
title: Lokakarya Penyusunan SOP
speakers:
  - name: Dr. Ratna Wulandari
    institution: Universitas Gadjah Mada
approval: {approval}
runs:
  - id: angkatan-1
    days:
      - start: {start} 08:00
        end: {start} 16:00
    place: Aula BKPSDM Lt. 2
    capacity: {seats}
  - id: angkatan-2
    days:
      - start: {later} 08:00
        end: {later} 12:00
    online_url: https://zoom.example/j/1
    capacity: 20
---
## Hari pertama
- 08.00 Pembukaan
"""


FILES = {"01-pengantar.md": "# Pengantar\n\nBaca dulu.\n"}


@pytest.fixture
def session_course(make_course):  # noqa: ANN001, ANN201
    def make(**kwargs):  # noqa: ANN003, ANN202
        return make_course(slug="kursus-sesi", files={**FILES, "02-lokakarya.session.md": session_file(**kwargs)})

    return make
