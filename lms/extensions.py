"""Flask extensions, created unbound; ``create_app`` binds them to an app."""

from __future__ import annotations

from flask import current_app
from flask_babel import Babel, Domain
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Deterministic constraint names so that Alembic migrations are the same on SQLite and
# PostgreSQL, and so that plugin branches can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()


class _Babel(Babel):
    """Flask-Babel whose default domain is the app's own (see ``lms.app._merge_translations``):
    Flask-Babel keeps one domain, and its catalogue cache, on the extension object, which
    every app of the process shares."""

    @property
    def domain_instance(self) -> Domain:  # type: ignore[override]
        domain = current_app.extensions.get("lms.translations")
        return domain if domain is not None else super().domain_instance


babel = _Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
