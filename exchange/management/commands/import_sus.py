"""python manage.py import_sus FILE --kind interventions|participations|anonymous|volume [--dry-run]"""

from __future__ import annotations

from django.core.management.base import CommandError

from audit.trail import record
from exchange.importing import KINDS, import_file
from exchange.management.base import ExchangeCommand, check_choice


class Command(ExchangeCommand):
    help = "Importera en utbytesfil (allt eller inget). Fel skrivs som 'row N: KOLUMN: meddelande'."
    unexpected = "Importen avbröts av ett oväntat fel ({error}); inget sparades."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--kind", required=True, help=f"Typ av fil: {', '.join(KINDS)}.")
        parser.add_argument("--dry-run", action="store_true", help="Kontrollera filen utan att skriva något.")

    def handle(self, *args, file, kind, dry_run, **options):
        check_choice(kind, "--kind", KINDS, "Okänd typ")
        try:
            stream = open(file, "rb")
        except OSError as error:
            raise CommandError(f"Filen {file} kan inte öppnas: {error.strerror or error}.") from None
        with stream:
            result = import_file(stream, kind=kind, dry_run=dry_run, source={"command": "import_sus", "file": file})
        record(
            None,
            "IMPORT",
            f"import_sus {kind} {file}"[:300],
            kind=kind,
            dry_run=dry_run,
            written=result.written,
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
            errors=len(result.errors) + (1 if result.fatal else 0),
        )
        if result.fatal:
            raise CommandError(result.fatal)
        if result.errors:
            raise CommandError("\n".join(str(error) for error in result.errors))
        self.stdout.write(result.summary)
