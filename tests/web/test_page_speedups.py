"""What the lesson page's speed work keeps per process or per request must never show one
person, page, language or mount point what belongs to another (``python -m bench serve``)."""

import os
import re

import pytest
from flask import g, render_template_string
from flask_babel import force_locale
from sqlalchemy import select

from lms import rendering
from lms.core.models import ItemProgress, Notification, Role
from lms.core.queries import learning as queries
from lms.core.services import learning
from lms.testing.helpers import csrf_from
from lms.web import templating


def _nav(page: str) -> str:
    return re.search(r'<nav class="main-nav".*?</nav>', page, re.S).group(0)


def _current(page: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)" aria-current="page"', _nav(page))


# --------------------------------------------------------------------------- navigation


def test_the_nav_marks_the_page_it_is_on(client, db, make_user, make_course, login_as) -> None:
    user = login_as(make_user())
    learning.enroll(user, make_course("kursus-a"))
    assert _current(client.get("/").text) == ["/"]
    assert _current(client.get("/courses").text) == ["/courses"]
    assert _current(client.get("/courses/kursus-a/materi-1").text) == ["/courses"]
    assert _current(client.get("/me/transcript").text) == ["/me/transcript"]
    assert _current(client.get("/").text) == ["/"]  # the first page's links again, not the last one's


def test_the_nav_follows_roles_and_language(client, db, make_user, login_as) -> None:
    learner = make_user(name="Pelajar")
    supervisor = make_user(name="Atasan", roles=[Role.SUPERVISOR])
    admin = make_user(name="Admin", roles=[Role.ADMIN])
    login_as(learner)
    assert "Tim Saya" not in _nav(client.get("/").text)
    login_as(supervisor)
    nav = _nav(client.get("/").text)
    assert "Tim Saya" in nav and "Admin" not in nav
    login_as(admin)
    nav = _nav(client.get("/").text)
    assert "Admin" in nav and "Sertifikat" in nav  # a plugin's menu item (admins only)
    nav = _nav(client.get("/?lang=en").text)
    assert "My Learning" in nav and "Belajar Saya" not in nav
    login_as(learner)
    nav = _nav(client.get("/?lang=id").text)
    assert "Belajar Saya" in nav and "Tim Saya" not in nav and "Admin" not in nav


def test_the_nav_shows_the_current_unread_count(client, db, make_user, login_as) -> None:
    user = login_as(make_user())
    assert "nav-count" not in client.get("/").text
    db.session.add(Notification(user_id=user.id, kind="assigned", params={}, dedup_key="satu"))
    db.session.commit()
    assert 'class="nav-count">1' in client.get("/").text
    db.session.add(Notification(user_id=user.id, kind="assigned", params={}, dedup_key="dua"))
    db.session.commit()
    assert 'class="nav-count">2' in client.get("/").text


def test_links_follow_the_mount_point(client, db, make_user, login_as) -> None:
    login_as(make_user())
    plain = client.get("/").text
    mounted = client.get("/", environ_overrides={"SCRIPT_NAME": "/sinau"}).text
    assert 'href="/courses"' in _nav(plain) and 'href="/sinau/courses"' in _nav(mounted)
    assert 'href="/sinau/static/css/base.css?v=' in mounted and '/sinau/static/img/icons.svg?v=' in mounted
    assert 'href="/courses"' in _nav(client.get("/").text)


def test_debug_mode_keeps_no_navigation(app, client, db, make_user, login_as) -> None:
    login_as(make_user())
    app.extensions.pop("lms.nav_links", None)
    app.debug = True
    try:
        client.get("/")
    finally:
        app.debug = False
    assert not app.extensions.get("lms.nav_links")
    client.get("/")
    assert app.extensions["lms.nav_links"]


# --------------------------------------------------------------------------- static URLs


