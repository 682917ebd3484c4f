"""One table of national reference figures: the pathway pages' share of young adults
(pathways.NationalReference, removed in pathways 0004) moves here, beside the SUS figures.

Every row is kept. A year with a row in both tables keeps the reports row (it holds the work/
studies share the trend is drawn from, and the age and support shares) and takes the young-
adult share from the pathways row; the two sources are joined with "; " when they differ. A
year only in pathways becomes a row with just the young-adult share."""

import django.core.validators
import finsam.validators
from decimal import Decimal
from django.db import migrations, models


def merge(apps, schema_editor):
    Reference = apps.get_model("reports", "NationalReference")
    Former = apps.get_model("pathways", "NationalReference")
    for former in Former.objects.order_by("year"):
        reference = Reference.objects.filter(year=former.year).first()
        if reference is None:
            Reference.objects.create(year=former.year, young_adult_share=former.young_adult_share,
                                     source=former.source)
            continue
        reference.young_adult_share = former.young_adult_share
        if former.source and former.source != reference.source:
            reference.source = "; ".join(part for part in (reference.source, former.source) if part)
        reference.save(update_fields=["young_adult_share", "source"])


def split(apps, schema_editor):
    """Back to two tables: the young-adult shares to pathways, rows holding nothing else removed."""
    Reference = apps.get_model("reports", "NationalReference")
    Former = apps.get_model("pathways", "NationalReference")
    for reference in Reference.objects.filter(young_adult_share__isnull=False):
        Former.objects.update_or_create(year=reference.year, defaults={
            "young_adult_share": reference.young_adult_share, "source": reference.source[:300]})
    Reference.objects.filter(share_work_or_studies__isnull=True).delete()
    for reference in Reference.objects.all():
        reference.source = reference.source[:200]
        reference.save(update_fields=["source"])


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0003_text_without_control_characters'),
        ('pathways', '0003_text_without_control_characters'),
    ]

    operations = [
        migrations.AddField(
            model_name='nationalreference',
            name='young_adult_share',
            field=models.DecimalField(blank=True, decimal_places=1, max_digits=4, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='andel unga vuxna 16–29 år nationellt (%)'),
        ),
        migrations.AlterField(
            model_name='nationalreference',
            name='share_work_or_studies',
            field=models.DecimalField(blank=True, decimal_places=1, max_digits=4, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='andel avslutade till arbete eller studier (%)'),
        ),
        migrations.AlterField(
            model_name='nationalreference',
            name='source',
            field=models.CharField(blank=True, max_length=510, validators=[finsam.validators.no_control_characters], verbose_name='källa'),
        ),
        migrations.RunPython(merge, split),
        migrations.AddConstraint(
            model_name='nationalreference',
            constraint=models.CheckConstraint(condition=models.Q(('share_work_or_studies__isnull', False), ('young_adult_share__isnull', False), _connector='OR'), name='national_reference_has_a_share'),
        ),
    ]
