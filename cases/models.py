"""The case of a participation: individual plan, contacts and follow-up meetings, and the
follow-ups after exit (inskrivning – uppföljning – utskrivning).

The rules live here, in each model's `clean()`, and are used by the web forms, the admin
and the demo alike. Free texts (plan goals and activities, contact notes) are personal
data: encrypted at rest, kept out of the change log, removed by the retention purge.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from finsam.validators import PLAIN
from interventions.models import Intervention
from participants.codes import Forsorjning, Sysselsattning
from participants.identity import PersonalTextField
from participants.models import Participation, VersionedModel

from .dates import add_months

EARLY_DAYS = 30  # a follow-up after exit may be registered this many days before it falls due


class Party(models.TextChoices):
    FK = "FK", "Försäkringskassan"
    AF = "AF", "Arbetsförmedlingen"
    KOMMUN = "KOMMUN", "Kommunen"
    REGION = "REGION", "Regionen"
    INSATS = "INSATS", "Insatsen"
    DELTAGARE = "DELTAGARE", "Deltagaren"


def _spell_errors(participation: Participation | None, what: str) -> dict[str, str]:
    if participation is not None and participation.is_registration_error:
        return {"__all__": f"{what} kan inte registreras på ett deltagande som är en felregistrering."}
    return {}


def _user_field():
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="registrerad av", null=True, blank=True, related_name="+",
        on_delete=models.SET_NULL, editable=False,
    )


class PlannedLength(models.Model):
    """How long a spell in an intervention is meant to last; longer open spells go on the worklist."""

    intervention = models.OneToOneField(
        Intervention, verbose_name="insats", primary_key=True, related_name="planned_length",
        on_delete=models.CASCADE,
    )
    months = models.PositiveSmallIntegerField(
        "planerad längd (månader)", validators=[MinValueValidator(1), MaxValueValidator(120)]
    )

    class Meta:
        verbose_name = "planerad längd"
        verbose_name_plural = "planerade längder"
        constraints = [
            models.CheckConstraint(condition=Q(months__gte=1, months__lte=120), name="planned_length_1_120"),
        ]

    def __str__(self) -> str:
        return f"{self.intervention}: {self.months} månader"


# --- the individual plan (handlingsplan) ----------------------------------------------------


class Plan(VersionedModel):
    """The goals of a participation's individual plan; its activities are PlanActivity rows.
    Every change to goals or activities leaves a PlanRevision: earlier versions stay visible."""

    participation = models.OneToOneField(
        Participation, verbose_name="insatsdeltagande", related_name="plan", on_delete=models.CASCADE
    )
    goals = PersonalTextField("mål", max_length=1000, null=True, blank=True, validators=PLAIN)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="ändrad av", null=True, blank=True, related_name="+",
        on_delete=models.SET_NULL, editable=False,
    )
    updated_at = models.DateTimeField("ändrad", auto_now=True)

    class Meta:
        verbose_name = "handlingsplan"
        verbose_name_plural = "handlingsplaner"

    def __str__(self) -> str:
        return f"Handlingsplan för deltagande {self.participation_id}"

    def clean(self):
        errors = _spell_errors(self.participation if self.participation_id else None, "En handlingsplan")
        if errors:
            raise ValidationError(errors)


class PlanActivityQuerySet(models.QuerySet):
    def pending(self) -> PlanActivityQuerySet:
        return self.filter(status__in=PlanActivity.PENDING)


class PlanActivity(VersionedModel):
    """An agreed activity of the plan: what, who is responsible, by when, and how it stands."""

    class Status(models.TextChoices):
        PLANNED = "PLANERAD", "Planerad"
        ONGOING = "PAGAR", "Pågår"
        DONE = "KLAR", "Klar"
        CANCELLED = "AVBRUTEN", "Avbruten"

    PENDING = (Status.PLANNED, Status.ONGOING)

    participation = models.ForeignKey(
        Participation, verbose_name="insatsdeltagande", related_name="plan_activities", on_delete=models.CASCADE
    )
    description = PersonalTextField("aktivitet", max_length=300, null=True, validators=PLAIN)
    party = models.CharField("ansvarig part", max_length=12, choices=Party.choices)
    due_date = models.DateField("klart senast")
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.PLANNED)
    created_by = _user_field()
    created_at = models.DateTimeField("registrerad", auto_now_add=True)
    updated_at = models.DateTimeField("ändrad", auto_now=True)

    objects = PlanActivityQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = "aktivitet i handlingsplan"
        verbose_name_plural = "aktiviteter i handlingsplaner"
        indexes = [models.Index(fields=["participation", "status", "due_date"], name="activity_part_status_due")]

    def __str__(self) -> str:
        return f"Aktivitet {self.pk or 'ny'} ({self.get_party_display()}, senast {self.due_date})"

    @property
    def is_overdue(self) -> bool:
        return self.status in self.PENDING and self.due_date < timezone.localdate()

    def clean(self):
        participation = self.participation if self.participation_id else None
        errors = _spell_errors(participation, "En aktivitet")
        if participation is not None and self.due_date and self.due_date < participation.startdatum:
            errors["due_date"] = f"Datumet får inte vara före deltagandets startdatum ({participation.startdatum})."
        if self.description is not None and not str(self.description).strip():
            errors["description"] = "Beskriv aktiviteten."
        if errors:
            raise ValidationError(errors)


class PlanRevision(models.Model):
    """The whole plan (goals and activities) as it stood after one change: the plan's history."""

    participation = models.ForeignKey(
        Participation, verbose_name="insatsdeltagande", related_name="plan_revisions", on_delete=models.CASCADE
    )
    number = models.PositiveIntegerField("version")
    change = models.CharField("ändring", max_length=120)  # what changed, never the texts themselves
    snapshot = PersonalTextField("innehåll", null=True, blank=True)  # JSON: goals and activities
    created_by = _user_field()
    created_at = models.DateTimeField("sparad", auto_now_add=True)

    class Meta:
        ordering = ["participation", "-number"]
        verbose_name = "version av handlingsplan"
        verbose_name_plural = "versioner av handlingsplaner"
        constraints = [
            models.UniqueConstraint(fields=["participation", "number"], name="one_plan_revision_number"),
        ]

    def __str__(self) -> str:
        return f"Handlingsplan version {self.number} (deltagande {self.participation_id})"


