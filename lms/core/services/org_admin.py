"""What admins do to the organisation: create, rename and move units, set a unit's head,
create and edit positions. Services flush, never commit, and audit what they change (the acting
admin comes in as ``actor``).

A unit's ``path`` (``/1/7/31/``) is its ancestors' ids: moving a unit rewrites the path of its
whole subtree in one UPDATE (``new prefix || rest``), so subtree queries stay one LIKE.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import String, func, literal, select, update

from lms.core.models import Position, PositionKind, Unit, User
from lms.core.services import audit
from lms.core.services.org import unit_label
from lms.extensions import db

MAX_NAME = 200


class OrgError(ValueError):
    """Refused input; ``field`` names the form field it is about ("" for the whole form)."""

    def __init__(self, message: str, field: str = "") -> None:
        self.field = field
        super().__init__(message)


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name or len(name) > MAX_NAME:
        raise OrgError(_("nama wajib diisi, paling panjang %(n)d karakter", n=MAX_NAME), "name")
    if ">" in name:
        raise OrgError(_("nama unit tidak boleh memuat tanda >"), "name")  # the import's path separator
    return name


def _check_free(parent_id: int | None, name: str, except_id: int | None = None) -> None:
    stmt = select(Unit.id).where(Unit.parent_id.is_(None) if parent_id is None else Unit.parent_id == parent_id,
                                 func.lower(Unit.name) == name.lower())
    if except_id is not None:
        stmt = stmt.where(Unit.id != except_id)
    if db.session.scalar(stmt) is not None:
        raise OrgError(_("sudah ada unit bernama %(name)s di tempat itu", name=name), "name")


def create_unit(name: str, parent: Unit | None, *, actor: User | None = None) -> Unit:
    name = _clean_name(name)
    _check_free(parent.id if parent else None, name)
    unit = Unit(name=name, parent_id=parent.id if parent else None, path="")
    db.session.add(unit)
    db.session.flush()
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    db.session.flush()
    audit.record(actor, "unit.create", unit, None, {"name": unit.name, "parent_id": unit.parent_id, "path": unit.path},
                 label=unit_label(unit))
    return unit


def rename_unit(unit: Unit, name: str, *, actor: User | None = None) -> tuple[str, str]:
    """(old name, new name)."""
    name = _clean_name(name)
    _check_free(unit.parent_id, name, except_id=unit.id)
    old, unit.name = unit.name, name
    db.session.flush()
    if old != name:
        audit.record(actor, "unit.rename", unit, {"name": old}, {"name": name}, label=unit_label(unit))
    return old, name


@dataclass(frozen=True)
class Move:
    old_parent_id: int | None
    new_parent_id: int | None
    old_path: str
    new_path: str
    units: int  # rows whose path changed (the unit and its subtree)


def move_unit(unit: Unit, new_parent: Unit | None, *, actor: User | None = None) -> Move:
    """Put ``unit`` (with its subtree) under ``new_parent`` (None: top level)."""
    if new_parent is not None and (new_parent.id == unit.id or new_parent.path.startswith(unit.path)):
        raise OrgError(_("unit tidak dapat dipindahkan ke dalam dirinya sendiri atau sub-unitnya"), "parent_id")
    new_parent_id = new_parent.id if new_parent else None
    if new_parent_id == unit.parent_id:
        return Move(unit.parent_id, new_parent_id, unit.path, unit.path, 0)
    _check_free(new_parent_id, unit.name, except_id=unit.id)
    old_path = unit.path
    new_path = f"{new_parent.path if new_parent else '/'}{unit.id}/"
    old_parent_id = unit.parent_id
    unit.parent_id = new_parent_id
    db.session.flush()
    result = db.session.execute(
        update(Unit).where(Unit.path.like(old_path + "%"))
        .values(path=literal(new_path, String).concat(func.substr(Unit.path, len(old_path) + 1)))
        .execution_options(synchronize_session=False))
    for obj in list(db.session.identity_map.values()):  # loaded units now have stale paths
        if isinstance(obj, Unit):
            db.session.expire(obj, ["path"])
    _apply_assignment_rules(new_path)
    moved = Move(old_parent_id, new_parent_id, old_path, new_path, int(result.rowcount or 0))
    if moved.units:
        audit.record(actor, "unit.move", unit, {"parent_id": old_parent_id, "path": old_path},
                     {"parent_id": new_parent_id, "path": new_path, "units_moved": moved.units}, label=unit_label(unit))
    return moved


def _apply_assignment_rules(path: str) -> None:
    """People of a moved subtree now belong to other units' subtrees: the assignment rules of
    their new ancestors apply to them (the rules follow people who join a unit later)."""
    try:
        from lms.core.services.team import apply_rules
    except ImportError:  # pragma: no cover - assignments are optional to this module
        return
    users = list(db.session.scalars(select(User).where(
        User.active.is_(True), User.unit_id.in_(select(Unit.id).where(Unit.path.like(path + "%"))))))
    if users:
        apply_rules(users)


def set_head(unit: Unit, head: User | None, *, actor: User | None = None) -> tuple[int | None, int | None]:
    """(old head id, new head id)."""
    if head is not None and not head.active:
        raise OrgError(_("akun %(name)s tidak aktif", name=head.name), "head_nip")
    old, unit.head_id = unit.head_id, head.id if head else None
    db.session.flush()
    if old != unit.head_id:
        audit.record(actor, "unit.set_head", unit, {"head_id": old}, {"head_id": unit.head_id}, label=unit_label(unit))
    return old, unit.head_id


# --------------------------------------------------------------------------- positions


def _position_values(name: str, kind: str, except_id: int | None = None) -> tuple[str, PositionKind]:
    name = " ".join((name or "").split())
    if not name or len(name) > MAX_NAME:
        raise OrgError(_("nama wajib diisi, paling panjang %(n)d karakter", n=MAX_NAME), "name")
    try:
        kind_value = PositionKind(kind)
    except ValueError:
        raise OrgError(_("jenis jabatan tidak dikenal"), "kind") from None
    stmt = select(Position.id).where(func.lower(Position.name) == name.lower())
    if except_id is not None:
        stmt = stmt.where(Position.id != except_id)
    if db.session.scalar(stmt) is not None:
        raise OrgError(_("jabatan %(name)s sudah ada", name=name), "name")
    return name, kind_value


def create_position(name: str, kind: str, *, actor: User | None = None) -> Position:
    name, kind_value = _position_values(name, kind)
    position = Position(name=name, kind=kind_value)
    db.session.add(position)
    db.session.flush()
    audit.record(actor, "position.create", position, None, audit.snapshot(position, ("name", "kind")))
    return position


def update_position(position: Position, name: str, kind: str, *, actor: User | None = None) -> None:
    before = audit.snapshot(position, ("name", "kind"))
    position.name, position.kind = _position_values(name, kind, except_id=position.id)
    db.session.flush()
    audit.record_changes(actor, "position.update", position, before, audit.snapshot(position, ("name", "kind")))
