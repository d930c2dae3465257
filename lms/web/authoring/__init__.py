from lms.web.authoring.blueprint import bp

__all__ = ["bp"]
