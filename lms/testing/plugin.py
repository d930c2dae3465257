"""pytest plugin of Sinau (entry point ``pytest11``): fixtures for the app and its database.

* ``app``: one application for the whole session (a fresh app per test makes slow suites).
* ``db``: every test runs inside a transaction that is rolled back afterwards; views still
  "commit" (savepoints), so tests see real commit behaviour without leaking rows.
* ``client``, ``runner``, ``login_as(user)``, and factories: ``make_user``, ``make_unit``,
  ``make_position``.
* an organisation tree (``org_tree``, see ``lms.testing.org``) and course builders
  (``make_course``, ``build_course``, ``make_quiz_course``, ``survey_course``,
  ``finish_course``, see ``lms.testing.courses``), so a plugin's own tests can set up the
  agency and courses its pages need without copying Sinau's test files;
* ``smtp_server``/``with_smtp`` (a real local SMTP server) and ``free_port``.

The database is SQLite in a temporary folder, or PostgreSQL when ``LMS_TEST_DATABASE_URL``
is set: a fresh database is created on that server for the session and dropped after it, so
parallel runs never share one.
"""

from __future__ import annotations

import contextvars
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import make_url
from sqlalchemy.orm import scoped_session, sessionmaker

from lms.testing import courses, factories, mail

POSTGRES_ENV = "LMS_TEST_DATABASE_URL"


class IsolatedClient(FlaskClient):
    """Runs every request in a fresh context, as a server thread would.

    Flask reuses an already pushed app context for a test request, so ``g`` (and the signed-in
    user cached there) and the database session would leak from the test, and from one request
    to the next, into the request under test.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        return contextvars.Context().run(super().open, *args, **kwargs)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--require-postgres", action="store_true",
                     help="fail instead of skipping when PostgreSQL tests cannot run")
    parser.addoption("--require-browser", action="store_true",
                     help="fail instead of skipping when browser tests cannot run")
    parser.addoption("--screenshots", metavar="DIR", default=None,
                     help="the page crawl (tests/e2e/test_page_crawl.py) writes a screenshot of every page "
                          "it checks into DIR/<role>/, to be looked at by a person")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgres: needs PostgreSQL (LMS_TEST_DATABASE_URL)")


def postgres_url() -> str | None:
    return os.environ.get(POSTGRES_ENV) or None


def pytest_sessionstart(session: pytest.Session) -> None:
    if session.config.getoption("require_postgres") and not postgres_url():
        raise pytest.UsageError(f"--require-postgres given but {POSTGRES_ENV} is not set")


def skip_or_fail(request: pytest.FixtureRequest, option: str, reason: str) -> None:
    """Skip with a visible reason locally; fail in CI, where ``--require-*`` is given."""
    if request.config.getoption(option):
        pytest.fail(f"required but unavailable: {reason}")
    pytest.skip(reason)


@pytest.fixture
def postgres_base_url(request: pytest.FixtureRequest) -> str:
    """The PostgreSQL server for tests that need one whatever the suite's database."""
    url = postgres_url()
    if url is None:
        skip_or_fail(request, "require_postgres", f"PostgreSQL tests need {POSTGRES_ENV}")
    return url  # type: ignore[return-value]


class ScratchDatabase:
    """A throwaway database on the PostgreSQL server of ``base_url``."""

    def __init__(self, base_url: str, prefix: str = "lms_test") -> None:
        self.base = make_url(base_url)
        self.name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        self.url = self.base.set(database=self.name).render_as_string(hide_password=False)

    def _admin(self) -> sa.Engine:
        return sa.create_engine(self.base, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)

    def create(self) -> str:
        engine = self._admin()
        with engine.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{self.name}"')
        engine.dispose()
        return self.url

    def drop(self) -> None:
        engine = self._admin()
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        engine.dispose()


def shipped_plugins() -> list[str]:
    """The plugins Sinau ships (``lms.builtin.*``): what the suite's apps enable. Another
    installed plugin (the example in ``examples/``, a plugin under development) is enabled by
    its own tests, so that its hooks (a JP query, a slot) do not change core's query budgets."""
    from lms.plugins.manager import discover

    return sorted(name for name, ep in discover().items() if ep.value.startswith("lms.builtin."))


