import datetime

import pytest
from django.core.exceptions import ValidationError

from participants.identity import lookup_hash, luhn_check_digit, parse_personnummer
from tests.factories import make_personnummer


def test_it_accepts_a_valid_12_digit_number_and_derives_birth_date_and_kon():
    identity = parse_personnummer("19121212-1212")
    assert identity.number == "191212121212"
    assert identity.birth_date == datetime.date(1912, 12, 12)
    assert identity.kon == "M"  # ninth digit 1 is odd
    assert identity.masked == "19121212-****"


def test_it_derives_female_from_an_even_ninth_digit():
    number = make_personnummer(datetime.date(1985, 4, 2), female=True)
    assert parse_personnummer(number).kon == "K"


def test_it_rejects_a_wrong_check_digit():
    with pytest.raises(ValidationError, match="kontrollsiffran"):
        parse_personnummer("19121212-1213")


def test_it_rejects_an_impossible_date():
    # 1990-02-30 does not exist; the check digit is right for those digits.
    nine = "900230123"
    with pytest.raises(ValidationError):
        parse_personnummer(f"19{nine}{luhn_check_digit(nine)}")


def test_it_rejects_garbage_and_wrong_lengths():
    for value in ["", "abc", "1212121212121", "12121-21212", "19121212 121"]:
        with pytest.raises(ValidationError):
            parse_personnummer(value)


def test_it_accepts_a_samordningsnummer_with_day_plus_60():
    number = make_personnummer(datetime.date(1990, 3, 14), coordination=True)
    assert number[6:8] == "74"
    identity = parse_personnummer(number)
    assert identity.is_coordination_number
    assert identity.birth_date == datetime.date(1990, 3, 14)
    assert identity.masked == f"{number[:8]}-****"


def test_ten_digits_with_plus_means_a_hundred_or_more():
    assert parse_personnummer("121212+1212").birth_date.year == 1912


def test_ten_digits_with_dash_or_nothing_means_under_a_hundred():
    today = datetime.date.today()
    two_digit = f"{(today.year - 30) % 100:02d}"
    nine = f"{two_digit}0101123"
    number = f"{nine[:6]}{nine[6:]}{luhn_check_digit(nine)}"
    assert parse_personnummer(number).birth_date.year == today.year - 30
    assert parse_personnummer(f"{number[:6]}-{number[6:]}").birth_date.year == today.year - 30


def test_it_rejects_a_birth_date_in_the_future():
    future = datetime.date.today() + datetime.timedelta(days=400)
    nine = f"{future:%y%m%d}123"
    with pytest.raises(ValidationError):
        parse_personnummer(f"{future.year}{nine[2:]}{luhn_check_digit(nine)}")


def test_the_lookup_hash_is_keyed_and_stable(settings):
    first = lookup_hash("191212121212")
    assert first == lookup_hash("191212121212")
    assert "191212121212" not in first
    settings.FINSAM_FIELD_KEYS = ["another-key-entirely-another-key-entirely"]
    assert lookup_hash("191212121212") != first
