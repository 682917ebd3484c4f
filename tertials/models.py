"""Tertial reports: each intervention reports to kansli three times a year.

A report's life: UTKAST → INSKICKAD → GODKAND, or INSKICKAD → ATERSKICKAD (with kansli's
comment) → edited → INSKICKAD again; GODKAND → ATERSKICKAD only when kansli reopens it with
a stated reason. The transitions themselves live in `tertials.services`, who may make them
in `tertials.permissions`.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from finsam.validators import PLAIN
from interventions.models import Intervention
from participants.models import VersionedModel

from .periods import TERTIAL_LABELS, TERTIAL_MONTHS, tertial_deadline, tertial_period


class Status(models.TextChoices):
    UTKAST = "UTKAST", "Utkast"
    INSKICKAD = "INSKICKAD", "Inskickad"
    ATERSKICKAD = "ATERSKICKAD", "Återskickad"
    GODKAND = "GODKAND", "Godkänd"


# States in which the insatsansvarig writes and the figures follow the registry.
EDITABLE_STATES = (Status.UTKAST, Status.ATERSKICKAD)
TEXT_FIELDS = ("done", "deviations", "goal_fulfilment", "plan")


class TertialReportQuerySet(models.QuerySet):
    def for_year(self, year: int) -> TertialReportQuerySet:
        return self.filter(year=year)

    def open(self) -> TertialReportQuerySet:
        """Reports still waiting for the insatsansvarig."""
        return self.filter(status__in=EDITABLE_STATES)


class TertialReport(VersionedModel):
    """One intervention's report for one tertial."""

    intervention = models.ForeignKey(
        Intervention, verbose_name="insats", related_name="tertial_reports", on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField("år", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    tertial = models.PositiveSmallIntegerField(
        "tertial", choices=[(number, label) for number, label in TERTIAL_LABELS.items()]
    )
    status = models.CharField("status", max_length=16, choices=Status.choices, default=Status.UTKAST)
    done = models.TextField("genomfört under perioden", blank=True, validators=PLAIN)
    deviations = models.TextField("avvikelser", blank=True, validators=PLAIN)
    goal_fulfilment = models.TextField("måluppfyllelse", blank=True, validators=PLAIN)
    plan = models.TextField("plan för nästa period", blank=True, validators=PLAIN)
    outcome_sek = models.PositiveBigIntegerField(
        "utfall hittills i år (kr)", null=True, blank=True,
        help_text="Kostnader från 1 januari till tertialens slut, i hela kronor.",
    )
    # The figures as they were when the report was submitted; empty while it is being written.
    snapshot = models.JSONField("siffror vid inskickning", null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField("inskickad", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("skapad", auto_now_add=True)
    updated_at = models.DateTimeField("ändrad", auto_now=True)

    objects = TertialReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-tertial", "intervention__name"]
        verbose_name = "tertialrapport"
        verbose_name_plural = "tertialrapporter"
        constraints = [
            models.UniqueConstraint(fields=["intervention", "year", "tertial"], name="one_report_per_tertial"),
            models.CheckConstraint(condition=Q(tertial__in=[1, 2, 3]), name="tertial_1_to_3"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="tertial_report_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.intervention} {self.year} T{self.tertial}"

    # --- the period ---------------------------------------------------------------------

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        return tertial_period(self.year, self.tertial)

    @property
    def year_to_date(self) -> tuple[datetime.date, datetime.date]:
        return datetime.date(self.year, 1, 1), self.period[1]

    @property
    def deadline(self) -> datetime.date:
        return tertial_deadline(self.year, self.tertial)

    @property
    def label(self) -> str:
        return f"{self.year} {TERTIAL_LABELS[self.tertial]}"

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status in EDITABLE_STATES and today > self.deadline

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATES

    @property
    def is_frozen(self) -> bool:
        return self.snapshot is not None

    # --- economy ------------------------------------------------------------------------

    @property
    def budget(self) -> int | None:
        """The intervention's budget for the year (InterventionBudget); cached per instance."""
        if not hasattr(self, "_budget"):
            self._budget = self.intervention.budget_for(self.year)
        return self._budget

    @property
    def budget_difference(self) -> int | None:
        """Budget minus outcome so far: positive means money left."""
        if self.budget is None or self.outcome_sek is None:
            return None
        return self.budget - self.outcome_sek

    # --- figures ------------------------------------------------------------------------

    def figures(self) -> dict:
        """The frozen snapshot once submitted, otherwise the registry's figures right now."""
        if self.snapshot is not None:
            return self.snapshot
        from .figures import report_figures

        return report_figures(self.intervention, self.year, self.tertial)

    # --- the one rule set ---------------------------------------------------------------

    def clean(self):
        errors: dict[str, str] = {}
        if self.tertial not in TERTIAL_MONTHS:
            errors["tertial"] = "Tertial måste vara 1, 2 eller 3."
        if self.status not in EDITABLE_STATES:
            errors.update(self.submission_errors())
        if errors:
            raise ValidationError(errors)

    def submission_errors(self) -> dict[str, str]:
        """What is missing before the report may leave the insatsansvarig's hands: every part written."""
        errors = {}
        for name in TEXT_FIELDS:
            if not (getattr(self, name) or "").strip():
                errors[name] = f"Fyll i {self._meta.get_field(name).verbose_name} innan rapporten skickas in."
        if self.outcome_sek is None:
            errors["outcome_sek"] = "Fyll i utfall hittills i år (kr) innan rapporten skickas in."
        return errors


class Transition(models.Model):
    """One change of a report's state: who, when, and the comment or reason."""

    report = models.ForeignKey(
        TertialReport, verbose_name="rapport", related_name="transitions", on_delete=models.CASCADE
    )
    from_status = models.CharField("från", max_length=16, choices=Status.choices)
    to_status = models.CharField("till", max_length=16, choices=Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="användare", null=True, related_name="+", on_delete=models.SET_NULL
    )
    at = models.DateTimeField("tidpunkt")
    comment = models.TextField("kommentar", blank=True, validators=PLAIN)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "statusändring"
        verbose_name_plural = "statusändringar"

    def __str__(self) -> str:
        return f"{self.report}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class Reminder(models.Model):
    """An e-mail that went out, kept so that no reminder is ever sent twice."""

    class Kind(models.TextChoices):
        BEFORE_DEADLINE = "BEFORE_DEADLINE", "Påminnelse före sista dag"
        OVERDUE = "OVERDUE", "Försenad rapport"
        SUBMITTED = "SUBMITTED", "Rapport inskickad (till kansliet)"

    report = models.ForeignKey(
        TertialReport, verbose_name="rapport", related_name="reminders", on_delete=models.CASCADE
    )
    kind = models.CharField("slag", max_length=16, choices=Kind.choices)
    # A submission notice belongs to one submission (a report can be submitted again after return).
    transition = models.OneToOneField(
        Transition, verbose_name="statusändring", null=True, blank=True, related_name="notice",
        on_delete=models.CASCADE,
    )
    recipients = models.TextField("mottagare", blank=True)
    sent_at = models.DateTimeField("skickad")

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = "påminnelse"
        verbose_name_plural = "påminnelser"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "kind"], condition=Q(transition__isnull=True), name="one_reminder_per_report_kind"
            ),
            models.CheckConstraint(
                condition=Q(kind="SUBMITTED", transition__isnull=False)
                | (~Q(kind="SUBMITTED") & Q(transition__isnull=True)),
                name="reminder_transition_only_for_submitted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.report}"