@pytest.fixture
def static_dir(app, tmp_path, monkeypatch):
    """A static folder of the test's own (the app is shared by the session's tests)."""
    monkeypatch.setattr(app, "static_folder", str(tmp_path))
    yield tmp_path
    app.extensions.pop("lms.remembered_urls", None)


def test_static_urls_carry_the_file_hash_and_debug_mode_sees_edits(app, static_dir) -> None:
    tmp_path = static_dir
    (tmp_path / "x.css").write_text("a{}")
    with app.test_request_context("/"):
        first = templating.static_url("x.css")
    assert re.fullmatch(r"/static/x\.css\?v=[0-9a-f]{10}", first)
    (tmp_path / "x.css").write_text("b{color:red}")
    os.utime(tmp_path / "x.css", (1_700_000_000, 1_700_000_000))  # a new mtime, whatever the clock's grain
    with app.test_request_context("/"):
        assert templating.static_url("x.css") == first  # kept: a deploy restarts the workers
    app.debug = True
    try:
        with app.test_request_context("/"):
            assert templating.static_url("x.css") != first
    finally:
        app.debug = False


def test_a_missing_static_file_is_not_remembered(app, static_dir) -> None:
    tmp_path = static_dir
    with app.test_request_context("/"):
        assert templating.static_url("later.css").endswith("v=0")
    (tmp_path / "later.css").write_text("a{}")
    with app.test_request_context("/"):
        assert not templating.static_url("later.css").endswith("v=0")


# --------------------------------------------------------------------------- CSRF tokens


def test_a_session_keeps_one_signed_token_and_it_works(client, db, make_user, make_course, login_as) -> None:
    user = login_as(make_user())
    learning.enroll(user, make_course("kursus-a", lessons=2))
    rendering._signed_csrf.cache_clear()
    first = csrf_from(client.get("/courses/kursus-a/materi-1").text)
    assert csrf_from(client.get("/courses/kursus-a/materi-2").text) == first
    signed = rendering._signed_csrf.cache_info()
    # two forms a page: Flask-WTF makes the session's token for the first, then it is signed once
    assert (signed.misses, signed.hits) == (1, 2)
    response = client.post("/courses/kursus-a/materi-1/done", data={"csrf_token": first})
    assert response.status_code == 302
    assert db.session.scalar(select(ItemProgress.status).where(ItemProgress.item_key == "materi-1")) == "done"


def test_another_session_gets_another_token(app, db, make_user, login_as) -> None:
    tokens = []
    for name in ("A", "B"):
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = make_user(name=name).get_id()
            session["_fresh"] = True
        tokens.append(csrf_from(client.get("/").text))
    assert tokens[0] != tokens[1]


def test_a_forged_token_is_still_refused(client, db, make_user, make_course, login_as) -> None:
    user = login_as(make_user())
    learning.enroll(user, make_course("kursus-a"))
    token = csrf_from(client.get("/courses/kursus-a/materi-1").text)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.post("/courses/kursus-a/materi-1/done", data={"csrf_token": forged}).status_code == 400


def test_with_a_time_limit_tokens_are_flask_wtfs_own(app) -> None:
    from flask import session
    from flask_wtf.csrf import validate_csrf

    app.config["WTF_CSRF_TIME_LIMIT"] = 3600
    rendering._signed_csrf.cache_clear()
    try:
        with app.test_request_context("/"):
            session["csrf_token"] = "raw"
            token = templating.csrf_token()
            validate_csrf(token, time_limit=3600)  # raises if it were not a valid, timed token
            assert g.csrf_token == token
        # signed by Flask-WTF for the request, not taken from the per-process store
        assert rendering._signed_csrf.cache_info().currsize == 0
    finally:
        app.config["WTF_CSRF_TIME_LIMIT"] = None


# --------------------------------------------------------------------------- translations in templates


