"""What admins do to accounts: edit, change roles, deactivate and reactivate.

Services take plain values and the acting admin, flush and never commit. Each writes its own
audit entry (what changed, as plain ``before``/``after`` values), so no caller can forget it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.core import nip as nip_rules
from lms.core.models import EmployeeType, Position, Role, Unit, User
from lms.core.queries import employee_types
from lms.core.services import accounts, audit
from lms.core.services.accounts import AccountError, check_password_strength, set_roles
from lms.core.services.audit import snapshot
from lms.core.services.users_import import _EMAIL, _PNS_GOLONGAN, _PPPK_GOLONGAN
from lms.extensions import db

#: roles an admin grants (every account is a learner anyway)
GRANTABLE = (Role.TRAINER, Role.SUPERVISOR, Role.ADMIN)
PROFILE_FIELDS = ("name", "email", "unit_id", "position_id", "supervisor_id", "golongan", "employee_type")
_MAX_CHAIN = 200


class AdminUserError(ValueError):
    """Refused input. ``fields`` maps a form field ("" for the whole form) to a message."""

    def __init__(self, fields: dict[str, str]) -> None:
        self.fields = fields
        super().__init__("; ".join(f"{k}: {v}" if k else v for k, v in fields.items()))


@dataclass(frozen=True)
class UserChanges:
    name: str
    email: str | None
    unit_id: int | None
    position_id: int | None
    supervisor_nip: str | None  # typed with or without spaces; None or "": no supervisor
    golongan: str | None
    employee_type: str
    roles: Iterable[Role | str] | None = None  # None: leave the roles as they are


@dataclass
class EditResult:
    before: dict[str, Any]
    after: dict[str, Any]
    granted: list[str]
    revoked: list[str]


def profile_of(user: User) -> dict[str, Any]:
    return snapshot(user, PROFILE_FIELDS)


def check_golongan(golongan: str | None, employee_type: EmployeeType | str) -> str | None:
    """Why ``golongan`` is not valid for the employee type (None when it is or is empty). PNS
    and PPPK have their scales; a type an agency added takes what it writes."""
    if not golongan or employee_type not in (EmployeeType.PNS, EmployeeType.PPPK):
        return None
    employee_type = EmployeeType(employee_type)
    valid = _PNS_GOLONGAN.match(golongan) if employee_type == EmployeeType.PNS else golongan in _PPPK_GOLONGAN
    if valid:
        return None
    hint = "I/a … IV/e" if employee_type == EmployeeType.PNS else "I … XVII"
    return _("golongan %(value)s tidak valid untuk %(type)s (%(hint)s)", value=golongan,
             type=employee_type.value, hint=hint)


def _supervisor_loop(user: User, supervisor: User) -> bool:
    """Would ``supervisor`` as the atasan of ``user`` make a chain that comes back to ``user``?"""
    current: int | None = supervisor.id
    seen: set[int] = set()
    for _step in range(_MAX_CHAIN):
        if current is None:
            return False
        if current == user.id or current in seen:
            return True
        seen.add(current)
        current = db.session.scalar(select(User.supervisor_id).where(User.id == current))
    return True


@dataclass
class _Clean:
    """Validated values of a :class:`UserChanges`."""

    name: str
    email: str | None
    supervisor: User | None
    employee_type: str  # a code of lms.core.queries.employee_types
    golongan: str | None
    roles: set[Role] | None


def _validate(changes: UserChanges, user: User | None, actor: User | None,
              errors: dict[str, str]) -> _Clean:
    """Check every field of ``changes`` for ``user`` (None: an account being created), adding
    each problem to ``errors``; returns the cleaned values."""
    own_id = user.id if user is not None else None
    name = " ".join((changes.name or "").split())
    if not name or len(name) > 200:
        errors["name"] = _("nama wajib diisi, paling panjang %(n)d karakter", n=200)
    email = (changes.email or "").strip().lower() or None
    if email:
        if not _EMAIL.match(email) or len(email) > 254:
            errors["email"] = _("alamat e-mail tidak valid: %(email)s", email=email)
        elif db.session.scalar(select(User.id).where(func.lower(User.email) == email, User.id != own_id)):
            errors["email"] = _("e-mail %(email)s sudah dipakai akun lain", email=email)
    if changes.unit_id is not None and db.session.get(Unit, changes.unit_id) is None:
        errors["unit_id"] = _("unit kerja tidak ada")
    if changes.position_id is not None and db.session.get(Position, changes.position_id) is None:
        errors["position_id"] = _("jabatan tidak ada")
    supervisor = None
    raw_sup = nip_rules.normalize(changes.supervisor_nip or "")
    if raw_sup:
        supervisor = db.session.scalar(select(User).where(User.nip == raw_sup))
        if supervisor is None:
            errors["supervisor_nip"] = _("tidak ada pegawai dengan NIP %(nip)s", nip=changes.supervisor_nip)
        elif user is not None and supervisor.id == user.id:
            errors["supervisor_nip"] = _("pegawai tidak bisa menjadi atasan dirinya sendiri")
        elif user is not None and _supervisor_loop(user, supervisor):
            errors["supervisor_nip"] = _("rantai atasan berputar kembali ke pegawai ini")
    etype = employee_types.resolve(changes.employee_type)
    if etype is None:
        errors["employee_type"] = _("jenis pegawai tidak dikenal (pilihan: %(known)s)",
                                    known=employee_types.choices_text())
        etype = EmployeeType.PNS.value
    golongan = (changes.golongan or "").strip() or None
    problem = check_golongan(golongan, etype)
    if problem:
        errors["golongan"] = problem
    wanted_roles: set[Role] | None = None
    if changes.roles is not None:
        try:
            wanted_roles = {Role(r) for r in changes.roles} - {Role.LEARNER}
        except ValueError:
            errors["roles"] = _("peran tidak dikenal")
        else:
            own = actor is not None and user is not None and actor.id == user.id
            if own and Role.ADMIN in user.roles and Role.ADMIN not in wanted_roles:
                errors["roles"] = _("Anda tidak dapat mencabut peran admin Anda sendiri.")
    return _Clean(name, email, supervisor, etype, golongan, wanted_roles)


def _apply(user: User, clean: _Clean, changes: UserChanges) -> None:
    user.name, user.email, user.golongan, user.employee_type = clean.name, clean.email, clean.golongan, \
        clean.employee_type
    user.unit_id, user.position_id = changes.unit_id, changes.position_id
    user.supervisor_id = clean.supervisor.id if clean.supervisor else None


def update_user(user: User, changes: UserChanges, actor: User | None = None) -> EditResult:
    """Apply an admin's edit and audit it (``user.update``, one ``role.grant``/``role.revoke``
    per role). Raises :class:`AdminUserError` listing every bad field."""
    errors: dict[str, str] = {}
    clean = _validate(changes, user, actor, errors)
    if errors:
        raise AdminUserError(errors)

    before = profile_of(user)
    old_roles = {r for r in user.roles if r != Role.LEARNER}
    _apply(user, clean, changes)
    granted: list[str] = []
    revoked: list[str] = []
    if clean.roles is not None:
        set_roles(user, clean.roles)
        granted = sorted(r.value for r in clean.roles - old_roles)
        revoked = sorted(r.value for r in old_roles - clean.roles)
    db.session.flush()
    db.session.expire(user, ["unit", "position", "supervisor"])  # the ids changed, not the objects
    result = EditResult(before, profile_of(user), granted, revoked)
    audit.record_changes(actor, "user.update", user, result.before, result.after)
    for role in granted:
        audit.record(actor, "role.grant", user, {"role": None}, {"role": role})
    for role in revoked:
        audit.record(actor, "role.revoke", user, {"role": role}, {"role": None})
    return result


def _check_new(nip: str, changes: UserChanges, password: str | None,
               errors: dict[str, str]) -> tuple[str, _Clean]:
    bare = ""
    try:
        bare = nip_rules.validate(nip or "")
    except nip_rules.InvalidNIP as exc:
        errors["nip"] = str(exc)
    else:
        if db.session.scalar(select(User.id).where(User.nip == bare)) is not None:
            errors["nip"] = _("NIP %(nip)s sudah terdaftar.", nip=nip_rules.format_nip(bare))
    clean = _validate(changes, None, None, errors)
    if password:
        try:
            check_password_strength(password, User(nip=bare, name=clean.name, email=clean.email))
        except AccountError as exc:
            errors["password"] = str(exc)
    return bare, clean


def new_user_problems(nip: str, changes: UserChanges, password: str | None = None) -> dict[str, str]:
    """What is wrong with a new account's values, every field at once (empty: nothing)."""
    errors: dict[str, str] = {}
    _check_new(nip, changes, password, errors)
    return errors


