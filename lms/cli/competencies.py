"""``lms competencies ...``: the competency framework and position standards."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from lms.cli.util import commit, fail
from lms.core.competency_framework import ensure_national_competencies
from lms.core.diagnostics import InputError
from lms.core.services import audit
from lms.core.services.competencies import backfill_course_evidence
from lms.core.services.competency_import import import_competencies, import_standards


@click.group("competencies", help="The competency dictionary and the positions' competency standards.")
def competencies_group() -> None:
    pass


def _report(exc: InputError) -> None:
    for diagnostic in exc.diagnostics:
        click.echo(str(diagnostic), err=True)
    fail(_("%(n)d kesalahan; tidak ada yang diimpor", n=len(exc.diagnostics)))


def _audit(action: str, file: Path, result: object) -> None:
    counts = {k: getattr(result, k) for k in ("created", "updated", "unchanged")}
    audit.record(None, action, (action.split(".")[0] + "_import", None, file.name), None, {"file": file.name, **counts})


@competencies_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_yaml(file: Path) -> None:
    """Add or update competencies (technical ones, local frameworks) from a YAML file.

    \b
    competencies:
      - code: tek-keamanan-siber
        name: Keamanan Siber
        group: teknis            # teknis (default), manajerial, sosial_kultural
        parent: tek-ti           # optional, a code in the file or in the system
        levels:
          1: Memahami konsep dasar keamanan informasi.
          2: {id: Menerapkan ..., en: Applies ...}

    All entries or none; every problem is reported as FILE:LINE: message.
    """
    ensure_national_competencies()
    try:
        result = import_competencies(file.read_bytes(), str(file))
    except InputError as exc:
        _report(exc)
    _audit("competency.import", file, result)
    commit()
    click.echo(_("%(created)d kompetensi baru, %(updated)d diperbarui, %(unchanged)d tetap", created=result.created,
                 updated=result.updated, unchanged=result.unchanged))


@competencies_group.command("import-standards")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_csv(file: Path) -> None:
    """Set required levels per position from a CSV file with the columns position,competency,level.

    Positions must already exist, named exactly as in the staff data (they are never created
    here); competencies by code; levels 1-5. UTF-8 with or without BOM, ',' or ';'. All rows or
    none; every bad row is reported with its line.
    """
    ensure_national_competencies()
    try:
        result = import_standards(file.read_bytes(), str(file))
    except InputError as exc:
        _report(exc)
    commit()
    click.echo(_("%(created)d standar baru, %(updated)d diperbarui, %(unchanged)d tetap", created=result.created,
                 updated=result.updated, unchanged=result.unchanged))


@competencies_group.command("backfill-evidence")
@with_appcontext
def backfill() -> None:
    """Record evidence for completions that have none (e.g. made while the evidence plugin
    was disabled). Safe to run again."""
    added = backfill_course_evidence()
    if added:
        audit.record(None, "evidence.backfill", ("competency_evidence", None, "backfill-evidence"), None,
                     {"added": added})
    commit()
    click.echo(_("%(n)d bukti kompetensi ditambahkan", n=added))
