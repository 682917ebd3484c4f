"""The admin obeys the same row-level access: another intervention's records do not exist there."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_in_admin(users):
    """A deltagaransvarig who has been given admin access (is_staff with model permissions)."""
    user = users["deltagaransvarig"]
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(
        content_type__app_label__in=["participants", "interventions"]))
    return user


@pytest.mark.parametrize(("model", "key"), [
    ("participation", "other"), ("participant", "other_participant"), ("anonymousregistration", "other_anonymous"),
    ("volumeregistration", "other_volume"), ("intervention", "other_intervention"),
])
def test_another_interventions_records_are_missing_in_the_admin(client, staff_in_admin, world, model, key):
    objects = {**world, "other_participant": world["other"].participant,
               "other_intervention": world["other"].intervention}
    app = "interventions" if model == "intervention" else "participants"
    client.force_login(staff_in_admin)
    changelist = client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert changelist.status_code == 200
    assert objects[key].pk not in {obj.pk for obj in changelist.context["cl"].result_list}
    change = client.get(reverse(f"admin:{app}_{model}_change", args=[objects[key].pk]))
    assert change.status_code == 302 and change["Location"] == reverse("admin:index")  # "does not exist"


def test_own_records_are_there(client, staff_in_admin, world):
    client.force_login(staff_in_admin)
    response = client.get(reverse("admin:participants_participation_change", args=[world["own"].pk]))
    assert response.status_code == 200
