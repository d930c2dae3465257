"""The thin Flask layer: blueprints, request hooks, error pages, template helpers."""

from __future__ import annotations

from flask import Flask, Response, request
from sqlalchemy.exc import OperationalError

from lms.core import transaction


def setup_web(app: Flask) -> None:
    from lms.web import access, errors, i18n, security, templating
    from lms.web.admin import BLUEPRINTS as admin_blueprints
    from lms.web.api import bp as api_bp
    from lms.web.auth import bp as auth_bp
    from lms.web.auth import init_login
    from lms.web.author import bp as author_bp
    from lms.web.competencies import bp as competencies_bp
    from lms.web.learner import bp as learner_bp
    from lms.web.media import bp as media_bp
    from lms.web.records import bp as records_bp
    from lms.web.system import bp as system_bp

    app.before_request(i18n.remember_language)
    app.before_request(access.enforce)
    security.init_security(app)
    init_login(app)
    errors.init_errors(app)
    templating.init_templating(app)

    @app.after_request
    def _commit(response: Response) -> Response:
        """One commit per request, here: views and services only flush."""
        if response.status_code >= 400:
            transaction.rollback()
            return response
        if request.method in ("GET", "HEAD"):
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

    for blueprint in (system_bp, auth_bp, learner_bp, media_bp, author_bp, api_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(records_bp)  # external learning records (issue 5, item 6)
    for blueprint in (competencies_bp, *admin_blueprints):  # competency profile and admin (issue 5)
        app.register_blueprint(blueprint)
