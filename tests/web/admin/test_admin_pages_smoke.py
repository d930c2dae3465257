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


def test_the_admin_home_shows_the_key_figures_with_links(client, db, admin, make_user, make_course,
                                                         assigned) -> None:
    """Staff, the share at the JP target, who is late and records waiting, before the sections."""
    from datetime import timedelta

    from lms.core.models.base import utcnow

    course = make_course("wajib", jp=25)
    late, done = make_user(name="Terlambat"), make_user(name="Tuntas")
    assigned(late, course, due_at=utcnow() - timedelta(days=3))
    assigned(done, course, completed_at=utcnow() - timedelta(days=1), jp=25)
    page = client.get("/admin/").text
    figures = page.split('class="stats admin-figures"')[1].split("</ul>")[0]
    assert page.index("admin-figures") < page.index("admin-sections")
    labels = [s.strip() for s in figures.split('class="stat-value">')[1:]]
    staff, share, overdue, waiting = (v.split("<")[0] for v in labels)
    assert (staff, overdue, waiting) == ("3", "1", "0")  # the admin, Terlambat and Tuntas
    assert share == "33\u00a0%"  # Tuntas reached 20 JP (Indonesian writes a space before %)
    for link in ("/admin/users/", "/admin/reports/", "/admin/reports/people?only=overdue", "/records/review"):
        assert f'href="{link}"' in figures