def test_template_gettext_escapes_values_and_follows_force_locale(app) -> None:
    with app.test_request_context("/?lang=en"):
        plural = "'%(num)s kompetensi masih di bawah standar jabatan.'"
        page = render_template_string("{{ _('Selesai, lanjutkan') }}|{{ _('%(x)s', x='<b>') }}|"
                                      f"{{{{ ngettext({plural}, {plural}, 1) }}}}|{{{{ ngettext({plural}, {plural}, 2) }}}}")
        assert page.split("|") == ["Done, continue", "&lt;b&gt;", "1 competency is still below the position standard.",
                                   "2 competencies are still below the position standard."]
        with force_locale("id"):
            assert render_template_string("{{ _('Selesai, lanjutkan') }}") == "Selesai, lanjutkan"
        assert render_template_string("{{ _('Selesai, lanjutkan') }}") == "Done, continue"


# --------------------------------------------------------------------------- the lesson page's reads


def test_course_enrolment_and_progress_come_from_one_query(db, make_user, make_course, count_queries) -> None:
    user, other = make_user(), make_user(name="Lain")
    course = make_course("kursus-a", lessons=3)
    learning.enroll(user, course)
    learning.enroll(other, course)
    learning.mark_done(user, course, "materi-1")
    learning.mark_done(user, course, "materi-2")
    learning.mark_done(other, course, "materi-3")
    db.session.commit()
    user_id = user.id
    db.session.expunge_all()
    user = db.session.get(type(user), user_id)
    with count_queries() as statements:
        found, enrollment, progress = queries.course_enrollment_progress(user, "kursus-a")
    assert len(statements) == 1
    assert found.slug == "kursus-a" and enrollment.user_id == user.id
    assert enrollment.course is found  # no second copy of the course
    assert sorted(progress) == ["materi-1", "materi-2"]
    assert all(p.status == "done" and p.user_id == user.id for p in progress.values())


def test_only_the_current_cycle_counts(db, make_user, make_course) -> None:
    user = make_user()
    course = make_course("kursus-a", lessons=2)
    enrollment = learning.enroll(user, course)
    learning.mark_done(user, course, "materi-1")
    enrollment.cycle += 1
    db.session.commit()
    _found, _enrollment, progress = queries.course_enrollment_progress(user, "kursus-a")
    assert progress == {}


@pytest.mark.parametrize("case", ["not enrolled", "unknown", "draft"])
def test_without_an_enrolment_or_a_published_course(db, make_user, make_course, case) -> None:
    user = make_user()
    make_course("kursus-a")
    slug = {"not enrolled": "kursus-a", "unknown": "tidak-ada", "draft": "kursus-a"}[case]
    if case == "draft":
        from lms.core.models import Course

        db.session.scalar(select(Course).where(Course.slug == "kursus-a")).status = "draft"
        db.session.commit()
    found, enrollment, progress = queries.course_enrollment_progress(user, slug)
    assert enrollment is None and progress == {}
    assert (found is not None) == (case == "not enrolled")


def test_a_warm_lesson_page_reads_the_user_and_the_course_only(
        client, db, make_user, make_course, login_as, count_queries) -> None:
    user = login_as(make_user())
    course = make_course(lessons=3)
    learning.enroll(user, course)
    for key in ("materi-1", "materi-2"):
        learning.mark_done(user, course, key)
    db.session.commit()
    client.get("/courses/kursus-uji/materi-3")
    with count_queries() as statements:
        page = client.get("/courses/kursus-uji/materi-3")
    assert page.status_code == 200
    assert len(statements) == 2, "\n".join(statements)
    queries._outline_cached.cache_clear()
    with count_queries() as statements:
        assert client.get("/courses/kursus-uji/materi-3").status_code == 200
    assert len(statements) == 3, "\n".join(statements)  # and the outline once per revision


