"""Admin pages of the organisation: the unit tree (create, rename, move with the subtree's
paths recomputed, head), positions, and the plugins page."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import select

from lms.core.models import Position, PositionKind, Role, Unit, User
from lms.core.models.audit import AuditLog
from lms.core.services import org_admin
from lms.testing.helpers import submit
from lms.testing.plugin import settings_for
from lms.web.admin.plugins import MASK, masked


def _audit(db, action: str) -> list[AuditLog]:
    return list(db.session.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))


def _unit(db, name: str) -> Unit:
    return db.session.scalar(select(Unit).where(Unit.name == name))


def test_create_and_rename_units(client, db, admin, make_unit) -> None:
    parent = make_unit("Dinas Pohon")
    response = submit(client, "/admin/units/", {"name": "Bidang Baru", "parent_id": str(parent.id)},
                      action="/admin/units/new")
    assert response.status_code == 302
    child = _unit(db, "Bidang Baru")
    assert child.parent_id == parent.id and child.path == f"{parent.path}{child.id}/"
    assert _audit(db, "unit.create")[-1].after == {"name": "Bidang Baru", "parent_id": parent.id,
                                                   "path": child.path}
    duplicate = submit(client, "/admin/units/", {"name": "bidang baru", "parent_id": str(parent.id)},
                       action="/admin/units/new")
    assert duplicate.status_code == 422 and "sudah ada unit" in duplicate.text
    top = submit(client, "/admin/units/", {"name": "Kecamatan Baru", "parent_id": ""}, action="/admin/units/new")
    assert top.status_code == 302 and _unit(db, "Kecamatan Baru").path == f"/{_unit(db, 'Kecamatan Baru').id}/"

    response = submit(client, f"/admin/units/{child.id}", {"name": "Bidang Ganti"},
                      action=f"/admin/units/{child.id}/rename")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Unit, child.id).name == "Bidang Ganti"
    assert (_audit(db, "unit.rename")[-1].before, _audit(db, "unit.rename")[-1].after) == (
        {"name": "Bidang Baru"}, {"name": "Bidang Ganti"})


def test_moving_a_unit_recomputes_the_paths_of_its_subtree(client, db, admin, make_unit, make_user) -> None:
    leaf = make_unit("Dinas Asal > Bidang Pindah > Seksi Satu > Subseksi")
    make_unit("Dinas Asal > Bidang Pindah > Seksi Dua")
    stay = make_unit("Dinas Asal > Bidang Tetap")
    target = make_unit("Dinas Tujuan > Bidang Induk")
    moving = _unit(db, "Bidang Pindah")
    person = make_user(unit=leaf)
    old_path = moving.path
    response = submit(client, f"/admin/units/{moving.id}", {"parent_id": str(target.id)},
                      action=f"/admin/units/{moving.id}/move")
    assert response.status_code == 302
    db.session.expire_all()
    units = {u.name: u for u in db.session.scalars(select(Unit))}
    new_root = f"{target.path}{moving.id}/"
    assert units["Bidang Pindah"].path == new_root and units["Bidang Pindah"].parent_id == target.id
    assert units["Seksi Satu"].path == f"{new_root}{units['Seksi Satu'].id}/"
    assert units["Subseksi"].path == f"{new_root}{units['Seksi Satu'].id}/{units['Subseksi'].id}/"
    assert units["Seksi Dua"].path == f"{new_root}{units['Seksi Dua'].id}/"
    assert units["Bidang Tetap"].path == stay.path  # outside the subtree: untouched
    entry = _audit(db, "unit.move")[-1]
    assert entry.before == {"parent_id": units["Dinas Asal"].id, "path": old_path}
    assert entry.after == {"parent_id": target.id, "path": new_root, "units_moved": 4}
    # the moved people are now in the target's subtree: the report and Tim Saya see them there
    in_target = db.session.scalars(select(User.id).where(User.unit_id.in_(
        select(Unit.id).where(Unit.path.like(units["Dinas Tujuan"].path + "%"))))).all()
    assert person.id in in_target


def test_a_unit_cannot_move_into_its_own_subtree(client, db, admin, make_unit) -> None:
    leaf = make_unit("Dinas Putar > Bidang Putar > Seksi Putar")
    top = _unit(db, "Dinas Putar")
    response = submit(client, f"/admin/units/{top.id}", {"parent_id": str(leaf.id)},
                      action=f"/admin/units/{top.id}/move")
    assert response.status_code == 422
    with pytest.raises(org_admin.OrgError):
        org_admin.move_unit(top, top)
    assert _audit(db, "unit.move") == []


def test_setting_the_head_of_a_unit_gives_the_supervisor_role(client, db, admin, make_unit, make_user) -> None:
    unit = make_unit("Dinas Kepala")
    head = make_user(name="Kepala Dinas")
    spaced = f"{head.nip[:8]} {head.nip[8:14]} {head.nip[14]} {head.nip[15:]}"
    response = submit(client, f"/admin/units/{unit.id}", {"head_nip": spaced},
                      action=f"/admin/units/{unit.id}/head")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Unit, unit.id).head_id == head.id
    assert Role.SUPERVISOR in db.session.get(User, head.id).roles
    assert _audit(db, "unit.set_head")[-1].after == {"head_id": head.id}
    assert _audit(db, "role.grant")[-1].target_id == str(head.id)
    unknown = submit(client, f"/admin/units/{unit.id}", {"head_nip": "199001012015011999"},
                     action=f"/admin/units/{unit.id}/head")
    assert unknown.status_code == 422 and "tidak ada pegawai" in unknown.text
    cleared = submit(client, f"/admin/units/{unit.id}", {"head_nip": ""}, action=f"/admin/units/{unit.id}/head")
    assert cleared.status_code == 302
    db.session.expire_all()
    assert db.session.get(Unit, unit.id).head_id is None


def test_units_page_shows_the_tree_with_staff_counts(client, admin, make_unit, make_user) -> None:
    leaf = make_unit("Dinas Hitung > Bidang Hitung")
    make_user(unit=leaf)
    make_user(unit=leaf)
    make_user(unit=leaf.parent)
    make_user(unit=leaf, active=False)
    page = client.get("/admin/units/").text
    row = page[page.index("Dinas Hitung"):page.index("Bidang Hitung")]
    counts = re.findall(r'<td data-label="[^"]+">(\d+)</td>', row)
    assert counts == ["1", "3"]  # in the unit / with its subtree


def test_positions_can_be_created_and_edited(client, db, admin) -> None:
    response = submit(client, "/admin/positions/new", {"name": "Pranata Komputer Ahli Pertama",
                                                       "kind": "fungsional"})
    position = db.session.scalar(select(Position).where(Position.name == "Pranata Komputer Ahli Pertama"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/admin/positions/{position.id}/standards")
    assert position.kind == PositionKind.FUNGSIONAL
    assert _audit(db, "position.create")[-1].after == {"name": "Pranata Komputer Ahli Pertama", "kind": "fungsional"}
    response = submit(client, f"/admin/positions/{position.id}/edit", {"name": "Pranata Komputer Ahli Muda",
                                                                        "kind": "fungsional"})
    assert response.status_code == 302
    entry = _audit(db, "position.update")[-1]
    assert entry.before == {"name": "Pranata Komputer Ahli Pertama"} and entry.after == {
        "name": "Pranata Komputer Ahli Muda"}
    duplicate = submit(client, "/admin/positions/new", {"name": "pranata komputer ahli muda", "kind": "pelaksana"})
    assert duplicate.status_code == 422 and "sudah ada" in duplicate.text
    listing = client.get("/admin/positions/").text
    assert f"/admin/positions/{position.id}/edit" in listing and "/admin/positions/new" in listing


def test_plugin_settings_are_masked_when_they_look_secret() -> None:
    rows = dict(masked({"api_key": "abc", "SMTP_PASSWORD": "p", "client_secret": "s", "token": "t",
                        "base_url": "https://x.example", "empty_token": ""}))
    assert rows == {"api_key": MASK, "SMTP_PASSWORD": MASK, "client_secret": MASK, "token": MASK,
                    "base_url": "https://x.example", "empty_token": ""}


class _SettingsPlugin:
    from lms.plugins import hookimpl

    @hookimpl
    def lms_register_settings(self) -> dict[str, str]:
        return {"endpoint": "https://webinar.example", "api_token": "rahasia-sekali"}


@pytest.fixture(scope="module")
def plugin_app(tmp_path_factory) -> Flask:
    from lms.app import create_app

    tmp = tmp_path_factory.mktemp("plugins")
    app = create_app(settings_for(tmp, LMS_PLUGINS="lesson,quiz"), plugins=[("webinar", _SettingsPlugin())])
    with app.app_context():
        from lms.extensions import db as _db

        _db.create_all()
    return app


def test_plugins_page_lists_installed_enabled_and_masked_settings(plugin_app) -> None:
    from lms.core import transaction
    from lms.testing.factories import make_user

    with plugin_app.app_context():
        admin = make_user(roles=[Role.ADMIN])
        transaction.commit()
        session_id = admin.get_id()
    client = plugin_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = session_id
    page = client.get("/admin/plugins/").text
    assert "webinar" in page and "https://webinar.example" in page
    assert "rahasia-sekali" not in page and MASK in page
    assert "LMS_" not in page and "lms " not in page  # no setting names or commands for an admin
    survey = page[page.index("<h2>Survei dan evaluasi"):]
    assert "tidak aktif" in survey[:300]
    quiz = page[page.index("<h2>Kuis"):]
    assert "aktif" in quiz[:300] and "tidak aktif" not in quiz[:300]
