"""People: accounts, their roles, their place in the organisation, and API tokens."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.models.base import UTCDateTime, utcnow
from lms.core.models.org import Position, Unit
from lms.extensions import db


class Role(enum.StrEnum):
    LEARNER = "learner"
    TRAINER = "trainer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class EmployeeType(enum.StrEnum):
    """The two types every agency has (their golongan follow their own rules); an agency adds
    others as rows of ``employee_type`` (:class:`~lms.core.models.employee_type.EmployeeTypeRow`),
    so ``User.employee_type`` is the type's code, a plain string."""

    PNS = "PNS"
    PPPK = "PPPK"


def _enum(cls: type[enum.Enum], length: int) -> Enum:
    return Enum(cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    nip: Mapped[str] = mapped_column(String(18), unique=True)  # bare digits
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    position_id: Mapped[int | None] = mapped_column(ForeignKey("position.id"), index=True)
    supervisor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    golongan: Mapped[str | None] = mapped_column(String(10))
    # a code of ``employee_type`` (codes never change; services check them: no foreign key, so
    # that a type an agency added can never make an account unreadable)
    employee_type: Mapped[str] = mapped_column(String(20), default=EmployeeType.PNS.value)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The account's session generation, carried in every session and remember-me cookie
    # (``get_id``) and checked by the user loader: bumped on sign-out, password change and
    # deactivation, it makes every copy of an old cookie worthless.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    unit: Mapped[Unit | None] = relationship(foreign_keys=[unit_id], lazy="joined")
    position: Mapped[Position | None] = relationship(lazy="joined")
    supervisor: Mapped[User | None] = relationship(remote_side=[id], foreign_keys=[supervisor_id])
    # The per-request user loader reads them in its own query (User.remember_roles); elsewhere a
    # second SELECT loads them.
    role_rows: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", back_populates="user"
    )

    @property
    def roles(self) -> frozenset[Role]:
        # the per-request loader read them with the user (remember_roles); once the rows
        # themselves are loaded (an admin changing roles) they are the truth
        remembered = self.__dict__.get("_remembered_roles")
        if remembered is not None and "role_rows" not in self.__dict__:
            return remembered
        return frozenset(r.role for r in self.role_rows) | {Role.LEARNER}

    def remember_roles(self, roles: Iterable[str]) -> None:
        """The roles as the loader read them in the user's own query (no second SELECT)."""
        self.__dict__["_remembered_roles"] = frozenset(Role(r) for r in roles) | {Role.LEARNER}

    def has_role(self, *roles: Role | str) -> bool:
        mine = self.roles
        return any(Role(r) in mine for r in roles)

    @property
    def is_active(self) -> bool:  # Flask-Login: deactivated accounts cannot sign in
        return self.active

    def get_id(self) -> str:  # Flask-Login: carries the session generation (see session_version)
        return f"{self.id}:{self.session_version}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.nip}>"


class UserRole(db.Model):
    """Roles beyond learner (every account is a learner)."""

    __tablename__ = "user_role"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[Role] = mapped_column(_enum(Role, 20), primary_key=True)

    user: Mapped[User] = relationship(back_populates="role_rows")


class ApiToken(db.Model):
    """A bearer token. Only its SHA-256 is stored: tokens are 256-bit random, so a fast hash
    is enough (no brute force possible) and lookups stay one indexed query."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Every token ends (default one year): a token forgotten in a script stops working one day.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
