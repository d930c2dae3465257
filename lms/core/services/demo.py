"""The demo agency of ``lms demo``: "Pemerintah Kota Sukamaju", a few hundred staff in several
OPD (each unit headed by a real person who supervises its staff), PNS and PPPK, and the named
accounts whose logins are printed. Their year of history is :mod:`lms.core.services.demo_history`.

Deterministic (a seeded random per run size) and idempotent: people are found again by NIP and
updated, never duplicated. Only the named accounts get the demo password (one hash each run).
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from lms.core import password_policy, site_settings
from lms.core.competency_framework import NATIONAL_CODES, ensure_national_competencies
from lms.core.models import EmployeeType, Position, PositionKind, Role, Unit, User
from lms.core.services import accounts
from lms.core.services.competencies import set_position_standards
from lms.core.services.org import ensure_position, ensure_unit_path
from lms.extensions import db

CITY = "Pemerintah Kota Sukamaju"
#: what the certificates of the city say (set unless an admin already set them)
CERTIFICATE = {"certificate_agency": "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Sukamaju",
               "certificate_signer_name": "Drs. H. Ahmad Fauzi, M.Si.",
               "certificate_signer_title": "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"}
KOMINFO = "Dinas Komunikasi dan Informatika"
BKPSDM = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
DEFAULT_SIZE = 300
SEED = 20261203

#: OPD -> (its sub-units, the specialist positions of its staff); weights share out the staff
OPD: dict[str, tuple[tuple[str, ...], tuple[str, ...], int]] = {
    "Sekretariat Daerah": (("Bagian Umum", "Bagian Hukum", "Bagian Organisasi"),
                           ("Analis Hukum Ahli Pertama", "Analis Kebijakan Ahli Muda", "Arsiparis Terampil"), 12),
    BKPSDM: (("Bidang Pengembangan Kompetensi", "Bidang Mutasi dan Promosi"),
             ("Analis Sumber Daya Manusia Aparatur Ahli Pertama", "Widyaiswara Ahli Muda"), 10),
    KOMINFO: (("Bidang Aplikasi Informatika", "Bidang Persandian dan Statistik", "Sekretariat"),
              ("Pranata Komputer Ahli Pertama", "Pranata Komputer Ahli Muda", "Statistisi Ahli Pertama",
               "Sandiman Ahli Pertama"), 16),
    "Dinas Kesehatan": (("Bidang Pelayanan Kesehatan", "Bidang Pencegahan dan Pengendalian Penyakit"),
                        ("Perawat Ahli Pertama", "Epidemiolog Kesehatan Ahli Pertama", "Nutrisionis Terampil"), 20),
    "Dinas Kependudukan dan Pencatatan Sipil": (
        ("Bidang Pelayanan Pendaftaran Penduduk", "Bidang Pencatatan Sipil"),
        ("Administrator Database Kependudukan Ahli Pertama", "Pengadministrasi Kependudukan"), 14),
    "Badan Perencanaan Pembangunan Daerah": (("Bidang Perencanaan Ekonomi", "Bidang Penelitian dan Pengembangan"),
                                             ("Perencana Ahli Pertama", "Perencana Ahli Muda"), 10),
    "Dinas Pendidikan": (("Bidang Pembinaan Sekolah Dasar", "Bidang Pembinaan Sekolah Menengah Pertama"),
                         ("Pengawas Sekolah Ahli Muda", "Analis Kurikulum"), 18),
}
COMMON_POSITIONS = ("Pengadministrasi Perkantoran", "Pengelola Keuangan", "Pengelola Barang Milik Daerah")
#: the supervisor of the demo gets a big team: this share of the staff work in his field
APLIKASI_SHARE = 0.08


@dataclass(frozen=True)
class DemoPerson:
    key: str
    nip: str
    name: str
    email: str
    unit: str  # the unit's path under the city
    position: str
    kind: PositionKind
    golongan: str
    roles: tuple[Role, ...] = ()
    employee_type: EmployeeType = EmployeeType.PNS


APLIKASI = f"{KOMINFO} > Bidang Aplikasi Informatika"
PENGEMBANGAN = f"{BKPSDM} > Bidang Pengembangan Kompetensi"

#: the accounts whose logins ``lms demo`` prints (the supervisor heads Bidang Aplikasi Informatika)
PEOPLE = (
    DemoPerson("admin", "197805122003121002", "Bambang Sutrisno, S.Kom.", "admin@demo.sinau.id",
               PENGEMBANGAN, "Analis Sumber Daya Manusia Aparatur Ahli Muda", PositionKind.FUNGSIONAL,
               "III/c", (Role.ADMIN,)),
    DemoPerson("trainer", "198103152006042003", "Dra. Endang Lestari, M.Pd.", "widyaiswara@demo.sinau.id",
               PENGEMBANGAN, "Widyaiswara Ahli Madya", PositionKind.FUNGSIONAL, "IV/a", (Role.TRAINER,)),
    DemoPerson("supervisor", "197604202000031001", "Ir. Hendra Wijaya, M.T.", "hendra@demo.sinau.id",
               APLIKASI, "Kepala Bidang Aplikasi Informatika", PositionKind.ADMINISTRATOR, "IV/a",
               (Role.SUPERVISOR,)),
    DemoPerson("learner", "199002142015032004", "Siti Rahmawati, S.T.", "siti@demo.sinau.id",
               APLIKASI, "Pranata Komputer Ahli Pertama", PositionKind.FUNGSIONAL, "III/b"),
    DemoPerson("staff2", "198807092011011003", "Agus Prasetyo, S.Kom.", "agus@demo.sinau.id",
               APLIKASI, "Pranata Komputer Ahli Muda", PositionKind.FUNGSIONAL, "III/c"),
    DemoPerson("staff3", "199511232019032002", "Dewi Kartika Sari, A.Md.", "dewi@demo.sinau.id",
               APLIKASI, "Pranata Komputer Terampil", PositionKind.FUNGSIONAL, "II/d"),
    DemoPerson("staff4", "198512012010011005", "Rudi Hartono", "rudi@demo.sinau.id",
               APLIKASI, "Pengelola Sistem Informasi", PositionKind.PELAKSANA, "II/c"),
    DemoPerson("staff5", "199203182022212001", "Nur Aini, S.Kom.", "nuraini@demo.sinau.id",
               APLIKASI, "Pranata Komputer Ahli Pertama", PositionKind.FUNGSIONAL, "IX",
               employee_type=EmployeeType.PPPK),
)
#: whose logins are printed, per role, in this order
LOGIN_KEYS = ("learner", "supervisor", "trainer", "admin")

MALE = ("Ahmad", "Budi", "Dedi", "Eko", "Fajar", "Gilang", "Hadi", "Imam", "Joko", "Kurniawan", "Lukman",
        "Muhammad", "Nanang", "Oki", "Purnomo", "Rizky", "Slamet", "Taufik", "Wahyu", "Yusuf", "Arif", "Bayu",
        "Dimas", "Hendro", "Irfan", "Rahmat", "Sigit", "Teguh", "Agung", "Bagus")
FEMALE = ("Ani", "Budiarti", "Citra", "Diah", "Endah", "Fitri", "Gita", "Hesti", "Indah", "Kartika", "Lestari",
          "Maya", "Novi", "Putri", "Ratna", "Sri", "Tri", "Wulan", "Yuni", "Ayu", "Dwi", "Eka", "Rina", "Sari",
          "Dian", "Nurul", "Retno", "Siska", "Anisa", "Mega")
FAMILY = ("Santoso", "Wibowo", "Susanto", "Kusuma", "Saputra", "Hidayat", "Nugroho", "Pratama", "Setiawan",
          "Wijayanti", "Rahayu", "Handayani", "Purnamasari", "Gunawan", "Halim", "Siregar", "Nasution",
          "Simanjuntak", "Lubis", "Hakim", "Utami", "Permana", "Suryadi", "Firmansyah", "Maulana", "Ramadhan",
          "Anggraini", "Safitri", "Hartati", "Suharto")
DEGREES = ("", "", "", "S.Kom.", "S.E.", "S.H.", "S.Sos.", "A.Md.", "S.T.", "S.Pd.", "S.Kep.", "M.M.", "M.Si.")
PNS_GOLONGAN = ("II/a", "II/b", "II/c", "II/d", "III/a", "III/a", "III/b", "III/b", "III/c", "III/d")
PPPK_GOLONGAN = ("V", "VII", "IX", "IX", "X")


@dataclass
class Agency:
    """What :func:`create_demo_agency` made: the named accounts and every demo person."""

    named: dict[str, User]
    staff: list[User] = field(default_factory=list)  # everyone, heads included
    heads: dict[int, User] = field(default_factory=dict)  # unit id -> its head
    units: dict[str, Unit] = field(default_factory=dict)  # path under the city -> unit


def password_problem(password: str) -> str | None:
    """Why ``password`` cannot be every demo account's password (the same rules as for anyone)."""
    for person in PEOPLE:
        reason = password_policy.problem(password, nip=person.nip, name=person.name, email=person.email)
        if reason:
            return reason
    return None


