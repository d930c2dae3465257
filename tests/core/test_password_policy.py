"""Passwords people can guess are refused (issue #13, Security 3): the most common ones
(Indonesian ones too), and those containing the NIP, its birth date or the person's name."""

from __future__ import annotations

import pytest

from lms.core import password_policy
from lms.core.services.accounts import AccountError, check_password_strength

NIP = "198506152010011001"
NAME = "Dra. Siti Nurhaliza, M.Pd."


def _problem(password: str, nip: str | None = NIP, name: str | None = NAME) -> str | None:
    return password_policy.problem(password, nip=nip, name=name)


@pytest.mark.parametrize("password", ["sayangku", "bismillah", "indonesia123", "jakarta", "rahasia", "qwerty123",
                                      "p@ssw0rd", "Password123", "BISMILLAH", "sayangku2024", "12345678",
                                      "alhamdulillah", "aku cinta kamu", "jakarta1!", "iloveyou"])
def test_common_passwords_are_refused(password: str) -> None:
    assert _problem(password) is not None


@pytest.mark.parametrize("password", [NIP, f"x{NIP}x", "19850615", "lahir19850615", "15061985abc", "siti-senang",
                                      "NURHALIZA99", "kopi-siti-pagi"])
def test_passwords_with_the_nip_its_birth_date_or_a_name_part_are_refused(password: str) -> None:
    assert _problem(password) is not None


@pytest.mark.parametrize("password", ["kebun-teh-berkabut-7", "jembatan merah sore", "Wq8#pL2z!r", "rahasia-uji-123",
                                      "pd-kopi-dra-sore"])
def test_uncommon_passwords_pass(password: str) -> None:
    # titles ("Dra.", "M.Pd.") are not name parts; a common word inside a longer phrase is fine
    assert _problem(password) is None


def test_the_list_is_shipped_compressed_and_loaded_once() -> None:
    words = password_policy.common_passwords()
    assert words is password_policy.common_passwords()
    assert len(words) > 5000
    assert {"sayangku", "bismillah", "indonesia123", "jakarta", "rahasia", "qwerty123", "p@ssw0rd"} <= words
    assert password_policy.LIST_PATH.name.endswith(".gz")


@pytest.mark.parametrize(("lang", "password", "expected"), [
    ("id", "bismillah", "paling sering dipakai"),
    ("en", "bismillah", "most common"),
    ("id", "siti-senang", "nama"),
    ("en", "siti-senang", "name"),
    ("id", "a19850615", "NIP"),
    ("en", "a19850615", "NIP"),
])
def test_the_messages_say_why_in_both_languages(app, lang: str, password: str, expected: str) -> None:
    from lms.core.models import User

    with app.test_request_context(f"/?lang={lang}"):
        with pytest.raises(AccountError) as info:
            check_password_strength(password, User(nip=NIP, name=NAME))
        assert expected in str(info.value)
