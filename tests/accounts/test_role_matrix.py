"""Every role × every page: allowed or denied exactly as the roles table in domain.md says.

Pages of the roles that may not use them at all answer 403; records outside the user's
interventions answer 404, as if they did not exist."""

import pytest
from django.urls import reverse

from tests.world import make_everyone, shared_part, shared_per_module

# The users and records are built once for the module's ~180 cases (nothing here changes them).
everyone = shared_per_module(make_everyone)
users, world = shared_part("users"), shared_part("world")


ROLES = ["administrator", "kansli", "insatsansvarig", "deltagaransvarig", "styrelse", "outsider"]

# (name, url builder, method, expected status per role in ROLES order)
PAGES = [
    ("home", lambda w: reverse("home"), "get", [200, 200, 200, 200, 200, 200]),
    ("participation list", lambda w: reverse("participants:list"), "get", [200, 200, 200, 200, 403, 403]),
    ("register start", lambda w: reverse("participants:register"), "get", [200, 403, 200, 200, 403, 403]),
    ("own person", lambda w: reverse("participants:person", args=[w["own"].participant_id]), "get",
     [200, 200, 200, 200, 403, 403]),
    ("other person", lambda w: reverse("participants:person", args=[w["other"].participant_id]), "get",
     [200, 200, 404, 404, 403, 403]),
    ("edit own spell", lambda w: reverse("participants:edit", args=[w["own"].pk]), "get",
     [200, 404, 200, 200, 404, 404]),
    ("edit other spell", lambda w: reverse("participants:edit", args=[w["other"].pk]), "get",
     [200, 404, 404, 404, 404, 404]),
    ("end own spell", lambda w: reverse("participants:end", args=[w["own"].pk]), "get",
     [200, 404, 200, 200, 404, 404]),
    ("end other spell", lambda w: reverse("participants:end", args=[w["other"].pk]), "get",
     [200, 404, 404, 404, 404, 404]),
    ("anonymous list", lambda w: reverse("participants:anonymous_list"), "get", [200, 200, 200, 200, 403, 403]),
    ("anonymous create", lambda w: reverse("participants:anonymous_create"), "get", [200, 403, 200, 200, 403, 403]),
    ("anonymous edit own", lambda w: reverse("participants:anonymous_edit", args=[w["own_anonymous"].pk]), "get",
     [200, 404, 200, 200, 404, 404]),
    ("anonymous edit other", lambda w: reverse("participants:anonymous_edit", args=[w["other_anonymous"].pk]),
     "get", [200, 404, 404, 404, 404, 404]),
    ("volume list", lambda w: reverse("participants:volume_list"), "get", [200, 200, 200, 200, 403, 403]),
    ("volume create", lambda w: reverse("participants:volume_create"), "get", [200, 403, 200, 200, 403, 403]),
    ("volume edit own", lambda w: reverse("participants:volume_edit", args=[w["own_volume"].pk]), "get",
     [200, 404, 200, 200, 404, 404]),
    ("volume edit other", lambda w: reverse("participants:volume_edit", args=[w["other_volume"].pk]), "get",
     [200, 404, 404, 404, 404, 404]),
    ("intervention list", lambda w: reverse("interventions:list"), "get", [200, 200, 200, 200, 200, 403]),
    ("own intervention", lambda w: reverse("interventions:detail", args=[w["own"].intervention.code]), "get",
     [200, 200, 200, 200, 200, 404]),
    ("other intervention", lambda w: reverse("interventions:detail", args=[w["other"].intervention.code]), "get",
     [200, 200, 404, 404, 200, 404]),
    ("own description", lambda w: reverse("interventions:description", args=[w["own"].intervention.code]), "get",
     [200, 200, 200, 403, 403, 404]),
    ("other description", lambda w: reverse("interventions:description", args=[w["other"].intervention.code]),
     "get", [200, 200, 404, 404, 403, 404]),
    ("staff assignment", lambda w: reverse("interventions:staff", args=[w["own"].intervention.code]), "post",
     [302, 302, 403, 403, 403, 403]),
    ("case worklist", lambda w: reverse("cases:worklist"), "get", [200, 200, 200, 200, 403, 403]),
    ("own case", lambda w: reverse("cases:case", args=[w["own"].pk]), "get", [200, 200, 200, 200, 403, 403]),
    ("other case", lambda w: reverse("cases:case", args=[w["other"].pk]), "get", [200, 200, 404, 404, 403, 403]),
    ("own contact form", lambda w: reverse("cases:contact_new", args=[w["own"].pk]), "get",
     [200, 404, 200, 200, 403, 403]),
    ("other contact form", lambda w: reverse("cases:contact_new", args=[w["other"].pk]), "get",
     [200, 404, 404, 404, 403, 403]),
    ("own plan goals", lambda w: reverse("cases:plan_goals", args=[w["own"].pk]), "get",
     [200, 404, 200, 200, 403, 403]),
    ("registerutdrag", lambda w: reverse("cases:registerutdrag", args=[w["own"].participant_id]), "get",
     [200, 200, 403, 403, 403, 403]),
    ("lasting effect", lambda w: reverse("cases:lasting"), "get", [200, 200, 200, 200, 200, 403]),
    ("follow-up export", lambda w: reverse("cases:followup_export"), "get", [200, 200, 403, 403, 403, 403]),
    ("audit log", lambda w: reverse("audit:index"), "get", [200, 200, 403, 403, 403, 403]),
    ("files room", lambda w: reverse("exchange:index"), "get", [200, 200, 403, 403, 403, 403]),
    ("full SUS export", lambda w: reverse("exchange:export") + "?format=csv", "get", [200, 403, 403, 403, 403, 403]),
    ("person in the admin", lambda w: reverse("admin:participants_participant_change",
                                              args=[w["own"].participant_id]), "get",
     [200, 200, 302, 302, 302, 302]),
    ("Uppföljning Finsam", lambda w: reverse("national_followup:page"), "get", [200, 200, 403, 403, 403, 403]),
    ("Uppföljning Finsam XLSX", lambda w: reverse("national_followup:page") + "?format=xlsx", "get",
     [200, 200, 403, 403, 403, 403]),
    ("förbundets ekonomi", lambda w: reverse("national_followup:economy", args=[2015]), "get",
     [200, 200, 403, 403, 403, 403]),
    ("förbundets ekonomi in the admin", lambda w: reverse("admin:national_followup_associationyear_changelist"),
     "get", [200, 200, 302, 302, 302, 302]),
    ("publish a year for the board", lambda w: reverse("reports:publish", args=[2015]), "get",
     [200, 200, 403, 403, 403, 403]),
    ("board publications in the admin", lambda w: reverse("admin:stats_publication_changelist"), "get",
     [200, 200, 302, 302, 302, 302]),
    ("two-factor enrolment", lambda w: reverse("otp_setup"), "get", [200, 200, 403, 403, 403, 403]),
    ("password change", lambda w: reverse("password_change"), "get", [200, 200, 200, 200, 200, 200]),
]
CASES = [
    pytest.param(name, url, method, role, statuses[index], id=f"{name}-{role}")
    for name, url, method, statuses in PAGES
    for index, role in enumerate(ROLES)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "url", "method", "role", "expected"), CASES)
def test_each_role_gets_exactly_what_domain_md_allows(client, users, world, page, url, method, role, expected):
    client.force_login(users[role])
    response = getattr(client, method)(url(world))
    assert response.status_code == expected, f"{page} as {role}"


@pytest.mark.django_db
@pytest.mark.parametrize("page", [p[0] for p in PAGES if p[0] != "password change"])
def test_anonymous_visitors_are_sent_to_login(client, world, page):
    url, method = next((p[1], p[2]) for p in PAGES if p[0] == page)
    response = getattr(client, method)(url(world))
    # The admin sends to its own login address first, which hands over to the one login page.
    assert response.status_code == 302 and response["Location"].startswith(("/accounts/login/", "/admin/login/"))
