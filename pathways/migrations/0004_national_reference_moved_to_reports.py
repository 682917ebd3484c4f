"""The national share of young adults now lives in reports.NationalReference (reports 0004
copied every row there first)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pathways", "0003_text_without_control_characters"),
        ("reports", "0004_national_reference_one_table"),
    ]

    operations = [migrations.DeleteModel(name="NationalReference")]
