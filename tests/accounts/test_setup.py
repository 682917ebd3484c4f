"""accounts.setup: the role groups and their model permissions, as migrate and most fixtures make them."""

import pytest
from django.contrib.auth.models import Group, Permission

from accounts import roles
from accounts.setup import PERMISSIONS, ensure_role_groups

pytestmark = pytest.mark.django_db


def _codenames(group_name: str) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}"
            for p in Group.objects.get(name=group_name).permissions.select_related("content_type")}


def test_each_role_group_has_exactly_its_permissions_after_a_fresh_start():
    Group.objects.all().delete()
    ensure_role_groups()
    for name in roles.ALL:
        expected = {f"{model.split('.')[0]}.{action}_{model.split('.')[1]}"
                    for model, actions in PERMISSIONS[name].items() for action in actions}
        assert _codenames(name) == expected, name
    assert _codenames(roles.KANSLI) >= {"interventions.delete_organisation", "auth.view_user"}


def test_a_second_run_changes_nothing_and_takes_a_few_queries(django_assert_max_num_queries):
    ensure_role_groups()
    before = {name: _codenames(name) for name in roles.ALL}
    with django_assert_max_num_queries(12):
        ensure_role_groups()
    assert {name: _codenames(name) for name in roles.ALL} == before
    assert Permission.objects.filter(group__name=roles.KANSLI).count() == len(before[roles.KANSLI])
