"""The Uppföljning Finsam page: kansli and administrator only; the year picker; the förbund's
economy entered with validation; XLSX and PDF downloads, each logged as an export."""

import io

import pytest
from django.urls import reverse

from audit.models import AccessEvent
from national_followup.models import AssociationYear
from tests.factories import ParticipantFactory, ParticipationFactory

PAGE = reverse("national_followup:page")


@pytest.fixture
def kansli(client, users):
    client.force_login(users["kansli"])
    return client


@pytest.mark.parametrize("role", ["styrelse", "insatsansvarig", "deltagaransvarig", "outsider"])
def test_only_the_office_may_use_it(client, users, role):
    client.force_login(users[role])
    assert client.get(PAGE).status_code == 403
    assert client.get(reverse("national_followup:economy", args=[2015])).status_code == 403
    assert client.post(reverse("national_followup:economy", args=[2015]), {
        "allocated_funds": 1, "equity": 1, "administrative_costs": 1}).status_code == 403
    assert not AssociationYear.objects.exists()


def test_the_menu_shows_it_to_the_office_only(client, users):
    for role, shown in (("kansli", True), ("administrator", True), ("styrelse", False), ("insatsansvarig", False)):
        client.force_login(users[role])
        assert (f'href="{PAGE}"' in client.get(reverse("home")).content.decode()) is shown, role


def test_the_page_shows_the_chosen_year_in_the_forms_order(kansli, intervention):
    ParticipationFactory(intervention=intervention)  # active 2015
    html = kansli.get(PAGE, {"year": 2015}).content.decode()
    assert "Underlag till Uppföljning Finsam 2015" in html
    parts = ["1. Deltagare i individinriktade insatser", "2. Deltagare i strukturövergripande insatser",
             "3. Insatserna", "4. Förbundets ekonomi"]
    assert all(part in html for part in parts)
    assert [html.index(part) for part in parts] == sorted(html.index(part) for part in parts)
    assert "Lägg in förbundets ekonomi 2015" in html


def test_a_year_outside_the_list_falls_back_with_a_message(kansli, intervention):
    response = kansli.get(PAGE, {"year": "1999"})
    assert response.status_code == 200
    assert "Året gick inte att läsa" in response.content.decode()


def test_kansli_enters_the_economy_and_bad_input_saves_nothing(kansli, intervention):
    url = reverse("national_followup:economy", args=[2015])
    response = kansli.post(url, {"allocated_funds": "12 000 000", "equity": "x", "administrative_costs": "-5"})
    assert response.status_code == 200 and not AssociationYear.objects.exists()
    form = response.context["form"]
    assert set(form.errors) == {"equity", "administrative_costs"}  # spaces in an amount are fine
    assert "hela kronor" in form.errors["equity"][0]
    response = kansli.post(url, {"allocated_funds": 1_000_000, "equity": 0, "administrative_costs": 2_000_000})
    assert "administrative_costs" in response.context["form"].errors and not AssociationYear.objects.exists()
    response = kansli.post(url, {"allocated_funds": 1_000_000_000_000, "equity": 0, "administrative_costs": 0})
    assert "allocated_funds" in response.context["form"].errors
    response = kansli.post(url, {"allocated_funds": "12 000 000 kr", "equity": "−250 000",
                                 "administrative_costs": "900000"})
    assert response.status_code == 302 and response["Location"].endswith("?year=2015")
    saved = AssociationYear.objects.get(year=2015)
    assert (saved.allocated_funds, saved.equity, saved.administrative_costs) == (12_000_000, -250_000, 900_000)
    html = kansli.get(PAGE, {"year": 2015}).content.decode()
    assert "12\u00a0000\u00a0000 kr" in html and "-250\u00a0000 kr" in html
    # a second save changes the same row
    kansli.post(url, {"allocated_funds": 13_000_000, "equity": 0, "administrative_costs": 900_000})
    assert AssociationYear.objects.get().allocated_funds == 13_000_000


def test_downloads_are_files_of_the_same_figures_and_logged(kansli, intervention):
    from openpyxl import load_workbook

    ParticipationFactory(intervention=intervention, participant=ParticipantFactory(female=False))
    AssociationYear.objects.create(year=2015, allocated_funds=12_000_000, equity=5, administrative_costs=7)
    response = kansli.get(PAGE, {"year": 2015, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="uppfoljning-finsam-2015.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    first = [[cell.value for cell in row] for row in book.worksheets[0].iter_rows()]
    assert ["Att föra in: deltagare i individinriktade insatser", 0, 1, 0, 1] in first  # one man
    economy = [[cell.value for cell in row] for row in book.worksheets[3].iter_rows()]
    assert ["Tilldelade medel", 12_000_000] in economy
    pdf = kansli.get(PAGE, {"year": 2015, "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    events = AccessEvent.objects.filter(action="EXPORT", target__startswith="Underlag till Uppföljning Finsam")
    assert sorted(e.target for e in events) == ["Underlag till Uppföljning Finsam (PDF)",
                                                "Underlag till Uppföljning Finsam (XLSX)"]
    assert all(e.details["period"] == "2015-01-01 – 2015-12-31" for e in events)


def test_the_admin_edits_the_economy_for_the_office(client, users):
    client.force_login(users["kansli"])
    assert client.get(reverse("admin:national_followup_associationyear_add")).status_code == 200
    client.force_login(users["insatsansvarig"])
    assert client.get(reverse("admin:national_followup_associationyear_add")).status_code in (302, 403)
