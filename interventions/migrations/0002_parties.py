from django.db import migrations

PARTIES = [
    ("AF", "Arbetsförmedlingen"),
    ("FK", "Försäkringskassan"),
    ("KOMMUN", "Malmö stad"),
    ("REGION", "Region Skåne"),
]


def create_parties(apps, schema_editor):
    Organisation = apps.get_model("interventions", "Organisation")
    for code, name in PARTIES:
        Organisation.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("interventions", "0001_initial")]
    operations = [migrations.RunPython(create_parties, migrations.RunPython.noop)]
