import datetime

import pytest
from django.core.exceptions import ValidationError

from interventions.models import InterventionBudget
from pathways import figures
from pathways.models import CostOutcome, EffectRecord, FinancingPlan, NeedEstimate
from reports.models import NationalReference

D = datetime.date


@pytest.fixture
def money(world):
    InterventionBudget.objects.create(intervention=world["A"], year=2015, amount=600_000)
    InterventionBudget.objects.create(intervention=world["B"], year=2015, amount=400_000)
    CostOutcome.objects.create(intervention=world["A"], year=2015, amount=540_000)
    CostOutcome.objects.create(intervention=world["B"], year=2015, amount=410_000)
    return world


def rows_by_name(table):
    return {row[0]["text"]: [c["text"] for c in row] for row in table["rows"]}


def test_cost_figures_match_hand_computed_budgets(money):
    scope = figures.Scope(ids=None, interventions={i.pk: i for i in (money["A"], money["B"], money["C"])})
    rows = {r["intervention"].code: r for r in figures.cost_rows(2015, scope)}
    # A: 8 active spells (P1 P2 P3 P4×2 P6 P7 P8), 7 ended, none to work or studies
    assert (rows["AKTIVITETSCENTER"]["active"], rows["AKTIVITETSCENTER"]["ended"],
            rows["AKTIVITETSCENTER"]["work_or_studies"]) == (8, 7, 0)
    # B: P1 P5 P6 P8 active, P1 and P5 ended, P1 to work
    assert (rows["PTSD"]["active"], rows["PTSD"]["ended"], rows["PTSD"]["work_or_studies"]) == (4, 2, 1)


def test_cost_page_divides_budget_and_outcome(client, users, money):
    client.force_login(users["kansli"])
    table = client.get("/reports/effects/", {"year": 2015}).context["tables"][0]
    rows = rows_by_name(table)
    nbsp = "\u00a0"
    assert rows["Aktivitetscenter"][6:] == [f"75{nbsp}000 kr", f"67{nbsp}500 kr", f"77{nbsp}143 kr", "–"]
    assert rows["PTSD-center"][6:] == [f"100{nbsp}000 kr", f"102{nbsp}500 kr", f"205{nbsp}000 kr", f"410{nbsp}000 kr"]


def test_cost_page_for_the_board_hides_small_counts_and_what_follows_from_them(client, users, money):
    client.force_login(users["styrelse"])
    rows = rows_by_name(client.get("/reports/effects/", {"year": 2015}).context["tables"][0])
    # small counts: `<5`, or × where a `<5` would let small counts pin each other (stats.disclosure)
    assert all(shown in ("<5", "×") for shown in rows["PTSD-center"][3:6]) and "<5" in rows["PTSD-center"][3:6]
    assert rows["PTSD-center"][6:] == ["–", "–", "–", "–"]
    # Shown, or × where the same quantity is hidden in another board output of 2015 (the SUS
    # summary's per-intervention counts, the gaps, the lasting effect: stats.publication).
    assert all(shown in (exact, "×") for shown, exact in zip(rows["Aktivitetscenter"][3:6], ["8", "7", "0"],
                                                              strict=True))


def test_effects_are_shown_by_level_with_their_evidence(client, users, world):
    EffectRecord.objects.create(intervention=world["A"], level=2, year=2016, title="Arbetssättet i kommunen",
                                evidence="Beslut i socialnämnden 2016-05-12.")
    client.force_login(users["styrelse"])
    tables = {t["key"]: t for t in client.get("/reports/effects/", {"year": 2015}).context["tables"]}
    assert rows_by_name(tables["effects_2"])["Aktivitetscenter"] == [
        "Aktivitetscenter", "2016", "Arbetssättet i kommunen", "Beslut i socialnämnden 2016-05-12."]
    assert tables["effects_1"]["rows"] == [] and tables["effects_3"]["rows"] == []


def test_the_board_sees_no_headline_share_that_gives_a_small_count_back(client, users, world):
    client.force_login(users["styrelse"])
    html = client.get("/reports/coverage/", {"year": 2015}).content.decode()
    young = html.split("Andel unga vuxna 16–29 år</div>")[1].split("</div>")[0]
    assert young == '<div class="stat">–'  # 1 of 8: the share would give the 1 back
    client.force_login(users["kansli"])
    html = client.get("/reports/coverage/", {"year": 2015}).content.decode()
    assert html.split("Andel unga vuxna 16–29 år</div>")[1].split("</div>")[0] == '<div class="stat">12,5 %'


