"""``create_app(config)``: settings -> extensions -> plugins -> blueprints."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from lms import paths
from lms.config import ConfigError, Settings, load_settings
from lms.extensions import babel, csrf, db, limiter, login_manager, migrate
from lms.plugins.manager import discover, load_plugins


def create_app(
    config: Settings | Mapping[str, Any] | None = None,
    *,
    plugins: Iterable[tuple[str, object]] = (),
) -> Flask:
    """Build the application.

    ``config`` is a :class:`Settings`, or a mapping of ``LMS_*`` names (tests), or ``None`` to
    read the environment. ``plugins`` adds (name, object) plugins beside the installed ones.
    """
    settings = config if isinstance(config, Settings) else load_settings(config)
    _ensure_folders(settings)
    app = Flask(
        "lms",
        template_folder=str(paths.TEMPLATES),
        static_folder=str(paths.STATIC),
        instance_path=settings.instance_path,
        instance_relative_config=False,
    )
    app.extensions["lms.settings"] = settings
    _configure(app, settings)
    _init_extensions(app, settings)

    plugins = list(plugins)
    names = set(discover()) | {name for name, _ in plugins}
    host = load_plugins(settings.plugins, _plugin_env(settings, names), extra=plugins)
    app.extensions["lms.host"] = host
    _import_models(host)

    from lms.core.jobs.builtin import core_jobs
    from lms.core.jobs.queue import init_jobs
    from lms.web.web_jobs import web_jobs

    init_jobs(app, settings, [("core", spec) for spec in [*core_jobs(), *web_jobs()]] + host.jobs)

    from lms.cli import register_commands
    from lms.web import setup_web

    setup_web(app)
    from lms.web.admin.labels import check_plugin_labels

    check_plugin_labels(host)
    _merge_translations(app, host)
    register_commands(app)
    for _name, blueprint in host.blueprints:
        app.register_blueprint(blueprint)
    for _name, command in host.commands:
        app.cli.add_command(command)
    return app


def _merge_translations(app: Flask, host: Any) -> None:
    """The app's catalogue: core's translations, then each plugin's folder
    (``lms_register_translations``), core's winning where both translate one msgid. One
    catalogue (and cache) per app: the Babel extension object is shared by every app of the
    process, and two apps (tests) may enable different plugins."""
    from flask_babel import Domain

    folders = [(str(paths.TRANSLATIONS), "messages")]
    folders[:0] = host.translations  # merged in order: later folders win, so core comes last
    app.extensions["lms.translations"] = Domain(translation_directories=[f for f, _ in folders],
                                                domain=";".join(d for _, d in folders))


def _ensure_folders(settings: Settings) -> None:
    """The instance folder (the default database, uploads, the job queue) is ours: create it,
    so that ``lms db upgrade`` in a new folder just works (a SQLite file named in
    ``LMS_DATABASE_URL`` elsewhere is checked by ``lms db upgrade``: a missing folder there is
    more likely a typo)."""
    from pathlib import Path

    instance = Path(settings.instance_path)
    try:
        instance.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"the instance folder {instance} cannot be created ({exc.strerror}): create it, "
                          "or set LMS_INSTANCE_PATH to a folder this user may write") from exc


def _configure(app: Flask, settings: Settings) -> None:
    secure = settings.secure_cookies and not (settings.is_development or settings.is_testing)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        TESTING=settings.is_testing,
        SQLALCHEMY_DATABASE_URI=settings.sqlalchemy_url(),
        SQLALCHEMY_ENGINE_OPTIONS=_engine_options(settings.sqlalchemy_url()),
        SESSION_COOKIE_NAME="sinau_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=secure,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_NAME="sinau_remember",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SECURE=secure,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_DURATION=60 * 60 * 24 * 30,
        # Learners read for a long time on slow phones: a form must still post after an hour.
        # The token stays bound to the session, which is what protects against CSRF.
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=settings.max_upload_mb * 1024 * 1024,
        # One limit for a request, whatever its form: the staff import's confirmation carries
        # the previewed file back as a signed form field (larger than Flask's 500 kB default).
        MAX_FORM_MEMORY_SIZE=settings.max_upload_mb * 1024 * 1024,
        BABEL_DEFAULT_LOCALE=settings.default_locale,
        BABEL_DEFAULT_TIMEZONE=settings.timezone,
        BABEL_TRANSLATION_DIRECTORIES=str(paths.TRANSLATIONS),
        RATELIMIT_STORAGE_URI=settings.redis_url or "memory://",
        RATELIMIT_ENABLED=True,
        RATELIMIT_HEADERS_ENABLED=False,
        # Redis down must not lock everyone out: limits fail open, and the error is logged.
        RATELIMIT_SWALLOW_ERRORS=True,
        SEND_FILE_MAX_AGE_DEFAULT=60 * 60 * 24 * 365,  # static URLs carry a version
        JSON_SORT_KEYS=False,
    )
    if not settings.is_testing:
        logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def _engine_options(url: str) -> dict[str, Any]:
    if url.startswith("sqlite"):
        # Several gunicorn workers share one file: wait for the lock instead of failing.
        return {"connect_args": {"timeout": 30}}
    return {"pool_pre_ping": True}


def _is_sqlite(dbapi_connection: Any) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """WAL (readers never block the writer), a busy timeout, and foreign keys enforced.

    pysqlite's own transaction handling breaks SAVEPOINT; as SQLAlchemy's documentation
    recommends, it is switched off and SQLAlchemy emits BEGIN itself (see ``_sqlite_begin``).
    """
    if not _is_sqlite(dbapi_connection):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection: Any) -> None:
    """Requests that change things take SQLite's write lock at BEGIN (``IMMEDIATE``): they wait
    for it (busy timeout) instead of failing with "database is locked" when a read transaction
    tries to upgrade while another request writes. Page views stay deferred so readers run
    concurrently (WAL)."""
    if connection.dialect.name != "sqlite":
        return
    from flask import g, has_app_context, has_request_context, request

    writes = has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS")
    # background jobs that write say so (lms.core.jobs): same reason, no request to look at
    writes = writes or (has_app_context() and g.get("lms_sqlite_writes", False))
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def _init_extensions(app: Flask, settings: Settings) -> None:
    from lms.web.i18n import select_locale, select_timezone

    db.init_app(app)
    migrate.init_app(app, db, directory=str(paths.MIGRATIONS), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    limiter.init_app(app)


def _plugin_env(settings: Settings, plugin_names: set[str]) -> dict[str, dict[str, str]]:
    """``LMS_<PLUGIN>_<KEY>`` variables grouped by plugin (the longest matching plugin name, so
    names may contain ``_``). Any other unknown ``LMS_*`` name is a typo and stops start-up:
    ``LMS_DATABSE_URL`` must not silently mean "use SQLite"."""
    import difflib
    from dataclasses import fields

    grouped: dict[str, dict[str, str]] = {}
    for key, value in settings.extra.items():
        lower = key.lower()
        if lower.startswith("test_"):  # the test suite's own variables (LMS_TEST_DATABASE_URL)
            continue
        owners = sorted((n for n in plugin_names if lower.startswith(n.lower() + "_")), key=len)
        if owners:
            owner = owners[-1]
            grouped.setdefault(owner, {})[lower[len(owner) + 1:]] = value
            continue
        known = [f"LMS_{f.name.upper()}" for f in fields(Settings) if f.name != "extra"]
        close = difflib.get_close_matches(f"LMS_{key}", known, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise ConfigError(f"unknown setting LMS_{key}{hint}")
    return grouped


def _import_models(host: Any) -> None:
    """Core models always; plugin models are imported by the plugin modules themselves."""
    import lms.core.models  # noqa: F401


@migrate.configure
def _plugin_version_locations(config: Any) -> Any:
    """Each plugin's migrations are an Alembic branch in its own folder."""
    from flask import current_app

    host = current_app.extensions["lms.host"]
    core_versions = str(paths.MIGRATIONS / "versions")
    locations = [core_versions, *host.migration_dirs.values()]
    config.set_main_option("version_locations", " ".join(locations))
    config.set_main_option("path_separator", "space")
    return config
