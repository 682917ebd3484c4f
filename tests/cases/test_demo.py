"""seed_demo's cases: every worklist category has entries on the day it runs, and a second run
the same day changes nothing."""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from accounts import access
from cases import worklist
from cases.models import Contact, FollowUp, PlanActivity, PlanRevision


def counts():
    return [model.objects.count() for model in (Contact, FollowUp, PlanActivity, PlanRevision)]


def test_every_worklist_category_has_entries_the_day_the_demo_is_seeded(db):
    call_command("seed_demo", "--password", "pw-for-test", "--people", "40")
    staff = get_user_model().objects.get(username="deltagaransvarig")
    result = worklist.compute(access.visible_interventions(staff, personal_data=True), today=timezone.localdate(),
                              ansvarig=staff)
    assert all(result.counts[c.key] > 0 for c in worklist.categories()), result.counts
    first = counts()
    call_command("seed_demo", "--password", "pw-for-test", "--people", "40")
    assert counts() == first
