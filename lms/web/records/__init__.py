from lms.web.records.views import bp

__all__ = ["bp"]
