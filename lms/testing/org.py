"""An organisation tree for tests: the agencies, units, supervisors and staff that team,
assignment, report and plugin tests need (the ``org_tree`` fixture of the pytest plugin).

* ``Dinas Uji`` headed by ``kadis``; its ``Bidang A`` headed by ``kabid``, who also directly
  supervises ``ani`` and ``budi`` (both in Bidang A);
* ``Seksi A1`` below Bidang A with ``citra``, supervised by its head ``kasi``;
* ``dodi`` in another agency (``Dinas Lain > Bidang Lain``); an ``admin``;
* ``position``: the job ``ani``, ``citra`` and ``dodi`` share.

And a smaller one, :func:`build_supervision` (the ``supervision`` fixture): two supervisors with
one staff member each, an unrelated employee and an admin, for access rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from lms.core.models import Role, User
from lms.extensions import db
from lms.testing import factories


def build_org_tree() -> SimpleNamespace:
    """Create the tree in the current session (flushed) and return its units and people by name."""
    make_unit, make_user = factories.make_unit, factories.make_user
    dinas = make_unit("Dinas Uji")
    bidang = make_unit("Dinas Uji > Bidang A")
    seksi = make_unit("Dinas Uji > Bidang A > Seksi A1")
    other = make_unit("Dinas Lain > Bidang Lain")
    staff_position = factories.make_position("Analis Uji")
    kadis = make_user(name="Kadis", roles=[Role.SUPERVISOR], unit=dinas)
    kabid = make_user(name="Kabid", roles=[Role.SUPERVISOR], unit=bidang, supervisor=kadis)
    kasi = make_user(name="Kasi", roles=[Role.SUPERVISOR], unit=seksi, supervisor=kabid)
    ani = make_user(name="Ani", unit=bidang, supervisor=kabid, position=staff_position)
    budi = make_user(name="Budi", unit=bidang, supervisor=kabid)
    citra = make_user(name="Citra", unit=seksi, supervisor=kasi, position=staff_position)
    dodi = make_user(name="Dodi", unit=other, position=staff_position)
    admin = make_user(name="Admin", roles=[Role.ADMIN])
    dinas.head_id, bidang.head_id, seksi.head_id = kadis.id, kabid.id, kasi.id
    db.session.flush()
    return SimpleNamespace(dinas=dinas, bidang=bidang, seksi=seksi, other=other, position=staff_position,
                           kadis=kadis, kabid=kabid, kasi=kasi, ani=ani, budi=budi, citra=citra, dodi=dodi,
                           admin=admin)


@dataclass
class Supervision:
    """Two supervisors with one staff member each, someone related to neither, and an admin: the
    people an access rule ("a supervisor sees their own staff only") is checked against."""

    supervisor: User
    staff: User  # reports to supervisor
    other_supervisor: User
    other_staff: User  # reports to other_supervisor
    learner: User  # reports to nobody, supervises nobody
    admin: User

    def role(self, name: str) -> User:
        """The person by their part: owner, supervisor, other_supervisor, other_learner, admin."""
        return {"owner": self.staff, "supervisor": self.supervisor, "other_supervisor": self.other_supervisor,
                "other_learner": self.learner, "admin": self.admin}[name]


def build_supervision() -> Supervision:
    make_user = factories.make_user
    supervisor = make_user(name="Atasan Satu", roles=[Role.SUPERVISOR])
    other_supervisor = make_user(name="Atasan Dua", roles=[Role.SUPERVISOR])
    return Supervision(supervisor=supervisor, staff=make_user(name="Pegawai Satu", supervisor=supervisor),
                       other_supervisor=other_supervisor,
                       other_staff=make_user(name="Pegawai Dua", supervisor=other_supervisor),
                       learner=make_user(name="Pegawai Lain"), admin=make_user(name="Admin BKPSDM", roles=[Role.ADMIN]))
