"""Who may do what, on the server, for every route: the owner, the owner's direct supervisor,
another supervisor, another learner and an admin."""

import pytest

from lms.testing.helpers import csrf_from

ROLES = ("owner", "supervisor", "other_supervisor", "other_learner", "admin")


def _token(client) -> str:
    return csrf_from(client.get("/records/new").text)


@pytest.fixture
def record(org, kit):
    return kit.make_record(org.staff, title="Catatan Pegawai Satu")


@pytest.mark.parametrize(("role", "status"), [
    ("owner", 200), ("supervisor", 200), ("other_supervisor", 404), ("other_learner", 404), ("admin", 200)])
def test_detail_page(client, org, record, login_as, role, status) -> None:
    login_as(org.role(role))
    assert client.get(f"/records/{record.id}").status_code == status


@pytest.mark.parametrize(("role", "status"), [
    ("owner", 200), ("supervisor", 200), ("other_supervisor", 404), ("other_learner", 404), ("admin", 200)])
def test_certificate(client, org, kit, record, login_as, role, status) -> None:
    login_as(org.role(role))
    response = client.get(f"/records/{record.id}/certificate")
    assert response.status_code == status
    assert (response.data == kit.PDF) is (status == 200)


@pytest.mark.parametrize(("role", "status"), [
    ("owner", 200), ("supervisor", 403), ("other_supervisor", 404), ("other_learner", 404), ("admin", 403)])
def test_edit_page(client, org, record, login_as, role, status) -> None:
    login_as(org.role(role))
    assert client.get(f"/records/{record.id}/edit").status_code == status


@pytest.mark.parametrize(("role", "status"), [
    ("owner", 302), ("supervisor", 403), ("other_supervisor", 404), ("other_learner", 404), ("admin", 403)])
def test_edit_post(client, db, org, kit, record, login_as, role, status) -> None:
    login_as(org.role(role))
    data = {"csrf_token": _token(client), **kit.form_data(title="Diubah")}
    response = client.post(f"/records/{record.id}/edit", data=data, content_type="multipart/form-data")
    assert response.status_code == status
    db.session.refresh(record)
    assert (record.title == "Diubah") is (status == 302)


@pytest.mark.parametrize(("role", "status"), [
    ("owner", 403), ("supervisor", 302), ("other_supervisor", 404), ("other_learner", 404), ("admin", 302)])
def test_decision(client, db, org, record, login_as, role, status) -> None:
    login_as(org.role(role))
    data = {"csrf_token": _token(client), "version": str(record.version), "verify": "Verifikasi", "reason": ""}
    response = client.post(f"/records/{record.id}/decision", data=data)
    assert response.status_code == status
    db.session.refresh(record)
    assert (record.status.value == "verified") is (status == 302)


@pytest.mark.parametrize("role", ROLES)
def test_my_records_lists_only_my_own(client, org, kit, login_as, role) -> None:
    kit.make_record(org.role(role), title="Catatan milik saya")
    kit.make_record(org.other_staff, title="Catatan orang lain")
    login_as(org.role(role))
    page = client.get("/records").text
    assert "Catatan milik saya" in page and "Catatan orang lain" not in page


@pytest.mark.parametrize(("role", "sees"), [
    ("owner", False), ("supervisor", True), ("other_supervisor", False), ("other_learner", False), ("admin", True)])
def test_review_queue_shows_only_ones_staff(client, org, record, login_as, role, sees) -> None:
    login_as(org.role(role))
    response = client.get("/records/review")
    assert response.status_code == 200
    assert ("Catatan Pegawai Satu" in response.text) is sees


def test_other_supervisors_queue_has_their_own_staff_only(client, org, kit, record, login_as) -> None:
    kit.make_record(org.other_staff, title="Catatan Pegawai Dua")
    login_as(org.other_supervisor)
    page = client.get("/records/review").text
    assert "Catatan Pegawai Dua" in page and record.title not in page


def test_nobody_decides_on_their_own_record_not_even_an_admin(client, db, org, kit, login_as) -> None:
    own = kit.make_record(org.admin, title="Catatan admin sendiri")
    login_as(org.admin)
    assert own.title not in client.get("/records/review").text
    data = {"csrf_token": _token(client), "version": str(own.version), "verify": "Verifikasi"}
    assert client.post(f"/records/{own.id}/decision", data=data).status_code == 403


@pytest.mark.parametrize("path", ["/records", "/records/new", "/records/review", "/records/{id}",
                                  "/records/{id}/edit", "/records/{id}/certificate"])
def test_signed_out_visitors_are_sent_to_sign_in(client, record, path) -> None:
    response = client.get(path.format(id=record.id))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("path", ["/records/{id}/edit", "/records/{id}/decision", "/records/new"])
def test_posts_without_a_csrf_token_are_refused(client, db, org, kit, record, login_as, path) -> None:
    for user in (org.staff, org.supervisor):
        login_as(user)
        response = client.post(path.format(id=record.id), data={**kit.form_data(), "verify": "Verifikasi",
                                                                 "version": str(record.version)})
        assert response.status_code == 400
    db.session.refresh(record)
    assert record.status.value == "pending" and record.version == 1


def test_unknown_record_is_404(client, org, login_as) -> None:
    login_as(org.admin)
    assert client.get("/records/999999").status_code == 404
