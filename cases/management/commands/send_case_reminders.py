"""Send the case reminders that are due (what the daily Celery beat task does)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from cases.reminders import send_case_reminders


class Command(BaseCommand):
    help = "Skickar e-post till handläggare som har något försenat i Att göra (varje sak en gång)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Räkna som om det vore detta datum (ÅÅÅÅ-MM-DD).")

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(f"Ogiltigt datum för --today: {options['today']!r} (använd ÅÅÅÅ-MM-DD).")
        sent = send_case_reminders(today=today)
        self.stdout.write(
            f"E-post: {sent['emails']}, försenade saker: {sent['items']}, utan mottagare: {sent['no_recipient']}, "
            f"misslyckade: {sent['failed']}"
        )
