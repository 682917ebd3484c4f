from django.core.management.base import BaseCommand

from participants.services import purge_personal_data


class Command(BaseCommand):
    help = (
        "Ta bort personnummer och namn för personer vars sista deltagande avslutades för mer än "
        "FINSAM_RETENTION_YEARS år sedan (kön och födelseår behålls, rapporterna ändras inte), och "
        "uppladdade filer som väntat mer än FINSAM_UPLOAD_RETENTION_DAYS dagar."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Visa bara hur många som berörs; inget ändras.")

    def handle(self, *args, dry_run=False, **options):
        result = purge_personal_data(dry_run=dry_run)
        if dry_run:
            self.stdout.write(f"Provkörning: {result.count} personer skulle gallras (sista slut före {result.cutoff}); "
                              f"{result.uploads} uppladdade filer skulle tas bort.")
        else:
            self.stdout.write(self.style.SUCCESS(
                f"Gallrat: {result.count} personer (sista slut före {result.cutoff}); "
                f"{result.uploads} uppladdade filer borttagna."
            ))
