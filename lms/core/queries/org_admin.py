"""Reads of the admin pages for people and the organisation: the user search, the unit tree,
positions. Each in a fixed number of queries, whatever the size of the agency."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from lms.core import nip as nip_rules
from lms.core.models import Position, Role, Unit, User, UserRole
from lms.extensions import db

PER_PAGE = 50
STATUSES = ("active", "inactive")


@dataclass(frozen=True)
class UserFilter:
    q: str = ""  # NIP (typed with or without spaces), name or e-mail
    unit_id: int | None = None  # the unit and its subtree
    role: str = ""
    status: str = ""  # "", active, inactive
    page: int = 1


@dataclass(frozen=True)
class UserPage:
    users: list[User]
    page: int
    pages: int
    total: int


def search_condition(q: str):  # noqa: ANN201 - a SQL condition
    """Users matching ``q``: NIP digits (spaces, dots, dashes ignored), else name or e-mail."""
    q = (q or "").strip()
    digits = nip_rules.normalize(q)
    if digits.isdigit() and len(digits) >= 3:
        return User.nip.like(f"%{digits}%")
    like = f"%{q.lower()}%"
    return or_(func.lower(User.name).like(like), func.lower(User.email).like(like))


def search_users(f: UserFilter, per_page: int = PER_PAGE) -> UserPage:
    """Two queries: the count and the page (roles come with the page's users, one more)."""
    stmt = select(User)
    if f.q:
        stmt = stmt.where(search_condition(f.q))
    if f.unit_id:
        path = select(Unit.path).where(Unit.id == f.unit_id).scalar_subquery()
        stmt = stmt.where(User.unit_id.in_(select(Unit.id).where(Unit.path.like(path + "%"))))
    if f.role in {r.value for r in Role} and f.role != Role.LEARNER.value:
        stmt = stmt.where(User.id.in_(select(UserRole.user_id).where(UserRole.role == f.role)))
    if f.status in STATUSES:
        stmt = stmt.where(User.active.is_(f.status == "active"))
    total = int(db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0)
    pages = max(1, -(-total // per_page))
    page = min(max(1, f.page), pages)
    users = list(db.session.scalars(stmt.order_by(User.name, User.nip).offset((page - 1) * per_page).limit(per_page)))
    return UserPage(users, page, pages, total)


# --------------------------------------------------------------------------- the unit tree


@dataclass
class UnitNode:
    id: int
    name: str
    path: str
    parent_id: int | None
    head_id: int | None
    head_name: str | None
    head_nip: str | None
    staff: int  # active staff placed in this very unit
    staff_total: int = 0  # ... and in its whole subtree
    children: int = 0

    @property
    def depth(self) -> int:
        return max(0, self.path.count("/") - 2)


def _sort_key(path: str, names: dict[int, str]) -> tuple[str, ...]:
    return tuple(names.get(int(p), p).lower() for p in path.strip("/").split("/") if p)


def unit_tree(root_id: int | None = None) -> list[UnitNode]:
    """Every unit (or the subtree of ``root_id``) in tree order (by name at each level), with
    its head and staff counts: two queries."""
    head = aliased(User)
    stmt = (select(Unit.id, Unit.name, Unit.path, Unit.parent_id, Unit.head_id, head.name, head.nip)
            .outerjoin(head, head.id == Unit.head_id))
    counts_stmt = select(User.unit_id, func.count()).where(User.active.is_(True), User.unit_id.is_not(None))
    if root_id is not None:
        root_path = select(Unit.path).where(Unit.id == root_id).scalar_subquery()
        stmt = stmt.where(Unit.path.like(root_path + "%"))
        counts_stmt = counts_stmt.where(User.unit_id.in_(select(Unit.id).where(Unit.path.like(root_path + "%"))))
    nodes = [UnitNode(r[0], r[1], r[2] or "", r[3], r[4], r[5], r[6], 0) for r in db.session.execute(stmt)]
    counts = dict(db.session.execute(counts_stmt.group_by(User.unit_id)).tuples().all())
    by_id = {n.id: n for n in nodes}
    for node in nodes:
        node.staff = int(counts.get(node.id, 0))
        if node.parent_id in by_id:
            by_id[node.parent_id].children += 1
        for part in node.path.strip("/").split("/"):  # add to every ancestor (and itself)
            if part and int(part) in by_id:
                by_id[int(part)].staff_total += node.staff
    names = {n.id: n.name for n in nodes}
    return sorted(nodes, key=lambda n: _sort_key(n.path, names))


def unit_choices() -> list[tuple[int, str]]:
    """(id, indented name) of every unit in tree order, for a select."""
    return [(n.id, "\u2003" * n.depth + n.name) for n in unit_tree()]


def position_choices() -> list[tuple[int, str]]:
    return [(p.id, p.name) for p in db.session.scalars(select(Position).order_by(Position.name))]