def new_demo_password() -> str:
    """A random password that passes the rules for every demo account (a random string can,
    rarely, contain a name part such as "nur")."""
    while True:
        password = secrets.token_urlsafe(9)
        if password_problem(password) is None:
            return password


@dataclass(frozen=True)
class Generated:
    nip: str
    name: str
    email: str
    unit: str
    position: str
    kind: PositionKind
    golongan: str
    employee_type: EmployeeType
    head_of: str | None = None  # the unit path this person heads


def _nip(rng: random.Random, serial: int, female: bool, pppk: bool) -> str:
    born = date(rng.randint(1968, 1998), rng.randint(1, 12), rng.randint(1, 28))
    appointed = min(born.year + rng.randint(22, 30), 2024)
    month = rng.randint(1, 12)
    # a PPPK's NIP has its appointment year and "21" where a PNS's has the month of appointment
    middle = f"{max(appointed, 2019)}21" if pppk else f"{appointed}{month:02d}"
    return f"{born:%Y%m%d}{middle}{2 if female else 1}{serial % 1000:03d}"


def _name(rng: random.Random) -> tuple[str, bool]:
    female = rng.random() < 0.5
    first = rng.choice(FEMALE if female else MALE)
    name = f"{first} {rng.choice(FAMILY)}"
    degree = rng.choice(DEGREES)
    return (f"{name}, {degree}" if degree else name), female


