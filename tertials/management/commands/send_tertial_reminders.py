"""Send the tertial reminders that are due (what the daily Celery beat task does)."""

from finsam.commands import DatedCommand
from tertials.notices import send_due_reminders


class Command(DatedCommand):
    help = "Skickar påminnelser om tertialrapporter som är på väg att bli, eller är, försenade."

    def handle(self, *args, **options):
        sent = send_due_reminders(today=self.today(options))
        self.stdout.write(
            f"Före sista dag: {sent['before_deadline']}, försenade: {sent['overdue']}, "
            f"inskickade (till kansliet): {sent['submitted']}, utan mottagare: {sent['no_recipient']}, "
            f"misslyckade: {sent['failed']}"
        )
