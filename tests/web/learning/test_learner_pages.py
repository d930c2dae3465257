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
    # on a phone the courses come first: the filters other than search fold away until used
    assert '<details class="filter-more">' in client.get("/courses?q=etika").text
    assert '<details class="filter-more" open>' in page


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
    assert "Selesai, lanjutkan" in page and 'data-completion="manual"' in page


def _primary_actions(page: str) -> list[str]:
    """The labels of the primary buttons and button links in the page's main content."""
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    found = re.findall(r'<(?:a|button)[^>]*class="button primary[^"]*"[^>]*>(.*?)</(?:a|button)>', main, re.S)
    return [re.sub(r"<[^>]+>", "", label).strip() for label in found]


def test_a_lesson_ends_with_one_primary_action(client, db, make_user, make_course, login_as) -> None:
    user, course = enrolled(make_user, make_course, login_as, lessons=3)
    for key in ("materi-1", "materi-2"):
        page = client.get(f"/courses/kursus-uji/{key}").text
        assert _primary_actions(page) == ["Selesai, lanjutkan"], key
        assert 'rel="next"' not in page  # no second "next" competing with it
    learning.mark_done(user, course, "materi-2")
    page = client.get("/courses/kursus-uji/materi-2").text  # done already: still one way on
    assert _primary_actions(page) == ["Selesai, lanjutkan"] and "sudah selesai" in page


def test_the_last_lesson_leads_to_the_completion_page(client, db, make_user, make_course, login_as) -> None:
    user, course = enrolled(make_user, make_course, login_as, lessons=2, jp=3.5)
    learning.mark_done(user, course, "materi-1")
    page = client.get("/courses/kursus-uji/materi-2").text
    assert "Ini materi terakhir" in page
    response = client.post("/courses/kursus-uji/materi-2/done", data={"csrf_token": csrf_from(page)})
    assert response.headers["Location"] == "/me/completed/kursus-uji"
    done = client.get("/me/completed/kursus-uji").text
    assert "Selamat, kursus selesai!" in done and "+3,5 JP" in done
    assert "Total JP" in done and "3,5" in done
    # pressing it again later goes on to the course page, not to the celebration again
    again = client.post("/courses/kursus-uji/materi-2/done", data={"csrf_token": csrf_from(page)})
    assert again.headers["Location"] == "/courses/kursus-uji"


def test_completion_page_is_only_the_learners_own(client, db, make_user, make_course, login_as) -> None:
    user, course = enrolled(make_user, make_course, login_as, lessons=1)
    assert client.get("/me/completed/kursus-uji").status_code == 404  # not completed yet
    learning.mark_done(user, course, "materi-1")
    assert client.get("/me/completed/kursus-uji").status_code == 200
    login_as(make_user())  # someone else: there is no completion of theirs to show
    assert client.get("/me/completed/kursus-uji").status_code == 404
    assert client.get("/me/completed/tidak-ada").status_code == 404


def test_completion_page_suggests_the_course_of_the_largest_gap(client, db, make_user, make_course, make_position,
                                                                login_as) -> None:
    from lms.core.models.competency import PositionStandard

    position = make_position()
    db.session.add_all([PositionStandard(position_id=position.id, competency_code="integritas", required_level=3),
                        PositionStandard(position_id=position.id, competency_code="komunikasi", required_level=1)])
    user = login_as(make_user(position=position))
    course = make_course("selesai", lessons=1)
    make_course("a-katalog", title="Kursus Katalog")
    make_course("komunikasi-1", title="Komunikasi Dasar", extra="competencies:\n  - code: komunikasi\n    level: 1\n")
    make_course("integritas-3", title="Integritas Lanjut", extra="competencies:\n  - code: integritas\n    level: 3\n")
    learning.enroll(user, course)
    learning.mark_done(user, course, "materi-1")
    page = client.get("/me/completed/selesai").text
    assert "Integritas Lanjut" in page and "kesenjangan kompetensi terbesar" in page
    assert "Kursus Katalog" not in page and "Komunikasi Dasar" not in page


