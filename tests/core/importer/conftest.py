"""Shared fixtures of the importer tests (``lms courses import``/``export``, zip, GIFT CLI).

Helpers are handed out as fixtures (the suite runs with ``--import-mode=importlib``, where a
test file cannot import this conftest): ``course_files`` writes a course folder, ``row_counts``
counts what an import writes, ``html_strings`` collects every stored HTML string.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

REPO = Path(__file__).resolve().parents[3]
SAMPLES = REPO / "courses"


@pytest.fixture
def samples_dir() -> Path:
    assert (SAMPLES / "pelayanan-publik-prima" / "course.md").is_file(), "sample courses missing"
    return SAMPLES


@pytest.fixture
def samples_copy(tmp_path: Path, samples_dir: Path) -> Path:
    """A copy of ``courses/`` that a test may change."""
    target = tmp_path / "salinan"
    shutil.copytree(samples_dir, target)
    return target


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return root


@pytest.fixture
def course_files() -> Callable[[Path, dict[str, str | bytes]], Path]:
    """``course_files(root, {"slug/course.md": "...", ...})`` writes the files under root."""
    return write_files


COURSE_MD = """---
title: {title}
summary: Ringkasan kursus uji.
jp: 2
---
Deskripsi kursus uji.
"""


@pytest.fixture
def course_md() -> Callable[..., str]:
    def make(title: str = "Kursus Uji", **extra: Any) -> str:
        text = COURSE_MD.format(title=title)
        if extra:
            lines = "".join(f"{key}: {value}\n" for key, value in extra.items())
            text = text.replace("jp: 2\n", "jp: 2\n" + lines, 1)
        return text

    return make


@pytest.fixture
def row_counts(db: Any) -> Callable[[], dict[str, int]]:
    from lms.core.models import Course, CourseFile, CourseItem, CourseModule, CourseRevision
    from lms.core.models.media import Blob

    models = {
        "course": Course,
        "course_revision": CourseRevision,
        "course_item": CourseItem,
        "course_module": CourseModule,
        "course_file": CourseFile,
        "blob": Blob,
    }

    def counts() -> dict[str, int]:
        db.session.expire_all()
        return {name: db.session.scalar(select(func.count()).select_from(model)) for name, model in models.items()}

    return counts


def _walk_html(value: Any, path: str, inside_html: bool) -> Iterator[tuple[str, str]]:
    """Strings of a stored ``content`` that are HTML: values of keys ending in ``html`` and
    everything under ``rendered`` (a quiz's rendered prompts, options, feedback, pairs)."""
    if isinstance(value, dict):
        for key, item in value.items():
            key = str(key)
            yield from _walk_html(item, f"{path}.{key}", inside_html or key == "rendered" or key.endswith("html"))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk_html(item, f"{path}[{index}]", inside_html)
    elif isinstance(value, str) and inside_html:
        yield path, value


@pytest.fixture
def html_strings(db: Any) -> Callable[[], list[tuple[str, str]]]:
    """Every stored HTML string: course and revision descriptions, module intros, and the
    HTML parts of every item's content (walked recursively)."""
    from lms.core.models import Course, CourseItem, CourseModule, CourseRevision

    def collect() -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        for course in db.session.scalars(select(Course)):
            found.append((f"course {course.slug}.description_html", course.description_html or ""))
        for revision in db.session.scalars(select(CourseRevision)):
            found.append((f"revision {revision.id}.description_html", revision.description_html or ""))
        for module in db.session.scalars(select(CourseModule)):
            found.append((f"module {module.key!r}.intro_html", module.intro_html or ""))
        for item in db.session.scalars(select(CourseItem)):
            found.extend(_walk_html(item.content, f"item {item.key}.content", False))
        return found

    return collect


@pytest.fixture
def published_items(db: Any) -> Callable[[str], list[Any]]:
    """The items of a course's published revision, in order."""
    return items_of


@pytest.fixture(scope="module")
def module_db(app: Any) -> Iterator[Any]:
    """Like the ``db`` fixture, but one rolled-back transaction for a whole test module, so a
    module can import the sample courses once. A module using it must not also use ``db``
    (or fixtures built on it): SQLite allows one writer."""
    from flask_sqlalchemy.session import _app_ctx_id
    from sqlalchemy.orm import scoped_session, sessionmaker

    from lms.extensions import db as _db

    with app.app_context():
        connection = _db.engine.connect()
        outer = connection.begin()
        original = _db.session
        _db.session = scoped_session(
            sessionmaker(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=True),
            scopefunc=_app_ctx_id,
        )
        try:
            yield _db
        finally:
            _db.session.remove()
            _db.session = original
            if outer.is_active:
                outer.rollback()
            connection.close()


def items_of(slug: str) -> list[Any]:
    from lms.core.models import Course, CourseItem
    from lms.extensions import db

    course = db.session.scalar(select(Course).where(Course.slug == slug))
    assert course is not None, f"course {slug} not imported"
    return list(
        db.session.scalars(
            select(CourseItem)
            .where(CourseItem.revision_id == course.published_revision_id)
            .order_by(CourseItem.position)
        )
    )


@pytest.fixture(scope="module")
def module_published_items() -> Callable[[str], list[Any]]:
    return items_of


@pytest.fixture(autouse=True)
def serial_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read courses in this process: starting worker processes costs seconds per import.
    Tests of the parallel path ask for ``parallel_reads``."""
    monkeypatch.setattr("lms.core.importer.parallel.MIN_COURSES_FOR_WORKERS", 10_000, raising=False)


@pytest.fixture
def parallel_reads(serial_reads: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Courses read in worker processes (from 2 courses on), as a large real import does."""
    monkeypatch.setattr("lms.core.importer.parallel.MIN_COURSES_FOR_WORKERS", 2, raising=False)
