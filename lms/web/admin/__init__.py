"""The admin area, ``/admin`` (role admin). ``admin`` is the index; each area of the site adds
its sections as its own blueprint (see :mod:`lms.web.admin.sections`)."""

from lms.web.admin.assessments import bp as assessments_bp
from lms.web.admin.competencies import bp as competencies_bp
from lms.web.admin.index import bp
from lms.web.admin.standards import bp as standards_bp

#: the blueprints to register, the index first
BLUEPRINTS = (bp, competencies_bp, standards_bp, assessments_bp)

__all__ = ["BLUEPRINTS", "bp"]
