"""The demo agency of ``lms demo``: a few units, positions, a supervisor with five staff, a
trainer and an admin. Idempotent: running it again updates the same people."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from lms.core import password_policy
from lms.core.competency_framework import ensure_national_competencies
from lms.core.models import EmployeeType, PositionKind, Role, User
from lms.core.services import accounts
from lms.core.services.competencies import set_position_standards
from lms.core.services.org import ensure_position, ensure_unit_path
from lms.extensions import db

KOMINFO = "Dinas Komunikasi dan Informatika"
UNITS = {
    "aplikasi": f"{KOMINFO} > Bidang Aplikasi Informatika",
    "persandian": f"{KOMINFO} > Bidang Persandian dan Statistik",
    "sekretariat": f"{KOMINFO} > Sekretariat",
    "bkpsdm": "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
}


@dataclass(frozen=True)
class DemoPerson:
    key: str
    nip: str
    name: str
    email: str
    unit: str
    position: str
    kind: PositionKind
    golongan: str
    roles: tuple[Role, ...] = ()
    supervisor: str | None = None
    employee_type: EmployeeType = EmployeeType.PNS


PEOPLE = (
    DemoPerson("admin", "197805122003121002", "Bambang Sutrisno, S.Kom.", "admin@demo.sinau.id",
               "bkpsdm", "Analis Sumber Daya Manusia Aparatur Ahli Muda", PositionKind.FUNGSIONAL,
               "III/c", (Role.ADMIN,)),
    DemoPerson("trainer", "198103152006042003", "Dra. Endang Lestari, M.Pd.", "widyaiswara@demo.sinau.id",
               "bkpsdm", "Widyaiswara Ahli Madya", PositionKind.FUNGSIONAL, "IV/a", (Role.TRAINER,)),
    DemoPerson("supervisor", "197604202000031001", "Ir. Hendra Wijaya, M.T.", "hendra@demo.sinau.id",
               "aplikasi", "Kepala Bidang Aplikasi Informatika", PositionKind.ADMINISTRATOR, "IV/a",
               (Role.SUPERVISOR,)),
    DemoPerson("learner", "199002142015032004", "Siti Rahmawati, S.T.", "siti@demo.sinau.id",
               "aplikasi", "Pranata Komputer Ahli Pertama", PositionKind.FUNGSIONAL, "III/b",
               supervisor="supervisor"),
    DemoPerson("staff2", "198807092011011003", "Agus Prasetyo, S.Kom.", "agus@demo.sinau.id",
               "aplikasi", "Pranata Komputer Ahli Muda", PositionKind.FUNGSIONAL, "III/c",
               supervisor="supervisor"),
    DemoPerson("staff3", "199511232019032002", "Dewi Kartika Sari, A.Md.", "dewi@demo.sinau.id",
               "aplikasi", "Pranata Komputer Terampil", PositionKind.FUNGSIONAL, "II/d",
               supervisor="supervisor"),
    DemoPerson("staff4", "198512012010011005", "Rudi Hartono", "rudi@demo.sinau.id",
               "aplikasi", "Pengelola Sistem Informasi", PositionKind.PELAKSANA, "II/c",
               supervisor="supervisor"),
    DemoPerson("staff5", "199203182022212001", "Nur Aini, S.Kom.", "nuraini@demo.sinau.id",
               "aplikasi", "Pranata Komputer Ahli Pertama", PositionKind.FUNGSIONAL, "IX",
               supervisor="supervisor", employee_type=EmployeeType.PPPK),
)


# Required levels for the demo positions (an agency takes them from its job analysis; these are
# illustrative, so that the demo learner sees gaps that the sample courses close).
STANDARDS: dict[str, dict[str, int]] = {
    "Pranata Komputer Ahli Pertama": {
        "integritas": 2, "kerja-sama": 2, "komunikasi": 2, "orientasi-pada-hasil": 2,
        "pelayanan-publik": 2, "pengembangan-diri-dan-orang-lain": 1, "mengelola-perubahan": 2,
        "pengambilan-keputusan": 1, "perekat-bangsa": 2,
    },
    "Kepala Bidang Aplikasi Informatika": {
        "integritas": 3, "kerja-sama": 3, "komunikasi": 3, "orientasi-pada-hasil": 3,
        "pelayanan-publik": 3, "pengembangan-diri-dan-orang-lain": 3, "mengelola-perubahan": 3,
        "pengambilan-keputusan": 3, "perekat-bangsa": 3,
    },
}


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


def create_demo_agency(password: str) -> list[tuple[DemoPerson, User]]:
    """Create or refresh the demo people; every account gets ``password``."""
    created: dict[str, User] = {}
    cache: dict = {}
    for person in PEOPLE:
        unit = ensure_unit_path(UNITS[person.unit], cache)
        position = ensure_position(person.position, person.kind)
        user = accounts.get_by_nip(person.nip)
        if user is None:
            user = accounts.create_user(nip=person.nip, name=person.name, email=person.email,
                                        roles=person.roles)
        user.name, user.email = person.name, person.email
        user.unit_id, user.position_id = unit.id, position.id
        user.golongan, user.employee_type = person.golongan, person.employee_type
        accounts.set_roles(user, person.roles)
        accounts.set_password(user, password)
        created[person.key] = user
    for person in PEOPLE:
        if person.supervisor:
            created[person.key].supervisor_id = created[person.supervisor].id
    aplikasi = ensure_unit_path(UNITS["aplikasi"], cache)
    aplikasi.head_id = created["supervisor"].id
    ensure_national_competencies()
    for position_name, levels in STANDARDS.items():
        set_position_standards(ensure_position(position_name), levels)
    db.session.flush()
    return [(p, created[p.key]) for p in PEOPLE]