def test_the_seed_need_estimate_and_national_share_ship_as_data(db):
    assert NeedEstimate.objects.get(year=2017).people_in_need == 11000
    assert float(NationalReference.objects.get(year=2015).young_adult_share) == 56.0


def test_coverage_counts_people_by_age_band_and_kon(client, users, world):
    NeedEstimate.objects.create(year=2015, people_in_need=100)
    client.force_login(users["kansli"])
    response = client.get("/reports/coverage/", {"year": 2015})
    tables = {t["key"]: t for t in response.context["tables"]}
    need = rows_by_name(tables["need"])
    assert need["Nådda personer"][1] == "8"
    assert need["Andel av behovet som nåtts"][1] == "8,0 %"
    assert need["Andel unga vuxna 16–29 år"][1] == "12,5 %"  # P3, born 1995
    assert need["Andel unga vuxna nationellt (2015)"][1] == "56,0 %"
    ages = rows_by_name(tables["coverage"])
    assert ages["16–29 år (unga vuxna)"][1:4] == ["1", "0", "1"]  # Kvinna, Man, Totalt
    assert ages["60 år –"][1:4] == ["0", "1", "1"]  # P5, born 1950
    assert ages["30–44 år"][3] == "6"


def test_coverage_without_an_estimate_says_so(client, users, world):
    client.force_login(users["kansli"])
    need = rows_by_name({t["key"]: t for t in client.get("/reports/coverage/", {"year": 2016}).context["tables"]}[
        "need"])
    assert need["Uppskattat antal personer i behov"][1] == "Ej angivet"


def test_a_bad_year_falls_back_with_a_message(client, users, world):
    client.force_login(users["kansli"])
    response = client.get("/reports/coverage/", {"year": "tjugo"})
    assert response.status_code == 200 and "fyra siffror" in response.content.decode()


def test_implementation_page_shows_the_step_down_plan(client, users, world):
    FinancingPlan.objects.create(intervention=world["C"], year=2017, planned_association_share=75,
                                 planned_line_share=25, actual_association_amount=750_000,
                                 actual_line_amount=250_000, status="PAGAR")
    client.force_login(users["styrelse"])
    rows = rows_by_name(client.get("/reports/implementation/").context["tables"][0])
    assert rows["Samordnad handlingsplan"][1:8] == [
        "2017", "75,0 %", "25,0 %", "750\u00a0000 kr", "250\u00a0000 kr", "75,0 %", "Implementering pågår"]


def test_the_actual_share_is_rounded_half_up(world):
    plan = FinancingPlan(intervention=world["C"], year=2018, planned_association_share=50, planned_line_share=50,
                         actual_association_amount=1, actual_line_amount=15)
    assert plan.actual_association_share == 6.3  # 6.25: round() gave 6.2


def test_coverage_shows_the_latest_national_young_adult_share_up_to_the_year(client, users, world):
    NationalReference.objects.create(year=2010, young_adult_share=50)
    NationalReference.objects.create(year=2011, share_work_or_studies=31)  # no young-adult share that year
    client.force_login(users["kansli"])
    summary = client.get("/reports/coverage/", {"year": 2011}).context["summary"]
    assert (summary["national"].year, float(summary["national"].young_adult_share)) == (2010, 50.0)


def test_financing_shares_over_100_percent_are_refused(world):
    plan = FinancingPlan(intervention=world["C"], year=2018, planned_association_share=80, planned_line_share=30)
    with pytest.raises(ValidationError) as error:
        plan.full_clean()
    assert "planned_line_share" in error.value.message_dict


def test_kansli_enter_figures_in_the_admin_and_staff_cannot(client, users, world):
    client.force_login(users["kansli"])
    for model in ("pathways/costoutcome", "pathways/effectrecord", "pathways/needestimate", "pathways/financingplan",
                  "reports/nationalreference"):
        assert client.get(f"/admin/{model}/add/").status_code == 200
    response = client.post("/admin/pathways/effectrecord/add/", {
        "intervention": world["A"].pk, "level": 1, "year": 2015, "title": "Fler i arbete",
        "evidence": "Uppföljning 2015."})
    assert response.status_code == 302
    assert EffectRecord.objects.get().recorded_by == users["kansli"]
    client.force_login(users["insatsansvarig"])
    assert client.get("/admin/pathways/costoutcome/add/").status_code in (302, 403)