def test_urls_with_values_are_kept_apart(app) -> None:
    template = ("{{ url_for('learner.item', slug='a', key='materi-1') }}|{{ url_for('learner.item', slug='b', key='materi-1') }}"
                "|{{ url_for('learner.course', slug='a', _anchor='isi') }}|{{ url_for('learner.item', slug='a', key='materi-1') }}")
    with app.test_request_context("/"):
        first = render_template_string(template).split("|")
    with app.test_request_context("/", environ_overrides={"SCRIPT_NAME": "/sinau"}):
        mounted = render_template_string(template).split("|")
    assert first == ["/courses/a/materi-1", "/courses/b/materi-1", "/courses/a#isi", "/courses/a/materi-1"]
    assert mounted == ["/sinau" + url for url in first]


def test_an_activity_fragment_speaks_the_pages_language(client, db, make_user, make_course, login_as) -> None:
    user = login_as(make_user())
    learning.enroll(user, make_course("kursus-a", lessons=2))
    page = client.get("/courses/kursus-a/materi-1?lang=en").text
    article_end = page[page.index("data-lesson-end"):]
    assert "Done, continue" in article_end and 'name="csrf_token" value="' in article_end
    assert "Selesai, lanjutkan" in client.get("/courses/kursus-a/materi-1?lang=id").text


# --------------------------------------------------------------------------- session cookies, user, icons, numbers


def _cookie(client) -> str:
    return client.get_cookie("sinau_session").value


def test_a_session_cookie_is_opened_once_per_process(app, client, db, make_user, login_as, monkeypatch) -> None:
    from itsdangerous import URLSafeTimedSerializer

    login_as(make_user())
    opened = []
    real = URLSafeTimedSerializer.loads
    monkeypatch.setattr(URLSafeTimedSerializer, "loads",
                        lambda self, *a, **k: opened.append(1) or real(self, *a, **k))
    assert client.get("/").status_code == 200  # the first page adds the form token to the session
    cookie = _cookie(client)
    app.extensions.pop("lms.session_cookies", None)
    opened.clear()
    for path in ("/", "/", "/courses"):
        assert client.get(path).status_code == 200
    assert _cookie(client) == cookie and len(opened) == 1  # the same cookie three times: checked once


def test_a_remembered_cookie_still_expires(app, client, db, make_user, login_as, monkeypatch) -> None:
    from datetime import timedelta

    from lms.web import session_cookie

    login_as(make_user())
    assert client.get("/").status_code == 200  # remembered now
    lifetime = app.permanent_session_lifetime
    monkeypatch.setattr(app, "permanent_session_lifetime", timedelta(seconds=60))
    later = session_cookie.time.time() + 61
    monkeypatch.setattr(session_cookie.time, "time", lambda: later)
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.location  # too old: signed out
    monkeypatch.setattr(app, "permanent_session_lifetime", lifetime)


def test_a_tampered_cookie_opens_nothing(app, client, db, make_user, login_as) -> None:
    login_as(make_user())
    assert client.get("/").status_code == 200
    good = _cookie(client)
    client.set_cookie("sinau_session", good[:-2] + ("AA" if not good.endswith("AA") else "BB"))
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.location
    client.set_cookie("sinau_session", good)
    assert client.get("/").status_code == 200


def test_each_request_gets_its_own_copy_of_the_session(app) -> None:
    from lms.web.session_cookie import RememberingCookieSessions

    interface = RememberingCookieSessions()
    with app.test_request_context("/"):
        from flask import session

        session["_flashes"] = [("info", "satu")]
        session["lang"] = "id"
        serializer = interface.get_signing_serializer(app)
        value = serializer.dumps(dict(session))
    app.extensions.pop("lms.session_cookies", None)
    with app.test_request_context("/", headers={"Cookie": f"sinau_session={value}"}) as ctx:
        first = interface.open_session(app, ctx.request)
        first["_flashes"].append(("info", "dua"))
    with app.test_request_context("/", headers={"Cookie": f"sinau_session={value}"}) as ctx:
        again = interface.open_session(app, ctx.request)
        assert again["_flashes"] == [("info", "satu")] and again["lang"] == "id"