def settings_for(tmp: Path, database_url: str | None = None, **extra: Any) -> dict[str, Any]:
    settings = {
        "LMS_ENV": "testing",
        "LMS_SECRET_KEY": "test-secret-key-not-for-production-use",
        "LMS_INSTANCE_PATH": str(tmp),
        "LMS_DATABASE_URL": database_url or f"sqlite:///{tmp / 'test.db'}",
        "LMS_MEDIA_STORE": "db",
        "LMS_PLUGINS": ",".join(shipped_plugins()),
    }
    settings.update(extra)
    return settings


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """SQLite file per session, or a scratch PostgreSQL database when configured."""
    base = postgres_url()
    if base is None:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        return
    scratch = ScratchDatabase(base)
    yield scratch.create()
    scratch.drop()


@pytest.fixture(scope="session")
def app_settings(tmp_path_factory: pytest.TempPathFactory, database_url: str) -> dict[str, Any]:
    return settings_for(tmp_path_factory.mktemp("instance"), database_url)


@pytest.fixture(scope="session")
def app(app_settings: dict[str, Any]) -> Iterator[Flask]:
    from lms.app import create_app
    from lms.extensions import db as _db

    application = create_app(app_settings)
    application.test_client_class = IsolatedClient
    with application.app_context():
        _db.create_all()
        # what the migrations seed: the nine national competencies
        from lms.core.competency_framework import ensure_national_competencies

        ensure_national_competencies()
        from lms.core.services.employee_types import ensure_builtin

        ensure_builtin()  # PNS and PPPK, as the migration seeds them
        _db.session.commit()
    yield application
    with application.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def db(app: Flask) -> Iterator[Any]:
    """The database, inside a transaction rolled back after the test."""
    from lms.extensions import db as _db
    from lms.extensions import limiter

    with app.app_context():
        connection = _db.engine.connect()
        outer = connection.begin()
        original = _db.session
        from flask_sqlalchemy.session import _app_ctx_id

        _db.session = scoped_session(
            sessionmaker(bind=connection, join_transaction_mode="create_savepoint",
                         expire_on_commit=True),
            scopefunc=_app_ctx_id,
        )
        limiter.reset()
        try:
            yield _db
        finally:
            _db.session.remove()
            _db.session = original
            if outer.is_active:
                outer.rollback()
            connection.close()


@pytest.fixture
def client(app: Flask, db: Any) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask, db: Any) -> Any:
    return app.test_cli_runner()


@pytest.fixture
def login_as(client: FlaskClient) -> Callable[[Any], Any]:
    """``login_as(user)`` signs the test client in as ``user`` (no password round trip)."""

    def _login(user: Any) -> Any:
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return user

    return _login


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    return factories.make_user


@pytest.fixture
def make_unit(db: Any) -> Callable[..., Any]:
    return factories.make_unit


@pytest.fixture
def make_position(db: Any) -> Callable[..., Any]:
    return factories.make_position


@pytest.fixture
def make_course(db: Any) -> Callable[..., Any]:
    return factories.make_course


@pytest.fixture
def make_competency(db: Any) -> Callable[..., Any]:
    """``make_competency(code, name=None, levels=None)``: a teknis competency (created once)."""
    return factories.make_competency


@pytest.fixture
def make_enrollment(db: Any) -> Callable[..., Any]:
    """``make_enrollment(user, course, due_at=None, completed_at=None, expires_at=None, jp=None,
    source=ASSIGNED)``: an enrolment (and its completion) written as rows."""
    return factories.make_enrollment


@pytest.fixture
def make_completion(db: Any) -> Callable[..., Any]:
    """``make_completion(user, course, at, jp)``: a completion only (JP without an enrolment)."""
    return factories.make_completion


@pytest.fixture
def org_tree(db: Any) -> Any:
    """The agency of ``lms.testing.org``: units ``dinas``/``bidang``/``seksi``/``other``, heads
    ``kadis``/``kabid``/``kasi``, staff ``ani``/``budi``/``citra``/``dodi``, an ``admin``."""
    from lms.testing.org import build_org_tree

    return build_org_tree()


@pytest.fixture
def supervision(db: Any) -> Any:
    """``lms.testing.org.Supervision``: ``supervisor``/``staff``, ``other_supervisor``/``other_staff``,
    an unrelated ``learner`` and an ``admin`` (``.role("owner")`` and so on by their part)."""
    from lms.testing.org import build_supervision

    return build_supervision()


