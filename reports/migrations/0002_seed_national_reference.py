"""The national ("Sverige") figures quoted in the 2015 SUS report (seed 004): the share who
ended to work or studies 2012–2015, and the 2015 time in public support."""

from decimal import Decimal

from django.db import migrations

SHARES = {2012: 30, 2013: 30, 2014: 32, 2015: 33}
SUPPORT_2015 = {
    "share_support_upp_till_1": 33,
    "share_support_upp_till_3": 25,
    "share_support_upp_till_6": 15,
    "share_support_upp_till_9": 6,
    "share_support_mer_an_9": 8,
    "share_support_ej_tillampligt": 13,
}
SOURCE = "SUS, nationell statistik (samordningsförbundens årsrapport 2015)"


def seed(apps, schema_editor):
    NationalReference = apps.get_model("reports", "NationalReference")
    for year, value in SHARES.items():
        extra = {key: Decimal(share) for key, share in SUPPORT_2015.items()} if year == 2015 else {}
        NationalReference.objects.update_or_create(
            year=year, defaults={"share_work_or_studies": Decimal(value), "source": SOURCE, **extra}
        )


def unseed(apps, schema_editor):
    apps.get_model("reports", "NationalReference").objects.filter(year__in=SHARES, source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
