"""The organisation: units (a tree of perangkat daerah and their sub-units) and positions."""

from __future__ import annotations

import enum

from sqlalchemy import Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db


class Unit(db.Model):
    """A node of the unit tree. ``path`` (``/1/7/31/``) makes subtree queries one LIKE."""

    __tablename__ = "unit"
    __table_args__ = (UniqueConstraint("parent_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    path: Mapped[str] = mapped_column(String(500), default="", index=True)
    head_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", use_alter=True, ondelete="SET NULL")
    )

    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent")

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2 if self.path else 0

    def __repr__(self) -> str:
        return f"<Unit {self.id} {self.name!r}>"


class PositionKind(enum.StrEnum):
    """Kinds of jabatan (UU 20/2023): managerial and non-managerial."""

    JPT_UTAMA = "jpt_utama"
    JPT_MADYA = "jpt_madya"
    JPT_PRATAMA = "jpt_pratama"
    ADMINISTRATOR = "administrator"
    PENGAWAS = "pengawas"
    FUNGSIONAL = "fungsional"
    PELAKSANA = "pelaksana"

    @property
    def is_managerial(self) -> bool:
        return self not in (PositionKind.FUNGSIONAL, PositionKind.PELAKSANA)


class Position(db.Model):
    __tablename__ = "position"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[PositionKind] = mapped_column(
        Enum(PositionKind, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        default=PositionKind.PELAKSANA,
    )

    def __repr__(self) -> str:
        return f"<Position {self.id} {self.name!r}>"
