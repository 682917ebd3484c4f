"""Validators shared by the models of several apps (the one rule set for text)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

# C0 controls but tab, line feed and carriage return; DEL; the two non-characters. None is
# typed on purpose, and they break the XLSX and XML writers (and NUL PostgreSQL itself).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def no_control_characters(value) -> None:
    """Refuse text with a control character, naming where it is."""
    if not isinstance(value, str):
        return
    found = CONTROL_CHARACTERS.search(value)
    if found:
        raise ValidationError(
            "Texten innehåller ett otillåtet kontrolltecken (U+%(code)04X, tecken %(position)s): ta bort det.",
            code="control_character",
            params={"code": ord(found.group()), "position": found.start() + 1},
        )


# For a model field: `models.TextField(..., validators=PLAIN)`.
PLAIN = [no_control_characters]
