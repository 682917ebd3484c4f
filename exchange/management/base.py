"""The exchange commands' boundary (exchange-format.md: one clear line, exit 1, no traceback)."""

from __future__ import annotations

import datetime
import sys

from django.core.management.base import BaseCommand, CommandError


class ExchangeCommand(BaseCommand):
    """Every failure is a CommandError with Swedish line(s). On the command line its message is
    printed as it is, without Django's `CommandError: ` prefix (the contract's `row N: …`
    lines), and the exit status is its returncode (1); a caller of call_command gets the
    CommandError itself. Anything unexpected becomes one such line, never a traceback."""

    unexpected = "Kommandot avbröts av ett oväntat fel ({error})."

    def execute(self, *args, **options):
        try:
            try:
                return super().execute(*args, **options)
            except CommandError:
                raise
            except Exception as error:
                raise CommandError(self.unexpected.format(error=f"{type(error).__name__}: {error}")) from error
        except CommandError as error:
            if not self._called_from_command_line or options.get("traceback"):
                raise
            self.stderr.write(str(error), style_func=lambda text: text)
            sys.exit(error.returncode)


def parse_date(value: str, option: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Ogiltigt datum ”{value}” för {option}: ange ÅÅÅÅ-MM-DD.") from None


def check_choice(value: str, option: str, choices, what: str) -> None:
    if value not in choices:
        raise CommandError(f"{what} ”{value}” för {option} (tillåtna: {', '.join(choices)}).")
