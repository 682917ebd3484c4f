"""The importer of participations: people and their spells, many per chunk in few queries."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from finsam.spans import overlaps
from participants.codes import Avslutsorsak
from participants.identity import lookup_hash
from participants.models import Participant, Participation, age_on

from . import bulk
from .formats import RawRow
from .importers import CHUNK_SIZE, Importer
from .resources import RESOURCES

NAMES = {"fornamn": "first_name", "efternamn": "last_name"}  # column -> field of the person
NAME_LABELS = {"fornamn": "förnamn", "efternamn": "efternamn"}


class _NoStoredSpells:
    """Stands in for `overlapping_spells()` when a bulk read already showed there are none."""

    def first(self):
        return None

    def exists(self):
        return False


def _no_stored_spells():
    return _NoStoredSpells()


class ParticipationImporter(Importer):
    resource_cls = RESOURCES["participations"]
    derived_columns = {"alder_vid_start": "startdatum"}
    compared = tuple(resource_cls.plain_columns().values())
    update_fields = (*compared, "alder_vid_start", "version", "updated_at")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.names_given: dict[tuple[str, str], tuple[str, int]] = {}  # (person, column) -> (name, first row)

    @staticmethod
    def check_names(values: dict, errors: dict[str, str]) -> None:
        """A person is written without a full_clean() of its own (see process): the names,
        the only free text on it, get the model fields' own validators here."""
        for column, name in NAMES.items():
            if values.get(column) and column not in errors:
                try:
                    Participant._meta.get_field(name).run_validators(values[column])
                except ValidationError as error:
                    errors[column] = " ".join(error.messages)

    def check_same_names(self, number: int, pnr_hash: str, values: dict, errors: dict[str, str]) -> None:
        """Rows of one file that name one person must give the same names (an empty cell gives none)."""
        for column in NAMES:
            given = values.get(column)
            if not given or column in errors:
                continue
            first, row = self.names_given.setdefault((pnr_hash, column), (given, number))
            if first != given:
                errors[column] = f"Samma personnummer har ett annat {NAME_LABELS[column]} på rad {row} i filen."

    def process(self, rows: list[RawRow]) -> None:
        parsed = []
        hashes = set()
        for raw in rows:
            values, errors = self.cells(raw)
            self.check_names(values, errors)
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
        for raw, values, errors, _intervention, identity, pnr_hash in parsed:
            if not pnr_hash:
                continue
            self.check_same_names(raw.number, pnr_hash, values, errors)
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
            for column, name in NAMES.items():
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
            for column, name in self.plain_columns.items():
                if column in values:
                    setattr(spell, name, values[column])
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
                    if overlaps(spell.startdatum, spell.slutdatum, other.startdatum,
                                other.slutdatum or datetime.date.max):
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
