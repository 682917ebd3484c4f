"""Demo data: one EXAMPLE step-progress instrument, the seed's need estimate for 2017
(5 % rule: about 11,000 Malmö residents) and the seed's national share of young adults (2015)."""

from django.db import migrations

ITEMS = [
    "Hälsa – hur mår du just nu?",
    "Aktivitetsnivå – hur aktiv är du under en vanlig vecka?",
    "Självskattad arbetsförmåga – hur bedömer du din förmåga att arbeta?",
    "Social situation – hur fungerar ditt sociala nätverk och din vardag?",
]


def forwards(apps, schema_editor):
    Instrument = apps.get_model("pathways", "Instrument")
    InstrumentItem = apps.get_model("pathways", "InstrumentItem")
    NeedEstimate = apps.get_model("pathways", "NeedEstimate")
    NationalReference = apps.get_model("pathways", "NationalReference")
    instrument, created = Instrument.objects.get_or_create(
        code="EXEMPEL_STEG",
        version=1,
        defaults={
            "name": "EXEMPEL: Självskattning stegförflyttning",
            "description": (
                "EXEMPEL för demonstration, inte ett validerat instrument. Fyra frågor i samma anda som "
                "Finsams indikatorarbete, skala 1 (mycket dåligt) – 5 (mycket bra)."
            ),
            "is_example": True,
        },
    )
    if created:
        for order, text in enumerate(ITEMS, start=1):
            InstrumentItem.objects.create(instrument=instrument, order=order, text=text, min_score=1, max_score=5)
    NeedEstimate.objects.get_or_create(
        year=2017,
        defaults={
            "people_in_need": 11000,
            "method": "5 % av befolkningen i arbetsför ålder (FRISAM, Socialstyrelsen 2001), enligt "
            "FINSAM i Malmö tio år – diskussionsunderlag.",
        },
    )
    NationalReference.objects.get_or_create(
        year=2015,
        defaults={"young_adult_share": 56, "source": "FINSAM i Malmö tio år, figur 4 (nationellt)"},
    )


def backwards(apps, schema_editor):
    apps.get_model("pathways", "Instrument").objects.filter(code="EXEMPEL_STEG", version=1, measurements=None).delete()


class Migration(migrations.Migration):
    dependencies = [("pathways", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
