"""WSGI entry point for gunicorn: ``gunicorn lms.wsgi:app``."""

from werkzeug.middleware.proxy_fix import ProxyFix

from lms.app import create_app
from lms.web.compression import GzipMiddleware

app = create_app()
# Behind one reverse proxy: trust its X-Forwarded-For/Proto so rate limits and secure
# cookies see the real client and scheme.
app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
# Text goes out gzipped even without a compressing proxy in front (3G links).
app.wsgi_app = GzipMiddleware(app.wsgi_app)  # type: ignore[method-assign]
