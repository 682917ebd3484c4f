"""Import and SUS export of the exchange files: the workflows the commands, views and tasks call.

Import is all or nothing: the whole file is read inside one transaction, rows are
validated by the models' own `full_clean()` (the one rule set) and written in chunks with
bulk statements; if any row is wrong, or on a dry run, the transaction is rolled back.
Only what a single record cannot know is checked here: the columns, a key repeated within
the file, a kön that differs from the person's, spells of the file overlapping each other.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from auditlog.context import set_actor
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.functions import Collate
from django.utils import timezone

from audit.trail import log_bulk_changes
from interventions.models import Intervention, Organisation
from participants.codes import Avslutsorsak
from participants.identity import lookup_hash
from participants.models import (
    AnonymousRegistration,
    Participant,
    Participation,
    VolumeRegistration,
    age_on,
    new_extern_id,
)

from . import bulk
from .formats import MAX_CELL, CsvWriter, FileUnreadable, XlsxWriter, clean_cell, normalise_header, open_table
from .resources import RESOURCES, ExchangeResource

CHUNK_SIZE = 1000
KINDS = tuple(RESOURCES)
EXPORT_KINDS = ("interventions", "participations", "anonymous", "volume")
REQUIRED_MESSAGE = "Måste anges."
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.column}: {self.message}"


@dataclass
class PreviewRow:
    number: int
    status: str  # new, changed, unchanged, error
    cells: list[tuple[str, str, str]]  # (column, value, error)
    other_errors: list[str]

    @property
    def error_columns(self) -> list[str]:
        """The columns with an error: a wide file's error may be scrolled out of sight."""
        return [column for column, _value, error in self.cells if error]


@dataclass
class ImportResult:
    kind: str
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    fatal: str = ""
    columns: list[str] = field(default_factory=list)
    preview: list[PreviewRow] | None = None
    statuses: list[tuple[int, str]] | None = None  # (row, status) of every row, without the cells
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.fatal and not self.errors

    @property
    def summary(self) -> str:
        return f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}"


@dataclass
class RawRow:
    number: int
    cells: dict[str, str]
    errors: dict[str, str]


class _Rollback(Exception):
    pass


class _NoStoredSpells:
    """Stands in for `overlapping_spells()` when a bulk read already showed there are none."""

    def first(self):
        return None

    def exists(self):
        return False


def _no_stored_spells():
    return _NoStoredSpells()


# --- reading the table -----------------------------------------------------------------


def _columns_of(table, resource_cls: type[ExchangeResource], result: ImportResult) -> list[str]:
    header = [normalise_header(name) for name in table.header]
    while header and not header[-1]:
        header.pop()
    known = resource_cls.columns()
    missing = [column for column in resource_cls.required if column not in header]
    if missing:
        hint = ""
        for kind, other in RESOURCES.items():
            if other is not resource_cls and all(column in header for column in other.required):
                hint = f" Filen ser ut att vara av typen {kind}, inte {resource_cls.kind}."
                break
        what = "Obligatoriska kolumner saknas" if len(missing) > 1 else "Obligatorisk kolumn saknas"
        raise FileUnreadable(f"{what}: {', '.join(missing)}.{hint}")
    seen: set[str] = set()
    for position, name in enumerate(header, start=1):
        if not name:
            result.errors.append(RowError(1, f"kolumn {position}", "Kolumnen saknar rubrik."))
        elif name not in known:
            result.errors.append(
                RowError(1, name, f"Okänd kolumn (kända kolumner: {', '.join(known)}).")
            )
        elif name in seen:
            result.errors.append(RowError(1, name, "Kolumnen förekommer två gånger."))
        seen.add(name)
    return header


def _raw_rows(table, header: list[str]) -> Iterator[RawRow]:
    width = len(header)
    for number, values in table.rows:
        if not any(value and value.strip() for value in values):
            continue
        cells: dict[str, str] = {}
        errors: dict[str, str] = {}
        for column, value in zip(header, values, strict=False):
            text = clean_cell(value or "")
            if len(text) > MAX_CELL:
                errors[column] = f"Texten är {len(text)} tecken lång; högst {MAX_CELL} tecken är tillåtet."
                text = ""
            cells[column] = text
        for column in header[len(values):]:
            cells[column] = ""
        if any(value and value.strip() for value in values[width:]):
            errors["*"] = f"Raden har {len(values)} fält men rubrikraden bara {width}."
        yield RawRow(number, cells, errors)


