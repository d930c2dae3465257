"""Settings: the only module that reads the environment.

Every ``LMS_*`` variable is read here, once, into a frozen :class:`Settings`. Nothing else in
the code base looks at ``os.environ``; tests build a ``Settings`` from a mapping instead.
Precedence: explicit overrides (tests) > environment > ``instance/config.py`` > ``.env`` > defaults.
"""

from __future__ import annotations

import os
import runpy
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from dotenv import dotenv_values

PREFIX = "LMS_"
DEV_SECRET = "dev-only-insecure-secret"  # noqa: S105 - only ever used when LMS_ENV=development


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the message is one line meant for the operator."""


def _bool(value: str | bool) -> bool:
    if isinstance(value, bool):
        return value
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _tuple(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    if isinstance(value, list | tuple):
        return tuple(value)
    return tuple(part.strip() for part in value.replace(";", ",").split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    env: str = "production"  # production | development | testing
    instance_path: str = "instance"
    database_url: str = ""  # empty: SQLite file in the instance folder
    secret_key: str = ""
    redis_url: str = ""
    media_store: str = "db"  # db | file:///path
    smtp_url: str = ""
    mail_from: str = "Sinau <noreply@localhost>"
    default_locale: str = "id"
    timezone: str = "Asia/Jakarta"
    jp_target: float = 20.0
    embed_hosts: tuple[str, ...] = ("www.youtube-nocookie.com", "www.youtube.com")
    plugins: tuple[str, ...] | None = None  # None: every installed plugin
    secure_cookies: bool = True
    login_rate_limit: str = "10 per minute;50 per hour"
    max_upload_mb: int = 50
    log_level: str = "INFO"  # DEBUG | INFO | WARNING | ERROR (`make run` uses WARNING: quiet)
    base_url: str = ""  # empty: set in /admin/settings, else where `lms run` serves
    xapi_url: str = ""  # an LRS's xAPI endpoint (…/xAPI): statements are sent when set
    xapi_key: str = ""
    xapi_secret: str = ""
    jobs_immediate: bool | None = None  # None: jobs run at once (huey immediate mode) only when testing
    jobs_retention_days: int = 7  # result files of jobs (exports) and finished runs are kept this long
    extra: Mapping[str, str] = field(default_factory=dict)  # LMS_<PLUGIN>_* for plugins

    @property
    def is_development(self) -> bool:
        return self.env == "development"

    @property
    def is_testing(self) -> bool:
        return self.env == "testing"

    def plugin_settings(self, name: str) -> dict[str, str]:
        """The ``LMS_<NAME>_*`` settings of one plugin, keys lower-cased without the prefix."""
        prefix = f"{name.upper()}_"
        return {k[len(prefix) :].lower(): v for k, v in self.extra.items() if k.startswith(prefix)}

    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        path = Path(self.instance_path).resolve() / "lms.db"
        return f"sqlite:///{path}"


_CONVERTERS: dict[str, Any] = {
    "jp_target": float,
    "embed_hosts": _tuple,
    "plugins": _tuple,
    "secure_cookies": _bool,
    "max_upload_mb": int,
    "jobs_immediate": _bool,
    "jobs_retention_days": int,
}


def _from_mapping(values: Mapping[str, Any]) -> dict[str, Any]:
    known = {f.name for f in fields(Settings)} - {"extra"}
    out: dict[str, Any] = {}
    extra: dict[str, str] = {}
    for raw_key, value in values.items():
        if not raw_key.startswith(PREFIX):
            continue
        key = raw_key[len(PREFIX) :].lower()
        if key in known:
            convert = _CONVERTERS.get(key)
            try:
                out[key] = convert(value) if convert and value is not None else value
            except ValueError as exc:
                raise ConfigError(f"{raw_key}: invalid value {value!r} ({exc})") from exc
        else:
            extra[raw_key[len(PREFIX) :]] = str(value)
    if extra:
        out["extra"] = extra
    return out


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    instance_path: str | os.PathLike[str] | None = None,
) -> Settings:
    """Build the settings. ``overrides`` use the ``LMS_*`` names (tests pass a dict)."""
    environ = os.environ if environ is None else environ
    instance = Path(
        instance_path or environ.get("LMS_INSTANCE_PATH") or Path.cwd() / "instance"
    ).resolve()
    merged: dict[str, Any] = {}
    dotenv_file = Path.cwd() / ".env"
    if dotenv_file.is_file() and overrides is None:
        merged.update({k: v for k, v in dotenv_values(dotenv_file).items() if v is not None})
    config_py = instance / "config.py"
    if config_py.is_file() and overrides is None:
        module_vars = runpy.run_path(str(config_py))
        merged.update({k: v for k, v in module_vars.items() if k.startswith(PREFIX)})
    if overrides is None:
        merged.update({k: v for k, v in environ.items() if k.startswith(PREFIX)})
    else:
        merged.update(overrides)
    merged.setdefault("LMS_INSTANCE_PATH", str(instance))
    settings = replace(Settings(), **_from_mapping(merged))
    return validate(settings)


MIN_SECRET_BYTES = 32


def _check_production_key(key: str) -> None:
    """A known or short key lets anyone sign session cookies as any user: refuse to start.
    The key itself is never repeated in the message (it ends up in logs)."""
    if key == DEV_SECRET:
        raise ConfigError(
            "LMS_SECRET_KEY is the publicly known development key: refusing to start in production "
            f"(generate {MIN_SECRET_BYTES} random bytes: python3 -c 'import secrets; print(secrets.token_hex(32))')"
        )
    if len(key.encode()) < MIN_SECRET_BYTES:
        raise ConfigError(
            f"LMS_SECRET_KEY is shorter than {MIN_SECRET_BYTES} bytes: refusing to start in production "
            "(generate one: python3 -c 'import secrets; print(secrets.token_hex(32))')"
        )


def validate(settings: Settings) -> Settings:
    if settings.env not in {"production", "development", "testing"}:
        raise ConfigError(f"LMS_ENV must be production, development or testing, not {settings.env!r}")
    if not settings.secret_key:
        if settings.env == "production":
            raise ConfigError(
                "LMS_SECRET_KEY is not set: refusing to start outside development "
                "(set LMS_SECRET_KEY, or LMS_ENV=development on your own machine)"
            )
        settings = replace(settings, secret_key=DEV_SECRET)
    elif settings.env == "production":
        _check_production_key(settings.secret_key)
    if settings.default_locale not in {"id", "en"}:
        raise ConfigError(f"LMS_DEFAULT_LOCALE must be id or en, not {settings.default_locale!r}")
    try:
        from limits import parse_many

        parse_many(settings.login_rate_limit)
    except ValueError as exc:
        raise ConfigError(f"LMS_LOGIN_RATE_LIMIT: {settings.login_rate_limit!r} is not like "
                          "'10 per minute;50 per hour'") from exc
    if settings.log_level.upper() not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise ConfigError(f"LMS_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {settings.log_level!r}")
    if settings.jp_target <= 0:
        raise ConfigError("LMS_JP_TARGET must be a positive number")
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(settings.timezone)
    except Exception as exc:  # noqa: BLE001 - any failure means the zone is unusable
        raise ConfigError(f"LMS_TIMEZONE: unknown time zone {settings.timezone!r}") from exc
    return settings
