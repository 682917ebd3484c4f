"""What the date-driven commands (reminders) share: a --today to run as if on another day."""

import datetime

from django.core.management.base import BaseCommand, CommandError


class DatedCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--today", help="Räkna som om det vore detta datum (ÅÅÅÅ-MM-DD).")

    def today(self, options) -> datetime.date | None:
        if not options["today"]:
            return None
        try:
            return datetime.date.fromisoformat(options["today"])
        except ValueError:
            raise CommandError(f"Ogiltigt datum för --today: {options['today']!r} (använd ÅÅÅÅ-MM-DD).")
