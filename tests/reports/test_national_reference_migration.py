"""reports 0004 / pathways 0004: the two national reference tables become one, keeping every row."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("reports", "0003_text_without_control_characters"), ("pathways", "0003_text_without_control_characters")]
AFTER = [("reports", "0004_national_reference_one_table"), ("pathways", "0004_national_reference_moved_to_reports")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


# Transactional (it migrates), without serialized_rollback: it makes its own rows, and restoring
# the migrations' rows at its start collided with the accessibility walk's restoring them after
# the walk when both ran on one xdist worker (UNIQUE constraint failed: auth_group.name).
@pytest.mark.django_db(transaction=True)
def test_every_row_of_both_tables_is_kept_and_a_shared_year_keeps_the_fuller_reports_row():
    apps = migrate(BEFORE)
    Reports = apps.get_model("reports", "NationalReference")
    Pathways = apps.get_model("pathways", "NationalReference")
    # As both seed migrations leave it: 2015 in both tables (33 % to work or studies; 56 % young
    # adults); here also a year only in the reports table and one only in the pathways table.
    Reports.objects.all().delete()
    Pathways.objects.all().delete()
    reports_2015 = Reports.objects.create(year=2015, share_work_or_studies=Decimal(33), share_support_upp_till_1=33,
                                          source="SUS 2015")
    Reports.objects.create(year=2014, share_work_or_studies=Decimal(32), source="SUS 2014")
    Pathways.objects.create(year=2015, young_adult_share=Decimal("56.0"), source="FINSAM i Malmö tio år")
    Pathways.objects.create(year=2016, young_adult_share=Decimal("54.5"), source="SCB")

    apps = migrate(AFTER)
    Reference = apps.get_model("reports", "NationalReference")
    merged = Reference.objects.get(year=2015)
    # The reports row is kept (same row, its work/studies, age and support shares) and gains the
    # young-adult share; nothing of either row is lost, both sources included.
    assert merged.pk == reports_2015.pk
    assert (merged.share_work_or_studies, merged.young_adult_share) == (Decimal("33.0"), Decimal("56.0"))
    assert merged.share_support_upp_till_1 == Decimal("33.0")
    assert merged.source == "SUS 2015; FINSAM i Malmö tio år"
    only_pathways = Reference.objects.get(year=2016)
    assert (only_pathways.share_work_or_studies, only_pathways.young_adult_share, only_pathways.source) == (
        None, Decimal("54.5"), "SCB")
    rows = Reference.objects.order_by("year").values_list("year", "share_work_or_studies", "young_adult_share")
    assert list(rows) == [(2014, Decimal("32.0"), None), (2015, Decimal("33.0"), Decimal("56.0")),
                          (2016, None, Decimal("54.5"))]
