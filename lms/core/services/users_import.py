"""``lms users import FILE.csv``: create or update staff from a spreadsheet export.

All rows are checked before anything is written; every bad row is reported with its line and
nothing is imported if any row is bad. Re-importing updates accounts (matched by NIP) instead
of duplicating them, and a supervisor may appear later in the file than their staff.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.core import nip as nip_rules
from lms.core.diagnostics import Diagnostics, InputError
from lms.core.models import EmployeeType, Position, Role, Unit, User, UserRole
from lms.core.queries import employee_types
from lms.core.services import audit
from lms.core.services.accounts import set_roles
from lms.core.services.org import ensure_position, ensure_unit_path
from lms.extensions import db

REQUIRED = ("nip", "name", "email", "unit", "position", "supervisor_nip", "roles")
OPTIONAL = ("golongan", "employee_type")
MAX_UNIT_DEPTH = 20
#: column names as Indonesian spreadsheets write them (case, spaces and dashes do not matter)
COLUMN_ALIASES = {
    "nama": "name", "nama_lengkap": "name", "e_mail": "email", "surel": "email", "unit_kerja": "unit",
    "jabatan": "position", "nip_atasan": "supervisor_nip", "nip_atasan_langsung": "supervisor_nip",
    "atasan_nip": "supervisor_nip", "peran": "roles", "role": "roles", "jenis_pegawai": "employee_type",
    "jenis": "employee_type", "gol": "golongan", "pangkat_golongan": "golongan",
}
#: the columns of the downloadable template (Indonesian; the English names are accepted as well)
TEMPLATE_COLUMNS = ("nip", "nama", "email", "unit_kerja", "jabatan", "nip_atasan", "peran", "golongan",
                    "jenis_pegawai")
#: role words as people write them in Indonesian (and the English values)
ROLE_WORDS = {
    "peserta": Role.LEARNER, "pegawai": Role.LEARNER, "pengajar": Role.TRAINER, "widyaiswara": Role.TRAINER,
    "fasilitator": Role.TRAINER, "atasan": Role.SUPERVISOR, "atasan_langsung": Role.SUPERVISOR,
    "administrator": Role.ADMIN, **{role.value: role for role in Role},
}


def column_name(raw: str) -> str:
    """The canonical name of a header cell: ``Unit Kerja`` -> ``unit``, ``NIP Atasan`` -> ``supervisor_nip``."""
    key = re.sub(r"[\s\-]+", "_", raw.strip().lower())
    return COLUMN_ALIASES.get(key, key)


def role_of(raw: str) -> Role | None:
    return ROLE_WORDS.get(re.sub(r"[\s\-]+", "_", raw.strip().lower()))
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PNS_GOLONGAN = re.compile(r"^(I|II|III|IV)/[a-e]$")
_PPPK_GOLONGAN = {
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
    "XV", "XVI", "XVII",
}


@dataclass
class Row:
    line: int
    nip: str
    name: str
    email: str | None
    unit: str
    position: str
    supervisor_nip: str | None
    roles: list[Role]
    golongan: str | None
    employee_type: str  # a code of lms.core.queries.employee_types
    #: the optional columns the file has: a column left out keeps what the account had
    given: frozenset[str] = frozenset(OPTIONAL)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    warnings: list[str] = field(default_factory=list)


def _decode(data: bytes, path: str, diagnostics: Diagnostics) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        diagnostics.error(path, line, _("berkas bukan UTF-8 (simpan ulang sebagai CSV UTF-8)"))
        return None


def _dialect(text: str) -> str:
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def parse_users_csv(data: bytes, path: str) -> list[Row]:
    """Read and check every row; raise :class:`InputError` listing every problem."""
    diagnostics = Diagnostics()
    text = _decode(data, path, diagnostics)
    if text is None:
        raise InputError(diagnostics)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(text))
    try:
        header = [column_name(h) for h in next(reader)]
    except StopIteration:
        diagnostics.error(path, 1, _("berkas kosong: baris judul kolom tidak ada"))
        raise InputError(diagnostics) from None
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    if missing:
        diagnostics.error(path, 1, _("kolom wajib tidak ada: %(cols)s", cols=", ".join(missing)))
    if unknown:
        diagnostics.error(path, 1, _("kolom tidak dikenal: %(cols)s (yang dikenal: %(known)s)",
                                     cols=", ".join(unknown), known=", ".join(REQUIRED + OPTIONAL)))
    if diagnostics.has_errors():
        raise InputError(diagnostics)

    rows: list[Row] = []
    seen_nip: dict[str, int] = {}
    seen_email: dict[str, int] = {}
    line = reader.line_num
    for values in reader:
        line_start, line = line + 1, reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            diagnostics.error(path, line_start, _("baris ini punya %(got)d kolom, judul punya %(want)d",
                                                  got=len(values), want=len(header)))
            continue
        record = {k: v.strip() for k, v in zip(header, values, strict=True)}
        row = _check_row(record, line_start, path, diagnostics)
        if row is None:
            continue
        if row.nip in seen_nip:
            diagnostics.error(path, line_start, _("NIP %(nip)s sudah ada di baris %(line)d",
                                                  nip=record["nip"], line=seen_nip[row.nip]))
            continue
        seen_nip[row.nip] = line_start
        if row.email:
            if row.email in seen_email:
                diagnostics.error(path, line_start, _("e-mail %(email)s sudah ada di baris %(line)d",
                                                      email=row.email, line=seen_email[row.email]))
                continue
            seen_email[row.email] = line_start
        rows.append(row)
    if not rows and not diagnostics.has_errors():
        diagnostics.error(path, 2, _("tidak ada baris data"))
    _check_against_database(rows, path, diagnostics)
    if diagnostics.has_errors():
        raise InputError(diagnostics)
    return rows


def _column_limits() -> dict[str, int]:
    """The longest text each column may hold, read from the models (PostgreSQL refuses a longer
    value at the end of the import; a row error names it first)."""
    unit_part = Unit.__table__.c.name.type.length
    return {"name": User.__table__.c.name.type.length, "email": User.__table__.c.email.type.length,
            "position": Position.__table__.c.name.type.length, "unit": unit_part}


def _check_lengths(record: dict[str, str], line: int, path: str, diagnostics: Diagnostics) -> None:
    for column, limit in _column_limits().items():
        parts = record.get(column, "").split(">") if column == "unit" else [record.get(column, "")]
        longest = max(len(part.strip()) for part in parts)
        if longest > limit:
            what = (_("kolom unit: nama unit paling panjang %(max)d karakter (ada %(got)d)", max=limit, got=longest)
                    if column == "unit" else
                    _("kolom %(column)s: paling panjang %(max)d karakter (ada %(got)d)", column=column, max=limit,
                      got=longest))
            diagnostics.error(path, line, what)
    depth = record.get("unit", "").count(">") + 1
    if depth > MAX_UNIT_DEPTH:  # the unit's id path (500 characters) must hold every level
        diagnostics.error(path, line, _("kolom unit: paling banyak %(max)d tingkat (ada %(got)d)",
                                        max=MAX_UNIT_DEPTH, got=depth))


def _check_row(record: dict[str, str], line: int, path: str, diagnostics: Diagnostics) -> Row | None:
    errors_before = len(diagnostics.errors)
    _check_lengths(record, line, path, diagnostics)
    try:
        bare = nip_rules.validate(record["nip"])
    except nip_rules.InvalidNIP as exc:
        diagnostics.error(path, line, _("kolom nip: %(reason)s", reason=str(exc)))
        bare = ""
    if not record["name"]:
        diagnostics.error(path, line, _("kolom name: nama wajib diisi"))
    email = record["email"].lower() or None
    if email and not _EMAIL.match(email):
        diagnostics.error(path, line, _("kolom email: alamat tidak valid: %(email)s", email=email))
    unit = record["unit"]
    if not unit or any(not part.strip() for part in unit.split(">")):
        diagnostics.error(path, line, _("kolom unit: jalur unit kosong atau ada bagian kosong: %(unit)s",
                                        unit=unit))
    supervisor = None
    if record["supervisor_nip"]:
        try:
            supervisor = nip_rules.validate(record["supervisor_nip"])
        except nip_rules.InvalidNIP as exc:
            diagnostics.error(path, line, _("kolom supervisor_nip: %(reason)s", reason=str(exc)))
        if supervisor and supervisor == bare:
            diagnostics.error(path, line, _("kolom supervisor_nip: pegawai tidak bisa menjadi atasan dirinya sendiri"))
    roles: list[Role] = []
    for raw in filter(None, (r.strip() for r in re.split(r"[;|,]", record["roles"]))):
        role = role_of(raw)
        if role is None:
            diagnostics.error(path, line, _("kolom roles: peran tidak dikenal: %(role)s (pilihan: %(known)s)",
                                            role=raw, known=_("peserta, pengajar, atasan, admin")))
        elif role not in roles:
            roles.append(role)
    etype = employee_types.resolve(record.get("employee_type") or EmployeeType.PNS.value)
    if etype is None:
        diagnostics.error(path, line, _("kolom jenis_pegawai: %(value)s tidak dikenal (pilihan: %(known)s)",
                                        value=record.get("employee_type"), known=employee_types.choices_text()))
        etype = EmployeeType.PNS.value
    golongan = (record.get("golongan") or "").strip() or None
    if golongan and etype in (EmployeeType.PNS, EmployeeType.PPPK):
        valid = _PNS_GOLONGAN.match(golongan) if etype == EmployeeType.PNS else golongan in _PPPK_GOLONGAN
        if not valid:
            hint = "I/a … IV/e" if etype == EmployeeType.PNS else "I … XVII"
            diagnostics.error(path, line, _("kolom golongan: %(value)s tidak valid untuk %(type)s (%(hint)s)",
                                            value=golongan, type=etype, hint=hint))
    if len(diagnostics.errors) > errors_before:
        return None
    return Row(line, bare, record["name"], email, unit, record["position"], supervisor, roles,
               golongan, etype, frozenset(c for c in OPTIONAL if c in record))


def _check_against_database(rows: list[Row], path: str, diagnostics: Diagnostics) -> None:
    in_file = {r.nip for r in rows}
    wanted_sups = {r.supervisor_nip for r in rows if r.supervisor_nip} - in_file
    known = set(db.session.scalars(select(User.nip).where(User.nip.in_(wanted_sups)))) if wanted_sups else set()
    for row in rows:
        if row.supervisor_nip and row.supervisor_nip not in in_file and row.supervisor_nip not in known:
            diagnostics.error(path, row.line, _("kolom supervisor_nip: NIP %(nip)s tidak ada di berkas maupun di sistem",  # noqa: E501 - one message, whole for translators
                                                nip=nip_rules.format_nip(row.supervisor_nip)))
    emails = {r.email: r for r in rows if r.email}
    if emails:
        owners = db.session.execute(
            select(func.lower(User.email), User.nip).where(func.lower(User.email).in_(emails))
        ).all()
        for email, owner_nip in owners:
            row = emails[email]
            if owner_nip != row.nip:
                diagnostics.error(path, row.line, _("kolom email: %(email)s sudah dipakai NIP %(nip)s",
                                                    email=email, nip=nip_rules.format_nip(owner_nip)))
    # A cycle of supervisors (A reports to B, B to A) would make the team tree endless.
    boss = {r.nip: r.supervisor_nip for r in rows if r.supervisor_nip}
    for row in rows:
        seen, current = {row.nip}, boss.get(row.nip)
        while current in boss:
            if current in seen:
                diagnostics.error(path, row.line, _("kolom supervisor_nip: rantai atasan berputar kembali ke pegawai ini"))  # noqa: E501 - one message, whole for translators
                break
            seen.add(current)
            current = boss[current]


def check_admin_roles(rows: list[Row], path: str, actor: User | None) -> None:
    """Raise :class:`InputError` when the file takes the admin role from the admin importing
    it (they would lock themselves out of this page), or from every active admin (an import
    from the command line, too: nobody could sign in to administer the site)."""
    diagnostics = Diagnostics()
    by_nip = {r.nip: r for r in rows}
    if actor is not None and actor.has_role(Role.ADMIN) and actor.nip in by_nip \
            and Role.ADMIN not in by_nip[actor.nip].roles:
        diagnostics.error(path, by_nip[actor.nip].line,
                          _("kolom roles: Anda tidak dapat mencabut peran admin Anda sendiri; tambahkan admin "
                            "pada baris ini, atau minta admin lain mengubahnya"))
    admins = db.session.scalars(select(User).join(UserRole, UserRole.user_id == User.id)
                                .where(UserRole.role == Role.ADMIN, User.active.is_(True))).all()
    if admins and not diagnostics.has_errors():
        remaining = [a for a in admins if a.nip not in by_nip or Role.ADMIN in by_nip[a.nip].roles]
        added = [r for r in rows if Role.ADMIN in r.roles]
        if not remaining and not added:
            line = max(by_nip[a.nip].line for a in admins)
            diagnostics.error(path, line, _("kolom roles: berkas ini mencabut peran admin dari semua admin; "
                                            "sisakan paling sedikit satu admin"))
    if diagnostics.has_errors():
        raise InputError(diagnostics)


def import_users(data: bytes, path: str, actor: User | None = None) -> ImportResult:
    """Validate, then create or update every row. Flushes; the caller commits. Audited by
    ``actor`` (None: the command line): every change of roles or supervisor row by row
    (``user.import_change``, old and new), then the import itself (``user.import``: the file's
    name and the counts)."""
    rows = parse_users_csv(data, path)
    check_admin_roles(rows, path, actor)
    result = ImportResult()
    existing = {u.nip: u for u in db.session.scalars(select(User).where(User.nip.in_([r.nip for r in rows])))}
    before = {nip: _roles_and_supervisor(user) for nip, user in existing.items()}
    unit_cache: dict = {}
    positions: dict[str, object] = {}
    users: dict[str, User] = {}
    for row in rows:
        user = existing.get(row.nip)
        if user is None:
            user = User(nip=row.nip, name=row.name)
            db.session.add(user)
            result.created += 1
        else:
            result.updated += 1
        user.name = row.name
        user.email = row.email
        user.unit = ensure_unit_path(row.unit, unit_cache)
        if row.position:
            if row.position not in positions:
                positions[row.position] = ensure_position(row.position)
            user.position = positions[row.position]  # type: ignore[assignment]
        else:
            user.position = None
        if "golongan" in row.given or user.id is None:
            user.golongan = row.golongan
        if "employee_type" in row.given or user.id is None:
            user.employee_type = row.employee_type
        set_roles(user, row.roles)
        users[row.nip] = user
    db.session.flush()
    sup_ids = {u.nip: u.id for u in db.session.scalars(
        select(User).where(User.nip.in_({r.supervisor_nip for r in rows if r.supervisor_nip})))}
    for row in rows:
        user = users[row.nip]
        user.supervisor_id = sup_ids.get(row.supervisor_nip) if row.supervisor_nip else None
    db.session.flush()
    for row in rows:
        old = before.get(row.nip, {"roles": [], "supervisor_nip": None})
        new = {"roles": sorted(r.value for r in row.roles if r != Role.LEARNER), "supervisor_nip": row.supervisor_nip}
        audit.record_changes(actor, "user.import_change", users[row.nip], old, new)
    name = PurePath(path).name
    audit.record(actor, "user.import", ("user_import", None, name), None,
                 {"file": name, "created": result.created, "updated": result.updated})
    return result


def _roles_and_supervisor(user: User) -> dict[str, object]:
    return {"roles": sorted(r.value for r in user.roles if r != Role.LEARNER),
            "supervisor_nip": user.supervisor.nip if user.supervisor else None}