def create_user(nip: str, changes: UserChanges, password: str | None = None, *, actor: User | None = None) -> User:
    """One new account from the admin pages: every field checked at once (as an edit is), the
    NIP by the rules of ``docs/glossary.md`` ("NIP"). ``password`` None: no password yet (sign-in through an
    authentication plugin, or set later). Raises :class:`AdminUserError`."""
    errors: dict[str, str] = {}
    bare, clean = _check_new(nip, changes, password, errors)
    if errors:
        raise AdminUserError(errors)
    user = accounts.create_user(nip=bare, name=clean.name, email=clean.email, password=password or None,
                                roles=clean.roles or (), unit_id=changes.unit_id, position_id=changes.position_id,
                                supervisor_id=clean.supervisor.id if clean.supervisor else None,
                                golongan=clean.golongan, employee_type=clean.employee_type)
    audit.record(actor, "user.create", user, None, created_values(user, password_set=password is not None))
    return user


def created_values(user: User, password_set: bool) -> dict[str, Any]:
    """What the audit log keeps of a new account (``user.create``), whoever made it."""
    return {**profile_of(user), "roles": sorted(r.value for r in user.roles), "password_set": password_set}


def grant_role(user: User, role: Role, *, actor: User | None = None) -> bool:
    """Give ``role`` (True when it was new, and audited)."""
    if role in user.roles:
        return False
    set_roles(user, {*user.roles, role})
    db.session.flush()
    audit.record(actor, "role.grant", user, {"role": None}, {"role": role.value})
    return True


