"""``lms courses import``: read every course of a run, check everything, then write.

All-or-nothing per run: when any file of any course has an error, every error is reported as
``path:line: message`` and nothing is written.
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.core.competency_framework import ensure_national_competencies, known_codes
from lms.core.diagnostics import Diagnostics, InputError
from lms.core.importer.course_settings import CourseSettings
from lms.core.importer.parallel import ReadOptions, read_parallel, read_serial, worker_count
from lms.core.importer.reader import CourseDraft, content_hash
from lms.core.importer.source import CourseSource, folder_courses, zip_courses
from lms.core.importer.writer import WriteResult, write_course
from lms.core.models import Course, CourseRevision, Role, User
from lms.extensions import db


@dataclass
class ImportReport:
    results: list[WriteResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)

    def __str__(self) -> str:
        return _("%(n)d kursus: %(created)d baru, %(updated)d diperbarui, %(unchanged)d tidak berubah",
                 n=len(self.results), created=self.count("created"), updated=self.count("updated"),
                 unchanged=self.count("unchanged"))


def sources_from_paths(paths: Iterable[Path], diagnostics: Diagnostics) -> list[CourseSource]:
    settings = current_app.extensions["lms.settings"]
    max_bytes = settings.max_upload_mb * 1024 * 1024 * 4
    sources: list[CourseSource] = []
    for path in paths:
        if path.is_dir():
            sources.extend(folder_courses(path, diagnostics))
        elif path.suffix.lower() == ".zip" and path.is_file():
            sources.extend(zip_courses(path, None, diagnostics, max_bytes))
        else:
            diagnostics.error(str(path), 1, _("bukan folder kursus atau berkas .zip"))
    return sources


def slug_of(source: CourseSource) -> str:
    return posixpath.basename(source.label.rstrip("/").split(":")[-1])


def _latest_hashes(slugs: list[str]) -> dict[str, CourseRevision]:
    """The newest revision of each existing course, in one query."""
    if not slugs:
        return {}
    newest = (select(CourseRevision.course_id, func.max(CourseRevision.number).label("number"))
              .group_by(CourseRevision.course_id).subquery())
    rows = db.session.execute(
        select(Course.slug, CourseRevision)
        .join(CourseRevision, CourseRevision.course_id == Course.id)
        .join(newest, (newest.c.course_id == CourseRevision.course_id) & (newest.c.number == CourseRevision.number))
        .where(Course.slug.in_(slugs))
    ).all()
    return dict(rows)  # slug -> newest revision


def _unchanged_draft(source: CourseSource, revision: CourseRevision) -> CourseDraft:
    """A stand-in for a course whose files did not change: never parsed again."""
    settings = CourseSettings(**revision.settings)
    return CourseDraft(slug_of(source), source.label, settings, revision.description_html, [], [],
                       {}, {}, revision.content_hash)


def read_sources(sources: Sequence[CourseSource], diagnostics: Diagnostics,
                 progress: Callable[[Iterable[CourseSource]], Iterable[CourseSource]] | None = None,
                 workers: int | None = None) -> list[CourseDraft]:
    settings = current_app.extensions["lms.settings"]
    host = current_app.extensions["lms.host"]
    ensure_national_competencies()
    latest = _latest_hashes([slug_of(s) for s in sources])
    unchanged = {id(s): latest[slug_of(s)] for s in sources
                 if slug_of(s) in latest and latest[slug_of(s)].content_hash == content_hash(s.files)}
    to_read = [s for s in sources if id(s) not in unchanged]
    options = ReadOptions(
        plugins=tuple(host.names) if settings.plugins is None else settings.plugins,
        extra_plugins=(),
        known_competencies=frozenset(known_codes()),
        embed_hosts=tuple(settings.embed_hosts),
        max_media_bytes=settings.max_upload_mb * 1024 * 1024,
    )
    count = worker_count(to_read, workers)
    installed = set(host.installed)
    if any(name not in installed for name in host.names):
        count = 1  # plugins given to create_app directly cannot be loaded by a worker
    if count > 1:
        results = read_parallel(to_read, dataclasses.replace(options, plugins=tuple(host.names)), count, diagnostics)
    else:
        results = read_serial(to_read, options, host.activities, host.markdown_extensions, diagnostics)
    parsed = {id(source): draft for source, draft in _with_progress(results, to_read, progress)}
    drafts: list[CourseDraft] = []
    seen: dict[str, str] = {}
    for source in sources:
        draft = _unchanged_draft(source, unchanged[id(source)]) if id(source) in unchanged else parsed.get(id(source))
        if draft is None:
            continue
        if draft.slug in seen:
            diagnostics.error(source.display("course.md"), 1,
                              _("slug %(slug)s juga dipakai oleh %(other)s", slug=draft.slug, other=seen[draft.slug]))
            continue
        seen[draft.slug] = source.label
        drafts.append(draft)
    _check_prerequisites(drafts, diagnostics)
    return drafts


def _with_progress(results: Iterator[tuple[CourseSource, CourseDraft | None]], sources: Sequence[CourseSource],
                   progress: Callable[[Iterable[CourseSource]], Iterable[CourseSource]] | None
                   ) -> Iterator[tuple[CourseSource, CourseDraft | None]]:
    if progress is None:
        yield from results
        return
    pairs = iter(results)
    for _source in progress(sources):
        yield next(pairs)


def _check_prerequisites(drafts: list[CourseDraft], diagnostics: Diagnostics) -> None:
    in_run = {d.slug: d for d in drafts}
    wanted = {slug for d in drafts for slug in d.settings.prerequisites}
    existing = set(db.session.scalars(select(Course.slug).where(Course.slug.in_(wanted)))) if wanted else set()
    for draft in drafts:
        where = draft.label + "/course.md"
        line = draft.setting_lines.get("prerequisites", 1)
        for slug in draft.settings.prerequisites:
            if slug == draft.slug:
                diagnostics.error(where, line, _("kursus tidak bisa menjadi prasyarat dirinya sendiri"))
            elif slug not in in_run and slug not in existing:
                diagnostics.error(where, line, _("prasyarat %(slug)s tidak ada (belum diimpor?)", slug=slug))
    # cycles among the courses of this run (a course already in the database keeps its own)
    graph = {d.slug: [s for s in d.settings.prerequisites if s in in_run] for d in drafts}
    for start in graph:
        stack, seen = list(graph[start]), set()
        while stack:
            node = stack.pop()
            if node == start:
                diagnostics.error(in_run[start].label + "/course.md",
                                  in_run[start].setting_lines.get("prerequisites", 1),
                                  _("prasyarat berputar: %(slug)s akhirnya mensyaratkan dirinya sendiri", slug=start))
                break
            if node not in seen:
                seen.add(node)
                stack.extend(graph.get(node, []))


def import_sources(sources: Sequence[CourseSource], *, draft: bool = False, user: User | None = None,
                   diagnostics: Diagnostics | None = None,
                   progress: Callable[[Iterable[CourseSource]], Iterable[CourseSource]] | None = None,
                   check_authorship: bool = False, workers: int | None = None) -> ImportReport:
    """Read, check and write; raise :class:`InputError` with every error (nothing written).

    ``check_authorship`` (web uploads): a trainer may create courses and replace the ones they
    author; only an admin may replace someone else's.
    """
    diagnostics = diagnostics if diagnostics is not None else Diagnostics()
    drafts = read_sources(sources, diagnostics, progress, workers)
    if check_authorship and user is not None:
        _check_authorship(drafts, user, diagnostics)
    if diagnostics.has_errors():
        raise InputError(diagnostics)
    report = ImportReport(warnings=[str(w) for w in diagnostics.warnings])
    # prerequisites first, so that a course's prerequisites exist when it is written
    order = {d.slug: i for i, d in enumerate(drafts)}
    for item in sorted(drafts, key=lambda d: (_depth(d, {x.slug: x for x in drafts}), order[d.slug])):
        result = write_course(item, publish=not draft, user=user)
        report.results.append(result)
        if result.outcome != "unchanged":
            _audit_import(user, result, draft, item.label)
    return report


def _audit_import(user: User | None, result: WriteResult, draft: bool, source: str) -> None:
    """One audit entry per course an import created or changed (web upload or ``lms courses
    import``: the origin says which), with the revision it wrote."""
    from lms.core.services import audit

    course = db.session.scalar(select(Course).where(Course.slug == result.slug))
    if course is None:  # pragma: no cover - write_course just wrote it
        return
    # a folder named like the course says nothing the entry's label does not; the name of an
    # uploaded archive does (and the slug is no word for an admin to read)
    after = {"revision": result.revision, "outcome": result.outcome, "draft": draft}
    if PurePath(source).name != result.slug:
        after["file"] = source
    audit.record(user, "course.import", course, None, after, label=course.title)


def _check_authorship(drafts: list[CourseDraft], user: User, diagnostics: Diagnostics) -> None:
    if user.has_role(Role.ADMIN):
        return
    slugs = [d.slug for d in drafts]
    courses = db.session.scalars(select(Course).where(Course.slug.in_(slugs))).all() if slugs else []
    for course in courses:
        if user.id not in {a.user_id for a in course.authors}:
            diagnostics.error(f"{course.slug}/course.md", 1,
                              _("kursus %(slug)s sudah ada dan bukan milik Anda; hubungi admin atau penulisnya",
                                slug=course.slug))


def _depth(draft: CourseDraft, by_slug: dict[str, CourseDraft], seen: frozenset[str] = frozenset()) -> int:
    deps = [by_slug[s] for s in draft.settings.prerequisites if s in by_slug and s not in seen]
    return 1 + max((_depth(d, by_slug, seen | {draft.slug}) for d in deps), default=0)


def import_paths(paths: Iterable[Path], **kwargs) -> ImportReport:  # noqa: ANN003
    diagnostics = Diagnostics()
    sources = sources_from_paths(paths, diagnostics)
    if diagnostics.has_errors():
        raise InputError(diagnostics)
    return import_sources(sources, diagnostics=diagnostics, **kwargs)


def import_sample_courses(folder: Path) -> ImportReport:
    return import_paths([folder])
