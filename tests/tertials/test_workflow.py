"""Every transition per role and state, and the rules around them (tertials.services)."""

import pytest

from tertials import permissions, services
from tertials.models import Status, TertialReport, Transition
from tests.world import shared_part, shared_per_module

from .conftest import make_everyone_with_people, make_report

# The people and interventions are built once for the module's ~150 cases; each case's
# reports and transitions are rolled back after it.
everyone = shared_per_module(make_everyone_with_people)
people, intervention = shared_part("people"), shared_part("intervention")

ROLES = ["administrator", "kansli", "insatsansvarig", "deltagaransvarig", "styrelse", "outsider", "other_lead"]
LEADS = {"administrator", "insatsansvarig"}
OFFICE = {"administrator", "kansli"}
ALLOWED = {
    # action: (from states, to state, roles)
    "submit": ({Status.UTKAST, Status.ATERSKICKAD}, Status.INSKICKAD, LEADS),
    "approve": ({Status.INSKICKAD}, Status.GODKAND, OFFICE),
    "return": ({Status.INSKICKAD}, Status.ATERSKICKAD, OFFICE),
    "reopen": ({Status.GODKAND}, Status.ATERSKICKAD, OFFICE),
}
CASES = [
    (role, state, action)
    for role in ROLES
    for state in Status.values
    for action in ALLOWED
]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "state", "action"), CASES)
def test_transition_is_allowed_only_for_its_role_and_state(people, intervention, role, state, action):
    report = make_report(intervention, status=state)
    before = Transition.objects.filter(report=report).count()
    sources, target, roles_allowed = ALLOWED[action]
    allowed = state in sources and role in roles_allowed
    assert permissions.may(people[role], action, report) is allowed

    if allowed:
        made = services.perform(action, report, user=people[role], comment="Ett skäl.")
        assert report.status == target
        assert (made.from_status, made.to_status, made.user) == (state, target, people[role])
        assert Transition.objects.filter(report=report).count() == before + 1
    else:
        with pytest.raises(services.TransitionError) as error:
            services.perform(action, report, user=people[role], comment="Ett skäl.")
        assert error.value.message  # a sentence for the user
        report.refresh_from_db()
        assert report.status == state
        assert Transition.objects.filter(report=report).count() == before


@pytest.mark.django_db
def test_submitting_freezes_the_figures_and_records_who_and_when(people, intervention):
    report = make_report(intervention)
    services.submit(report, user=people["insatsansvarig"])
    report.refresh_from_db()
    assert report.status == Status.INSKICKAD
    assert report.snapshot["intervention"]["code"] == "AKTIVITETSCENTER"
    assert report.submitted_at is not None
    transition = report.transitions.get()
    assert transition.user == people["insatsansvarig"] and transition.at is not None


@pytest.mark.django_db
def test_an_incomplete_report_cannot_be_submitted_and_the_message_names_the_fields(people, intervention):
    report = make_report(intervention, filled=False)
    with pytest.raises(services.TransitionError) as error:
        services.submit(report, user=people["insatsansvarig"])
    assert "avvikelser" in error.value.message and "utfall" in error.value.message
    assert set(error.value.errors) == {"done", "deviations", "goal_fulfilment", "plan", "outcome_sek"}
    report.refresh_from_db()
    assert report.status == Status.UTKAST and report.snapshot is None
    assert not report.transitions.exists()


@pytest.mark.django_db
def test_returning_needs_a_comment_which_is_kept_and_unfreezes_the_figures(people, intervention):
    report = make_report(intervention)
    services.submit(report, user=people["insatsansvarig"])
    with pytest.raises(services.TransitionError, match="kommentar"):
        services.return_for_changes(report, user=people["kansli"], comment="   ")
    services.return_for_changes(report, user=people["kansli"], comment="Komplettera avvikelserna.")
    report.refresh_from_db()
    assert report.status == Status.ATERSKICKAD and report.snapshot is None
    assert report.transitions.last().comment == "Komplettera avvikelserna."


