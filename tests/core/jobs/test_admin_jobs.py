"""/admin/jobs: admins see failed, running and waiting work in words, and retry failed work."""

from __future__ import annotations

from lms.core import transaction
from lms.core.jobs import enqueue
from lms.core.models import JobRun, Role
from lms.testing.helpers import csrf_from
from tests.core.jobs.jobs_plugin import FAILURES_LEFT


def _failed_run(asker) -> JobRun:
    FAILURES_LEFT["adm"] = 3
    run = enqueue("test.flaky", key="adm", name="adm", user_id=asker.id)
    transaction.commit()
    run.status, run.attempts = "failed", 3
    transaction.commit()
    return run


def test_only_admins_see_the_page(client, login_as, make_user) -> None:
    login_as(make_user(roles=[Role.SUPERVISOR]))
    assert client.get("/admin/jobs/").status_code == 403


def test_failed_work_is_shown_in_words_and_retried_with_csrf(client, login_as, make_user, db) -> None:
    admin = make_user(name="Admin Jobs", roles=[Role.ADMIN])
    asker = make_user(name="Siti Peminta")
    run = _failed_run(asker)
    login_as(admin)
    page = client.get("/admin/jobs/")
    assert page.status_code == 200
    html = page.text
    assert "Diminta oleh Siti Peminta" in html and "dicoba 3 kali" in html
    assert "berkas adm belum siap" in html and "RuntimeError" not in html and "test.flaky" not in html
    assert "Coba lagi" in html
    # no CSRF token: refused, nothing retried
    assert client.post(f"/admin/jobs/{run.id}/retry").status_code == 400
    FAILURES_LEFT["adm"] = 0
    response = client.post(f"/admin/jobs/{run.id}/retry", data={"csrf_token": csrf_from(html)},
                           follow_redirects=True)
    assert response.status_code == 200 and "dicoba lagi" in response.text
    db.session.refresh(run)
    assert run.status == "done"
    again = client.post(f"/admin/jobs/{run.id}/retry", data={"csrf_token": csrf_from(html)}, follow_redirects=True)
    assert "tidak perlu dicoba lagi" in again.text


def test_the_admin_index_links_the_page(client, login_as, make_user) -> None:
    login_as(make_user(roles=[Role.ADMIN]))
    assert 'href="/admin/jobs/"' in client.get("/admin/").text


def test_times_are_in_the_readers_words_not_a_numeric_short_date(client, login_as, make_user) -> None:
    asker = make_user(name="Budi Peminta")
    run = _failed_run(asker)
    login_as(make_user(roles=[Role.ADMIN]))
    html = client.get("/admin/jobs/").text
    from lms.web.formatting import format_datetime

    assert format_datetime(run.created_at, "short") not in html  # 3/12/26 reads as March to some
    month = run.created_at.strftime("%b")[:3].replace("Dec", "Des").replace("May", "Mei").replace("Aug", "Agu")
    assert month in html

