"""``.session.md``: the course-format example, and every error at its own line."""

from __future__ import annotations

import textwrap

from lms.builtin.classroom.format import parse_session
from lms.core.diagnostics import Diagnostics

PATH = "kursus/04-lokakarya.session.md"

EXAMPLE = """\
---
title: Lokakarya Penyusunan SOP
speakers:
  - name: Dr. Ratna Wulandari, M.Si.
    institution: Universitas Gadjah Mada
approval: none
min_attendance: 80
runs:
  - id: angkatan-1
    days:
      - start: 2026-12-14 08:00
        end: 2026-12-14 16:00
      - start: 2026-12-15 08:00:00
        end: 2026-12-15 12:00
    place: Aula BKPSDM Lt. 2
    capacity: 30
    signup_opens: 2026-11-20 08:00
    signup_closes: 2026-12-10 16:00
  - id: angkatan-2
    days:
      - start: 2027-01-11 08:00
        end: 2027-01-11 16:00
    online_url: https://zoom.example/j/123
    capacity: 100
---
## Hari 1
- 08.00 Pembukaan
"""


def parse(text: str):  # noqa: ANN201
    diagnostics = Diagnostics()
    return parse_session(textwrap.dedent(text), PATH, diagnostics), diagnostics


def messages(diagnostics: Diagnostics) -> list[str]:
    return [str(d) for d in diagnostics.items]


def test_the_example_reads_whole():
    session, diagnostics = parse(EXAMPLE)
    assert session is not None, messages(diagnostics)
    assert not diagnostics.items
    assert session.title == "Lokakarya Penyusunan SOP"
    assert session.speakers == ({"name": "Dr. Ratna Wulandari, M.Si.", "institution": "Universitas Gadjah Mada"},)
    assert (session.approval, session.min_attendance) == ("none", 80)
    first, second = session.runs
    assert first.id == "angkatan-1" and first.capacity == 30 and first.place == "Aula BKPSDM Lt. 2"
    assert [(d.start, d.end) for d in first.days] == [
        ("2026-12-14T08:00", "2026-12-14T16:00"), ("2026-12-15T08:00", "2026-12-15T12:00")]
    assert first.minutes == 8 * 60 + 4 * 60
    assert (first.signup_opens, first.signup_closes) == ("2026-11-20T08:00", "2026-12-10T16:00")
    assert second.online_url == "https://zoom.example/j/123" and second.place == ""
    assert "Pembukaan" in session.agenda


def test_nested_errors_are_reported_at_their_own_lines():
    text = EXAMPLE.replace("capacity: 30", "capacity: nol").replace(
        "        end: 2026-12-14 16:00", "        end: 2026-12-14 07:00").replace("id: angkatan-2", "id: Angkatan 2")
    session, diagnostics = parse(text)
    assert session is None
    found = messages(diagnostics)
    lines = text.splitlines()
    capacity_line = next(n for n, line in enumerate(lines, 1) if "capacity: nol" in line)
    end_line = next(n for n, line in enumerate(lines, 1) if "07:00" in line)
    id_line = next(n for n, line in enumerate(lines, 1) if "Angkatan 2" in line)
    assert any(m.startswith(f"{PATH}:{capacity_line}:") and "capacity" in m for m in found), found
    assert any(m.startswith(f"{PATH}:{end_line}:") and "end" in m for m in found), found
    assert any(m.startswith(f"{PATH}:{id_line}:") and "id angkatan" in m for m in found), found
    assert len(found) == 3


def test_unknown_keys_missing_runs_and_places():
    session, diagnostics = parse("---\ntitle: X\nrunz: []\n---\n")
    assert session is None
    found = messages(diagnostics)
    assert any(m.startswith(f"{PATH}:3:") and "runz" in m for m in found)
    assert any("runs" in m for m in found)
    session, diagnostics = parse(
        "---\nruns:\n  - id: a\n    capacity: 5\n    days:\n      - start: 2026-12-14\n        end: 2026-12-14 10:00\n---\n")
    found = messages(diagnostics)
    assert session is None
    assert any(m.startswith(f"{PATH}:3:") and "place" in m for m in found), found
    assert any(m.startswith(f"{PATH}:6:") and "start" in m for m in found), found


def test_duplicate_run_ids():
    session, diagnostics = parse(EXAMPLE.replace("id: angkatan-2", "id: angkatan-1"))
    found = messages(diagnostics)
    assert session is None
    line = EXAMPLE.splitlines().index("  - id: angkatan-2") + 1
    assert found == [f"{PATH}:{line}: " + found[0].split(": ", 1)[1]] and "dua kali" in found[0]


def test_signup_must_close_before_the_first_day():
    session, diagnostics = parse(EXAMPLE.replace("signup_closes: 2026-12-10 16:00", "signup_closes: 2026-12-14 09:00"))
    found = messages(diagnostics)
    assert session is None and len(found) == 1 and "sebelum hari pertama" in found[0]


def test_bad_yaml_is_one_error_with_its_line():
    session, diagnostics = parse("---\ntitle: [x\n---\n")
    assert session is None and len(diagnostics.items) == 1
