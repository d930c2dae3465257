"""Course builders for tests (handed out as fixtures by the pytest plugin, ``lms.testing.plugin``).

Two ways to make a course:

* through the real importer, from Markdown files: ``factories.make_course`` (lessons),
  ``write_quiz_course``/``make_quiz_course`` (a lesson, then a quiz), ``survey_files`` (lessons
  and a survey), ``competencies_front_matter`` (a course mapped to competencies);
* straight from rows, without the importer: ``build_course`` (items of any type, modules,
  enrolment policy, prerequisites), for tests of reads that need many courses quickly.

And to take one: ``finish_course(user, course)`` enrols (if needed) and completes every item
the way the services do.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select

from lms.extensions import db

_seq = itertools.count(1)

# --- from rows ------------------------------------------------------------------------------


def build_course(slug: str | None = None, *, items: Sequence[tuple[str, str]] = (("intro", "lesson"),),
                 published: bool = True, enrollment: str = "open", prerequisites: Sequence[str] = (),
                 competencies: Sequence[tuple[str, int]] = (), jp: float = 2.0,
                 valid_months: int | None = None, title: str | None = None,
                 category: str | None = None, modules: Sequence[tuple[str, str]] = (("", ""),)) -> Any:
    """A course with one revision; ``items`` are (key, type), placed in the first module
    unless the key starts with ``<module key>/``."""
    from lms.core.models import (
        Competency,
        CompetencyGroup,
        Course,
        CourseCompetency,
        CourseItem,
        CourseModule,
        CourseRevision,
        CourseStatus,
        EnrollmentPolicy,
    )

    n = next(_seq)
    slug = slug or f"kursus-uji-{n}"
    for code, _level in competencies:
        if db.session.get(Competency, code) is None:
            db.session.add(Competency(code=code, name=f"Kompetensi {code}", group=CompetencyGroup.TEKNIS))
    course = Course(slug=slug, title=title or f"Kursus Uji {n}", summary="Ringkasan.", jp=jp,
                    category=category, enrollment=EnrollmentPolicy(enrollment),
                    prerequisites=list(prerequisites), valid_months=valid_months,
                    status=CourseStatus.PUBLISHED if published else CourseStatus.DRAFT)
    db.session.add(course)
    db.session.flush()
    for code, level in competencies:
        db.session.add(CourseCompetency(course_id=course.id, code=code, level=level))
    revision = CourseRevision(course_id=course.id, number=1, content_hash="0" * 64)
    db.session.add(revision)
    db.session.flush()
    module_keys = [key for key, _title in modules]
    for position, (key, module_title) in enumerate(modules):
        db.session.add(CourseModule(revision_id=revision.id, key=key, title=module_title, position=position))
    for position, (key, kind) in enumerate(items):
        module = next((m for m in module_keys if m and key.startswith(m + "/")), module_keys[0])
        db.session.add(CourseItem(revision_id=revision.id, module_key=module, key=key, type=kind,
                                  title=f"Materi {key}", position=position, minutes=5,
                                  source_path=f"{key}.md"))
    if published:
        course.published_revision_id = revision.id
    else:
        course.draft_revision_id = revision.id
    course.item_count = len(items)
    db.session.flush()
    db.session.expire(course, ["competencies"])
    return course


# --- through the importer -------------------------------------------------------------------


def competencies_front_matter(mapping: dict[str, int]) -> str:
    """``competencies:`` front-matter lines for ``make_course(extra=...)``: ``{"integritas": 2}``."""
    lines = ["competencies:"]
    for code, level in mapping.items():
        lines += [f"  - code: {code}", f"    level: {level}"]
    return "\n".join(lines) + "\n"


QUIZ_COURSE_MD = """---
title: Kursus Kuis Uji
summary: Kursus kecil untuk menguji kuis.
jp: 2
---
Deskripsi kursus.
"""

QUIZ_LESSON = "# Pengantar\n\nIsi materi pengantar.\n"

# One question of every common kind, with tell-tale feedback and answer strings (``rahasia-...``)
# that must never reach the browser before submission.
QUIZ_QUESTIONS = """\
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


def quiz_md(settings: dict[str, Any] | None = None, questions: str = QUIZ_QUESTIONS,
            intro: str = "Pengantar kuis.") -> str:
    """A ``.quiz.md`` file: front matter from ``settings``, an intro, then ``questions``."""
    lines = "".join(f"{k}: {str(v).lower() if isinstance(v, bool) else v}\n"
                    for k, v in (settings or {}).items())
    return f"---\ntitle: Kuis Uji\n{lines}---\n{intro}\n\n{questions}"


def write_quiz_course(root: Path, settings: dict[str, Any] | None = None, questions: str = QUIZ_QUESTIONS, *,
                      slug: str = "kursus-kuis", lesson: bool = True, extra: dict[str, str] | None = None) -> Path:
    """Write (or rewrite) a course folder ``root/kursus/<slug>`` (a lesson, then a quiz); returns it."""
    folder = root / "kursus" / slug
    folder.mkdir(parents=True, exist_ok=True)
    files = {"course.md": QUIZ_COURSE_MD, "02-kuis.quiz.md": quiz_md(settings, questions)}
    if lesson:
        files["01-pengantar.md"] = QUIZ_LESSON
    files.update(extra or {})
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def import_folder(folder: Path) -> Any:
    """Import one course folder through the real importer and return its Course."""
    from lms.core.importer.service import import_paths
    from lms.core.models import Course

    import_paths([folder])
    db.session.flush()
    return db.session.scalar(select(Course).where(Course.slug == folder.name))


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


def survey_files(*, required: bool = True, anonymous: bool = True, after: bool = False) -> dict[str, str]:
    """Files for ``make_course``: two lessons, then the survey (and, with ``after``, one more lesson)."""
    files = {
        "01-pengantar.md": "# Pengantar\n\nIsi materi.\n",
        "02-inti.md": "# Inti\n\nIsi materi.\n",
        "03-evaluasi.survey.md": SURVEY.format(required=str(required).lower(), anonymous=str(anonymous).lower()),
    }
    if after:
        files["04-penutup.md"] = "# Penutup\n\nSampai jumpa.\n"
    return files


# --- taking a course ------------------------------------------------------------------------


def finish_course(user: Any, course: Any, *, graded: bool = False) -> Any:
    """Enrol ``user`` (if not yet) and complete every published item, the services' way; returns
    the enrolment, refreshed. With ``graded``, activities other than lessons are completed as
    their plugin would (``by_activity``, score 80). Nothing is committed: call
    ``transaction.commit()`` to dispatch ``course_completed`` to the plugins."""
    from lms.core.queries import learning as learning_queries
    from lms.core.services import learning

    enrollment = learning_queries.enrollment_of(user, course) or learning.enroll(user, course)
    for item in learning_queries.published_items(course):
        if graded and item.type != "lesson":
            learning.mark_done(user, course, item.key, by_activity=True, score=80.0)
        else:
            learning.mark_done(user, course, item.key)
    db.session.flush()
    db.session.refresh(enrollment)
    return enrollment
