"""What a staff CSV import would do, read before anything is written (``/admin/users/import``):
the accounts it creates and updates (with the fields that change), the units and positions it
would create, and every role it grants or takes away. Reads only: a few queries whatever the
size of the file (the units are read once and resolved in memory).

The admin confirms what they saw: :attr:`ImportPreview.fingerprint` changes when anything
shown would be different, so a confirmation after someone else changed the same people is
shown again instead of doing something else than what was read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lms.core.models import Position, Role, Unit, User
from lms.core.services.org import UNIT_SEPARATOR
from lms.core.services.users_import import Row
from lms.extensions import db

#: fields of an account an import may change, in the order shown
FIELDS = ("name", "email", "unit", "position", "supervisor_nip", "golongan", "employee_type")


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Update:
    row: Row
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class RoleChange:
    nip: str
    name: str
    new_account: bool
    granted: tuple[Role, ...]
    revoked: tuple[Role, ...]


@dataclass
class ImportPreview:
    creates: list[Row] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    unchanged: int = 0
    new_units: list[str] = field(default_factory=list)  # full paths, top first
    new_positions: list[str] = field(default_factory=list)
    role_changes: list[RoleChange] = field(default_factory=list)

    @property
    def changes_anything(self) -> bool:
        return bool(self.creates or self.updates or self.role_changes)

    @property
    def fingerprint(self) -> str:
        """A digest of everything shown: the same file against the same data gives the same one."""
        parts = [f"+{r.nip}|{r.name}|{r.email}|{r.unit}|{r.position}|{r.supervisor_nip}" for r in self.creates]
        parts += [f"~{u.row.nip}|" + "|".join(f"{c.field}:{c.before}>{c.after}" for c in u.changes)
                  for u in self.updates]
        parts += [f"u:{p}" for p in self.new_units] + [f"p:{p}" for p in self.new_positions]
        parts += [f"r:{c.nip}+{','.join(c.granted)}-{','.join(c.revoked)}" for c in self.role_changes]
        parts.append(f"={self.unchanged}")
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _unit_paths() -> tuple[dict[tuple[int | None, str], int], dict[int, str]]:
    """(parent id, name) -> unit id, and unit id -> its full path label, from one query."""
    rows = db.session.execute(select(Unit.id, Unit.parent_id, Unit.name)).all()
    by_key = {(r.parent_id, r.name): r.id for r in rows}
    parent = {r.id: (r.parent_id, r.name) for r in rows}
    labels: dict[int, str] = {}

    def label(unit_id: int) -> str:
        if unit_id not in labels:
            up, name = parent[unit_id]
            labels[unit_id] = name if up is None or up not in parent else f"{label(up)}{UNIT_SEPARATOR}{name}"
        return labels[unit_id]

    for unit_id in parent:
        label(unit_id)
    return by_key, labels


def _normal_path(path: str) -> str:
    return UNIT_SEPARATOR.join(s.strip() for s in path.split(UNIT_SEPARATOR.strip()))


def preview_import(rows: list[Row]) -> ImportPreview:
    preview = ImportPreview()
    existing = {u.nip: u for u in db.session.scalars(
        select(User).where(User.nip.in_([r.nip for r in rows]))
        .options(selectinload(User.role_rows), selectinload(User.supervisor), selectinload(User.position)))}
    by_key, labels = _unit_paths()
    new_units: dict[str, None] = {}
    for row in rows:  # a unit path is new from its first missing segment down
        parent: int | None = None
        segments = [s.strip() for s in row.unit.split(UNIT_SEPARATOR.strip())]
        for depth, segment in enumerate(segments):
            found = by_key.get((parent, segment))
            if found is None:
                for end in range(depth + 1, len(segments) + 1):
                    new_units.setdefault(UNIT_SEPARATOR.join(segments[:end]), None)
                break
            parent = found
    preview.new_units = list(new_units)
    wanted_positions = {r.position.strip() for r in rows if r.position.strip()}
    known_positions = set(db.session.scalars(select(Position.name).where(Position.name.in_(wanted_positions))))
    preview.new_positions = sorted(wanted_positions - known_positions)

    for row in rows:
        user = existing.get(row.nip)
        wanted_roles = {r for r in row.roles if r != Role.LEARNER}
        if user is None:
            preview.creates.append(row)
            if wanted_roles:
                preview.role_changes.append(RoleChange(row.nip, row.name, True, tuple(sorted(wanted_roles)), ()))
            continue
        before = {
            "name": user.name, "email": user.email or "",
            "unit": labels.get(user.unit_id, "") if user.unit_id else "",
            "position": user.position.name if user.position else "",
            "supervisor_nip": user.supervisor.nip if user.supervisor else "", "golongan": user.golongan or "",
            "employee_type": str(getattr(user.employee_type, "value", user.employee_type) or ""),
        }
        after = {
            "name": row.name, "email": row.email or "", "unit": _normal_path(row.unit),
            "position": row.position.strip(),
            "supervisor_nip": row.supervisor_nip or "", "golongan": row.golongan or "",
            "employee_type": str(getattr(row.employee_type, "value", row.employee_type) or ""),
        }
        compared = [f for f in FIELDS if f not in ("golongan", "employee_type") or f in row.given]
        changes = tuple(FieldChange(f, before[f], after[f]) for f in compared if before[f] != after[f])
        current_roles = {r for r in user.roles if r != Role.LEARNER}
        granted, revoked = wanted_roles - current_roles, current_roles - wanted_roles
        if granted or revoked:
            preview.role_changes.append(RoleChange(row.nip, row.name, False, tuple(sorted(granted)),
                                                   tuple(sorted(revoked))))
        if changes:
            preview.updates.append(Update(row, changes))
        elif not (granted or revoked):
            preview.unchanged += 1
    return preview
