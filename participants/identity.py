"""Personnummer and samordningsnummer: validation, encryption at rest and keyed lookup.

Validation (Luhn, real dates, samordningsnummer day + 60, the century rule for '+') is the
maintained `personnummer` library's; encryption is Fernet from `django-fernet-encrypted-fields`
with our own key setting; the lookup hash is HMAC-SHA256 so equal numbers can be found
without ever storing them in clear text.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import re
from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from encrypted_fields.fields import EncryptedCharField, EncryptedTextField
from personnummer import personnummer

SHAPE = re.compile(r"^(\d{6}|\d{8})([-+]?)(\d{4})$")


@dataclass(frozen=True)
class Identity:
    number: str  # 12 digits, YYYYMMDDNNNN
    birth_date: datetime.date
    kon: str  # "K" or "M"
    is_coordination_number: bool

    @property
    def masked(self) -> str:
        return f"{self.number[:8]}-****"


def parse_personnummer(value, *, today: datetime.date | None = None) -> Identity:
    """Parse a personnummer or samordningsnummer, or raise ValidationError in Swedish."""
    text = str(value or "").strip().replace(" ", "")
    match = SHAPE.match(text)
    if not match:
        raise ValidationError(
            "Ogiltigt personnummer: ange 10 eller 12 siffror, t.ex. ÅÅÅÅMMDD-NNNN.", code="pnr_format"
        )
    try:
        parsed = personnummer.parse(text)
    except personnummer.PersonnummerException:
        raise ValidationError(
            "Ogiltigt personnummer: kontrollsiffran eller datumet stämmer inte.", code="pnr_invalid"
        ) from None
    birth_date = parsed.get_date()
    if birth_date > (today or datetime.date.today()):
        raise ValidationError("Ogiltigt personnummer: födelsedatumet ligger i framtiden.", code="pnr_future")
    return Identity(
        number=parsed.format(long_format=True),
        birth_date=birth_date,
        kon="M" if parsed.is_male() else "K",
        is_coordination_number=parsed.is_coordination_number(),
    )


def luhn_check_digit(nine_digits: str) -> int:
    """The last digit of a personnummer: Luhn over YYMMDDNNN."""
    total = 0
    for index, char in enumerate(nine_digits):
        value = int(char) * (2 - index % 2)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10


def personnummer_for(birth: datetime.date, serial: int, *, coordination: bool = False) -> str:
    """A valid 12-digit number for synthetic people (demo data, tests, benchmarks): `serial`
    1–999, its last digit odd for a man and even for a woman."""
    day = birth.day + (60 if coordination else 0)
    nine = f"{birth:%y%m}{day:02d}{serial:03d}"
    return f"{birth.year}{nine[2:]}{luhn_check_digit(nine)}"


def lookup_hash(number: str) -> str:
    """Keyed hash of a normalised 12-digit number, for exact lookup."""
    key = settings.FINSAM_FIELD_KEYS[0].encode()
    return hmac.new(key, number.encode(), hashlib.sha256).hexdigest()


def hash_for_input(value) -> str | None:
    """The lookup hash for what a user typed, or None if it is not a valid number."""
    try:
        return lookup_hash(parse_personnummer(value).number)
    except ValidationError:
        return None


@lru_cache(maxsize=8)
def _derive(key: str) -> bytes:
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=b"finsam-registry-fields", iterations=100_000)
    return base64.urlsafe_b64encode(kdf.derive(key.encode()))


class _FieldKeys:
    """Fernet keys from FINSAM_FIELD_KEY (not the Django SECRET_KEY)."""

    @cached_property
    def keys(self) -> list[bytes]:
        return [_derive(key) for key in settings.FINSAM_FIELD_KEYS]


class PersonalDataField(_FieldKeys, EncryptedCharField):
    """Fernet-encrypted short text (personnummer, names)."""


class PersonalTextField(_FieldKeys, EncryptedTextField):
    """Fernet-encrypted longer text (case notes, plan texts), with the same keys."""
