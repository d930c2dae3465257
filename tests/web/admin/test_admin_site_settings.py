"""``/admin/settings``: what an admin sets is stored in the database, checked field by field,
audited with the old and new value in words, and used where it matters (certificates, the JP
target, the site's address)."""

from __future__ import annotations

from sqlalchemy import select

from lms.core import site_settings
from lms.core.models import Role, SiteSetting
from lms.core.models.audit import AuditLog
from lms.testing.helpers import submit

GOOD = {"certificate_agency": "Badan Kepegawaian Kota Sukamaju", "certificate_signer_name": "Dra. Sri Wahyuni, M.Si.",
        "certificate_signer_title": "Kepala BKPSDM", "jp_target": "24,5", "base_url": "https://elearning.sukamaju.go.id/"}


def test_defaults_come_from_the_environment_until_an_admin_sets_them(app, db) -> None:
    assert site_settings.get("jp_target") == app.extensions["lms.settings"].jp_target
    assert site_settings.base_url() == site_settings.FALLBACK_URL
    assert site_settings.get("certificate_agency") == \
        app.extensions["lms.host"].settings_of("certificate")["agency"]
    site_settings.update({"jp_target": "30"})
    assert site_settings.default_jp_target() == 30.0
    assert db.session.get(SiteSetting, "jp_target").value == "30.0"
    # back to the default: the row goes, so a later change of the environment applies again
    site_settings.update({"jp_target": "20"})
    assert db.session.get(SiteSetting, "jp_target") is None


def test_admin_saves_the_settings_and_the_change_is_audited_in_words(client, db, admin) -> None:
    page = client.get("/admin/settings")
    assert page.status_code == 200 and "LMS_" not in page.text
    response = submit(client, "/admin/settings", GOOD)
    assert response.status_code == 302
    assert site_settings.values() == {
        "certificate_agency": "Badan Kepegawaian Kota Sukamaju", "certificate_signer_name": "Dra. Sri Wahyuni, M.Si.",
        "certificate_signer_title": "Kepala BKPSDM", "jp_target": 24.5, "base_url": "https://elearning.sukamaju.go.id"}
    entry = db.session.scalars(select(AuditLog).where(AuditLog.action == "site_setting.update")).one()
    assert entry.before["jp_target"] == 20.0 and entry.after["jp_target"] == 24.5
    assert entry.actor_id == admin.id
    page = client.get("/admin/settings").text
    assert "Pengaturan situs diubah" in page and "20 JP" in page and "24,5 JP" in page
    assert "Target JP" in page and "otomatis (alamat server)" in page  # the base URL was automatic
    assert 'value="24,5"' in page
    # saving again without a change writes no audit entry
    submit(client, "/admin/settings", GOOD)
    assert db.session.scalar(select(AuditLog.id).where(AuditLog.action == "site_setting.update")
                             .order_by(AuditLog.id.desc()).offset(1)) is None


def test_bad_values_are_refused_per_field_and_nothing_is_written(client, db, admin) -> None:
    response = submit(client, "/admin/settings", {**GOOD, "certificate_agency": " ", "jp_target": "banyak",
                                                  "base_url": "elearning.sukamaju.go.id"})
    assert response.status_code == 422
    text = response.text
    assert "Wajib diisi." in text and "Tulis angka JP" in text and "Tulis alamat lengkap situs" in text
    assert 'id="certificate_agency-err"' in text and 'id="jp_target-err"' in text and 'id="base_url-err"' in text
    assert db.session.scalars(select(SiteSetting)).all() == []
    for jp in ("0", "-3", "1001", "nan"):
        assert "jp_target" in site_settings.check({"jp_target": jp}), jp


def test_only_admins_open_the_settings(client, db, make_user, login_as) -> None:
    assert client.get("/admin/settings").status_code in (302, 401)
    login_as(make_user(roles=[Role.SUPERVISOR]))
    assert client.get("/admin/settings").status_code == 403


def test_form_without_csrf_token_is_refused(client, db, admin) -> None:
    response = client.post("/admin/settings", data=GOOD)
    assert response.status_code == 400
    assert db.session.scalars(select(SiteSetting)).all() == []
