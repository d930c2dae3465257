from lms.web.learning.views import bp

__all__ = ["bp"]
