from lms.web.author.blueprint import bp

__all__ = ["bp"]
