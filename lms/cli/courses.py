"""``lms courses ...`` and ``lms questions import-gift``."""

from __future__ import annotations

import re
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _
from sqlalchemy import select

from lms.cli.util import commit, fail, progress
from lms.core.diagnostics import Diagnostics, InputError
from lms.core.importer.export import ExportError, course_source, export_course
from lms.core.importer.service import import_paths, import_sources
from lms.core.models import Course
from lms.core.services import accounts
from lms.extensions import db


def _report_errors(exc: InputError) -> None:
    for diagnostic in exc.diagnostics:
        click.echo(str(diagnostic), err=True)
    errors = sum(1 for d in exc.diagnostics if d.level == "error")
    fail(_("%(n)d kesalahan; tidak ada yang diimpor", n=errors))


def _user(nip: str | None):  # noqa: ANN202
    if nip is None:
        return None
    user = accounts.get_by_nip(nip)
    if user is None:
        fail(_("tidak ada akun dengan NIP %(nip)s", nip=nip))
    return user


def next_item_path(paths: list[str], filename: str) -> str:
    """Where a new item goes to come last. Top-level files and module folders share one
    numbering: when the last of them is a module folder, after that folder's last item; else
    at the top level, numbered after everything there."""
    numbered = re.compile(r"^(\d+)-")
    tops: set[tuple[int, int, str]] = set()
    for path in paths:
        first, _sep, rest = path.partition("/")
        match = numbered.match(first)
        if match and first != "media":
            tops.add((int(match.group(1)), 1 if rest else 0, first))
    last = max(tops, default=(0, 0, ""))
    folder = last[2] if last[1] else ""
    siblings = [p.rsplit("/", 1)[-1] for p in paths if p.startswith(folder + "/")] if folder else []
    numbers = [int(m.group(1)) for name in siblings if (m := numbered.match(name))] if folder else [last[0]]
    name = f"{max(numbers, default=0) + 1:02d}-{filename}"
    return f"{folder}/{name}" if folder else name


@click.group("courses", help="Courses in the Markdown course format.")
def courses_group() -> None:
    pass


@courses_group.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--draft", is_flag=True, help="save as a draft; learners do not see it yet")
@click.option("--author", "author_nip", default=None, help="NIP of the trainer who becomes an author")
@with_appcontext
def import_command(paths: tuple[Path, ...], draft: bool, author_nip: str | None) -> None:
    """Import course folders, folders of course folders, or .zip files (all or nothing)."""
    user = _user(author_nip)
    try:
        report = import_paths(paths, draft=draft, user=user,
                              progress=lambda items: progress(list(items), _("Membaca kursus")))
    except InputError as exc:
        _report_errors(exc)
    commit()
    _print_report(report)


def outcome_label(outcome: str) -> str:
    """``created``/``updated``/``unchanged`` in the output's language."""
    return {"created": _("baru"), "updated": _("diperbarui"), "unchanged": _("tidak berubah")}.get(outcome, outcome)


def _print_report(report) -> None:  # noqa: ANN001
    """Warnings (stderr, as ``path:line: message``), one line per course, the summary: all in
    the language of ``LMS_DEFAULT_LOCALE``."""
    for warning in report.warnings:
        click.echo(warning, err=True)
    for result in report.results:
        click.echo(_("%(slug)s: %(outcome)s (revisi %(n)d)", slug=result.slug, outcome=outcome_label(result.outcome),
                     n=result.revision))
    click.echo(str(report))


@courses_group.command("export")
@click.argument("slug")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def export_command(slug: str, dest: Path) -> None:
    """Write course SLUG back in the course format into DEST/SLUG."""
    try:
        folder = export_course(slug, dest)
    except ExportError as exc:
        fail(str(exc))
    click.echo(_("ditulis ke %(folder)s", folder=folder))


@courses_group.command("list")
@with_appcontext
def list_command() -> None:
    """Courses with their status and JP."""
    for course in db.session.scalars(select(Course).order_by(Course.slug)):
        click.echo(f"{course.slug:<40} {course.status.value:<10} {course.jp:>5} JP  {course.title}")


@click.group("questions", help="Question banks.")
def questions_group() -> None:
    pass


@questions_group.command("import-gift")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--course", "slug", required=True, help="slug of the course to add the quiz to")
@click.option("--draft", is_flag=True, help="save as a draft")
@with_appcontext
def import_gift_command(file: Path, slug: str, draft: bool) -> None:
    """Add a GIFT file to a course as a new quiz at the end (a new revision)."""
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    if course is None:
        fail(_("tidak ada kursus dengan slug %(slug)s", slug=slug))
    source = course_source(course)
    stem = re.sub(r"[^a-z0-9]+", "-", file.stem.lower()).strip("-") or "bank-soal"
    name = next_item_path(list(source.files), stem + ".gift")
    source.files[name] = file.read_bytes()
    source.label = slug
    try:
        report = import_sources([source], draft=draft, diagnostics=Diagnostics())
    except InputError as exc:
        _report_errors(exc)
    commit()
    for warning in report.warnings:  # as ``lms courses import`` prints them
        click.echo(warning, err=True)
    click.echo(_("%(slug)s: %(name)s ditambahkan (revisi %(n)d)", slug=slug, name=name, n=report.results[0].revision))
