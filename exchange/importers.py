"""The importers, one per kind of exchange file, and what an import gives back.

An importer takes the rows of a file chunk by chunk: it turns the cells into values
through the kind's resource (`exchange.resources`, which also says which column fills which
field), lets the models' own `full_clean()` judge each record (the one rule set) and writes
the chunk with bulk statements. Only what a single record cannot know is checked here: a key
repeated within the file, and, for participations (`exchange.participation_importer`), a kön
that differs from the person's and spells of the file overlapping each other.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from audit.trail import log_bulk_changes
from interventions.models import Intervention, Organisation
from participants.models import AnonymousRegistration, VolumeRegistration, new_extern_id

from .formats import RawRow, RowError
from .resources import RESOURCES, ExchangeResource

CHUNK_SIZE = 1000
REQUIRED_MESSAGE = "Måste anges."


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


# --- importers, one per kind -------------------------------------------------------------


class Importer:
    resource_cls: type[ExchangeResource]
    model = None
    # model fields computed from a column (not named by the resource), for full_clean()'s errors
    derived_columns: dict[str, str] = {}
    compared: tuple[str, ...] = ()

    def __init__(self, result: ImportResult, *, header: list[str], preview: bool, lock: bool, actor=None,
                 source: dict | None = None):
        self.result = result
        self.header = header
        self.resource = self.resource_cls()
        self.plain_columns = self.resource_cls.plain_columns()  # column -> model field
        self.field_columns = {**self.resource_cls.field_columns(), **self.derived_columns}
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
    derived_columns = {name: "registrering" for name in Intervention.MODE_FIELDS.values()}
    compared = (
        "code", *resource_cls.plain_columns().values(), *Intervention.MODE_FIELDS.values(),
        "huvudman_id",
    )

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
            for column, name in self.plain_columns.items():
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


class CountImporter(Importer):
    """Anonymous and volume registrations: keyed by extern_id, empty = a new record."""

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
            for column, name in self.plain_columns.items():
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
    defaults = {"antal": 1}
    compared = ("intervention_id", *resource_cls.plain_columns().values())


class VolumeImporter(CountImporter):
    resource_cls = RESOURCES["volume"]
    model = VolumeRegistration
    compared = ("intervention_id", *resource_cls.plain_columns().values())
