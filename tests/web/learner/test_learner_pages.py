"""Belajar Saya, catalogue, course page, lessons and the transcript, through the web."""

import re

from sqlalchemy import select

from lms.core.models import Completion, ItemProgress, Role
from lms.core.services import learning
from lms.testing.helpers import csrf_from


def enrolled(make_user, make_course, login_as, **course_kwargs):
    user = login_as(make_user())
    course = make_course(**course_kwargs)
    learning.enroll(user, course)
    return user, course


def test_catalogue_search_and_filters(client, db, make_user, make_course, login_as) -> None:
    login_as(make_user())
    make_course("etika", title="Etika Pelayanan", extra="category: Pelayanan\ncompetencies:\n  - code: integritas\n    level: 2\n")
    make_course("excel", title="Spreadsheet Dasar", jp=8, extra="category: Digital\n")
    assert "Etika Pelayanan" in client.get("/courses").text
    page = client.get("/courses?q=etika").text
    assert "Etika Pelayanan" in page and "Spreadsheet Dasar" not in page
    page = client.get("/courses?competency=integritas").text
    assert "Etika Pelayanan" in page and "Spreadsheet Dasar" not in page
    page = client.get("/courses?category=Digital").text
    assert "Spreadsheet Dasar" in page and "Etika Pelayanan" not in page
    page = client.get("/courses?max_jp=4").text
    assert "Etika Pelayanan" in page and "Spreadsheet Dasar" not in page


def test_course_page_outline_and_enrol_button(client, db, make_user, make_course, login_as) -> None:
    login_as(make_user())
    make_course("kursus-a", lessons=2)
    page = client.get("/courses/kursus-a")
    assert page.status_code == 200
    assert "Materi 1" in page.text and "Materi 2" in page.text and "Ikuti kursus ini" in page.text
    response = client.post("/courses/kursus-a/enroll", data={"csrf_token": csrf_from(page.text)})
    assert response.headers["Location"] == "/courses/kursus-a/materi-1"


def test_course_page_explains_why_one_cannot_enrol(client, db, make_user, make_course, login_as) -> None:
    login_as(make_user())
    make_course("dasar", title="Kursus Dasar")
    make_course("lanjut", extra="prerequisites: [dasar]\n")
    make_course("wajib", extra="enrollment: assigned\n")
    page = client.get("/courses/lanjut").text
    assert "prasyarat" in page and "Kursus Dasar" in page and "Ikuti kursus ini" not in page
    assert "hanya untuk peserta yang ditugaskan" in client.get("/courses/wajib").text


def test_items_need_enrolment(client, db, make_user, make_course, login_as) -> None:
    login_as(make_user())
    make_course("kursus-a")
    response = client.get("/courses/kursus-a/materi-1")
    assert response.status_code == 302 and response.headers["Location"] == "/courses/kursus-a"


def test_lesson_done_button_works_without_javascript(client, db, make_user, make_course, login_as) -> None:
    user, course = enrolled(make_user, make_course, login_as, lessons=2)
    page = client.get("/courses/kursus-uji/materi-1").text
    assert "Isi materi 1" in page and "Selesai, lanjutkan" in page
    action = re.search(r'action="([^"]+/done)"', page).group(1)
    response = client.post(action, data={"csrf_token": csrf_from(page), "next": "materi-2"})
    assert response.headers["Location"] == "/courses/kursus-uji/materi-2"
    progress = db.session.scalar(select(ItemProgress).where(ItemProgress.item_key == "materi-1"))
    assert progress.status.value == "done"


def test_done_is_idempotent_for_retries_and_needs_csrf(client, db, make_user, make_course, login_as) -> None:
    enrolled(make_user, make_course, login_as, lessons=1)
    page = client.get("/courses/kursus-uji/materi-1").text
    assert client.post("/courses/kursus-uji/materi-1/done", data={}).status_code == 400
    for _ in range(3):
        response = client.post("/courses/kursus-uji/materi-1/done", data={"csrf_token": csrf_from(page)},
                               headers={"Accept": "application/json"})
        assert response.status_code == 200 and response.json == {"status": "done"}
    assert len(db.session.scalars(select(Completion)).all()) == 1


def test_manual_lessons_show_a_mark_done_button(client, db, make_user, make_course, login_as) -> None:
    enrolled(make_user, make_course, login_as,
             files={"01-refleksi.md": "---\ncompletion: manual\n---\n# Refleksi\n\nTulis refleksi.\n"})
    page = client.get("/courses/kursus-uji/refleksi").text
    assert "Tandai selesai" in page and 'data-completion="manual"' in page


