"""Units and positions."""

from __future__ import annotations

from sqlalchemy import select

from lms.core.models import Position, PositionKind, Unit
from lms.extensions import db

UNIT_SEPARATOR = " > "


def ensure_unit_path(path: str, cache: dict[tuple[int | None, str], Unit] | None = None) -> Unit:
    """The unit at ``Dinas X > Bidang Y``, creating missing segments."""
    parent: Unit | None = None
    for segment in [s.strip() for s in path.split(UNIT_SEPARATOR.strip())]:
        if not segment:
            raise ValueError("empty unit name in path")
        key = (parent.id if parent else None, segment)
        unit = cache.get(key) if cache is not None else None
        if unit is None:
            unit = db.session.scalar(
                select(Unit).where(Unit.parent_id == key[0], Unit.name == segment)
            )
        if unit is None:
            unit = Unit(name=segment, parent_id=key[0])
            db.session.add(unit)
            db.session.flush()
            unit.path = f"{parent.path if parent else '/'}{unit.id}/"
        if cache is not None:
            cache[key] = unit
        parent = unit
    assert parent is not None
    return parent


def unit_label(unit: Unit | None) -> str:
    """The full path of a unit, top first."""
    names: list[str] = []
    while unit is not None:
        names.append(unit.name)
        unit = unit.parent
    return UNIT_SEPARATOR.join(reversed(names))


def ensure_position(name: str, kind: PositionKind | str | None = None) -> Position:
    position = db.session.scalar(select(Position).where(Position.name == name.strip()))
    if position is None:
        position = Position(name=name.strip(), kind=PositionKind(kind or PositionKind.PELAKSANA))
        db.session.add(position)
        db.session.flush()
    elif kind:
        position.kind = PositionKind(kind)
    return position