def _chunks(rows: Iterator[RawRow], size: int) -> Iterator[list[RawRow]]:
    chunk: list[RawRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- importers, one per kind -------------------------------------------------------------


class Importer:
    resource_cls: type[ExchangeResource]
    model = None
    # model field -> column, for the errors full_clean() reports
    field_columns: dict[str, str] = {}
    compared: tuple[str, ...] = ()

    def __init__(self, result: ImportResult, *, header: list[str], preview: bool, lock: bool, actor=None,
                 source: dict | None = None):
        self.result = result
        self.header = header
        self.resource = self.resource_cls()
        self.preview = preview
        self.lock = lock  # writing for real: rows are locked and every change goes to the audit log
        self.actor = actor
        self.source = source or {}
        self.interventions = {item.code.casefold(): item for item in Intervention.objects.all()}
        self.written_rows: dict = {}  # record key or pk -> file row, for keys repeated in the file

    # helpers shared by the kinds

    def cells(self, raw: RawRow) -> tuple[dict, dict[str, str]]:
        values, errors = self.resource.clean_cells(raw.cells)
        errors.update(raw.errors)
        for column in self.resource_cls.required:
            if column not in errors and values.get(column) in (None, "", []):
                errors[column] = REQUIRED_MESSAGE
        return values, errors

    def intervention_for(self, values: dict, errors: dict[str, str]) -> Intervention | None:
        code = values.get("insats")
        if not code or "insats" in errors:
            return None
        intervention = self.interventions.get(code.casefold())
        if intervention is None:
            errors["insats"] = f"Okänd insats ”{code}”."
        return intervention

    def clean(self, instance, errors: dict[str, str], *, exclude=()) -> None:
        try:
            instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = self.field_columns.get(name, name)
                if name == NON_FIELD_ERRORS or column not in self.resource_cls.columns():
                    column = self.resource_cls.key[-1]
                if column not in errors:
                    errors[column] = " ".join(messages)

    def snapshot(self, instance) -> tuple:
        return tuple(getattr(instance, name) for name in self.compared)

    def finish(self, raw: RawRow, status: str, errors: dict[str, str]) -> None:
        result = self.result
        result.rows += 1
        if errors:
            status = "error"
            order = {column: index for index, column in enumerate(self.header)}
            for column in sorted(errors, key=lambda name: order.get(name, len(order))):
                result.errors.append(RowError(raw.number, column, errors[column]))
        elif status == "new":
            result.created += 1
        elif status == "changed":
            result.updated += 1
        else:
            result.unchanged += 1
        if result.statuses is not None:
            result.statuses.append((raw.number, status))
        if self.preview and result.preview is not None:
            shown = [column for column in self.header if column]
            result.preview.append(
                PreviewRow(
                    number=raw.number,
                    status=status,
                    cells=[(column, raw.cells.get(column, ""), errors.get(column, "")) for column in shown],
                    other_errors=[message for column, message in errors.items() if column not in shown],
                )
            )

    def before_change(self, instance):
        """A copy of a stored record as it was, for its audit entry (none on a dry run)."""
        return copy.copy(instance) if self.lock and instance is not None and instance.pk else None

    def log_written(self, pairs, fields_to_check) -> None:
        """Audit entries for what bulk statements wrote (they send no signals); rolled back
        with everything else if the file turns out to be wrong."""
        if self.lock:
            log_bulk_changes(pairs, actor=self.actor, fields_to_check=fields_to_check, **self.source)

    def duplicate_message(self, earlier_row: int) -> str:
        columns = ", ".join(self.resource_cls.key)
        return f"Samma nyckel ({columns}) som rad {earlier_row} i filen."

    def process(self, rows: list[RawRow]) -> None:
        raise NotImplementedError


class InterventionImporter(Importer):
    resource_cls = RESOURCES["interventions"]
    field_columns = {
        "code": "kod", "name": "namn", "inriktning": "inriktning", "allows_person": "registrering",
        "allows_anonymous": "registrering", "allows_volume": "registrering", "huvudman": "huvudman",
        "malgrupp": "malgrupp", "effektmal": "effektmal", "mal_andel_arbete_studier": "mal_andel_arbete_studier",
        "startdatum": "startdatum", "slutdatum": "slutdatum", "arsplatser": "arsplatser",
    }
    compared = (
        "code", "name", "inriktning", "allows_person", "allows_anonymous", "allows_volume", "huvudman_id",
        "malgrupp", "effektmal", "mal_andel_arbete_studier", "startdatum", "slutdatum", "arsplatser",
    )
    simple = {
        "namn": "name", "inriktning": "inriktning", "malgrupp": "malgrupp", "effektmal": "effektmal",
        "mal_andel_arbete_studier": "mal_andel_arbete_studier", "startdatum": "startdatum",
        "slutdatum": "slutdatum", "arsplatser": "arsplatser",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {org.code.casefold(): org for org in Organisation.objects.all()}

    def process(self, rows: list[RawRow]) -> None:
        codes = [raw.cells.get("kod", "") for raw in rows]
        existing = Intervention.objects.filter(code__in=[code for code in codes if code])
        if self.lock:
            existing = existing.select_for_update()
        by_code = {item.code: item for item in existing}
        for raw in rows:
            values, errors = self.cells(raw)
            code = values.get("kod", "")
            if code and code in self.written_rows:
                errors["kod"] = self.duplicate_message(self.written_rows[code])
            if errors.get("kod"):
                self.finish(raw, "error", errors)
                continue
            instance = by_code.get(code) or Intervention(code=code)
            before = self.snapshot(instance) if instance.pk else None
            for column, name in self.simple.items():
                if column in values:
                    setattr(instance, name, values[column])
            if "registrering" in values:
                modes = values["registrering"]
                for mode, name in Intervention.MODE_FIELDS.items():
                    setattr(instance, name, mode in modes)
            if "huvudman" in values and "huvudman" not in errors:
                org_code = values["huvudman"]
                if not org_code:
                    instance.huvudman = None
                elif org_code.casefold() in self.organisations:
                    instance.huvudman = self.organisations[org_code.casefold()]
                else:
                    known = ", ".join(sorted(org.code for org in self.organisations.values()))
                    errors["huvudman"] = f"Okänd organisation ”{org_code}” (kända: {known})."
            self.clean(instance, errors, exclude=["huvudman"])
            if errors:
                self.finish(raw, "error", errors)
                continue
            status = "new" if before is None else ("unchanged" if before == self.snapshot(instance) else "changed")
            if status != "unchanged":
                instance.save()
                self.interventions[instance.code.casefold()] = instance
            self.written_rows[code] = raw.number
            self.finish(raw, status, errors)


class ParticipationImporter(Importer):
    resource_cls = RESOURCES["participations"]
    field_columns = {
        "intervention": "insats", "participant": "personnummer", "samtycke_datum": "samtycke_datum",
        "startdatum": "startdatum", "utbildning": "utbildning",
        "tid_offentlig_forsorjning": "tid_offentlig_forsorjning",
        "forsorjning_fore": "forsorjning_fore", "slutdatum": "slutdatum", "avslutsorsak": "avslutsorsak",
        "sysselsattning_efter": "sysselsattning_efter", "forsorjning_efter": "forsorjning_efter",
        "kon": "kon", "personnummer": "personnummer", "first_name": "fornamn", "last_name": "efternamn",
        "alder_vid_start": "startdatum",
    }
    fields_from_columns = (
        "samtycke_datum", "utbildning", "tid_offentlig_forsorjning", "forsorjning_fore", "slutdatum",
        "avslutsorsak", "sysselsattning_efter", "forsorjning_efter",
    )
    compared = fields_from_columns
    update_fields = fields_from_columns + ("alder_vid_start", "version", "updated_at")

    def process(self, rows: list[RawRow]) -> None:
        parsed = []
        hashes = set()
        for raw in rows:
            values, errors = self.cells(raw)
            intervention = self.intervention_for(values, errors)
            identity = values.get("personnummer")
            pnr_hash = lookup_hash(identity.number) if identity else None
            if pnr_hash:
                hashes.add(pnr_hash)
            parsed.append((raw, values, errors, intervention, identity, pnr_hash))

        known = Participant.objects.filter(pnr_hash__in=hashes).defer("personnummer")
        people = {person.pnr_hash: person for person in known}
        new_people: dict[str, Participant] = {}
        renamed: dict[int, Participant] = {}
        for _raw, values, errors, _intervention, identity, pnr_hash in parsed:
            if not pnr_hash:
                continue
            person = people.get(pnr_hash)
            kon = values.get("kon") or None
            if person is None:
                person = Participant.from_personnummer(
                    identity, kon=kon, first_name=values.get("fornamn"), last_name=values.get("efternamn")
                )
                # Built by the model's own constructor from a checked number and a checked kön
                # code, so it needs no full_clean() of its own; its spell gets one below.
                people[pnr_hash] = new_people[pnr_hash] = person
                continue
            if kon and kon != person.kon and "kon" not in errors:
                errors["kon"] = f"Personen är redan registrerad med kön {person.kon}; kön hör till personen."
            for column, name in (("fornamn", "first_name"), ("efternamn", "last_name")):
                if values.get(column) and values[column] != getattr(person, name):
                    setattr(person, name, values[column])
                    if person.pk:
                        renamed[person.pk] = person
        if new_people:
            bulk.insert(Participant, list(new_people.values()))
        fresh = {id(person) for person in new_people.values()}

        old_ids = {people[h].pk for *_, h in parsed if h and id(people[h]) not in fresh}
        spells = {}
        stored_spells: dict[tuple, set[int]] = {}
        if old_ids:
            query = Participation.objects.filter(
                participant_id__in=old_ids,
                intervention_id__in={item[3].pk for item in parsed if item[3] is not None},
                startdatum__in={item[1].get("startdatum") for item in parsed if item[1].get("startdatum")},
            )
            if self.lock:
                query = query.select_for_update()
            spells = {(spell.intervention_id, spell.participant_id, spell.startdatum): spell for spell in query}
            # Which people already have countable spells in these interventions: only for them
            # can the model's overlap check find anything, so only they need its query.
            spelled = Participation.objects.countable().filter(
                participant_id__in=old_ids, intervention_id__in={item[3].pk for item in parsed if item[3] is not None}
            ).values_list("intervention_id", "participant_id", "pk")
            for intervention_id, participant_id, pk in spelled:
                stored_spells.setdefault((intervention_id, participant_id), set()).add(pk)

        outcomes = []
        chunk_keys: dict[tuple, int] = {}
        groups: dict[tuple, list] = {}
        originals: dict[int, Participation | None] = {}
        for raw, values, errors, intervention, _identity, pnr_hash in parsed:
            person = people.get(pnr_hash) if pnr_hash else None
            start = values.get("startdatum")
            if intervention is None or person is None or person.pk is None or not start:
                outcomes.append((raw, "error", errors, None))
                continue
            key = (intervention.pk, person.pk, start)
            existing = spells.get(key)
            earlier = chunk_keys.get(key) or (self.written_rows.get(existing.pk) if existing else None)
            if earlier:
                errors["startdatum"] = self.duplicate_message(earlier)
                outcomes.append((raw, "error", errors, None))
                continue
            chunk_keys[key] = raw.number
            spell = existing or Participation(startdatum=start)
            before = self.snapshot(spell) if existing else None
            if existing is not None:
                originals[id(spell)] = self.before_change(existing)
            spell.participant = person
            spell.intervention = intervention
            for name in self.fields_from_columns:
                if name in values:
                    setattr(spell, name, values[name] if values[name] is not None else None)
            if person.birth_date:
                spell.alder_vid_start = age_on(person.birth_date, start)
            if not (stored_spells.get((intervention.pk, person.pk), set()) - {spell.pk}):
                # No other stored spell of this person in this intervention (read in bulk
                # above), so the model's overlap query cannot find one; rows of the file
                # meeting each other are checked below.
                spell.overlapping_spells = _no_stored_spells
            self.clean(spell, errors, exclude=["participant", "intervention", "alder_vid_start"])
            if errors:
                outcomes.append((raw, "error", errors, None))
                continue
            if existing is None:
                status = "new"
            elif before != self.snapshot(spell) or person.pk in renamed:
                status = "changed"
            else:
                status = "unchanged"
            outcomes.append((raw, status, errors, spell))
            if spell.avslutsorsak != Avslutsorsak.FELREGISTRERING:
                groups.setdefault((intervention.pk, person.pk), []).append((raw.number, spell, errors))

        for members in groups.values():
            if len(members) < 2:
                continue
            for index, (_number, spell, errors) in enumerate(members):
                for other_number, other, _ in members[:index]:
                    if spell.startdatum <= (other.slutdatum or datetime.date.max) and other.startdatum <= (
                        spell.slutdatum or datetime.date.max
                    ):
                        errors["startdatum"] = (
                            f"Överlappar rad {other_number} i filen, samma person och insats"
                            f" ({other.startdatum} – {other.slutdatum or 'pågående'})."
                        )
                        break

        create, update = [], []
        now = timezone.now()
        for raw, status, errors, spell in outcomes:
            if errors:
                self.finish(raw, "error", errors)
                continue
            if status == "new":
                create.append(spell)
            elif status == "changed":
                spell.version += 1
                spell.updated_at = now
                update.append(spell)
            self.finish(raw, status, errors)
        if create:
            bulk.insert(Participation, create)
        if update:
            Participation.objects.bulk_update(update, self.update_fields, batch_size=CHUNK_SIZE)
        if renamed:
            Participant.objects.bulk_update(list(renamed.values()), ["first_name", "last_name"], batch_size=CHUNK_SIZE)
        # As a form save logs them: each new person (never their number or name, see
        # participants.apps) and each spell created or changed.
        self.log_written(
            [(None, person) for person in new_people.values()]
            + [(None, spell) for spell in create]
            + [(originals[id(spell)], spell) for spell in update],
            self.update_fields,
        )
        for raw, _status, errors, spell in outcomes:
            if spell is not None and not errors:
                self.written_rows[spell.pk] = raw.number


class CountImporter(Importer):
    """Anonymous and volume registrations: keyed by extern_id, empty = a new record."""

    columns_fields: dict[str, str] = {}
    defaults: dict[str, object] = {}

    @property
    def update_fields(self):
        return (*self.compared, "version", "updated_at")

    def process(self, rows: list[RawRow]) -> None:
        model = self.model
        ids = [raw.cells.get("extern_id", "") for raw in rows]
        existing = model.objects.filter(extern_id__in=[value for value in ids if value])
        if self.lock:
            existing = existing.select_for_update()
        by_id = {item.extern_id: item for item in existing}
        create, update, finished = [], [], []
        originals = {}
        now = timezone.now()
        for raw in rows:
            values, errors = self.cells(raw)
            intervention = self.intervention_for(values, errors)
            extern_id = values.get("extern_id", "")
            if extern_id and extern_id in self.written_rows:
                errors["extern_id"] = self.duplicate_message(self.written_rows[extern_id])
            instance = by_id.get(extern_id) if extern_id else None
            before = self.snapshot(instance) if instance else None
            original = self.before_change(instance)
            if instance is None:
                instance = model(extern_id=extern_id or new_extern_id())
            if intervention is not None:
                instance.intervention = intervention
            for column, name in self.columns_fields.items():
                if column in values:
                    value = values[column]
                    if value is None and name in self.defaults:
                        value = self.defaults[name]
                    setattr(instance, name, value)
            exclude = ["intervention"] if intervention is not None else []
            if intervention is None and "insats" not in errors:
                errors["insats"] = REQUIRED_MESSAGE
            if not errors.get("extern_id"):
                self.clean(instance, errors, exclude=exclude)
            if errors:
                self.finish(raw, "error", errors)
                continue
            if before is None:
                status = "new"
                create.append(instance)
            elif before != self.snapshot(instance):
                status = "changed"
                instance.version += 1
                instance.updated_at = now
                update.append(instance)
                originals[id(instance)] = original
            else:
                status = "unchanged"
            if extern_id:
                self.written_rows[extern_id] = raw.number
            finished.append((raw, status))
        if create:
            model.objects.bulk_create(create, batch_size=CHUNK_SIZE)
        if update:
            model.objects.bulk_update(update, self.update_fields, batch_size=CHUNK_SIZE)
        self.log_written(
            [(None, item) for item in create] + [(originals[id(item)], item) for item in update], self.update_fields
        )
        for raw, status in finished:
            self.finish(raw, status, {})
        if self.preview and self.result.preview is not None:
            self.result.preview.sort(key=lambda row: row.number)


class AnonymousImporter(CountImporter):
    resource_cls = RESOURCES["anonymous"]
    model = AnonymousRegistration
    field_columns = {"intervention": "insats", "extern_id": "extern_id", "kon": "kon", "startdatum": "startdatum",
                     "slutdatum": "slutdatum", "antal": "antal"}
    columns_fields = {"kon": "kon", "startdatum": "startdatum", "slutdatum": "slutdatum", "antal": "antal"}
    defaults = {"antal": 1}
    compared = ("intervention_id", "kon", "startdatum", "slutdatum", "antal")


class VolumeImporter(CountImporter):
    resource_cls = RESOURCES["volume"]
    model = VolumeRegistration
    field_columns = {"intervention": "insats", "extern_id": "extern_id", "datum": "datum", "antal": "antal",
                     "antal_kvinnor": "antal_kvinnor", "antal_man": "antal_man", "beskrivning": "beskrivning"}
    columns_fields = {"datum": "datum", "antal": "antal", "antal_kvinnor": "antal_kvinnor", "antal_man": "antal_man",
                      "beskrivning": "beskrivning"}
    compared = ("intervention_id", "datum", "antal", "antal_kvinnor", "antal_man", "beskrivning")


IMPORTERS: dict[str, type[Importer]] = {
    "interventions": InterventionImporter,
    "participations": ParticipationImporter,
    "anonymous": AnonymousImporter,
    "volume": VolumeImporter,
}


def import_file(
    stream,
    *,
    kind: str,
    dry_run: bool = False,
    preview: bool = False,
    statuses: bool = False,
    progress: Progress | None = None,
    actor=None,
    source: dict | None = None,
) -> ImportResult:
    """Read `stream` (binary, seekable) as a `kind` file and write it, all or nothing.

    `preview`: keep every row with its cells and errors (small files); `statuses`: keep only
    each row's number and status (large files: the cells are read again page by page).
    `actor` and `source` go on the audit entry of every record written."""
    if kind not in IMPORTERS:
        raise ValueError(f"unknown kind {kind!r}")
    result = ImportResult(
        kind=kind, dry_run=dry_run, preview=[] if preview else None, statuses=[] if statuses else None
    )
    try:
        table = open_table(stream)
        header = _columns_of(table, RESOURCES[kind], result)
        result.columns = [column for column in header if column]
        if result.errors:
            return result
        # Records saved one by one (interventions) are logged by auditlog's signals, for this actor.
        acting = set_actor(actor) if getattr(actor, "is_authenticated", False) else contextlib.nullcontext()
        with acting, transaction.atomic():
            importer = IMPORTERS[kind](
                result, header=header, preview=preview, lock=not dry_run, actor=actor, source=source
            )
            done = 0
            for chunk in _chunks(_raw_rows(table, header), CHUNK_SIZE):
                importer.process(chunk)
                done += len(chunk)
                if progress:
                    progress(done, max(table.estimated_rows, done))
            if result.errors or dry_run:
                raise _Rollback
            result.written = True
    except _Rollback:
        pass
    except FileUnreadable as error:
        result.fatal = str(error)
        result.written = False
    if result.preview is not None:
        result.preview.sort(key=lambda row: row.number)
    if result.statuses is not None:
        result.statuses.sort()
    return result


# --- export ------------------------------------------------------------------------------


def _text_order(name: str):
    """Order by a text column byte by byte, as Python sorts it, on every database."""
    if connection.vendor == "postgresql":
        return Collate(name, "C")
    return name


@dataclass
class ExportSelection:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def participations(self):
        spells = Participation.objects.all()
        if self.date_from:
            spells = spells.filter(
                Q(startdatum__lte=self.date_to), Q(slutdatum__isnull=True) | Q(slutdatum__gte=self.date_from)
            )
        return spells

    def anonymous(self):
        records = AnonymousRegistration.objects.all()
        if self.date_from:
            records = records.active_in(self.date_from, self.date_to)
        return records

    def volume(self):
        records = VolumeRegistration.objects.all()
        if self.date_from:
            records = records.dated_in(self.date_from, self.date_to)
        return records

    def interventions(self):
        interventions = Intervention.objects.select_related("huvudman")
        if self.date_from:
            interventions = interventions.filter(
                Q(pk__in=self.participations().values("intervention"))
                | Q(pk__in=self.anonymous().values("intervention"))
                | Q(pk__in=self.volume().values("intervention"))
            )
        return interventions


def _participations_in_key_order(selection: ExportSelection) -> Iterator[Participation]:
    """Spells sorted by (insats, personnummer, startdatum) as text, without holding them all.

    Personnummer are encrypted, so the database cannot sort them: per intervention, one
    integer per spell (number, date, pk) is sorted in memory, then the spells are read back
    in that order in batches.
    """
    spells = selection.participations()
    interventions = sorted(
        Intervention.objects.filter(pk__in=spells.values("intervention")).values_list("pk", "code"),
        key=lambda item: item[1],
    )
    for intervention_pk, _code in interventions:
        keys = []
        rows = spells.filter(intervention_id=intervention_pk).values_list(
            "pk", "startdatum", "participant__personnummer"
        )
        for pk, start, number in rows.iterator(chunk_size=5000):
            keys.append(((int(number) + 1 if number else 0) * 1_000_000 + start.toordinal()) * 10**12 + pk)
        keys.sort()
        for offset in range(0, len(keys), 2000):
            batch = keys[offset:offset + 2000]
            loaded = (
                Participation.objects.select_related("participant", "intervention")
                .defer("participant__personnummer")  # already decrypted once, for the sort key
                .in_bulk([key % 10**12 for key in batch])
            )
            for key in batch:
                spell = loaded[key % 10**12]
                number = key // 10**18
                spell.participant.personnummer = f"{number - 1:012d}" if number else None
                yield spell
        del keys


def export_sus(
    out_dir,
    *,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    fmt: str = "csv",
) -> dict[str, int]:
    """Write the four exchange files into `out_dir`; returns the number of rows per file."""
    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"unknown format {fmt!r}")
    if (date_from is None) != (date_to is None):
        raise ValueError("date_from and date_to go together")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    selection = ExportSelection(date_from, date_to)
    sources = {
        "interventions": lambda: sorted(selection.interventions(), key=lambda item: item.code),
        "participations": lambda: _participations_in_key_order(selection),
        "anonymous": lambda: selection.anonymous().select_related("intervention")
        .order_by(_text_order("extern_id")).iterator(chunk_size=2000),
        "volume": lambda: selection.volume().select_related("intervention")
        .order_by(_text_order("extern_id")).iterator(chunk_size=2000),
    }
    counts = {}
    for kind in EXPORT_KINDS:
        resource = RESOURCES[kind]()
        path = out / f"{kind}.{fmt}"
        partial = out / f".{kind}.{fmt}.partial"
        writer = CsvWriter(partial) if fmt == "csv" else XlsxWriter(partial, kind)
        count = 0
        try:
            writer.write(resource.get_export_headers())
            for obj in sources[kind]():
                writer.write(resource.cells_for(obj))
                count += 1
        finally:
            writer.close()
        os.replace(partial, path)
        counts[kind] = count
    return counts


# --- jobs: the web UI's imports, large ones on a worker --------------------------------


def sync_max_rows() -> int:
    from django.conf import settings

    return getattr(settings, "EXCHANGE_SYNC_MAX_ROWS", 2000)


def _estimate_rows(content: bytes) -> int:
    import io

    try:
        return open_table(io.BytesIO(content)).estimated_rows
    except FileUnreadable:
        return 0
    except Exception:  # whatever a damaged file does, the check itself reports it properly
        return 0


class _ProgressWriter:
    """Progress on its own connection, so it shows while the import's transaction is open.

    SQLite allows one writer at a time, and the import is that writer: there the counts
    appear when the step finishes.
    """

    def __init__(self, job_id: int):
        from django.db import connections

        self.job_id = job_id
        self.connection = None
        if connection.vendor == "postgresql":
            self.connection = connections.create_connection("default")

    def __call__(self, done: int, total: int) -> None:
        if self.connection is None:
            return
        from .models import ImportJob

        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {ImportJob._meta.db_table} SET processed_rows = %s, total_rows = %s WHERE id = %s",
                [done, total, self.job_id],
            )

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


