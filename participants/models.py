from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from finsam.spans import SpanQuerySet, overlaps
from finsam.validators import PLAIN
from interventions.models import Intervention

from .codes import (
    Avslutsorsak,
    Forsorjning,
    Kon,
    Registreringssatt,
    Sysselsattning,
    TidOffentligForsorjning,
    Utbildning,
)
from .identity import Identity, PersonalDataField, lookup_hash, parse_personnummer

MINIMUM_AGE = 16
STALE_EDIT_MESSAGE = (
    "Uppgifterna har ändrats av någon annan sedan du öppnade sidan. Inget av det du skrev har sparats: "
    "ladda om sidan och gör ändringen igen."
)
extern_id_validator = RegexValidator(
    r"^[A-Za-z0-9_-]{1,64}$", "Högst 64 tecken av A–Z, a–z, 0–9, _ och -."
)


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Completed years on `day` (born 29 February: a year older on 1 March in other years)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def completed_months(start: datetime.date, end: datetime.date) -> int:
    """12·(y₂−y₁) + (m₂−m₁) − (1 if d₂ < d₁), as reports.md defines it."""
    return 12 * (end.year - start.year) + (end.month - start.month) - (1 if end.day < start.day else 0)


class StaleEditError(ValidationError):
    """Raised when a record was changed by someone else since it was read."""

    def __init__(self):
        super().__init__(STALE_EDIT_MESSAGE, code="stale")


class VersionedModel(models.Model):
    """Optimistic locking: an UPDATE only succeeds for the version that was read."""

    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        abstract = True

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        expected = self.version
        values = [
            (field, model, expected + 1 if field.attname == "version" else value)
            for field, model, value in values
        ]
        updated = super()._do_update(
            base_qs.filter(version=expected), using, pk_val, values, update_fields, forced_update
        )
        if not updated and base_qs.filter(pk=pk_val).exists():
            raise StaleEditError()
        if updated:
            self.version = expected + 1
        return updated


class ParticipantQuerySet(models.QuerySet):
    def with_personnummer(self, value) -> ParticipantQuerySet:
        """Exact lookup through the keyed hash; an invalid number matches nobody."""
        try:
            number = parse_personnummer(value).number
        except ValidationError:
            return self.none()
        return self.filter(pnr_hash=lookup_hash(number))


