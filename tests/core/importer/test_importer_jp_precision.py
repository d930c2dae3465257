"""A course's JP that would round to 0 or carries more decimals than JP are counted in is an
error naming the file, the line and the field (never stored as 0)."""

from __future__ import annotations

import pytest

from lms.core.diagnostics import InputError
from lms.core.importer.service import import_sources
from lms.core.importer.source import CourseSource


@pytest.mark.parametrize("jp", ["0,0000001", "0.0000001", "1e-7", "0.04", "2.55"])
def test_a_jp_below_the_precision_is_refused_with_file_line_and_field(db, jp: str) -> None:
    course_md = f"---\ntitle: Kursus JP\nsummary: Uji.\njp: {jp}\n---\nIsi.\n"
    source = CourseSource("kursus-jp", {"course.md": course_md.encode(), "01-a.md": b"# A\n\nIsi.\n"})
    with pytest.raises(InputError) as caught:
        import_sources([source])
    [message] = [str(d) for d in caught.value.diagnostics if d.level == "error"]
    assert message.startswith("kursus-jp/course.md:4: jp ")