def start_job(*, user, file_name: str, content: bytes, kind: str):
    """Store an upload and check it: at once for small files, on the worker for large ones."""
    from . import tasks
    from .models import ImportJob

    job = ImportJob.objects.create(
        created_by=user, file_name=file_name[:255], kind=kind, content=content, total_rows=_estimate_rows(content)
    )
    if job.total_rows > sync_max_rows():
        tasks.check_import.delay(job.pk)
    else:
        run_job(job_id=job.pk, write=False)
    job.refresh_from_db()
    return job


def confirm_job(job) -> None:
    """Write a checked job (checked again inside the write: the data may have changed)."""
    from . import tasks
    from .models import ImportJob

    updated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.READY).update(
        status=ImportJob.Status.WRITING, processed_rows=0
    )
    if not updated:
        raise ValueError("Jobbet är inte klart att spara.")
    if job.total_rows > sync_max_rows():
        tasks.write_import.delay(job.pk)
    else:
        run_job(job_id=job.pk, write=True)


def cancel_job(job) -> bool:
    from .models import ImportJob

    return bool(
        ImportJob.objects.filter(
            pk=job.pk, status__in=[ImportJob.Status.READY, ImportJob.Status.INVALID, ImportJob.Status.VALIDATING]
        ).update(status=ImportJob.Status.CANCELLED, content=b"", row_statuses=[], finished_at=timezone.now())
    )