def test_reading_position_is_saved_and_restored(client, db, make_user, make_course, login_as) -> None:
    enrolled(make_user, make_course, login_as)
    page = client.get("/courses/kursus-uji/materi-1").text
    assert client.post("/courses/kursus-uji/materi-1/position",
                       data={"csrf_token": csrf_from(page), "position": "0.42"}).status_code == 204
    assert 'data-position="0.42"' in client.get("/courses/kursus-uji/materi-1").text


def test_quiz_cannot_be_marked_done_by_the_lesson_route(client, db, make_user, make_course, login_as) -> None:
    enrolled(make_user, make_course, login_as, files={
        "01-a.md": "# A\n\nIsi.\n",
        "02-kuis.quiz.md": "## Dua tambah dua?\n- [x] Empat\n- [ ] Lima\n"})
    page = client.get("/courses/kursus-uji/a").text
    response = client.post("/courses/kursus-uji/kuis/done", data={"csrf_token": csrf_from(page)},
                           headers={"Accept": "application/json"})
    assert response.status_code == 409


def test_dashboard_continue_button_opens_the_exact_next_item(client, db, make_user, make_course, login_as) -> None:
    user, course = enrolled(make_user, make_course, login_as, lessons=3)
    learning.mark_done(user, course, "materi-1")
    client.get("/courses/kursus-uji/materi-2")
    page = client.get("/").text
    assert "Sedang berlangsung" in page
    assert 'href="/courses/kursus-uji/materi-2"' in page and "Lanjutkan" in page


def test_dashboard_flags_overdue_assignments_and_shows_jp(client, db, make_user, make_course, login_as) -> None:
    from datetime import timedelta

    from lms.core.models import EnrollmentSource
    from lms.core.models.base import utcnow

    user = login_as(make_user())
    late = make_course("telat", title="Kursus Telat", extra="enrollment: assigned\n")
    learning.enroll(user, late, source=EnrollmentSource.ASSIGNED, due_at=utcnow() - timedelta(days=2))
    done = make_course("selesai", title="Kursus Selesai", jp=4, lessons=1)
    learning.enroll(user, done)
    learning.mark_done(user, done, "materi-1")
    page = client.get("/").text
    assert "Terlambat" in page
    assert "<strong>4</strong> / 20 JP" in page
    assert "Kurang 16 JP" in page


def test_transcript_lists_completions_and_jp_per_year(client, db, make_user, make_course, login_as) -> None:
    user = login_as(make_user())
    course = make_course(jp=2.5, lessons=1)
    learning.enroll(user, course)
    learning.mark_done(user, course, "materi-1")
    page = client.get("/me/transcript").text
    assert "Kursus Uji" in page and "2,5" in page


def test_lesson_page_costs_at_most_four_queries(client, db, make_user, make_course, login_as, count_queries) -> None:
    user = login_as(make_user())
    for n in range(5):  # history must not change the cost
        other = make_course(f"lain-{n}")
        learning.enroll(user, other)
        learning.mark_done(user, other, "materi-1")
    course = make_course(lessons=3)
    learning.enroll(user, course)
    client.get("/courses/kursus-uji/materi-1")  # first visit creates the progress row
    with count_queries() as queries:
        assert client.get("/courses/kursus-uji/materi-1").status_code == 200
    assert len(queries) <= 4, "\n".join(queries)  # 2 since the one-query course read (tests/web/test_page_speedups.py)


def test_dashboard_costs_at_most_eight_queries_whatever_the_enrolments(
        client, db, make_user, make_course, login_as, count_queries) -> None:
    user = login_as(make_user(roles=[Role.TRAINER]))
    counts = []
    for n in range(1, 7):
        course = make_course(f"k-{n}")
        learning.enroll(user, course)
        learning.mark_done(user, course, "materi-1")
        if n in (1, 6):
            with count_queries() as queries:
                assert client.get("/").status_code == 200
            counts.append(len(queries))
    assert counts[0] == counts[1] and counts[1] <= 9, counts  # 8, and the JP target (employee types: one query)


def test_greeting_ends_with_one_period_after_a_degree(client, db, make_user, login_as) -> None:
    login_as(make_user(name="Siti Rahmawati, S.T."))
    page = client.get("/").text
    assert "Siti Rahmawati, S.T.</p>" in page and "S.T..</p>" not in page
