"""A course with the sample SCORM 1.2 package (built from ``package/``), imported for real."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

_spec = importlib.util.spec_from_file_location("scorm_sample", Path(__file__).with_name("build_sample.py"))
sample = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sample)  # type: ignore[union-attr]

COURSE_MD = "---\ntitle: Kursus SCORM\nsummary: Kursus dengan paket SCORM.\njp: 1\nenrollment: open\n---\nKursus dengan paket.\n"
ITEM = "---\npackage: media/paket.zip\n{extra}---\nKerjakan modulnya.\n"


def scorm_sources(slug: str = "kursus-scorm", package: bytes | None = None, item: str | None = None,
                  extra: str = "") -> Any:
    from lms.core.importer.source import CourseSource

    files = {
        "course.md": COURSE_MD.encode(),
        "01-modul.scorm.md": (item if item is not None else ITEM.format(extra=extra)).encode(),
        "media/paket.zip": package if package is not None else sample.package_bytes(),
    }
    return CourseSource(slug, files)


@pytest.fixture
def scorm_course(db: Any) -> Callable[..., Any]:
    """``scorm_course(slug=..., package=bytes, extra="mastery_score: 80\\n")``: imported and published."""
    from lms.core.importer.service import import_sources
    from lms.core.models import Course

    def make(slug: str = "kursus-scorm", **kwargs: Any) -> Any:
        import_sources([scorm_sources(slug, **kwargs)])
        db.session.flush()
        return db.session.scalar(select(Course).where(Course.slug == slug))

    return make