def run_job(*, job_id: int, write: bool) -> str:
    """Check (write=False) or write a job; never raises, the outcome is on the job."""
    import io
    import logging

    from audit.trail import record

    from .models import ImportJob

    job = ImportJob.objects.get(pk=job_id)
    progress = _ProgressWriter(job.pk)
    try:
        result = import_file(
            io.BytesIO(bytes(job.content)), kind=job.kind, dry_run=not write, statuses=not write, progress=progress,
            actor=job.created_by, source={"import_job": job.pk, "file": job.file_name},
        )
        if write:
            job.record_result(result, status=ImportJob.Status.DONE if result.written else ImportJob.Status.FAILED)
            record(
                job.created_by, "IMPORT", f"Import {job.get_kind_display().lower()}: {job.file_name}", obj=job,
                created=result.created, updated=result.updated, unchanged=result.unchanged,
                errors=job.error_count, written=result.written,
            )
        else:
            job.record_result(result, status=ImportJob.Status.READY if result.ok else ImportJob.Status.INVALID)
    except Exception as error:  # a job must end in a state the page can show
        logging.getLogger(__name__).exception("import job %s failed", job_id)
        job.status = ImportJob.Status.FAILED
        job.message = f"Oväntat fel ({type(error).__name__}); inget sparades."
    finally:
        progress.close()
    if job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
        job.content = b""
        job.row_statuses = []
        job.finished_at = timezone.now()
    job.save()
    return job.status


