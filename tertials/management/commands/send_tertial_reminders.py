"""Send the tertial reminders that are due (what the daily Celery beat task does)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from tertials.notices import send_due_reminders


class Command(BaseCommand):
    help = "Skickar påminnelser om tertialrapporter som är på väg att bli, eller är, försenade."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Räkna som om det vore detta datum (ÅÅÅÅ-MM-DD).")

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(f"Ogiltigt datum för --today: {options['today']!r} (använd ÅÅÅÅ-MM-DD).")
        sent = send_due_reminders(today=today)
        self.stdout.write(
            f"Före sista dag: {sent['before_deadline']}, försenade: {sent['overdue']}, "
            f"inskickade (till kansliet): {sent['submitted']}, utan mottagare: {sent['no_recipient']}, "
            f"misslyckade: {sent['failed']}"
        )
