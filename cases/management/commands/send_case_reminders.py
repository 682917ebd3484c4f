"""Send the case reminders that are due (what the daily Celery beat task does)."""

from cases.reminders import send_case_reminders
from finsam.commands import DatedCommand


class Command(DatedCommand):
    help = "Skickar e-post till handläggare som har något försenat i Att göra (varje sak en gång)."

    def handle(self, *args, **options):
        sent = send_case_reminders(today=self.today(options))
        self.stdout.write(
            f"E-post: {sent['emails']}, försenade saker: {sent['items']}, utan mottagare: {sent['no_recipient']}, "
            f"misslyckade: {sent['failed']}"
        )
