"""The board's fixed releases (stats.releases): only ended calendar years; free dates, tertials
and intervention selections from the board are ignored."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from stats.disclosure import BOARD_NOTE
from stats.releases import BoardPeriod, board_periods, default_period, parse, publishable
from tests.reports.conftest import D, spell

TODAY = D(2016, 9, 15)


def test_period_keys_parse_back_and_name_whole_years_only():
    assert parse("2016").dates == (D(2016, 1, 1), D(2016, 12, 31))
    assert parse("2015") == BoardPeriod(2015)
    for nested in ("2016-T2", "2016-T1T2", "2016-T2T3", "2016-01-01", None):
        assert parse(nested) is None, nested


@pytest.mark.django_db
def test_only_publishable_years_are_offered_each_its_own_family_and_the_default_is_the_latest(settings):
    settings.FINSAM_BOARD_PUBLISH_AFTER_DAYS = 60
    span = (D(2014, 2, 1), D(2016, 9, 1))
    assert [p.key for p in board_periods(TODAY, span)] == ["2015", "2014"]
    assert default_period(TODAY, span) == BoardPeriod(2015)
    assert default_period(TODAY, (D(2014, 2, 1), D(2015, 3, 1))) == BoardPeriod(2015)
    assert BoardPeriod(2015).family(TODAY) == [BoardPeriod(2015)]  # nothing nested to subtract
    # The one grace rule: 2015 is publishable 60 days after its end, not before.
    assert not publishable(2015, D(2016, 2, 29)) and publishable(2015, D(2016, 3, 1))
    assert [p.key for p in board_periods(D(2016, 2, 1), span)] == ["2014"]


@pytest.fixture
def spells(users, intervention, other_intervention):
    for day in range(1, 20):
        spell(intervention, D(2015, 3, day), D(2015, 10, day), female=day % 2 == 0,
              sysselsattning_efter="ARBETE" if day % 3 else "REHAB")
        spell(other_intervention, D(2015, 2, day), female=day % 3 == 0)
    spell(intervention, D(2015, 3, 14), female=False)  # the one a day apart would give away


def _csv(client, **params):
    return client.get("/reports/sus/fil/csv/", params).content.decode()


def test_the_board_gets_the_same_file_whatever_free_dates_or_interventions_it_asks_for(spells, client, users,
                                                                                          intervention):
    client.force_login(users["styrelse"])
    default = _csv(client)
    assert BOARD_NOTE in default
    assert _csv(client, **{"from": "2015-01-01", "to": "2015-03-13"}) == default
    assert _csv(client, **{"from": "2015-01-01", "to": "2015-03-14"}) == default
    assert _csv(client, intervention=intervention.code) == default
    assert _csv(client, year="2015", tertial="T1") == default
    assert _csv(client, period="2015-T1") == default  # tertials are not offered to the board
    assert _csv(client, period="2015", **{"from": "2015-01-01", "to": "2015-03-14"}) == _csv(client, period="2015")


def test_kansli_keeps_free_periods_and_exact_figures(spells, client, users):
    client.force_login(users["kansli"])
    first = _csv(client, **{"from": "2015-01-01", "to": "2015-03-13"})
    assert first != _csv(client, **{"from": "2015-01-01", "to": "2015-03-14"})
    assert BOARD_NOTE not in first and "<5" not in first


def test_the_board_sees_the_note_and_a_period_select_on_the_page_with_bounded_queries(
        spells, client, users, django_assert_max_num_queries):
    client.force_login(users["styrelse"])
    # Fixed whatever the data: the summary of the period and of the four other periods of its
    # family (protected together), about 5 queries each, plus the page's own.
    with django_assert_max_num_queries(52):
        response = client.get("/reports/sus/", {"period": "2015"})
    html = response.content.decode()
    assert BOARD_NOTE in html and 'name="period"' in html and 'name="from"' not in html
    assert response.context["period"] == (D(2015, 1, 1), D(2015, 12, 31))


@pytest.mark.parametrize("url", ["/reports/pathways/", "/reports/gaps/", "/reports/steps/", "/insatser/",
                                 "/tertial/ar/", "/reports/lasting/"])
def test_every_board_page_carries_the_note(spells, client, users, url):
    client.force_login(users["styrelse"])
    response = client.get(url)
    assert response.status_code == 200, url
    assert BOARD_NOTE in response.content.decode(), url


def test_board_pages_snap_free_dates_to_the_default(spells, client, users, intervention):
    client.force_login(users["styrelse"])
    for url in ("/reports/pathways/", "/reports/gaps/", "/reports/lasting/"):
        default = client.get(url).context["tables"]
        free = client.get(url, {"from": "2015-01-01", "to": "2015-03-14", "intervention": intervention.code})
        assert free.context["tables"] == default, url


def test_sus_report_protects_fixed_periods_only(spells, capsys):
    with pytest.raises(CommandError, match="fast period"):
        call_command("sus_report", "--from", "2015-01-01", "--to", "2015-03-14", "--suppress-below", "5")
    with pytest.raises(CommandError, match="alla insatser"):
        call_command("sus_report", "--from", "2015-01-01", "--to", "2015-12-31", "--suppress-below", "5",
                     "--intervention", "PTSD")
    future = datetime.date.today().year + 1
    with pytest.raises(CommandError, match="fast period"):
        call_command("sus_report", "--from", f"{future}-01-01", "--to", f"{future}-12-31", "--suppress-below", "5")
    with pytest.raises(CommandError, match="fast period"):  # a tertial is nested in its year
        call_command("sus_report", "--from", "2015-01-01", "--to", "2015-04-30", "--suppress-below", "5")
    call_command("sus_report", "--from", "2015-01-01", "--to", "2015-12-31", "--suppress-below", "5")
    assert BOARD_NOTE in capsys.readouterr().out
    call_command("sus_report", "--from", "2015-01-01", "--to", "2015-03-14")  # exact figures stay free