def plan_people(size: int) -> list[Generated]:
    """The generated staff for ``size`` (heads first, then staff), the same for the same size."""
    rng = random.Random(SEED)
    taken = {p.nip for p in PEOPLE}
    people: list[Generated] = []
    serial = 0

    def person(unit: str, position: str, kind: PositionKind, head_of: str | None = None,
               golongan: str | None = None) -> None:
        nonlocal serial
        name, female = _name(rng)
        pppk = head_of is None and kind != PositionKind.ADMINISTRATOR and rng.random() < 0.25
        while True:
            serial += 1
            nip = _nip(rng, serial, female, pppk)
            if nip not in taken:
                break
        taken.add(nip)
        local = name.split(",")[0].split()[0].lower()
        people.append(Generated(
            nip=nip, name=name, email=f"{local}.{serial:03d}@demo.sinau.id", unit=unit, position=position, kind=kind,
            golongan=golongan or rng.choice(PPPK_GOLONGAN if pppk else PNS_GOLONGAN),
            employee_type=EmployeeType.PPPK if pppk else EmployeeType.PNS, head_of=head_of))

    for opd, (subunits, _specialists, _weight) in OPD.items():
        person(opd, f"Kepala {opd}" if not opd.startswith("Sekretariat") else "Sekretaris Daerah",
               PositionKind.JPT_PRATAMA, head_of=opd, golongan=rng.choice(("IV/c", "IV/d")))
        for sub in subunits:
            path = f"{opd} > {sub}"
            if path == APLIKASI:
                continue  # headed by the named supervisor
            title = f"Kepala {sub}" if not sub.startswith("Sekretariat") else f"Sekretaris {opd}"
            person(path, title, PositionKind.ADMINISTRATOR, head_of=path, golongan=rng.choice(("IV/a", "IV/b")))
    heads = len(people)
    staff = max(0, size - heads - len(PEOPLE))
    aplikasi = max(1, round(staff * APLIKASI_SHARE)) if staff else 0
    for _ in range(aplikasi):
        position = rng.choice(OPD[KOMINFO][1] + COMMON_POSITIONS[:1])
        person(APLIKASI, position, _kind(position))
    total_weight = sum(w for _subs, _pos, w in OPD.values())
    rest = staff - aplikasi
    for opd, (subunits, specialists, weight) in OPD.items():
        share = round(rest * weight / total_weight)
        for n in range(share):
            if len(people) - heads >= staff:
                break
            sub = subunits[n % len(subunits)]
            position = rng.choice(specialists + COMMON_POSITIONS)
            person(f"{opd} > {sub}", position, _kind(position))
    while len(people) - heads < staff:  # rounding: the rest to the biggest OPD
        position = rng.choice(COMMON_POSITIONS)
        person("Dinas Kesehatan > Bidang Pelayanan Kesehatan", position, _kind(position))
    return people