@pytest.fixture
def build_course(db: Any) -> Callable[..., Any]:
    """``build_course(slug=None, items=[("intro", "lesson"), ...], ...)``: a course from rows,
    without the importer (see ``lms.testing.courses.build_course``)."""
    return courses.build_course


@pytest.fixture
def write_quiz_course(tmp_path: Path) -> Callable[..., Path]:
    """``write_quiz_course(settings=None, questions=QUIZ_QUESTIONS, slug=..., lesson=True, extra=None)``:
    write (or rewrite) a course folder with a lesson and a quiz; returns the folder to import."""

    def write(*args: Any, **kwargs: Any) -> Path:
        return courses.write_quiz_course(tmp_path, *args, **kwargs)

    return write


@pytest.fixture
def make_quiz_course(db: Any, write_quiz_course: Callable[..., Path]) -> Callable[..., Any]:
    """``make_quiz_course(settings=None, questions=QUIZ_QUESTIONS, **kw)``: write and import a
    course with a lesson and a quiz; returns the Course."""

    def make(*args: Any, **kwargs: Any) -> Any:
        return courses.import_folder(write_quiz_course(*args, **kwargs))

    return make


@pytest.fixture
def survey_course(make_course: Callable[..., Any]) -> Callable[..., Any]:
    """``survey_course(slug="kursus-survei", required=True, anonymous=True, after=False)``."""

    def make(slug: str = "kursus-survei", **kwargs: Any) -> Any:
        return make_course(slug, courses.survey_files(**kwargs))

    return make


@pytest.fixture
def enrolled(db: Any) -> Callable[..., Any]:
    """``enrolled(course, user=None)``: ``user`` (a new one by default) enrolled in ``course``."""
    from lms.core.services import learning

    def make(course: Any, user: Any = None) -> Any:
        user = user or factories.make_user()
        learning.enroll(user, course)
        db.session.flush()
        return user

    return make


@pytest.fixture
def finish_course(db: Any) -> Callable[..., Any]:
    """``finish_course(user, course, graded=False)``: enrol if needed and complete every item
    (nothing committed; see ``lms.testing.courses.finish_course``)."""
    return courses.finish_course


@pytest.fixture(scope="session")
def browser(request: pytest.FixtureRequest) -> Iterator[Any]:
    """Debian's Chromium through Playwright, one per test session (skipped without Chromium, a
    failure with ``--require-browser``). One only: Playwright's sync API allows one at a time in
    a thread, so a second module starting its own while this one lives would fail."""
    from lms.testing.browser import CHROMIUM_ARGS, chromium_path

    path = chromium_path()
    if path is None:
        skip_or_fail(request, "require_browser", "browser tests need Debian's chromium (/usr/bin/chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def free_port() -> Callable[[], int]:
    """``free_port()``: a local TCP port nobody listens on."""
    return mail.free_port


@pytest.fixture
def smtp_server() -> Iterator[Any]:
    """A real SMTP server on a free local port (aiosmtpd): ``.url``, ``.port``, ``.inbox.messages``."""
    from types import SimpleNamespace

    from aiosmtpd.controller import Controller

    inbox = mail.Inbox()
    port = mail.free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield SimpleNamespace(url=f"smtp://127.0.0.1:{port}", inbox=inbox, port=port)
    finally:
        controller.stop()


@pytest.fixture
def with_smtp(app: Flask, smtp_server: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The app's settings pointing at ``smtp_server`` for this test."""
    from dataclasses import replace

    settings = app.extensions["lms.settings"]
    monkeypatch.setitem(app.extensions, "lms.settings", replace(settings, smtp_url=smtp_server.url,
                                                                mail_from="Sinau Uji <sinau@uji.example>"))
    return smtp_server


@pytest.fixture
def count_queries(app: Flask) -> Callable[[], Any]:
    """``with count_queries() as queries: ...`` then ``len(queries)``: SQL statements run."""
    from contextlib import contextmanager

    from sqlalchemy import event

    from lms.extensions import db as _db

    @contextmanager
    def _count() -> Iterator[list[str]]:
        statements: list[str] = []

        def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
                statements.append(statement)

        with app.app_context():
            engine = _db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return _count
