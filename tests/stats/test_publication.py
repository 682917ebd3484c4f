"""Issue 12 item 2 (b): the board's figures of a year are published once and then served
unchanged (stats.Publication), so a late registration into an ended year gives the board no
pair of files to subtract; kansli keeps exact, live figures. Also who may publish, and that
the board never sees a year before it may be published."""

import datetime
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from accounts import roles
from audit.models import AccessEvent
from interventions.models import Intervention
from participants.models import Participation
from reports.board_figures import gather
from stats.models import Publication
from stats.publication import NotPublishable, for_board, stored_tables, summary
from stats.releases import board_years, default_period, publishable
from tests.reports.conftest import spell
from tests.world import shared_per_module

from . import attacker

pytestmark = pytest.mark.django_db

# Every page and file the board gets for a year (the dashboard is the start page).
BOARD_PAGES = ["/", "/reports/sus/", "/insatser/", "/tertial/ar/", "/reports/pathways/", "/reports/gaps/",
               "/reports/effects/", "/reports/coverage/", "/reports/steps/", "/reports/lasting/", "/reports/cycling/"]
BOARD_FILES = ["/reports/sus/fil/csv/", "/reports/sus/fil/xlsx/", "/reports/lasting/?format=xlsx",
               "/reports/gaps/?format=xlsx"]


def _seed():
    call_command("seed_demo", people=80, password="demo-test-only", stdout=io.StringIO())
    year = default_period(datetime.date.today(), Participation.objects.data_span()).year
    for_board(year)  # published once for the module (the cost of the first board request)
    return {"year": year}


demo = shared_per_module(_seed)


def _login(client, role):
    client.force_login(get_user_model().objects.get(username=role))


def _xlsx(content: bytes) -> list:
    """Every sheet's cell values (the file's metadata carries the time it was written)."""
    book = load_workbook(io.BytesIO(content))
    return [(sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)]) for sheet in book]


def _page_figures(response):
    context = response.context
    found = {}
    for name in ("data", "tables", "rows", "overview", "tiles", "counts", "outcome", "per_intervention", "trend"):
        if name in context:
            found[name] = repr(context[name])
    return found


def _board_outputs(client, year):
    out = {}
    for url in BOARD_PAGES:
        response = client.get(url, {"period": year, "ar": year, "year": year})
        assert response.status_code == 200, url
        out[url] = _page_figures(response)
    for url in BOARD_FILES:
        path, _, fmt = url.partition("?format=")
        params = {"period": year, "ar": year, "year": year, **({"format": fmt} if fmt else {})}
        content = client.get(path, params).content
        out[url] = _xlsx(content) if "xlsx" in url else content
    stdout = io.StringIO()
    call_command("sus_report", "--from", f"{year}-01-01", "--to", f"{year}-12-31", "--suppress-below", "5",
                 "--format", "json", stdout=stdout)
    out["sus_report json"] = stdout.getvalue()
    return out


def test_a_late_registration_into_a_published_year_changes_nothing_the_board_gets(demo, client):
    year = demo["year"]
    _login(client, roles.STYRELSE)
    before = _board_outputs(client, year)
    assert "<5" in before["/reports/sus/fil/csv/"].decode()
    _login(client, roles.KANSLI)
    exact = client.get("/reports/sus/", {"year": year}).context["data"]["counts"]["individual"]["total"]

    intervention = Intervention.objects.order_by("code").first()
    spell(intervention, datetime.date(year, 3, 14), datetime.date(year, 9, 1), female=False)  # entered late

    assert client.get("/reports/sus/", {"year": year}).context["data"]["counts"]["individual"]["total"] == exact + 1
    _login(client, roles.STYRELSE)
    after = _board_outputs(client, year)
    for name in before:
        assert after[name] == before[name], name
    assert Publication.objects.filter(year=year).count() == 1


def test_the_board_is_told_nothing_changes_and_every_output_of_a_year_comes_from_one_publication(demo, client):
    year = demo["year"]
    publication = Publication.objects.get(year=year)
    assert publication.published_by is None  # automatic, at the first request
    import hashlib

    assert hashlib.sha256(publication.outputs.encode()).hexdigest() == publication.digest
    _login(client, roles.STYRELSE)
    stdout = io.StringIO()
    call_command("sus_report", "--from", f"{year}-01-01", "--to", f"{year}-12-31", "--suppress-below", "5",
                 "--format", "json", stdout=stdout)
    assert json.loads(stdout.getvalue()) == json.loads(json.dumps(publication.output("sus")["data"]))


