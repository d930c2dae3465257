from lms.web.learner.views import bp

__all__ = ["bp"]
