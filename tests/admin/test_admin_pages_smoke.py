"""Every admin page renders for an admin (with data in it)."""

from __future__ import annotations

from lms.core.models import Role


def test_every_admin_page_renders(client, admin, make_user, make_unit, make_position, make_course) -> None:
    unit = make_unit("Dinas Uji Halaman > Bidang A")
    position = make_position("Analis Uji Halaman")
    person = make_user(name="Pegawai Halaman", unit=unit, position=position, roles=[Role.SUPERVISOR])
    make_course("kursus-halaman")
    pages = ["/admin/", "/admin/users/", f"/admin/users/?q={person.nip[:8]}+{person.nip[8:14]}",
             f"/admin/users/{person.id}", "/admin/users/import", "/admin/units/", f"/admin/units/{unit.id}",
             f"/admin/units/{unit.parent_id}", "/admin/positions/new", f"/admin/positions/{position.id}/edit",
             "/admin/reports/", f"/admin/reports/?unit={unit.parent_id}", "/admin/reports/people",
             f"/admin/reports/people?unit={unit.id}&direct=1", f"/admin/reports/people/{person.id}",
             "/admin/reports/akpk", f"/admin/reports/akpk?unit={unit.parent_id}", "/admin/plugins/",
             "/admin/audit/", "/admin/positions/"]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, (page, response.status_code, response.text[:2000])
    index = client.get("/admin/").text
    for label in ("Pegawai", "Unit kerja", "Laporan", "Plugin", "Log audit"):
        assert label in index
