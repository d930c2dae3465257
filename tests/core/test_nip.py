import pytest

from lms.core.nip import InvalidNIP, format_nip, is_valid, normalize, validate


@pytest.mark.parametrize(
    "raw",
    ["19660801 198803 1 001", "196608011988031001", "19660801-198803-1-001", " 19660801.198803.1.001 "],
)
def test_valid_nip_in_any_common_typing_is_stored_bare(raw: str) -> None:
    assert validate(raw) == "196608011988031001"


def test_pppk_numbers_with_a_code_instead_of_a_month_are_valid() -> None:
    # PPPK: digits 13-14 are a code (here 21), not a month
    assert validate("199203182022212001") == "199203182022212001"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "wajib"),
        ("19660801 198803 1 00", "18 digit"),
        ("19660801 198803 1 0011", "18 digit"),
        ("1966080A 198803 1 001", "angka"),
        ("19661301 198803 1 001", "tanggal lahir"),  # month 13
        ("19660231 198803 1 001", "tanggal lahir"),  # 31 February
        ("18500101 198803 1 001", "tahun lahir"),
        ("19660801 197003 1 001", "pengangkatan"),  # appointed at 3 years old
        ("19660801 198803 3 001", "digit ke-15"),
    ],
)
def test_invalid_nip_says_why(raw: str, reason: str) -> None:
    with pytest.raises(InvalidNIP, match=reason):
        validate(raw)
    assert not is_valid(raw)


def test_format_groups_the_digits_and_leaves_other_text_alone() -> None:
    assert format_nip("196608011988031001") == "19660801 198803 1 001"
    assert format_nip("12345") == "12345"
    assert format_nip(None) == ""
    assert normalize("1966 0801") == "19660801"