PREVIEW_PAGE_SIZE = 200
STATUS_LABELS = {"new": "Nya", "changed": "Ändrade", "unchanged": "Oförändrade", "error": "Med fel"}


@dataclass
class Preview:
    """One page of a checked job's row-by-row preview, optionally only rows of one status."""

    columns: list[str]
    rows: list[PreviewRow]
    page: object  # django.core.paginator.Page over the selected rows
    status: str
    counts: dict[str, int]

    @property
    def filters(self) -> list[tuple[str, str, int]]:
        return [("", "Alla", sum(self.counts.values()))] + [
            (code, label, self.counts.get(code, 0)) for code, label in STATUS_LABELS.items()
        ]


def preview_job(job, *, status: str = "", page: object = 1) -> Preview | None:
    """The row-by-row preview of a checked job (nothing is written).

    A small file is checked again with every cell kept; a large one (checked by the worker,
    which kept only each row's status) is read again for just the rows of the page asked for,
    with the errors kept on the job beside their cells."""
    from django.core.paginator import Paginator

    from .models import ImportJob

    if job.status not in (ImportJob.Status.READY, ImportJob.Status.INVALID) or not job.content:
        return None
    status = status if status in STATUS_LABELS else ""
    if job.total_rows <= sync_max_rows():
        import io

        result = import_file(io.BytesIO(bytes(job.content)), kind=job.kind, dry_run=True, preview=True)
        if result.fatal or (result.errors and not result.preview):
            return None  # the file or its header is wrong: the page lists the errors instead
        counts = Counter(row.status for row in result.preview)
        selected = [row for row in result.preview if not status or row.status == status]
        shown = Paginator(selected, PREVIEW_PAGE_SIZE).get_page(page)
        return Preview(result.columns, list(shown.object_list), shown, status, counts)
    if not job.row_statuses:
        return None
    counts = Counter(row_status for _number, row_status in job.row_statuses)
    selected = [(number, row_status) for number, row_status in job.row_statuses if not status or row_status == status]
    shown = Paginator(selected, PREVIEW_PAGE_SIZE).get_page(page)
    columns, rows = _preview_rows(job, dict(shown.object_list))
    if columns is None:
        return None
    return Preview(columns, rows, shown, status, counts)