# --- contacts and follow-up meetings --------------------------------------------------------


class Contact(VersionedModel):
    """A contact or follow-up meeting during (or after) the spell."""

    class Kind(models.TextChoices):
        MEETING = "MOTE", "Möte"
        PHONE = "TELEFON", "Telefon"
        DIGITAL = "DIGITALT", "Digitalt möte"
        LETTER = "BREV", "Brev"

    class Outcome(models.TextChoices):
        AS_PLANNED = "ENLIGT_PLAN", "Följer planen"
        PLAN_CHANGED = "PLAN_ANDRAD", "Planen justerad"
        OTHER_SUPPORT = "ANNAT_STOD", "Behöver annat stöd eller annan insats"
        READY_TO_END = "REDO_AVSLUT", "Redo för avslut"
        NOT_REACHED = "EJ_NADD", "Uteblev / nåddes inte"

    participation = models.ForeignKey(
        Participation, verbose_name="insatsdeltagande", related_name="contacts", on_delete=models.CASCADE
    )
    date = models.DateField("datum")
    kind = models.CharField("slag", max_length=10, choices=Kind.choices)
    parties = models.JSONField("deltog", default=list, blank=True)
    outcome = models.CharField("resultat", max_length=12, choices=Outcome.choices)
    note = PersonalTextField("anteckning", max_length=2000, null=True, blank=True, validators=PLAIN)
    next_followup = models.DateField("nästa uppföljning", null=True, blank=True)
    recorded_by = _user_field()
    created_at = models.DateTimeField("registrerad", auto_now_add=True)
    updated_at = models.DateTimeField("ändrad", auto_now=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = "kontakt"
        verbose_name_plural = "kontakter och uppföljningsmöten"
        indexes = [models.Index(fields=["participation", "date", "id"], name="contact_part_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_followup__isnull=True) | Q(next_followup__gt=models.F("date")),
                name="contact_next_after_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date} (deltagande {self.participation_id})"

    def parties_display(self) -> str:
        labels = dict(Party.choices)
        return ", ".join(labels.get(code, code) for code in self.parties or [])

    def clean(self):
        participation = self.participation if self.participation_id else None
        errors = _spell_errors(participation, "En kontakt")
        today = timezone.localdate()
        if self.date:
            if self.date > today:
                errors["date"] = "Datum får inte ligga i framtiden."
            elif participation is not None and self.date < participation.startdatum:
                errors["date"] = f"Datum får inte vara före deltagandets startdatum ({participation.startdatum})."
        if self.next_followup and self.date and self.next_followup <= self.date:
            errors["next_followup"] = "Nästa uppföljning måste ligga efter kontaktens datum."
        elif (self.next_followup and self.date and participation is not None and participation.slutdatum
              and self.date > participation.slutdatum):
            errors["next_followup"] = (
                "Efter avslut planeras ingen ny uppföljning här: uppföljningarna efter "
                + " och ".join(str(m) for m in settings.FINSAM_FOLLOWUP_MONTHS) + " månader finns i Att göra."
            )
        unknown = [code for code in self.parties or [] if code not in Party.values]
        if not isinstance(self.parties, list) or unknown:
            errors["parties"] = "Okänd part: " + ", ".join(map(str, unknown or [self.parties]))
        if errors:
            raise ValidationError(errors)


# --- follow-ups after exit ------------------------------------------------------------------


def followup_months() -> tuple[int, ...]:
    return tuple(settings.FINSAM_FOLLOWUP_MONTHS)


class FollowUp(VersionedModel):
    """Sysselsättning and försörjning some months after the end of the spell, or not reached."""

    participation = models.ForeignKey(
        Participation, verbose_name="insatsdeltagande", related_name="followups", on_delete=models.CASCADE
    )
    months = models.PositiveSmallIntegerField("månader efter avslut")
    date = models.DateField("uppföljt den")
    reached = models.BooleanField("nådd", default=True)
    sysselsattning = models.CharField("sysselsättning", max_length=16, choices=Sysselsattning.choices, blank=True)
    forsorjning = models.CharField("försörjning", max_length=24, choices=Forsorjning.choices, blank=True)
    recorded_by = _user_field()
    created_at = models.DateTimeField("registrerad", auto_now_add=True)
    updated_at = models.DateTimeField("ändrad", auto_now=True)

    class Meta:
        ordering = ["participation", "months"]
        verbose_name = "uppföljning efter avslut"
        verbose_name_plural = "uppföljningar efter avslut"
        constraints = [
            models.UniqueConstraint(fields=["participation", "months"], name="one_followup_per_month_mark"),
            models.CheckConstraint(
                condition=Q(reached=True, sysselsattning__gt="", forsorjning__gt="")
                | Q(reached=False, sysselsattning="", forsorjning=""),
                name="followup_reached_has_codes",
            ),
        ]

    def __str__(self) -> str:
        return f"Uppföljning {self.months} månader efter avslut (deltagande {self.participation_id})"

    @property
    def due_date(self) -> datetime.date | None:
        if self.participation_id and self.participation.slutdatum and self.months:
            return add_months(self.participation.slutdatum, self.months)
        return None

    def clean(self):
        participation = self.participation if self.participation_id else None
        errors = _spell_errors(participation, "En uppföljning")
        if self.months is not None and self.months not in followup_months():
            errors["months"] = "Uppföljning görs efter " + " eller ".join(map(str, followup_months())) + " månader."
        if participation is not None and not participation.slutdatum and not errors:
            errors["__all__"] = "Uppföljning efter avslut kan registreras först när deltagandet är avslutat."
        if self.date and self.date > timezone.localdate():
            errors["date"] = "Datum får inte ligga i framtiden."
        elif self.date and "months" not in errors and "__all__" not in errors and self.due_date:
            earliest = self.due_date - datetime.timedelta(days=EARLY_DAYS)
            if self.date < earliest:
                errors["date"] = (
                    f"Uppföljningen efter {self.months} månader faller ut {self.due_date} och kan registreras "
                    f"tidigast {earliest}."
                )
        if self.reached:
            for field in ("sysselsattning", "forsorjning"):
                if not getattr(self, field):
                    errors[field] = "Måste anges när deltagaren nåddes."
        else:
            self.sysselsattning = self.forsorjning = ""
        if errors:
            raise ValidationError(errors)


# --- reminders --------------------------------------------------------------------------------


class CaseReminder(models.Model):
    """One worklist item that was sent in a reminder e-mail; kept so that no item is sent twice."""

    participation = models.ForeignKey(
        Participation, verbose_name="insatsdeltagande", related_name="+", on_delete=models.CASCADE
    )
    kind = models.CharField("slag", max_length=20)
    due = models.DateField("förföll")
    months = models.PositiveSmallIntegerField("månader efter avslut", null=True, blank=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="mottagare", null=True, blank=True, related_name="+",
        on_delete=models.SET_NULL,
    )
    sent_at = models.DateTimeField("skickad")

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = "påminnelse om ärende"
        verbose_name_plural = "påminnelser om ärenden"
        constraints = [
            models.UniqueConstraint(fields=["participation", "kind", "due", "recipient"],
                                    name="one_case_reminder_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.due} (deltagande {self.participation_id})"
