"""The admin area, ``/admin`` (role admin). ``admin`` is the index; each area of the site adds
its sections as its own blueprint (see :mod:`lms.web.admin.sections`)."""

from lms.web.admin.assessments import bp as assessments_bp
from lms.web.admin.audit_log import bp as audit_bp
from lms.web.admin.competencies import bp as competencies_bp
from lms.web.admin.employee_types import bp as employee_types_bp
from lms.web.admin.index import bp
from lms.web.admin.jobs import bp as jobs_bp
from lms.web.admin.plugins import bp as plugins_bp
from lms.web.admin.positions import bp as positions_bp
from lms.web.admin.reports import bp as reports_bp
from lms.web.admin.site_settings import bp as settings_bp
from lms.web.admin.standards import bp as standards_bp
from lms.web.admin.units import bp as units_bp
from lms.web.admin.users import bp as users_bp
from lms.web.admin.webhooks import bp as webhooks_bp

#: the blueprints to register, the index first
BLUEPRINTS = (bp, competencies_bp, standards_bp, assessments_bp, users_bp, employee_types_bp, units_bp, positions_bp,
              reports_bp, plugins_bp, jobs_bp, settings_bp, webhooks_bp, audit_bp)

__all__ = ["BLUEPRINTS", "bp"]