def _preview_rows(job, wanted: dict[int, str]) -> tuple[list[str] | None, list[PreviewRow]]:
    """Read the job's file up to the last wanted row; the wanted rows as preview rows."""
    import io

    try:
        table = open_table(io.BytesIO(bytes(job.content)))
        header = _columns_of(table, RESOURCES[job.kind], ImportResult(kind=job.kind))
    except FileUnreadable:
        return None, []
    shown = [column for column in header if column]
    errors: dict[int, dict[str, str]] = {}
    for number, column, message in job.errors:
        errors.setdefault(number, {})[column] = message
    rows = []
    last = max(wanted, default=0)
    for raw in _raw_rows(table, header):
        if raw.number > last:
            break
        if raw.number not in wanted:
            continue
        row_errors = errors.get(raw.number, {})
        other = [message for column, message in row_errors.items() if column not in shown]
        if wanted[raw.number] == "error" and not row_errors:
            other.append("Raden har fel som inte visas här: bara de första felen sparas. Rätta dem och ladda upp igen.")
        rows.append(PreviewRow(
            number=raw.number,
            status=wanted[raw.number],
            cells=[(column, raw.cells.get(column, ""), row_errors.get(column, "")) for column in shown],
            other_errors=other,
        ))
    return shown, rows


def export_archive(*, user, date_from=None, date_to=None, fmt: str = "csv"):
    """The SUS export as one zip file (an open temporary file) and its row counts."""
    import tempfile
    import zipfile

    from audit.trail import record

    archive = tempfile.TemporaryFile()
    with tempfile.TemporaryDirectory(prefix="sus-export-") as directory:
        counts = export_sus(directory, date_from=date_from, date_to=date_to, fmt=fmt)
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
            for kind in EXPORT_KINDS:
                bundle.write(Path(directory) / f"{kind}.{fmt}", f"{kind}.{fmt}")
    archive.seek(0)
    period = f" {date_from} – {date_to}" if date_from else ""
    record(user, "EXPORT", f"SUS-export{period} ({fmt})", rows=counts, format=fmt)
    return archive, counts
