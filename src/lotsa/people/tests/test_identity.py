from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lotsa.people.identity import IdentityNumberError, parse_identity_number
from lotsa.testing.factories import swedish_number

TODAY = datetime.date(2026, 11, 23)
# Built with the Luhn digit so the tests state the rule, not a memorised number.
SWEDISH = swedish_number(datetime.date(1985, 7, 14), 238)  # 19850714-238c, a woman (8 even)


def parse_se(text: str) -> object:
    return parse_identity_number(text, "SE", today=TODAY)


@pytest.mark.parametrize(
    "written",
    [
        SWEDISH,  # 12 digits with hyphen
        SWEDISH.replace("-", ""),  # 12 digits
        SWEDISH[2:],  # 10 digits with hyphen
        SWEDISH[2:].replace("-", ""),  # 10 digits
        f"  {SWEDISH[2:8]} {SWEDISH[9:]} ",  # spaces are ignored
    ],
)
def test_swedish_forms_all_normalise_to_twelve_digits(written: str) -> None:
    identity = parse_se(written)
    assert identity.number == SWEDISH.replace("-", "")
    assert identity.kind == "personnummer"
    assert identity.birth_date == datetime.date(1985, 7, 14)
    assert identity.sex == "female"
    assert identity.display == SWEDISH


def test_second_to_last_digit_gives_sex() -> None:
    assert parse_se(swedish_number(datetime.date(1990, 2, 3), 231)).sex == "male"
    assert parse_se(swedish_number(datetime.date(1990, 2, 3), 232)).sex == "female"


def test_plus_separator_means_a_hundred_years_earlier() -> None:
    number = swedish_number(datetime.date(1920, 5, 6), 123)[2:]  # 200506-123c
    assert parse_se(number.replace("-", "+")).birth_date == datetime.date(1920, 5, 6)
    assert parse_se(number).birth_date == datetime.date(2020, 5, 6)


def test_plus_is_refused_in_the_twelve_digit_form() -> None:
    with pytest.raises(IdentityNumberError, match="10-digit"):
        parse_se(swedish_number(datetime.date(1920, 5, 6), 123).replace("-", "+"))


def test_wrong_check_digit_is_refused() -> None:
    last = int(SWEDISH[-1])
    wrong = SWEDISH[:-1] + str((last + 1) % 10)
    with pytest.raises(IdentityNumberError, match="check digit"):
        parse_se(wrong)


def test_impossible_date_is_refused() -> None:
    with pytest.raises(IdentityNumberError, match="does not exist"):
        parse_se(swedish_number(datetime.date(1985, 2, 1), 238).replace("0201", "0230"))


def test_birth_date_in_the_future_is_refused() -> None:
    with pytest.raises(IdentityNumberError, match="future"):
        parse_se(swedish_number(datetime.date(2026, 12, 24), 238))


def test_samordningsnummer_has_sixty_added_to_the_day() -> None:
    number = swedish_number(datetime.date(1991, 3, 12), 458, coordination=True)
    assert number[6:8] == "72"
    identity = parse_se(number)
    assert identity.kind == "samordningsnummer"
    assert identity.birth_date == datetime.date(1991, 3, 12)
    assert identity.number == number.replace("-", "")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter the identity number"),
        ("19850714", "10 or 12 digits"),
        ("198507142381234", "10 or 12 digits"),
        ("850714/2384", "only digits"),
        ("85O714-2384", "only digits"),
    ],
)
def test_malformed_swedish_numbers_say_why(text: str, message: str) -> None:
    with pytest.raises(IdentityNumberError, match=message):
        parse_se(text)


def test_cpr_number_gives_birth_date_century_and_sex() -> None:
    identity = parse_identity_number("070761-4285", "DK", today=TODAY)
    assert identity.number == "0707614285"
    assert identity.kind == "cpr"
    assert identity.birth_date == datetime.date(1961, 7, 7)
    assert identity.sex == "male"
    assert identity.display == "070761-4285"
    assert parse_identity_number("0101054002", "DK", today=TODAY).birth_date == datetime.date(
        2005, 1, 1
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("320161-4285", "does not exist"),
        ("07076142", "10 digits"),
        ("0707-614285", "DDMMYY-SSSS"),
        ("010125-4002", "future"),
    ],
)
def test_malformed_cpr_numbers_say_why(text: str, message: str) -> None:
    with pytest.raises(IdentityNumberError, match=message):
        parse_identity_number(text, "DK", today=datetime.date(2024, 1, 1))


def test_country_must_be_chosen() -> None:
    with pytest.raises(IdentityNumberError, match="country"):
        parse_identity_number(SWEDISH, "", today=TODAY)


@given(
    birth=st.dates(min_value=datetime.date(1927, 1, 1), max_value=datetime.date(2025, 12, 31)),
    serial=st.integers(min_value=1, max_value=999),
    coordination=st.booleans(),
)
def test_every_valid_swedish_number_reads_the_same_in_every_form(
    birth: datetime.date, serial: int, coordination: bool
) -> None:
    full = swedish_number(birth, serial, coordination=coordination)
    short = full[2:]
    forms = {full, full.replace("-", ""), short, short.replace("-", "")}
    parsed = {parse_se(form) for form in forms}
    assert len(parsed) == 1
    identity = parsed.pop()
    assert identity.birth_date == birth
    assert identity.number == full.replace("-", "")
