from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from finsam.validators import PLAIN

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


def _share(label: str, **extra) -> models.DecimalField:
    return models.DecimalField(label, max_digits=4, decimal_places=1, validators=PERCENT, **extra)


class NationalReferenceQuerySet(models.QuerySet):
    def for_years(self, years) -> dict[int, "NationalReference"]:
        return {item.year: item for item in self.filter(year__in=list(years))}

    def young_adults_until(self, year: int) -> "NationalReference | None":
        """The latest year up to `year` with a national share of young adults."""
        return self.filter(year__lte=year, young_adult_share__isnull=False).order_by("-year").first()


class NationalReference(models.Model):
    """National ("Sverige") figures for one year, entered by kansli, shown beside the
    association's own figures: the SUS summary's work/studies share, age and time in support,
    and the pathway pages' share of young adults. One row per year; at least one of the two
    headline shares."""

    AGE_FIELDS = (
        ("AGE_0_29", "share_age_0_29"),
        ("AGE_30_44", "share_age_30_44"),
        ("AGE_45_59", "share_age_45_59"),
        ("AGE_60_PLUS", "share_age_60_plus"),
    )
    SUPPORT_FIELDS = (
        ("UPP_TILL_1", "share_support_upp_till_1"),
        ("UPP_TILL_3", "share_support_upp_till_3"),
        ("UPP_TILL_6", "share_support_upp_till_6"),
        ("UPP_TILL_9", "share_support_upp_till_9"),
        ("MER_AN_9", "share_support_mer_an_9"),
        ("EJ_TILLAMPLIGT", "share_support_ej_tillampligt"),
    )

    year = models.PositiveSmallIntegerField(
        "år", unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    share_work_or_studies = _share("andel avslutade till arbete eller studier (%)", null=True, blank=True)
    young_adult_share = _share("andel unga vuxna 16–29 år nationellt (%)", null=True, blank=True)
    share_age_0_29 = _share("andel upp till 29 år (%)", null=True, blank=True)
    share_age_30_44 = _share("andel 30–44 år (%)", null=True, blank=True)
    share_age_45_59 = _share("andel 45–59 år (%)", null=True, blank=True)
    share_age_60_plus = _share("andel 60 år – (%)", null=True, blank=True)
    share_support_upp_till_1 = _share("offentlig försörjning upp till 1 år (%)", null=True, blank=True)
    share_support_upp_till_3 = _share("offentlig försörjning upp till 3 år (%)", null=True, blank=True)
    share_support_upp_till_6 = _share("offentlig försörjning upp till 6 år (%)", null=True, blank=True)
    share_support_upp_till_9 = _share("offentlig försörjning upp till 9 år (%)", null=True, blank=True)
    share_support_mer_an_9 = _share("offentlig försörjning mer än 9 år (%)", null=True, blank=True)
    share_support_ej_tillampligt = _share("offentlig försörjning ej tillämpligt (%)", null=True, blank=True)
    # Room for both sources of a year that had a row in each of the two former tables.
    source = models.CharField("källa", max_length=510, blank=True, validators=PLAIN)
    updated_at = models.DateTimeField("ändrad", auto_now=True)

    objects = NationalReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["year"]
        verbose_name = "nationell jämförelsesiffra"
        verbose_name_plural = "nationella jämförelsesiffror (Sverige)"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(share_work_or_studies__isnull=False) | models.Q(young_adult_share__isnull=False),
                name="national_reference_has_a_share",
            ),
        ]

    def __str__(self) -> str:
        if self.share_work_or_studies is None:
            return f"Sverige {self.year}: {self.young_adult_share} % unga vuxna"
        return f"Sverige {self.year}: {self.share_work_or_studies} % till arbete eller studier"

    def clean(self):
        if self.share_work_or_studies is None and self.young_adult_share is None:
            raise ValidationError({"share_work_or_studies": "Ange andel till arbete eller studier "
                                                            "(eller andel unga vuxna)."})

    def age_shares(self) -> dict[str, Decimal | None]:
        return {code: getattr(self, name) for code, name in self.AGE_FIELDS}

    def support_shares(self) -> dict[str, Decimal | None]:
        return {code: getattr(self, name) for code, name in self.SUPPORT_FIELDS}