def set_password(user: User, password: str, *, actor: User | None = None) -> int:
    """An admin sets the password of someone who lost theirs: their sessions end, their API
    tokens are revoked (how many is returned). Audited without the password itself. Raises
    :class:`AccountError` for a weak password."""
    revoked = accounts.reset_password(user, password)
    audit.record(actor, "user.set_password", user, None, {"password_set": True, "tokens_revoked": revoked})
    return revoked


def deactivate(user: User, actor: User | None = None) -> bool:
    """Close an account: it cannot sign in, its sessions end (``session_version``), its API
    tokens stop working (they need an active account). False when already inactive."""
    if actor is not None and actor.id == user.id:
        raise AdminUserError({"": _("Anda tidak dapat menonaktifkan akun Anda sendiri.")})
    if not user.active:
        return False
    user.active = False
    user.session_version += 1
    db.session.flush()
    audit.record(actor, "user.deactivate", user, {"active": True}, {"active": False})
    return True


def reactivate(user: User, actor: User | None = None) -> bool:
    if user.active:
        return False
    user.active = True
    db.session.flush()
    audit.record(actor, "user.reactivate", user, {"active": False}, {"active": True})
    return True


__all__ = ["GRANTABLE", "AdminUserError", "EditResult", "UserChanges", "create_user", "created_values", "deactivate",
           "grant_role", "new_user_problems", "reactivate", "set_password", "update_user"]
