"""``lms assignments ...``: assign courses from the command line, keep the rules applied."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _
from sqlalchemy import select

from lms.cli.util import commit, fail
from lms.core.models import Course, Position, Recurrence, Unit
from lms.core.nip import normalize
from lms.core.services import team
from lms.core.services.accounts import get_by_nip
from lms.core.services.org import UNIT_SEPARATOR
from lms.core.services.team import AssignmentError
from lms.extensions import db


@click.group("assignments", help="Course assignments: rules per person, unit or position.")
def assignments_group() -> None:
    pass


@assignments_group.command("sync")
@with_appcontext
def sync_command() -> None:
    """Apply every active rule to everyone it targets now (people who joined a unit or took a
    position since) and move yearly rules to their next due date. Idempotent: safe from cron."""
    report = team.sync()
    commit()
    click.echo(_("%(rules)d aturan aktif: %(enrolled)d pendaftaran baru, %(updated)d diperbarui, %(rolled)d pindah "
                 "ke siklus tahunan berikutnya", rules=report.rules, enrolled=report.enrolled, updated=report.updated,
                 rolled=report.rolled))


def _unit(path: str) -> Unit:
    parent_id = None
    unit = None
    for segment in [s.strip() for s in path.split(UNIT_SEPARATOR.strip())]:
        unit = db.session.scalar(select(Unit).where(Unit.parent_id == parent_id, Unit.name == segment))
        if unit is None:
            fail(_("unit tidak ditemukan: %(path)s", path=path))
        parent_id = unit.id
    assert unit is not None
    return unit


@assignments_group.command("add")
@click.argument("slugs", nargs=-1, required=True)
@click.option("--nip", "nips", multiple=True, help="a person (repeatable)")
@click.option("--unit", "unit_path", help="a unit, its path from the top joined by ' > '")
@click.option("--subtree", is_flag=True, help="with --unit: the units below it too")
@click.option("--position", "position_name", help="a position (jabatan), by name")
@click.option("--due", "due", type=click.DateTime(["%Y-%m-%d"]), help="due date (YYYY-MM-DD)")
@click.option("--due-days", type=int, help="due N days after each person is assigned")
@click.option("--yearly", metavar="MM-DD", help="every year, due on this day (e.g. 12-31)")
@with_appcontext
def add_command(slugs: tuple[str, ...], nips: tuple[str, ...], unit_path: str | None, subtree: bool,
                position_name: str | None, due: object, due_days: int | None, yearly: str | None) -> None:
    """Assign published courses SLUGS to people, a unit or a position (as the operator)."""
    if sum(bool(x) for x in (nips, unit_path, position_name)) != 1:
        fail(_("pilih tepat satu dari --nip, --unit, --position"))
    courses = list(db.session.scalars(select(Course).where(Course.slug.in_(slugs))))
    missing = set(slugs) - {c.slug for c in courses}
    if missing:
        fail(_("kursus tidak ditemukan: %(slugs)s", slugs=", ".join(sorted(missing))))
    if nips:
        kind, targets = "person", []
        for nip in nips:
            user = get_by_nip(nip)
            if user is None:
                fail(_("NIP tidak ditemukan: %(nip)s", nip=normalize(nip)))
            targets.append(user.id)
    elif unit_path:
        kind, targets = "unit", [_unit(unit_path).id]
    else:
        position = db.session.scalar(select(Position).where(Position.name == position_name))
        if position is None:
            fail(_("jabatan tidak ditemukan: %(name)s", name=position_name))
        kind, targets = "position", [position.id]
    kwargs: dict[str, object] = {}
    if yearly:
        try:
            month, day = (int(x) for x in yearly.split("-"))
            date(2024, month, day)
        except ValueError:
            fail(_("--yearly: tulis BB-TT (misalnya 12-31), bukan %(value)s", value=repr(yearly)))
        kwargs.update(recurrence=Recurrence.YEARLY, due_month=month, due_day=day)
    elif due_days is not None:
        kwargs["due_days"] = due_days
    elif due is not None:
        kwargs["due_at"] = team.end_of_local_day(due.date())  # type: ignore[attr-defined]
    try:
        rules, applied = team.assign(None, courses, kind, targets, include_subtree=subtree,
                                     **kwargs)  # type: ignore[arg-type]
    except AssignmentError as exc:
        fail(exc.message)
    commit()
    click.echo(_("%(rules)d aturan dibuat: %(enrolled)d pendaftaran baru, %(updated)d diperbarui", rules=len(rules),
                 enrolled=applied.enrolled, updated=applied.updated))