def test_the_board_sees_no_year_before_it_may_be_published(demo, client):
    year, today = demo["year"], datetime.date.today()
    span = Participation.objects.data_span()
    Publication.objects.filter(year=year).delete()  # undone with the case
    _login(client, roles.STYRELSE)
    with override_settings(FINSAM_BOARD_PUBLISH_AFTER_DAYS=3650):
        assert not publishable(year, today)
        assert year not in board_years(today, span)
        for asked in (year, today.year):  # not yet publishable; the running year never
            assert client.get("/reports/sus/", {"period": asked}).context["data"]["period"]["from"] \
                != f"{asked}-01-01"
            assert client.get("/insatser/", {"ar": asked}).context["year"] != asked
            with pytest.raises(NotPublishable):
                for_board(asked)
        with pytest.raises(CommandError, match="inte publicerat"):
            call_command("sus_report", "--from", f"{year}-01-01", "--to", f"{year}-12-31",
                         "--suppress-below", "5", stdout=io.StringIO())
    assert not Publication.objects.filter(year=year).exists()


def test_only_the_office_publishes_by_a_csrf_protected_post_and_it_is_audited(demo):
    from django.test import Client

    year = demo["year"] - 1
    Publication.objects.filter(year=year).delete()  # undone with the case
    url = reverse("reports:publish", args=[year])
    strict = Client(enforce_csrf_checks=True)
    for role in (roles.STYRELSE, roles.INSATSANSVARIG, roles.DELTAGARANSVARIG):
        strict.force_login(get_user_model().objects.get(username=role))
        assert strict.post(url).status_code == 403
    assert not Publication.objects.filter(year=year).exists()
    kansli = get_user_model().objects.get(username=roles.KANSLI)
    strict.force_login(kansli)
    assert strict.post(url).status_code == 403  # no CSRF token
    page = strict.get(url)
    assert page.status_code == 200 and f"Fastställ {year} för styrelsen" in page.content.decode()
    assert "ta bort publiceringen" in page.content.decode()  # the escape hatch is named
    token = page.cookies["csrftoken"].value
    response = strict.post(url, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    publication = Publication.objects.get(year=year)
    assert publication.published_by == kansli
    assert AccessEvent.objects.filter(user=kansli, target__contains=f"styrelsens siffror {year}").exists()
    from auditlog.models import LogEntry

    assert LogEntry.objects.get_for_object(publication).filter(action=LogEntry.Action.CREATE, actor=kansli).exists()
    again = strict.post(url, {"csrfmiddlewaretoken": token})  # no republishing
    assert again.status_code == 302 and Publication.objects.get(year=year).digest == publication.digest


def test_the_office_sees_whether_a_year_is_published_and_keeps_free_periods(demo, client):
    year = demo["year"]
    _login(client, roles.KANSLI)
    page = client.get("/reports/sus/", {"year": year}).content.decode()
    assert f"Styrelsens siffror för {year} fastställdes" in page
    data = client.get("/reports/sus/", {"from": f"{year}-02-01", "to": f"{year}-02-20"}).context["data"]
    assert data["period"] == {"from": f"{year}-02-01", "to": f"{year}-02-20"}


# Measured on SQLite: the session, user, device and roles (4), the registry's span, the
# published years, the publication (1 each), then what the page itself shows live (the
# dashboard's tertial grid, the coverage page's need estimate, …).
QUERIES = {"/": 14, "/reports/sus/": 13, "/reports/sus/fil/csv/": 12, "/insatser/": 11, "/tertial/ar/": 13,
           "/reports/pathways/": 11, "/reports/gaps/": 11, "/reports/effects/": 16, "/reports/coverage/": 17,
           "/reports/steps/": 13, "/reports/lasting/": 11, "/reports/cycling/": 13}


@pytest.mark.parametrize("url", QUERIES)
def test_the_boards_pages_served_from_a_publication_take_few_queries(demo, client, url,
                                                                     django_assert_max_num_queries):
    _login(client, roles.STYRELSE)
    client.get(url)  # the publication exists: nothing is computed
    with django_assert_max_num_queries(QUERIES[url] + 1):  # + 1: PostgreSQL's transaction for the session
        assert client.get(url).status_code == 200


def _published_values(figures, publication) -> dict:
    """Every count of the combined outputs as the board got it: the number, `<5` or `×` (with an
    insider's knowledge: `×?` where the × hides a small count, see tests/stats/attacker.py)."""
    data = summary(publication)
    tables = {}
    out = {}
    for key, value in figures.values.items():
        name, *rest = key
        if name == "sus":
            shown = data
            for part in rest:
                shown = shown[part]
            out[key] = value if shown is not None else data.mark(tuple(rest))
        else:
            if name not in tables:
                tables[name] = stored_tables(publication, name)
            index, r, c = rest
            cell = tables[name][index].grid[r][c]
            out[key] = value if cell.mark is None else cell.mark
        if out[key] == "×" and 0 < value < 5:
            out[key] = attacker.LIFTED
    return out


def _equations(figures, keep=lambda key: True):
    lines = [(inner, total) for inner, total in figures.lines
             if total is not None and keep(total) and all(map(keep, inner))]
    for group in set(figures.links.values()):
        first, *rest = sorted((key for key in group if keep(key)), key=repr) or [None]
        lines += [([first], other) for other in rest]
    return lines


def test_all_board_outputs_of_a_year_hide_a_shared_quantity_alike_and_together_narrow_nothing(demo):
    """The year as stored for the board, every output together: a quantity published in several
    outputs has one mark in all, and the integer attacker (knowing also which × hide a count
    ≥ 5) finds every `<5` anywhere in 1–4."""
    year = demo["year"]
    figures, _data, _tables, _links, _interventions = gather(year)
    publication = Publication.objects.get(year=year)
    published = _published_values(figures, publication)
    linked_across = [group for group in set(figures.links.values()) if len({key[0] for key in group}) > 1]
    assert len(linked_across) >= 10  # ended per intervention, totals, moves, people reached
    for group in linked_across:
        marks = {published[key] if not isinstance(published[key], int) else None for key in group}
        assert len(marks) == 1, sorted(group, key=repr)
    values = figures.values  # every line a table declares holds (a false one would mislead the audit)
    for inner, total in figures.lines:
        assert total is None or sum(values[key] for key in inner) == values[total], (inner, total)
    for inner, total in figures.unions:  # people counted once: at most the sum, at least each part
        assert max(values[key] for key in inner) <= values[total] <= sum(values[key] for key in inner)
    small = [key for key, value in published.items() if value == "<5"]
    assert small
    ranges = attacker.bounds(published, _equations(figures), 5, small, figures.unions)
    assert {key: span for key, span in ranges.items() if span != (1, 4)} == {}


def test_deleting_a_publication_is_the_offices_escape_hatch_and_is_logged(demo, client):
    from auditlog.models import LogEntry

    publication = Publication.objects.get(year=demo["year"])
    url = reverse("admin:stats_publication_delete", args=[publication.pk])
    _login(client, roles.STYRELSE)
    assert client.post(url, {"post": "yes"}).status_code == 302  # to the admin's login: not theirs
    assert Publication.objects.filter(pk=publication.pk).exists()
    kansli = get_user_model().objects.get(username=roles.KANSLI)
    client.force_login(kansli)
    assert client.get(reverse("admin:stats_publication_change", args=[publication.pk])).status_code == 200
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Publication.objects.filter(pk=publication.pk).exists()
    deleted = LogEntry.objects.filter(object_pk=str(publication.pk), action=LogEntry.Action.DELETE).get()
    assert deleted.actor == kansli


def test_the_nightly_publication_publishes_each_due_year_once_and_nothing_early(demo):
    from django.conf import settings

    from stats.tasks import publish_board_years

    today = datetime.date.today()
    first, last = Participation.objects.data_span()
    due = {year for year in range(first.year, min(last.year, today.year) + 1) if publishable(year, today)}
    assert demo["year"] in due
    Publication.objects.all().delete()  # as before the fixture's first board request
    out = io.StringIO()
    call_command("publish_board_years", stdout=out)
    assert set(Publication.objects.values_list("year", flat=True)) == due
    assert out.getvalue().strip() == "Publicerade för styrelsen: " + ", ".join(map(str, sorted(due)))
    stored = {p.year: p.digest for p in Publication.objects.all()}
    assert publish_board_years.delay().get() == []  # the same again: nothing new, nothing replaced
    assert {p.year: p.digest for p in Publication.objects.all()} == stored
    with pytest.raises(CommandError, match="--today"):
        call_command("publish_board_years", "--today", "igår", stdout=io.StringIO())
    assert settings.CELERY_BEAT_SCHEDULE["publish-board-years"]["task"] == publish_board_years.name


def test_a_year_inside_its_grace_period_is_not_published_by_the_nightly_run(demo):
    Publication.objects.all().delete()
    with override_settings(FINSAM_BOARD_PUBLISH_AFTER_DAYS=10_000):
        out = io.StringIO()
        call_command("publish_board_years", stdout=out)
    assert not Publication.objects.exists() and out.getvalue().strip() == "Inget nytt år att publicera."