class Participant(models.Model):
    """A person (deltagare). The personnummer is stored encrypted and found by its keyed hash."""

    personnummer = PersonalDataField("personnummer", max_length=12, null=True, blank=True)
    pnr_hash = models.CharField(
        "sökhash för personnummer", max_length=64, unique=True, null=True, blank=True, editable=False
    )
    first_name = PersonalDataField("förnamn", max_length=100, null=True, blank=True, validators=PLAIN)
    last_name = PersonalDataField("efternamn", max_length=100, null=True, blank=True, validators=PLAIN)
    kon = models.CharField("kön", max_length=1, choices=Kon.choices)
    birth_date = models.DateField("födelsedatum", null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField("födelseår")
    is_coordination_number = models.BooleanField("samordningsnummer", default=False)
    identity_removed_at = models.DateTimeField("identitet borttagen", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("skapad", auto_now_add=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = "deltagare"
        verbose_name_plural = "deltagare"
        constraints = [
            models.CheckConstraint(condition=Q(kon__in=Kon.values), name="participant_kon_valid"),
        ]

    # Logs (the change log, the admin's history, the access log) label a record by str(): by
    # id, never by number, birth date or name, so the retention purge leaves nothing in them.
    LOG_LABEL = "Deltagare"

    def __str__(self) -> str:
        return f"{self.LOG_LABEL} {self.pk}"

    @classmethod
    def from_personnummer(cls, value, *, kon: str | None = None, first_name="", last_name="") -> Participant:
        """An unsaved participant for a validated number; kön derived unless given."""
        participant = cls(first_name=first_name or None, last_name=last_name or None)
        participant.set_personnummer(value)
        if kon:
            participant.kon = kon
        return participant

    def set_personnummer(self, value) -> None:
        """From a number as typed, or an Identity that parse_personnummer already gave."""
        identity = value if isinstance(value, Identity) else parse_personnummer(value)
        self.personnummer = identity.number
        self.pnr_hash = lookup_hash(identity.number)
        self.birth_date = identity.birth_date
        self.birth_year = identity.birth_date.year
        self.is_coordination_number = identity.is_coordination_number
        self.kon = identity.kon

    @property
    def masked_personnummer(self) -> str:
        """YYYYMMDD-**** (the number's own date part, day + 60 for samordningsnummer)."""
        if self.identity_removed_at or not self.birth_date:
            return f"{self.birth_year}****-****"
        day = self.birth_date.day + (60 if self.is_coordination_number else 0)
        return f"{self.birth_date:%Y%m}{day:02d}-****"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    def clean(self):
        if self.kon and self.kon not in Kon.values:
            raise ValidationError({"kon": "Kön måste vara K eller M."})

    def remove_identity(self) -> None:
        """Retention: drop personnummer and names, keep kön and birth year."""
        self.personnummer = None
        self.pnr_hash = None
        self.first_name = None
        self.last_name = None
        self.birth_date = None
        self.identity_removed_at = timezone.now()
        self.save()


class ParticipationQuerySet(SpanQuerySet):
    def countable(self) -> ParticipationQuerySet:
        """Everything but registration errors (FELREGISTRERING counts nowhere)."""
        return self.exclude(avslutsorsak=Avslutsorsak.FELREGISTRERING)

    def data_span(self) -> tuple[datetime.date | None, datetime.date | None]:
        """The first and the last start date registered (one query): the board's period choices."""
        span = self.aggregate(first=models.Min("startdatum"), last=models.Max("startdatum"))
        return span["first"], span["last"]

    def active_in(self, date_from: datetime.date, date_to: datetime.date) -> ParticipationQuerySet:
        """The report population: countable spells overlapping the period."""
        return self.countable().overlapping(date_from, date_to)

    def started_in(self, date_from: datetime.date, date_to: datetime.date) -> ParticipationQuerySet:
        return self.countable().filter(startdatum__gte=date_from, startdatum__lte=date_to)

    def ended_in(self, date_from: datetime.date, date_to: datetime.date) -> ParticipationQuerySet:
        return self.countable().filter(slutdatum__gte=date_from, slutdatum__lte=date_to)

    def open(self) -> ParticipationQuerySet:
        return self.filter(slutdatum__isnull=True)


END_FIELDS = ("slutdatum", "avslutsorsak", "sysselsattning_efter", "forsorjning_efter")


class Participation(VersionedModel):
    """One person's spell in one intervention (insatsdeltagande)."""

    participant = models.ForeignKey(
        Participant, verbose_name="deltagare", related_name="participations", on_delete=models.PROTECT
    )
    intervention = models.ForeignKey(
        Intervention, verbose_name="insats", related_name="participations", on_delete=models.PROTECT
    )
    samtycke_datum = models.DateField("samtycke lämnat")
    startdatum = models.DateField("startdatum")
    utbildning = models.CharField("utbildning", max_length=24, choices=Utbildning.choices)
    tid_offentlig_forsorjning = models.CharField(
        "tid i offentlig försörjning", max_length=16, choices=TidOffentligForsorjning.choices
    )
    forsorjning_fore = models.CharField("försörjning före", max_length=24, choices=Forsorjning.choices)
    ansvarig = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ansvarig handläggare",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    slutdatum = models.DateField("slutdatum", null=True, blank=True)
    avslutsorsak = models.CharField("avslutsorsak", max_length=16, choices=Avslutsorsak.choices, blank=True)
    sysselsattning_efter = models.CharField(
        "sysselsättning efter", max_length=16, choices=Sysselsattning.choices, blank=True
    )
    forsorjning_efter = models.CharField("försörjning efter", max_length=24, choices=Forsorjning.choices, blank=True)
    # Kept on the spell so reports need no birth date, and stay unchanged after the purge.
    alder_vid_start = models.PositiveSmallIntegerField("ålder vid start", editable=False)
    # The person's kön, so the statistics read the spells alone (reports.summary). The database
    # keeps it equal to the person's whoever writes (triggers of migration 0003).
    kon = models.CharField("kön", max_length=1, choices=Kon.choices, blank=True, editable=False, default="",
                           db_default="")
    created_at = models.DateTimeField("registrerad", auto_now_add=True)
    updated_at = models.DateTimeField("ändrad", auto_now=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["-startdatum", "pk"]
        verbose_name = "insatsdeltagande"
        verbose_name_plural = "insatsdeltaganden"
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "participant", "startdatum"], name="one_spell_per_person_start"
            ),
            models.CheckConstraint(
                condition=Q(samtycke_datum__lte=F("startdatum")), name="participation_consent_before_start"
            ),
            models.CheckConstraint(
                condition=Q(slutdatum__isnull=True) | Q(slutdatum__gte=F("startdatum")),
                name="participation_end_after_start",
            ),
            models.CheckConstraint(
                condition=(
                    Q(slutdatum__isnull=True, avslutsorsak="", sysselsattning_efter="", forsorjning_efter="")
                    | (
                        Q(slutdatum__isnull=False)
                        & ~Q(avslutsorsak="")
                        & ~Q(sysselsattning_efter="")
                        & ~Q(forsorjning_efter="")
                    )
                ),
                name="participation_end_fields_together",
            ),
            models.CheckConstraint(condition=Q(alder_vid_start__gte=MINIMUM_AGE), name="participation_age_16"),
        ]
        indexes = [
            models.Index(fields=["intervention", "startdatum"], name="participation_interv_start"),
            models.Index(fields=["intervention", "slutdatum"], name="participation_interv_end"),
            models.Index(fields=["startdatum"], name="participation_start"),
            models.Index(fields=["slutdatum"], name="participation_end"),
            models.Index(fields=["participant", "startdatum"], name="participation_person_start"),
        ]

    LOG_LABEL = "Deltagande"  # by id, as Participant's

    def __str__(self) -> str:
        return f"{self.LOG_LABEL} {self.pk}"

    @property
    def is_ended(self) -> bool:
        return self.slutdatum is not None

    @property
    def is_registration_error(self) -> bool:
        return self.avslutsorsak == Avslutsorsak.FELREGISTRERING

    def is_active_in(self, date_from: datetime.date, date_to: datetime.date) -> bool:
        return not self.is_registration_error and overlaps(self.startdatum, self.slutdatum, date_from, date_to)

    def months_in_intervention(self) -> int | None:
        return completed_months(self.startdatum, self.slutdatum) if self.slutdatum else None

    # --- the one rule set -------------------------------------------------------------

    def clean(self):
        errors: dict[str, list[str]] = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        intervention = self.intervention if self.intervention_id else None
        participant = self.participant if self.participant_id else None

        if intervention is not None:
            if not intervention.allows_person:
                add("intervention", f"Insatsen {intervention.code} tar inte emot registrering med personuppgifter.")
            elif self.startdatum and not intervention.covers(self.startdatum):
                add(
                    "startdatum",
                    f"Startdatum ligger utanför insatsens datum ({intervention.startdatum}"
                    f" – {intervention.slutdatum or 'tills vidare'}).",
                )
        if self.samtycke_datum and self.startdatum and self.samtycke_datum > self.startdatum:
            add("samtycke_datum", "Samtycke måste ha lämnats senast på startdatum.")
        if self.slutdatum and self.startdatum and self.slutdatum < self.startdatum:
            add("slutdatum", "Slutdatum får inte vara före startdatum.")
        if self.slutdatum:
            for field in END_FIELDS[1:]:
                if not getattr(self, field):
                    add(field, "Måste anges när slutdatum är ifyllt.")
        else:
            for field in END_FIELDS[1:]:
                if getattr(self, field):
                    add(field, "Får bara anges tillsammans med slutdatum.")
        if participant is not None and self.startdatum:
            if participant.birth_date:
                age = age_on(participant.birth_date, self.startdatum)
                if age < MINIMUM_AGE:
                    add("startdatum", f"Deltagaren måste ha fyllt {MINIMUM_AGE} år på startdatum (är {age}).")
        if (
            intervention is not None
            and participant is not None
            and self.startdatum
            and not self.is_registration_error
            and not any(field in errors for field in ("startdatum", "slutdatum"))
        ):
            overlapping = self.overlapping_spells().first()
            if overlapping is not None:
                add(
                    "startdatum",
                    f"Personen har redan ett deltagande i {intervention.code} som överlappar"
                    f" ({overlapping.startdatum} – {overlapping.slutdatum or 'pågående'}).",
                )
        if errors:
            raise ValidationError(errors)

    def overlapping_spells(self) -> ParticipationQuerySet:
        """Other countable spells of this person in this intervention whose dates meet these (inclusive)."""
        spells = Participation.objects.countable().filter(
            participant_id=self.participant_id, intervention_id=self.intervention_id
        )
        if self.pk:
            spells = spells.exclude(pk=self.pk)
        return spells.overlapping(self.startdatum, self.slutdatum).order_by("startdatum")

    def save(self, *args, **kwargs):
        if self.participant_id:
            person = self.participant
            self.kon = person.kon
            if person.birth_date and self.startdatum:
                self.alder_vid_start = age_on(person.birth_date, self.startdatum)
        super().save(*args, **kwargs)

    def end(self, *, slutdatum, avslutsorsak, sysselsattning_efter, forsorjning_efter) -> None:
        """Register the end of the spell, validated by the one rule set."""
        self.slutdatum = slutdatum
        self.avslutsorsak = avslutsorsak
        self.sysselsattning_efter = sysselsattning_efter
        self.forsorjning_efter = forsorjning_efter
        self.full_clean()
        self.save()


class AnonymousQuerySet(SpanQuerySet):
    def active_in(self, date_from, date_to):
        """The report population (an anonymous registration is never a registration error)."""
        return self.overlapping(date_from, date_to)


def new_extern_id() -> str:
    return uuid.uuid4().hex


class AnonymousRegistration(VersionedModel):
    """Participants registered without identity, `antal` identical registrations at once."""

    extern_id = models.CharField(
        "externt id", max_length=64, unique=True, default=new_extern_id, validators=[extern_id_validator]
    )
    intervention = models.ForeignKey(
        Intervention, verbose_name="insats", related_name="anonymous_registrations", on_delete=models.PROTECT
    )
    kon = models.CharField("kön", max_length=1, choices=Kon.choices)
    startdatum = models.DateField("startdatum")
    slutdatum = models.DateField("slutdatum", null=True, blank=True)
    antal = models.PositiveIntegerField("antal", default=1, validators=[MinValueValidator(1)])
    created_at = models.DateTimeField("registrerad", auto_now_add=True)
    updated_at = models.DateTimeField("ändrad", auto_now=True)

    objects = AnonymousQuerySet.as_manager()

    class Meta:
        ordering = ["-startdatum", "pk"]
        verbose_name = "anonym registrering"
        verbose_name_plural = "anonyma registreringar"
        constraints = [
            models.CheckConstraint(condition=Q(antal__gte=1), name="anonymous_antal_positive"),
            models.CheckConstraint(condition=Q(kon__in=Kon.values), name="anonymous_kon_valid"),
            models.CheckConstraint(
                condition=Q(slutdatum__isnull=True) | Q(slutdatum__gte=F("startdatum")),
                name="anonymous_end_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["intervention", "startdatum"], name="anonymous_interv_start"),
            models.Index(fields=["startdatum", "slutdatum"], name="anonymous_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.intervention.code}: {self.antal} {self.get_kon_display().lower()} från {self.startdatum}"

    def clean(self):
        errors = {}
        if self.intervention_id and not self.intervention.allows_anonymous:
            errors["intervention"] = f"Insatsen {self.intervention.code} tar inte emot anonym registrering."
        if self.slutdatum and self.startdatum and self.slutdatum < self.startdatum:
            errors["slutdatum"] = "Slutdatum får inte vara före startdatum."
        if self.antal is not None and self.antal < 1:
            errors["antal"] = "Antal måste vara minst 1."
        if errors:
            raise ValidationError(errors)


class VolumeQuerySet(models.QuerySet):
    def dated_in(self, date_from, date_to):
        return self.filter(datum__gte=date_from, datum__lte=date_to)


class VolumeRegistration(VersionedModel):
    """A count of participants in a volume intervention (lectures, seminars)."""

    extern_id = models.CharField(
        "externt id", max_length=64, unique=True, default=new_extern_id, validators=[extern_id_validator]
    )
    intervention = models.ForeignKey(
        Intervention, verbose_name="insats", related_name="volume_registrations", on_delete=models.PROTECT
    )
    datum = models.DateField("datum")
    antal = models.PositiveIntegerField("antal", validators=[MinValueValidator(1)])
    antal_kvinnor = models.PositiveIntegerField("varav kvinnor", null=True, blank=True)
    antal_man = models.PositiveIntegerField("varav män", null=True, blank=True)
    beskrivning = models.TextField("beskrivning", blank=True, validators=PLAIN)
    created_at = models.DateTimeField("registrerad", auto_now_add=True)
    updated_at = models.DateTimeField("ändrad", auto_now=True)

    objects = VolumeQuerySet.as_manager()

    class Meta:
        ordering = ["-datum", "pk"]
        verbose_name = "volymregistrering"
        verbose_name_plural = "volymregistreringar"
        constraints = [
            models.CheckConstraint(condition=Q(antal__gte=1), name="volume_antal_positive"),
            models.CheckConstraint(
                condition=Q(antal__gte=Coalesce("antal_kvinnor", 0) + Coalesce("antal_man", 0)),
                name="volume_parts_within_total",
            ),
        ]
        indexes = [models.Index(fields=["intervention", "datum"], name="volume_interv_date")]

    def __str__(self) -> str:
        return f"{self.intervention.code}: {self.antal} den {self.datum}"

    def clean(self):
        errors = {}
        if self.intervention_id and not self.intervention.allows_volume:
            errors["intervention"] = f"Insatsen {self.intervention.code} tar inte emot volymregistrering."
        if self.antal is not None and self.antal < 1:
            errors["antal"] = "Antal måste vara minst 1."
        if self.antal is not None and (self.antal_kvinnor or 0) + (self.antal_man or 0) > self.antal:
            errors["antal_kvinnor"] = "Antal kvinnor och män får tillsammans inte vara fler än antal."
        if errors:
            raise ValidationError(errors)


__all__ = [
    "Participant",
    "Participation",
    "AnonymousRegistration",
    "VolumeRegistration",
    "Registreringssatt",
    "StaleEditError",
]
