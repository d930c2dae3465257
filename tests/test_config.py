from pathlib import Path

import pytest

from lms.config import DEV_SECRET, ConfigError, load_settings

KEY = "0123456789abcdef0123456789abcdef"  # 32 bytes: what production accepts


def test_missing_secret_key_refuses_to_start_outside_development(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings({"LMS_ENV": "production"}, instance_path=tmp_path)
    message = str(info.value)
    assert "LMS_SECRET_KEY" in message and "\n" not in message


def test_development_gets_a_development_secret(tmp_path: Path) -> None:
    settings = load_settings({"LMS_ENV": "development"}, instance_path=tmp_path)
    assert settings.secret_key == DEV_SECRET


def test_defaults_follow_the_interface_contract(tmp_path: Path) -> None:
    settings = load_settings({"LMS_SECRET_KEY": KEY}, instance_path=tmp_path)
    assert settings.default_locale == "id"
    assert settings.timezone == "Asia/Jakarta"
    assert settings.jp_target == 20
    assert settings.embed_hosts == ("www.youtube-nocookie.com", "www.youtube.com")
    assert settings.plugins is None
    assert settings.sqlalchemy_url() == f"sqlite:///{tmp_path.resolve() / 'lms.db'}"


def test_values_are_converted_and_plugin_settings_grouped(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "LMS_SECRET_KEY": KEY,
            "LMS_JP_TARGET": "24.5",
            "LMS_EMBED_HOSTS": "a.example, b.example",
            "LMS_PLUGINS": "lesson,quiz",
            "LMS_DATABASE_URL": "postgresql+psycopg://u@h/db",
            "LMS_QUIZ_MAX_QUESTIONS": "100",
        },
        instance_path=tmp_path,
    )
    assert settings.jp_target == 24.5
    assert settings.embed_hosts == ("a.example", "b.example")
    assert settings.plugins == ("lesson", "quiz")
    assert settings.sqlalchemy_url() == "postgresql+psycopg://u@h/db"
    assert settings.plugin_settings("quiz") == {"max_questions": "100"}


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("LMS_JP_TARGET", "dua puluh", "LMS_JP_TARGET"),
        ("LMS_JP_TARGET", "0", "LMS_JP_TARGET"),
        ("LMS_TIMEZONE", "Mars/Olympus", "LMS_TIMEZONE"),
        ("LMS_DEFAULT_LOCALE", "fr", "LMS_DEFAULT_LOCALE"),
        ("LMS_ENV", "staging", "LMS_ENV"),
        ("LMS_LOGIN_RATE_LIMIT", "sepuluh kali", "LMS_LOGIN_RATE_LIMIT"),
    ],
)
def test_bad_values_are_one_line_errors_naming_the_variable(
    tmp_path: Path, key: str, value: str, fragment: str
) -> None:
    with pytest.raises(ConfigError, match=fragment):
        load_settings({"LMS_SECRET_KEY": KEY, key: value}, instance_path=tmp_path)


def test_environment_and_instance_config_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "config.py").write_text('LMS_SECRET_KEY = "from-file-0123456789abcdef0123456789"\nLMS_JP_TARGET = 30\n')
    monkeypatch.chdir(tmp_path)
    settings = load_settings(environ={"LMS_JP_TARGET": "40"}, instance_path=tmp_path)
    assert settings.secret_key == "from-file-0123456789abcdef0123456789"
    assert settings.jp_target == 40  # the environment wins over instance/config.py


@pytest.mark.parametrize("key", [DEV_SECRET, "kunci-rahasia", "s" * 31, "é" * 15])
def test_production_refuses_the_development_secret_or_a_short_key(tmp_path: Path, key: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings({"LMS_ENV": "production", "LMS_SECRET_KEY": key}, instance_path=tmp_path)
    message = str(info.value)
    assert "LMS_SECRET_KEY" in message and "32" in message and "\n" not in message
    assert key not in message  # the key itself is never printed


def test_production_accepts_a_key_of_32_bytes(tmp_path: Path) -> None:
    key = "k" * 32
    assert load_settings({"LMS_ENV": "production", "LMS_SECRET_KEY": key}, instance_path=tmp_path).secret_key == key
