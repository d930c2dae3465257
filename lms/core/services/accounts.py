"""Accounts: sign-in, passwords, roles. Services flush, never commit."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.core import nip as nip_rules
from lms.core import password_policy
from lms.core.models import EmployeeType, Role, User, UserRole
from lms.core.passwords import hash_password, needs_rehash, verify_password
from lms.extensions import db


class AccountError(ValueError):
    """Bad input for an account operation; the message is shown to the user."""


class WrongPassword(AccountError):
    """The current password given to confirm a change is wrong."""


def find_by_login(login: str) -> User | None:
    """A user by NIP (typed with or without spaces) or by e-mail (case-insensitive)."""
    login = (login or "").strip()
    if not login:
        return None
    if "@" in login:
        return db.session.scalar(select(User).where(func.lower(User.email) == login.lower()))
    return db.session.scalar(select(User).where(User.nip == nip_rules.normalize(login)))


def authenticate(login: str, password: str) -> User | None:
    """The active user with these credentials, or None. Upgrades old hashes on the way."""
    return check_credentials(find_by_login(login), password)


def check_credentials(user: User | None, password: str) -> User | None:
    """``user`` when ``password`` is theirs and the account is active, else None (the same time
    is spent for an unknown account, so timing does not reveal which NIPs exist)."""
    if user is None:
        verify_password(None, password)  # same time as a real check
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def check_password_strength(password: str, user: User | None = None) -> None:
    """Raise :class:`AccountError` saying why ``password`` is refused (for ``user``: their NIP,
    name and e-mail are not allowed in it); see :mod:`lms.core.password_policy`."""
    reason = password_policy.problem(password, nip=user.nip if user else None, name=user.name if user else None,
                                     email=user.email if user else None)
    if reason:
        raise AccountError(reason)


def set_password(user: User, password: str) -> None:
    """Set a new password and end every session of this account (see ``end_sessions``)."""
    check_password_strength(password, user)
    user.password_hash = hash_password(password)
    end_sessions(user)


def reset_password(user: User, password: str) -> int:
    """An administrator sets a password for someone (lost, or feared known): every session
    ends and every API token is revoked, since whoever knew the old password may hold one.
    Returns how many tokens were revoked."""
    from lms.core.services import tokens

    set_password(user, password)
    return tokens.revoke_all(user)


def end_sessions(user: User) -> None:
    """Sign the account out everywhere: every session and remember-me cookie carries the
    account's session generation (``User.get_id``) and the user loader refuses an old one."""
    user.session_version += 1
    db.session.flush()


def change_password(user: User, current: str, new: str) -> None:
    if not verify_password(user.password_hash, current):
        raise WrongPassword(_("Kata sandi saat ini salah."))
    set_password(user, new)


def confirm_password(user: User, password: str) -> None:
    """The signed-in person typed their password again before something sensitive (a new API
    token): a stolen open session alone is not enough. Raises :class:`WrongPassword`."""
    if not verify_password(user.password_hash, password):
        raise WrongPassword(_("Kata sandi salah."))


def set_roles(user: User, roles: Iterable[Role | str]) -> None:
    wanted = {Role(r) for r in roles} - {Role.LEARNER}
    current = {row.role: row for row in user.role_rows}
    for role, row in current.items():
        if role not in wanted:
            user.role_rows.remove(row)
    for role in wanted - set(current):
        user.role_rows.append(UserRole(role=role))


def create_user(
    *,
    nip: str,
    name: str,
    email: str | None = None,
    password: str | None = None,
    roles: Iterable[Role | str] = (),
    unit_id: int | None = None,
    position_id: int | None = None,
    supervisor_id: int | None = None,
    golongan: str | None = None,
    employee_type: EmployeeType | str = EmployeeType.PNS,
) -> User:
    try:
        bare = nip_rules.validate(nip)
    except nip_rules.InvalidNIP as exc:
        raise AccountError(str(exc)) from None
    if not name or not name.strip():
        raise AccountError(_("Nama wajib diisi."))
    if db.session.scalar(select(User.id).where(User.nip == bare)) is not None:
        raise AccountError(_("NIP %(nip)s sudah terdaftar.", nip=nip_rules.format_nip(bare)))
    email = (email or "").strip().lower() or None
    if email and db.session.scalar(select(User.id).where(func.lower(User.email) == email)):
        raise AccountError(_("E-mail %(email)s sudah dipakai akun lain.", email=email))
    user = User(
        nip=bare,
        name=name.strip(),
        email=email,
        unit_id=unit_id,
        position_id=position_id,
        supervisor_id=supervisor_id,
        golongan=golongan,
        employee_type=str(getattr(employee_type, "value", employee_type)),  # a code (checked by callers)
    )
    db.session.add(user)
    set_roles(user, roles)
    if password is not None:
        check_password_strength(password, user)
        user.password_hash = hash_password(password)
    db.session.flush()
    return user


def get_by_nip(nip: str) -> User | None:
    return db.session.scalar(select(User).where(User.nip == nip_rules.normalize(nip)))
