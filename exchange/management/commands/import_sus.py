"""python manage.py import_sus FILE --kind interventions|participations|anonymous|volume [--dry-run]"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from audit.trail import record
from exchange.importing import KINDS, import_file


class Command(BaseCommand):
    help = "Importera en utbytesfil (allt eller inget). Fel skrivs som 'row N: KOLUMN: meddelande'."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--kind", required=True, choices=KINDS)
        parser.add_argument("--dry-run", action="store_true", help="Kontrollera filen utan att skriva något.")

    def handle(self, *args, file, kind, dry_run, **options):
        try:
            code = self._run(file, kind, dry_run)
        except Exception as error:  # the command boundary: never a traceback
            self.stderr.write(f"Importen avbröts av ett oväntat fel ({type(error).__name__}: {error}); inget sparades.")
            code = 1
        if code:
            sys.exit(code)

    def _run(self, path: str, kind: str, dry_run: bool) -> int:
        try:
            stream = open(path, "rb")
        except OSError as error:
            self.stderr.write(f"Filen {path} kan inte öppnas: {error.strerror or error}.")
            return 1
        with stream:
            result = import_file(stream, kind=kind, dry_run=dry_run, source={"command": "import_sus", "file": path})
        record(
            None,
            "IMPORT",
            f"import_sus {kind} {path}"[:300],
            kind=kind,
            dry_run=dry_run,
            written=result.written,
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
            errors=len(result.errors) + (1 if result.fatal else 0),
        )
        if result.fatal:
            self.stderr.write(result.fatal)
            return 1
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            return 1
        self.stdout.write(result.summary)
        return 0
