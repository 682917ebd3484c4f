"""The pages: dashboard, year view, report page, transitions as messages, PDFs."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from interventions.models import Assignment
from reports.summary import sus_summary
from tertials import services
from tertials.figures import report_figures
from tertials.models import Status, TertialReport
from tests.factories import InterventionFactory, ParticipantFactory, ParticipationFactory
from tests.pdfcheck import text_layer

from .conftest import TEXTS, make_report

FROZEN = datetime.datetime(2015, 10, 1, 12, tzinfo=datetime.UTC)


def client_for(client, user):
    client.force_login(user)
    return client


def report_url(name, code="AKTIVITETSCENTER", year=2015, tertial=1):
    return reverse(f"tertials:{name}", args=[code, year, tertial])


# --- the dashboard -------------------------------------------------------------------------


@pytest.mark.django_db
@time_machine.travel(FROZEN, tick=False)
def test_dashboard_colours_each_cell_by_state_and_highlights_overdue(client, people, intervention,
                                                                     other_intervention):
    make_report(intervention, tertial=1, status=Status.GODKAND)
    make_report(intervention, tertial=2, status=Status.ATERSKICKAD)
    make_report(other_intervention, tertial=1, status=Status.INSKICKAD)
    html = client_for(client, people["kansli"]).get(reverse("tertials:index"), {"ar": 2015}).content.decode()
    assert 'class="cell state-godkand" data-tertial="1" data-state="GODKAND"' in html
    # T2 deadline 2015-09-15 has passed: a returned report is overdue.
    assert 'class="cell state-aterskickad overdue" data-tertial="2"' in html
    assert 'class="cell state-inskickad" data-tertial="1"' in html
    # PTSD T2 was never started: overdue too; T3 (deadline 2016-01-15) is not yet.
    assert 'class="cell state-none overdue" data-tertial="2"' in html
    assert 'class="cell state-none" data-tertial="3"' in html
    assert report_url("report", "PTSD", 2015, 2) in html
    assert "style=" not in html and "<script>" not in html  # CSP: no inline styles or scripts


@pytest.mark.django_db
def test_dashboard_leaves_out_tertials_an_intervention_does_not_run(client, people):
    InterventionFactory(code="NY", name="Ny insats", startdatum=datetime.date(2015, 6, 1))
    html = client_for(client, people["kansli"]).get(reverse("tertials:index"), {"ar": 2015}).content.decode()
    assert 'class="cell state-off" data-tertial="1"' in html
    assert report_url("report", "NY", 2015, 1) not in html
    assert report_url("report", "NY", 2015, 2) in html


@pytest.mark.django_db
def test_the_lead_sees_only_their_own_interventions(client, people, intervention, other_intervention):
    response = client_for(client, people["insatsansvarig"]).get(reverse("tertials:index"), {"ar": 2015})
    html = response.content.decode()
    assert "Mina tertialrapporter 2015" in html
    assert report_url("report") in html
    assert report_url("report", "PTSD") not in html


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "expected"), [
    ("administrator", 200), ("kansli", 200), ("insatsansvarig", 200), ("styrelse", 302),
    ("deltagaransvarig", 403), ("outsider", 403),
])
def test_who_reaches_the_dashboard(client, people, role, expected):
    response = client_for(client, people[role]).get(reverse("tertials:index"))
    assert response.status_code == expected
    if expected == 302:
        assert response.url == reverse("tertials:year")


@pytest.mark.django_db
def test_a_bad_year_shows_a_message_not_an_error(client, people):
    response = client_for(client, people["kansli"]).get(reverse("tertials:index"), {"ar": "tjugo"}, follow=True)
    assert response.status_code == 200
    assert "Ogiltigt år" in response.content.decode()


@pytest.mark.django_db
def test_dashboard_query_count_does_not_grow_with_interventions(client, people, django_assert_max_num_queries):
    for number in range(12):
        intervention = InterventionFactory(code=f"Q{number}")
        make_report(intervention, tertial=1 + number % 3, status=Status.values[number % 4])
    client_for(client, people["kansli"])
    with django_assert_max_num_queries(14):  # session, user, roles, menu, interventions, reports, years
        response = client.get(reverse("tertials:index"), {"ar": 2015})
    assert response.content.decode().count('class="cell ') == 14 * 3


# --- the year view -------------------------------------------------------------------------


@pytest.fixture
def year_registry(intervention, other_intervention):
    intervention.arsplatser = 40
    intervention.save()
    for _ in range(12):
        ParticipationFactory(intervention=intervention, startdatum=datetime.date(2015, 3, 1),
                             participant=ParticipantFactory(female=True))
    for _ in range(8):
        ParticipationFactory(intervention=intervention, startdatum=datetime.date(2015, 3, 1),
                             participant=ParticipantFactory(female=False))
    ParticipationFactory(intervention=other_intervention, startdatum=datetime.date(2015, 3, 1))


def count_cells(html: str) -> dict[str, list[str]]:
    """The count columns (aktiva … till arbete/studier) of each row of the year table."""
    rows = re.findall(r'<th scope="row">([^<]+)</th>((?:\s*<td class="num">[^<]*</td>){6})', html)
    return {name: re.findall(r'<td class="num">([^<]*)</td>', cells) for name, cells in rows}


@pytest.mark.django_db
def test_the_board_sees_the_year_with_small_counts_suppressed(client, people, year_registry, intervention):
    report = make_report(intervention, tertial=2, status=Status.GODKAND)
    html = client_for(client, people["styrelse"]).get(reverse("tertials:year"), {"ar": 2015}).content.decode()
    assert "Årsöversikt 2015" in html
    assert "Antal under 5 visas som &lt;5; × = dold så att ett litet antal inte kan räknas fram" in html
    shown = count_cells(html)
    assert set(shown) == {"Aktivitetscenter", "PTSD-center"}
    values = [value for cells in shown.values() for value in cells]
    assert "&lt;5" in values  # PTSD's one man
    assert not {"1", "2", "3", "4"} & set(values)
    # Exactly what the reports service gives the board: a hidden count as its mark (<5 or ×).
    expected = sus_summary(datetime.date(2015, 1, 1), datetime.date(2015, 12, 31), ["AKTIVITETSCENTER", "PTSD"],
                           suppress_below=5)
    for index, entry in enumerate(expected["per_intervention"]):
        active = entry["active"]["total"]
        mark = expected.mark(("per_intervention", index, "active", "total"))
        assert shown[entry["name"]][0] == (escape(mark) if active is None else str(active))
    assert report.goal_fulfilment in html


@pytest.mark.django_db
def test_kansli_sees_the_year_unsuppressed(client, people, year_registry):
    html = client_for(client, people["kansli"]).get(reverse("tertials:year"), {"ar": 2015}).content.decode()
    shown = count_cells(html)
    assert shown["Aktivitetscenter"][:3] == ["20", "12", "8"] and shown["PTSD-center"][0] == "1"
    assert "&lt;5" not in html and "50,0" in html  # 20 active of 40 årsplatser


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "expected"), [
    ("kansli", 200), ("styrelse", 200), ("insatsansvarig", 403), ("outsider", 403),
])
def test_who_sees_the_year_view(client, people, role, expected):
    assert client_for(client, people[role]).get(reverse("tertials:year")).status_code == expected


@pytest.mark.django_db
def test_year_view_query_count_is_bounded(client, people, django_assert_max_num_queries):
    for number in range(10):
        intervention = InterventionFactory(code=f"Y{number}", arsplatser=10)
        ParticipationFactory(intervention=intervention, startdatum=datetime.date(2015, 2, 1))
        make_report(intervention, tertial=1, status=Status.GODKAND)
    client_for(client, people["styrelse"])
    # Fixed: one SUS summary for all interventions, and for the board the other four periods of
    # the year's family (protected together, stats.releases) — about 5 queries each.
    with django_assert_max_num_queries(48):
        response = client.get(reverse("tertials:year"), {"ar": 2015})
    assert response.content.decode().count("<tr>") == 1 + 12


# --- the report page -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_lead_writes_and_submits_through_the_page(client, people, intervention, budget,
                                                      django_capture_on_commit_callbacks):
    client_for(client, people["insatsansvarig"])
    page = client.get(report_url("report"))
    assert page.status_code == 200 and "Spara och skicka in" in page.content.decode()
    assert not TertialReport.objects.exists()  # looking creates nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(report_url("report"), {**TEXTS, "submit": "1"}, follow=True)
    html = response.content.decode()
    assert "Rapporten är inskickad" in html
    report = TertialReport.objects.get()
    assert report.status == Status.INSKICKAD and report.snapshot is not None
    assert "5 000 000 kr".replace(" ", "\u00a0") in html and "3 800 000 kr".replace(" ", "\u00a0") in html


@pytest.mark.django_db
def test_submitting_an_empty_report_keeps_the_draft_and_says_what_is_missing(client, people, intervention):
    client_for(client, people["insatsansvarig"])
    response = client.post(report_url("report"), {"done": "Något.", "submit": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    # One summary saying the draft is kept but not submitted, and each missing part at its field.
    assert "Rapporten är inte inskickad: utkastet är sparat" in html
    for name in ("deviations", "goal_fulfilment", "plan", "outcome_sek"):
        assert f'id="id_{name}_error"' in html and re.search(f'aria-describedby="[^"]*id_{name}_error"', html)
    assert 'id="id_done_error"' not in html
    assert TertialReport.objects.get().status == Status.UTKAST
    assert TertialReport.objects.get().done == "Något."


@pytest.mark.django_db
def test_a_negative_outcome_is_a_field_error(client, people, intervention):
    client_for(client, people["insatsansvarig"])
    response = client.post(report_url("report"), {**TEXTS, "outcome_sek": "-5"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not TertialReport.objects.exists()


@pytest.mark.django_db
def test_an_approved_report_is_read_only_on_the_page(client, people, intervention):
    make_report(intervention, status=Status.GODKAND)
    client_for(client, people["insatsansvarig"])
    html = client.get(report_url("report")).content.decode()
    assert "Spara och skicka in" not in html and "kan inte ändras" in html
    response = client.post(report_url("report"), {**TEXTS, "plan": "Ny plan."}, follow=True)
    assert "kan inte ändras" in response.content.decode()
    assert TertialReport.objects.get().plan == TEXTS["plan"]


@pytest.mark.django_db
def test_a_wrong_transition_is_a_message_never_a_server_error(client, people, intervention):
    make_report(intervention, status=Status.UTKAST)
    client_for(client, people["insatsansvarig"])
    response = client.post(report_url("transition"), {"action": "approve"}, follow=True)
    assert response.status_code == 200
    assert "Bara kansliet får godkänna" in response.content.decode()
    response = client.post(report_url("transition"), {"action": "explode"}, follow=True)
    assert "Okänd åtgärd" in response.content.decode()
    assert TertialReport.objects.get().status == Status.UTKAST


@pytest.mark.django_db
def test_kansli_returns_with_a_comment_shown_to_the_lead(client, people, intervention):
    make_report(intervention, status=Status.INSKICKAD)
    client_for(client, people["kansli"])
    response = client.post(report_url("transition"), {"action": "return", "comment": ""}, follow=True)
    assert "Skriv en kommentar" in response.content.decode()
    client.post(report_url("transition"), {"action": "return", "comment": "Beskriv avvikelserna."})
    client_for(client, people["insatsansvarig"])
    html = client.get(report_url("report")).content.decode()
    assert 'id="return-comment"' in html and "Beskriv avvikelserna." in html


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "expected"), [
    ("kansli", 200), ("administrator", 200), ("insatsansvarig", 200), ("other_lead", 403),
    ("deltagaransvarig", 403), ("styrelse", 403), ("outsider", 403),
])
def test_who_reads_a_report(client, people, intervention, role, expected):
    assert client_for(client, people[role]).get(report_url("report")).status_code == expected


@pytest.mark.django_db
def test_unknown_intervention_or_tertial_is_not_found(client, people):
    client_for(client, people["kansli"])
    assert client.get(report_url("report", "NOPE")).status_code == 404
    assert client.get(report_url("report", tertial=4)).status_code == 404


@pytest.mark.django_db
def test_report_page_query_count_is_bounded(client, people, intervention, django_assert_max_num_queries):
    report = make_report(intervention, status=Status.INSKICKAD)
    for _ in range(5):
        ParticipationFactory(intervention=intervention, startdatum=datetime.date(2015, 2, 1))
    client_for(client, people["kansli"])
    with django_assert_max_num_queries(30):  # live figures: two SUS summaries and two by-kön aggregates
        client.get(report_url("report"))
    services.approve(report, user=people["kansli"])
    services.reopen(report, user=people["kansli"], reason="Test.")
    TertialReport.objects.filter(pk=report.pk).update(snapshot=report_figures(intervention, 2015, 1))
    with django_assert_max_num_queries(16):  # frozen: no figures computed
        client.get(report_url("report"))


# --- PDF -----------------------------------------------------------------------------------


def assert_pdf(content: bytes, *texts: str):
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    text = text_layer(content)
    for expected in texts:
        assert expected in text, expected


@pytest.mark.django_db
def test_the_report_pdf_is_a_pdf_with_the_intervention_name(client, people, intervention, budget):
    make_report(intervention, status=Status.GODKAND)
    response = client_for(client, people["insatsansvarig"]).get(report_url("report_pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="tertialrapport-AKTIVITETSCENTER-2015-T1.pdf"' in response["Content-Disposition"]
    assert_pdf(response.content, "Aktivitetscenter", "Tertialrapport")


@pytest.mark.django_db
def test_the_tertial_pdf_holds_every_running_intervention(client, people, intervention, other_intervention):
    make_report(intervention, status=Status.INSKICKAD)
    response = client_for(client, people["kansli"]).get(reverse("tertials:tertial_pdf", args=[2015, 1]))
    assert response.status_code == 200
    assert_pdf(response.content, "Aktivitetscenter", "PTSD-center")


@pytest.mark.django_db
def test_every_tertial_pdf_is_logged_like_every_aggregated_download(client, people, intervention, budget):
    from audit.models import AccessEvent

    make_report(intervention, status=Status.GODKAND)
    client_for(client, people["insatsansvarig"]).get(report_url("report_pdf"))
    client_for(client, people["kansli"]).get(reverse("tertials:tertial_pdf", args=[2015, 1]))
    events = list(AccessEvent.objects.filter(action="EXPORT").order_by("pk"))
    assert [(e.user, e.target) for e in events] == [
        (people["insatsansvarig"], "Tertialrapport Aktivitetscenter 2015 T1 jan–apr (PDF)"),
        (people["kansli"], "Tertialrapporter 2015 T1 jan–apr (PDF)"),
    ]
    assert events[0].details == {"period": "2015-01-01 – 2015-04-30", "interventions": ["AKTIVITETSCENTER"],
                                 "suppressed_below": None}
    assert events[1].details["interventions"] == "alla"


@pytest.mark.django_db
def test_only_kansli_prints_the_whole_tertial(client, people):
    response = client_for(client, people["insatsansvarig"]).get(reverse("tertials:tertial_pdf", args=[2015, 1]))
    assert response.status_code == 403


@pytest.mark.django_db
def test_the_menu_shows_tertial_reports_to_the_lead(client, people):
    html = client_for(client, people["insatsansvarig"]).get("/").content.decode()
    assert f'href="{reverse("tertials:index")}"' in html


@pytest.mark.django_db
def test_a_lead_of_two_interventions_sees_both(client, people, other_intervention):
    Assignment.objects.create(user=people["insatsansvarig"], intervention=other_intervention,
                              role=Assignment.Role.INSATSANSVARIG)
    html = client_for(client, people["insatsansvarig"]).get(reverse("tertials:index"), {"ar": 2015}).content.decode()
    assert report_url("report", "PTSD") in html
