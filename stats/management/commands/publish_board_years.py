"""Publish for the board every year that is publishable and not yet published (stats.publication)."""

from finsam.commands import DatedCommand
from stats.publication import publish_due


class Command(DatedCommand):
    help = ("Fastställ styrelsens siffror för varje år som kan publiceras (slutade för mer än "
            "FINSAM_BOARD_PUBLISH_AFTER_DAYS dagar sedan) och inte redan är publicerat.")

    def handle(self, *args, **options):
        years = publish_due(self.today(options))
        if years:
            self.stdout.write("Publicerade för styrelsen: " + ", ".join(map(str, years)))
        else:
            self.stdout.write("Inget nytt år att publicera.")
