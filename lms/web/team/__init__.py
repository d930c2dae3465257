"""Tim Saya (``/team``), assignments, and the notifications page (``/notifications``)."""

from lms.web.team.notifications import bp as notifications_bp
from lms.web.team.views import bp

BLUEPRINTS = (bp, notifications_bp)

__all__ = ["BLUEPRINTS", "bp", "notifications_bp"]
