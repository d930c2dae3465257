"""/jobs/<id>: progress while waiting (refreshes itself), then the result; only for the person
who asked and admins; the person is notified when it ends."""

from __future__ import annotations

from sqlalchemy import select

from lms.core import transaction
from lms.core.jobs.runs import result_dir
from lms.core.models import JobRun, Notification, Role
from lms.core.services import notifications


def _run(db, user, **values) -> JobRun:
    run = JobRun(name="test.echo", key=values.pop("key", "p"), status=values.pop("status", "queued"), args={},
                 user_id=user.id, attempts=0, max_attempts=1, progress=values.pop("progress", 0), **values)
    db.session.add(run)
    transaction.commit()
    return run


def test_a_waiting_run_shows_progress_and_refreshes_itself(client, login_as, make_user, db) -> None:
    user = login_as(make_user())
    run = _run(db, user, status="running", progress=40, progress_note="12/30")
    page = client.get(f"/jobs/{run.id}")
    assert page.status_code == 200
    assert 'data-refresh-seconds="3"' in page.text and "js/job-refresh.js" in page.text
    assert "Perbarui sekarang" in page.text  # without JavaScript: a button that reloads
    assert 'value="40"' in page.text and "12/30" in page.text and "Sedang dikerjakan" in page.text
    run.status, run.result = "done", {"x": 1}
    transaction.commit()
    done = client.get(f"/jobs/{run.id}")
    assert "job-refresh.js" not in done.text and "Selesai" in done.text


def test_only_the_asker_and_admins_see_a_run_and_its_file(app, client, login_as, make_user, db) -> None:
    owner = make_user()
    run = _run(db, owner, status="done", key="f")
    (result_dir(run.id) / "laporan.xlsx").write_bytes(b"PK-isi")
    run.result = {"file": "laporan.xlsx", "filename": "laporan-2026.xlsx",
                  "media_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    transaction.commit()
    login_as(make_user())  # someone else
    assert client.get(f"/jobs/{run.id}").status_code == 404
    assert client.get(f"/jobs/{run.id}/download").status_code == 404
    login_as(owner)
    page = client.get(f"/jobs/{run.id}")
    assert f'href="/jobs/{run.id}/download"' in page.text and "laporan-2026.xlsx" in page.text
    download = client.get(f"/jobs/{run.id}/download")
    assert download.status_code == 200 and download.data == b"PK-isi"
    assert 'filename=laporan-2026.xlsx' in download.headers["Content-Disposition"]
    download.close()
    login_as(make_user(roles=[Role.ADMIN]))
    as_admin = client.get(f"/jobs/{run.id}/download")
    assert as_admin.status_code == 200
    as_admin.close()
    (result_dir(run.id) / "laporan.xlsx").unlink()  # the retention period passed
    login_as(owner)
    assert "sudah dihapus" in client.get(f"/jobs/{run.id}").text
    assert client.get(f"/jobs/{run.id}/download").status_code == 404


def test_a_result_file_name_cannot_leave_the_run_folder(client, login_as, make_user, db) -> None:
    owner = login_as(make_user())
    run = _run(db, owner, status="done", key="evil", result={"file": "../../test.db", "filename": "x"})
    assert client.get(f"/jobs/{run.id}/download").status_code == 404


def test_the_asker_is_notified_when_the_work_is_done(db, make_user) -> None:
    from lms.core.jobs import enqueue

    user = make_user()
    run = enqueue("test.echo", key="notify", user_id=user.id)
    enqueue("test.echo", key="system")  # nobody asked: nobody is told
    transaction.commit()
    rows = db.session.scalars(select(Notification).where(Notification.kind.in_(("job_done", "job_failed")))).all()
    assert [(n.user_id, n.kind, n.link) for n in rows] == [(user.id, "job_done", f"/jobs/{run.id}")]
    title, sentence = notifications.render("job_done", rows[0].params)
    assert title.startswith("Selesai: ") and "sudah selesai" in sentence