def _kind(position: str) -> PositionKind:
    return PositionKind.PELAKSANA if position.startswith(("Pengadministrasi", "Pengelola")) else \
        PositionKind.FUNGSIONAL


def _levels(kind: PositionKind) -> dict[str, int]:
    """Illustrative required levels (an agency takes them from its job analysis)."""
    base = {PositionKind.JPT_PRATAMA: 4, PositionKind.ADMINISTRATOR: 3, PositionKind.PENGAWAS: 3,
            PositionKind.FUNGSIONAL: 2, PositionKind.PELAKSANA: 1}.get(kind, 2)
    return {code: max(1, base - (1 if i % 4 == 3 else 0)) for i, code in enumerate(NATIONAL_CODES)}


def _upsert(existing: dict[str, User], nip: str, name: str, email: str, unit: Unit, position: Position,
            golongan: str, employee_type: EmployeeType, roles: tuple[Role, ...] = ()) -> User:
    user = existing.get(nip)
    if user is None:
        user = accounts.create_user(nip=nip, name=name, email=email, roles=roles)
        existing[nip] = user
    else:
        accounts.set_roles(user, roles)
    user.name, user.email, user.active = name, email, True
    user.unit_id, user.position_id = unit.id, position.id
    user.golongan, user.employee_type = golongan, employee_type
    return user


def create_demo_agency(password: str, size: int = DEFAULT_SIZE, *, new_password: bool = True) -> Agency:
    """Create or refresh the city, its units and positions, its staff (about ``size`` people)
    and the named accounts. These get ``password`` when they are new or ``new_password`` (it
    changed): one hash for all of them, so that a rerun costs no password hashing and signs
    nobody out. Flushes; the caller commits."""
    ensure_national_competencies()
    unset = {key: value for key, value in CERTIFICATE.items() if not site_settings.is_stored(key)}
    if unset:
        site_settings.update(unset)
    cache: dict = {}
    generated = plan_people(size)
    existing = {u.nip: u for u in db.session.scalars(
        select(User).where(User.nip.in_([p.nip for p in PEOPLE] + [g.nip for g in generated])))}
    agency = Agency(named={})
    positions: dict[str, Position] = {}

    def unit_of(path: str) -> Unit:
        if path not in agency.units:
            agency.units[path] = ensure_unit_path(path, cache)  # the OPD are the top units: reports group by them
        return agency.units[path]

    def position_of(name: str, kind: PositionKind) -> Position:
        if name not in positions:
            positions[name] = ensure_position(name, kind)
        return positions[name]

    hashed: str | None = None
    for person in PEOPLE:
        fresh = person.nip not in existing
        user = _upsert(existing, person.nip, person.name, person.email, unit_of(person.unit),
                       position_of(person.position, person.kind), person.golongan, person.employee_type,
                       person.roles)
        if fresh or new_password or user.password_hash is None:
            if hashed is None:
                accounts.set_password(user, password)  # the rules checked once, the hash made once
                hashed = user.password_hash
            else:
                user.password_hash = hashed
                accounts.end_sessions(user)
        agency.named[person.key] = user
    for g in generated:
        roles = (Role.SUPERVISOR,) if g.head_of else ()
        user = _upsert(existing, g.nip, g.name, g.email, unit_of(g.unit), position_of(g.position, g.kind),
                       g.golongan, g.employee_type, roles)
        agency.staff.append(user)
        if g.head_of:
            agency.heads[unit_of(g.head_of).id] = user
    agency.heads[unit_of(APLIKASI).id] = agency.named["supervisor"]
    agency.staff.extend(agency.named.values())
    db.session.flush()
    _link_heads(agency)
    for position in positions.values():
        set_position_standards(position, _levels(position.kind))
    db.session.flush()
    return agency


def _link_heads(agency: Agency) -> None:
    """Each unit's head supervises its staff; a sub-unit's head reports to the OPD's head."""
    by_id = {unit.id: unit for unit in agency.units.values()}
    for unit_id, head in agency.heads.items():
        by_id[unit_id].head_id = head.id
    for user in agency.staff:
        unit = by_id.get(user.unit_id)
        if unit is None:
            continue
        head = agency.heads.get(unit.id)
        if head is not None and head.id != user.id:
            user.supervisor_id = head.id
        else:  # the head of a sub-unit: the OPD's head; an OPD's head: nobody in the demo
            parent_head = agency.heads.get(unit.parent_id) if unit.parent_id in by_id else None
            user.supervisor_id = parent_head.id if parent_head is not None and parent_head.id != user.id else None