def test_roles_read_with_the_user_follow_a_change(client, db, make_user, login_as) -> None:
    from lms.core.services import accounts

    user = login_as(make_user(name="Pegawai"))
    assert "Tim Saya" not in _nav(client.get("/").text)
    accounts.set_roles(user, [Role.SUPERVISOR])
    db.session.commit()
    assert "Tim Saya" in _nav(client.get("/").text)


def test_roles_once_their_rows_are_loaded_are_the_rows(app, db, make_user) -> None:
    from lms.core.models import UserRole

    user = make_user(roles=[Role.TRAINER])
    user.remember_roles(["trainer"])
    assert Role.TRAINER in user.roles
    user.role_rows.append(UserRole(role=Role.ADMIN))  # loads the rows: they decide now
    assert Role.ADMIN in user.roles and Role.TRAINER in user.roles


def test_remembered_icons_keep_labels_escaped_once(app) -> None:
    from markupsafe import Markup

    from lms.web.ui import icon

    with app.test_request_context("/"):
        plain = icon("check", "A & B")
        marked = icon("check", Markup("A &amp; B"))
        assert 'aria-label="A &amp; B"' in plain and plain == icon("check", "A & B")
        assert 'aria-label="A &amp; B"' in marked
        assert icon("check") != icon("check", cls="big") and 'class="icon big"' in icon("check", cls="big")


def test_remembered_numbers_follow_the_language(app) -> None:
    from lms.web.formatting import format_number

    with app.test_request_context("/"):
        with force_locale("id"):
            assert format_number(1234.5) == "1.234,5"
        with force_locale("en"):
            assert format_number(1234.5) == "1,234.5"
        with force_locale("id"):
            assert format_number(1234.5) == "1.234,5" and format_number(2, 0) == "2"


def test_templates_see_the_user_and_a_sign_in_shows(client, db, make_user) -> None:
    from lms.testing.factories import DEFAULT_PASSWORD

    user = make_user(name="Siti Aminah")
    page = client.get("/login").text
    response = client.post("/login", data={"csrf_token": csrf_from(page), "login": user.nip, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert "Siti Aminah" in client.get("/").text


# --------------------------------------------------------------------------- read-only pages end without a commit


def test_a_unit_of_work_knows_whether_it_wrote(app, db, make_user) -> None:
    from sqlalchemy import update

    from lms.core import transaction
    from lms.core.models import User

    user = make_user(name="Awal")
    transaction.commit()
    db.session.scalar(select(User).where(User.id == user.id))
    assert not transaction.has_work()  # read only
    user.name = "Ubah"
    assert transaction.has_work()  # a changed object
    db.session.flush()
    assert transaction.has_work()  # flushed, not committed yet
    transaction.commit()
    assert not transaction.has_work()
    db.session.execute(update(User).where(User.id == user.id).values(name="Massal"))
    assert transaction.has_work()  # a bulk statement no flush sees
    transaction.rollback()
    assert not transaction.has_work()
    transaction.emit("user_enrolled", user_id=user.id, course_id=1)
    assert transaction.has_work()  # an event waits for the commit
    transaction.rollback()


def test_a_page_that_only_reads_commits_nothing_and_one_that_writes_keeps_it(
        app, client, db, make_user, make_course, login_as, monkeypatch) -> None:
    from lms.core import transaction
    from lms.core.models import Enrollment

    user = login_as(make_user())
    learning.enroll(user, make_course("kursus-a"))
    transaction.commit()
    commits = []
    real = transaction.commit
    monkeypatch.setattr(transaction, "commit", lambda: commits.append(1) or real())
    assert client.get("/courses/kursus-a/materi-1").status_code == 200  # a visit: remembered
    assert commits == [1]
    db.session.expire_all()
    enrollment = db.session.scalar(select(Enrollment).where(Enrollment.user_id == user.id))
    assert enrollment.last_item_key == "materi-1"
    commits.clear()
    assert client.get("/courses/kursus-a/materi-1").status_code == 200  # the same item again
    assert client.get("/courses").status_code == 200
    assert commits == []