@pytest.mark.django_db
def test_reopening_an_approved_report_needs_a_reason_kept_in_the_history(people, intervention):
    report = make_report(intervention, status=Status.GODKAND)
    with pytest.raises(services.TransitionError, match="skäl"):
        services.reopen(report, user=people["kansli"], reason="")
    services.reopen(report, user=people["kansli"], reason="Felaktigt utfall rättat.")
    assert report.status == Status.ATERSKICKAD
    last = report.transitions.last()
    assert (last.from_status, last.to_status, last.comment) == (Status.GODKAND, Status.ATERSKICKAD,
                                                                 "Felaktigt utfall rättat.")


@pytest.mark.django_db
def test_the_whole_round_write_submit_return_resubmit_approve(people, intervention):
    lead, kansli = people["insatsansvarig"], people["kansli"]
    report = make_report(intervention)
    services.submit(report, user=lead)
    services.return_for_changes(report, user=kansli, comment="Mer om målen.")
    report.goal_fulfilment = "Målen nås till hälften."
    services.save_draft(report, user=lead)
    services.submit(report, user=lead)
    services.approve(report, user=kansli)
    history = list(report.transitions.values_list("from_status", "to_status"))
    assert history == [
        (Status.UTKAST, Status.INSKICKAD),
        (Status.INSKICKAD, Status.ATERSKICKAD),
        (Status.ATERSKICKAD, Status.INSKICKAD),
        (Status.INSKICKAD, Status.GODKAND),
    ]
    assert TertialReport.objects.get().goal_fulfilment == "Målen nås till hälften."


@pytest.mark.django_db
@pytest.mark.parametrize("state", Status.values)
@pytest.mark.parametrize("role", ROLES)
def test_only_the_intervention_lead_edits_and_only_while_utkast_or_aterskickad(people, intervention, role, state):
    report = make_report(intervention, status=state)
    report.plan = "Ändrad plan."
    allowed = role in LEADS and state in (Status.UTKAST, Status.ATERSKICKAD)
    if allowed:
        services.save_draft(report, user=people[role])
        report.refresh_from_db()
        assert report.plan == "Ändrad plan."
    else:
        with pytest.raises(services.TransitionError):
            services.save_draft(report, user=people[role])
        report.refresh_from_db()
        assert report.plan != "Ändrad plan."


@pytest.mark.django_db
def test_an_unknown_action_is_a_clear_error(people, intervention):
    report = make_report(intervention)
    with pytest.raises(services.TransitionError, match="Okänd"):
        services.perform("delete", report, user=people["kansli"])


@pytest.mark.django_db
def test_a_stale_report_object_cannot_undo_a_transition(people, intervention):
    """Transitions lock and re-read the row: a second approval from an old copy is refused."""
    report = make_report(intervention, status=Status.INSKICKAD)
    stale = TertialReport.objects.get(pk=report.pk)
    services.approve(report, user=people["kansli"])
    with pytest.raises(services.TransitionError):
        services.return_for_changes(stale, user=people["administrator"], comment="Sent.")
    assert TertialReport.objects.get(pk=report.pk).status == Status.GODKAND


@pytest.mark.django_db
def test_one_report_per_intervention_and_tertial(intervention):
    from django.db import IntegrityError

    make_report(intervention)
    with pytest.raises(IntegrityError):
        make_report(intervention)


@pytest.mark.django_db
def test_a_report_created_by_someone_else_meanwhile_is_a_clear_error(people, intervention):
    make_report(intervention)
    duplicate = TertialReport(intervention=intervention, year=2015, tertial=1, plan="Min plan.")
    with pytest.raises(Exception) as error:  # caught by full_clean's unique check before the database
        services.save_draft(duplicate, user=people["insatsansvarig"])
    assert "finns redan" in str(error.value) or "samtidigt" in str(error.value)


@pytest.mark.django_db
def test_the_admin_shows_reports_read_only(client, people, intervention):
    report = make_report(intervention, status=Status.GODKAND)
    client.force_login(people["administrator"])
    response = client.get(f"/admin/tertials/tertialreport/{report.pk}/change/")
    assert response.status_code == 200
    assert "Utkast" in response.content.decode()  # the history inline
    response = client.post(f"/admin/tertials/tertialreport/{report.pk}/change/", {"plan": "Ändrad."})
    assert response.status_code == 403
    assert client.post(f"/admin/tertials/tertialreport/{report.pk}/delete/", {"post": "yes"}).status_code == 403
