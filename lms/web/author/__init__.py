from lms.web.author.views import bp

__all__ = ["bp"]
