from lms.web.accounts.views import bp, init_login

__all__ = ["bp", "init_login"]
