"""Competency profile pages: ``/me/competencies`` and ``/team/<nip>/competencies``."""

from lms.web.competencies.views import bp

__all__ = ["bp"]
