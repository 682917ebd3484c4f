"""Every PDF the site produces, found by walking the site as kansli (every link on every page
kind, one page per URL name) and keeping each link that answers with a PDF: each must be tagged
PDF/UA-1 (and PDF/A-2a) with /Lang sv and its fonts embedded, and print intervention names that
hold markup as text (issue 12 item 12: no 500, no link injected)."""

import datetime
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.urls import Resolver404, resolve

from tertials.models import Status, TertialReport
from tests.factories import InterventionFactory, ParticipantFactory, ParticipationFactory, VolumeRegistrationFactory
from tests.pdfcheck import assert_accessible_pdf, has_pdftotext, links, text_layer
from tests.world import make_world

LINK_NAME = '<a href="https://evil.example">x</a>'
BOLD_NAME = "<b>fet</b>"
# The PDFs the site makes today; the walk must find at least these (a new one is found and checked too).
EXPECTED = {
    "reports:sus_download", "tertials:report_pdf", "tertials:tertial_pdf", "cases:registerutdrag",
    "cases:lasting", "pathways:gaps", "pathways:cycling", "pathways:effects",
}
SKIP_PREFIXES = ("/admin/", "/accounts/", "/static/", "/media/")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href and href.startswith(("/", "?")):
            self.hrefs.append(href)


def _key(url: str):
    """One visit per URL name, format and file kind (the same page for another person or
    period is the same code path)."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    query = parse_qs(parts.query)
    return match.view_name, tuple(query.get("format", [])), match.kwargs.get("fmt")


@pytest.fixture
def site(users, intervention, other_intervention):
    other_intervention.name = LINK_NAME
    other_intervention.save()
    bold = InterventionFactory(code="FET", name=BOLD_NAME, allows_volume=True)
    world = make_world(users, intervention, other_intervention)
    for number, (target, start, end) in enumerate([
        (intervention, datetime.date(2015, 1, 10), datetime.date(2015, 3, 31)),
        (bold, datetime.date(2015, 4, 10), datetime.date(2015, 5, 31)),
        (other_intervention, datetime.date(2015, 2, 1), datetime.date(2015, 4, 30)),
    ], start=1):
        ParticipationFactory(participant=ParticipantFactory(birth=datetime.date(1985, 6, number)), intervention=target,
                             startdatum=start, slutdatum=end, avslutsorsak="ARBETSMARKNAD",
                             sysselsattning_efter="ARBETE", forsorjning_efter="LON")
    # a volume registration without kön: the volume row's women and men fall short of its total
    VolumeRegistrationFactory(intervention=bold, antal=40, antal_kvinnor=0, antal_man=0)
    TertialReport.objects.create(intervention=other_intervention, year=2015, tertial=1, status=Status.UTKAST,
                                 done=f"Namnet {LINK_NAME} och {BOLD_NAME}.")
    return world


def walk(client, start="/", limit=150):
    """(url, response) of every PDF reachable from `start`."""
    queue, seen, found = [start], set(), []
    while queue and len(seen) < limit:
        url = queue.pop(0)
        key = _key(url)
        if key is None or key in seen or url.startswith(SKIP_PREFIXES):
            continue
        seen.add(key)
        response = client.get(url)
        assert response.status_code < 500, url
        content_type = response.get("Content-Type", "")
        if content_type == "application/pdf":
            found.append((url, response))
        elif content_type.startswith("text/html") and response.status_code == 200:
            parser = Links()
            parser.feed(response.content.decode())
            base = urlsplit(url).path
            queue += [href if href.startswith("/") else base + href for href in parser.hrefs]
    return found


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2015, 6, 20, 10, 0), tick=False)
def test_every_pdf_the_site_produces_is_tagged_in_swedish_with_its_fonts_embedded(client, users, site):
    client.force_login(users["kansli"])
    found = walk(client)
    names = {_key(url)[0] for url, _response in found}
    assert EXPECTED <= names, f"not found: {EXPECTED - names}"
    for url, response in found:
        pdf = assert_accessible_pdf(response.content)
        assert links(pdf) == [], url  # a name with markup never becomes a link
        if has_pdftotext():
            text = text_layer(response.content)
            assert "evil.example" not in text or LINK_NAME in text.replace("\n", " "), url


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2015, 6, 20, 10, 0), tick=False)
def test_names_with_markup_print_as_text_in_the_sus_pdf(client, users, site):
    client.force_login(users["kansli"])
    response = client.get("/reports/sus/fil/pdf/", {"year": 2015})
    assert response.status_code == 200
    pdf = assert_accessible_pdf(response.content)
    assert links(pdf) == []
    if has_pdftotext():
        text = text_layer(response.content)
        assert BOLD_NAME in text
        assert LINK_NAME in text.replace("\n", " ")
