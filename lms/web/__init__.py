"""The thin Flask layer: blueprints, request hooks, error pages, template helpers."""

from __future__ import annotations

from flask import Flask, Response, request
from sqlalchemy.exc import OperationalError
from werkzeug.routing import IntegerConverter

from lms.core import transaction


class BoundedInt(IntegerConverter):
    """``<int:...>`` that only matches ids a database integer column can hold: a larger number
    is a 404 like any unknown id, never a database error (PostgreSQL's INTEGER is 32 bits).
    ASCII digits only: ``\\d`` would also take ``٣`` and route it to id 3."""

    regex = r"[0-9]+"

    def __init__(self, url_map, fixed_digits=0, min=None, max=2**31 - 1, signed=False):  # noqa: ANN001, A002
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def refuse_nul_bytes() -> Response | None:
    """NUL bytes never belong in a form or query value, and PostgreSQL cannot store them in
    text: refuse them as bad input (400) before any view sees them."""
    values = [*request.args.values(), *request.form.values(), request.path]
    body = request.get_data(cache=True) if request.is_json else b""
    if any("\x00" in value for value in values) or b"\x00" in body or b"\\u0000" in body:
        from flask import abort

        abort(400)
    return None


def setup_web(app: Flask) -> None:
    from lms.web import access, errors, i18n, plugin_static, security, templating
    from lms.web.accounts import bp as auth_bp
    from lms.web.accounts import init_login
    from lms.web.admin import BLUEPRINTS as admin_blueprints
    from lms.web.api import bp as api_bp
    from lms.web.authoring import bp as author_bp
    from lms.web.competencies import bp as competencies_bp
    from lms.web.jobs_pages import bp as jobs_bp
    from lms.web.learning import bp as learner_bp
    from lms.web.media import bp as media_bp
    from lms.web.params import BoundedJSONRequest
    from lms.web.records import bp as records_bp
    from lms.web.session_cookie import RememberingCookieSessions
    from lms.web.system import bp as system_bp
    from lms.web.team import BLUEPRINTS as team_blueprints

    app.request_class = BoundedJSONRequest
    app.session_interface = RememberingCookieSessions()
    app.url_map.converters["int"] = BoundedInt
    app.before_request(refuse_nul_bytes)
    app.before_request(i18n.remember_language)
    # Access is decided before anything else looks at the request (CSRFProtect registered its
    # check when the extension was bound): someone without access gets 403 or the sign-in page,
    # never a CSRF error that says the route exists and takes a form.
    app.before_request_funcs.setdefault(None, []).insert(0, access.enforce)
    security.init_security(app)
    init_login(app)
    errors.init_errors(app)
    templating.init_templating(app)
    plugin_static.init_plugin_static(app)

    @app.after_request
    def _commit(response: Response) -> Response:
        """One commit per request, here: views and services only flush."""
        if response.status_code >= 400:
            transaction.rollback()
            return response
        if request.method in ("GET", "HEAD"):
            if not transaction.has_work():  # read only: the teardown ends the transaction
                return response
            try:
                transaction.commit()
            except OperationalError as exc:
                # A page view's writes are bookkeeping (where the learner is): under a write
                # race on SQLite they are dropped rather than failing the page.
                transaction.rollback()
                app.logger.warning("page view bookkeeping not saved (%s): %s", request.path, exc.orig)
            return response
        transaction.commit()
        return response

    for blueprint in (system_bp, auth_bp, learner_bp, media_bp, author_bp, api_bp, jobs_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(records_bp)  # external learning records (issue 5, item 6)
    for blueprint in (competencies_bp, *admin_blueprints):  # competency profile and admin (issue 5)
        app.register_blueprint(blueprint)
    for blueprint in team_blueprints:  # Tim Saya, assignments, notifications (issue 6)
        app.register_blueprint(blueprint)
    settings = app.extensions["lms.settings"]
    if settings.is_development or settings.is_testing:  # the design system's documentation
        from lms.web.styleguide import bp as styleguide_bp

        app.register_blueprint(styleguide_bp)
