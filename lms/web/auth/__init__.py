from lms.web.auth.views import bp, init_login

__all__ = ["bp", "init_login"]