def test_completion_page_falls_back_to_the_catalogue(client, db, make_user, make_course, login_as) -> None:
    user, course = enrolled(make_user, make_course, login_as, lessons=1)
    make_course("lain", title="Kursus Lain")
    learning.mark_done(user, course, "materi-1")
    page = client.get("/me/completed/kursus-uji").text
    assert "Kursus Lain" in page and "belum Anda selesaikan" in page
    # a course the learner already has and has not finished comes before the catalogue's
    learning.enroll(user, make_course("zeta", title="Kursus Zeta Dimulai"))
    page = client.get("/me/completed/kursus-uji").text
    assert "Kursus Zeta Dimulai" in page and "Kursus Lain" not in page


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
    # the page's own reads with the JP target (8), and one query for each shipped plugin that credits
    # JP (mentoring, classroom: lms_jp_credits); the count must not grow with the enrolments
    assert counts[0] == counts[1] and counts[1] <= 10, counts


def test_greeting_ends_with_one_period_after_a_degree(client, db, make_user, login_as) -> None:
    login_as(make_user(name="Siti Rahmawati, S.T."))
    page = client.get("/").text
    assert "Siti Rahmawati, S.T.</p>" in page and "S.T..</p>" not in page


def _cards(page: str) -> list[str]:
    """Each course card's HTML (up to the next card or the end of the page's main part)."""
    main = page.split("</main>", 1)[0]
    return ['<li class="course-card' + part for part in main.split('<li class="course-card')[1:]]


def test_dashboard_cards_have_a_face_and_assigned_courses_come_first(client, db, make_user, make_course,
                                                                      login_as) -> None:
    from datetime import timedelta

    from lms.core.models import EnrollmentSource
    from lms.core.models.base import utcnow

    user = login_as(make_user())
    own = make_course("sendiri", title="Kursus Pilihan Sendiri", jp=1.5)
    learning.enroll(user, own)
    learning.mark_done(user, own, "materi-1")  # started: in progress, and the most recent
    later = make_course("wajib-nanti", title="Kursus Wajib Nanti")
    soon = make_course("wajib-segera", title="Kursus Wajib Segera")
    own.cover_url = "/media/abc/sampul.jpg"
    for course, days in ((later, 30), (soon, 3)):
        learning.enroll(user, course, source=EnrollmentSource.ASSIGNED, due_at=utcnow() + timedelta(days=days))
        learning.mark_done(user, course, "materi-1")
    page = client.get("/").text
    titles = re.findall(r'class="card-link"[^>]*>([^<]+)</a>', page)
    assert titles == ["Kursus Wajib Segera", "Kursus Wajib Nanti", "Kursus Pilihan Sendiri"]
    cards = dict(zip(titles, _cards(page), strict=True))
    wajib = cards["Kursus Wajib Segera"]
    assert "Wajib" in wajib and "Batas waktu" in wajib and 'class="ring' in wajib
    assert "<svg class=\"cover\"" in wajib  # no image: the pattern made from its title
    mine = cards["Kursus Pilihan Sendiri"]
    assert "Wajib" not in mine and "Batas waktu" not in mine and "1,5 JP" in mine
    assert '<img class="cover" src="/media/abc/sampul.jpg"' in mine and "menit" in mine


def test_a_completed_card_links_its_certificate(client, db, make_user, make_course, login_as) -> None:
    from lms.core import transaction

    user = login_as(make_user())
    course = make_course("bersertifikat", title="Kursus Bersertifikat", lessons=1)
    learning.enroll(user, course)
    learning.mark_done(user, course, "materi-1")
    transaction.commit()  # the certificate is issued on the commit's course_completed event
    page = client.get("/").text
    (card,) = _cards(page)
    assert "Selesai" in card and re.search(r'href="/me/certificates/\d+\.pdf"', card)
    assert "Unduh sertifikat (PDF)" in card
