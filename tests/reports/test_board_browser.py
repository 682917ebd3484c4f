"""The board's start page in a real browser: it fits a 320 px phone without sideways scrolling,
the tables open on demand, and printing gives one A4 page. Screenshots (desktop, phone and the
printed page) go to /tmp/shots/ for a human look."""

import datetime
import os
import re
import shutil
import subprocess

import pytest
from django.utils import timezone

from reports.models import NationalReference
from tertials.models import Status, TertialReport
from tests.factories import InterventionFactory

from .conftest import bulk_spells

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = "/tmp/shots"
NAMES = ["Arbetsträning", "Bryggan", "Cirkeln", "Unga vuxna i arbete", "PTSD-center", "Språk och jobb",
         "Hälsa och arbete", "Steget vidare", "Jobbspåret", "Kvinnors väg", "Lotsen", "Motivationslyftet",
         "Nya steg", "Omstart"]
STATES = [Status.GODKAND, Status.GODKAND, Status.INSKICKAD, Status.ATERSKICKAD, None, Status.GODKAND,
          Status.UTKAST, Status.GODKAND] * 2


def build_registry(today: datetime.date):
    """Fourteen interventions (more than the association has) with places and goals, spells from
    five years back to today, Sverige per year and tertial reports in every state (one
    intervention so small the board sees <5)."""
    first = datetime.date(today.year, 1, 1)
    for index, name in enumerate(NAMES):
        intervention = InterventionFactory(code=f"I{index}", name=name, arsplatser=10 + 5 * index,
                                           mal_andel_arbete_studier=20 + 5 * (index % 4))
        size = 2 if index == 2 else 6 + 3 * index
        for back in range(5, 0, -1):
            start = datetime.date(today.year - back, 2, 1)
            ended = datetime.date(today.year - back, 11, 1)
            good = size * (25 + 3 * back + index) // 100
            bulk_spells(intervention, [{"kon": "KM"[n % 2], "startdatum": start, "slutdatum": ended,
                                        "sysselsattning_efter": "ARBETE" if n < good else "REHAB"}
                                       for n in range(size)])
        bulk_spells(intervention, [{"kon": "KM"[n % 2], "startdatum": first, "slutdatum": None} for n in range(size)])
        bulk_spells(intervention, [{"kon": "KM"[n % 2], "startdatum": first, "slutdatum": first,
                                    "sysselsattning_efter": "STUDIER" if n % 3 == 0 else "ARBETSSOKANDE"}
                                   for n in range(size)])
        if STATES[index]:
            TertialReport.objects.create(intervention=intervention, year=today.year, tertial=1,
                                         status=STATES[index])
    for back, value in enumerate((33, 32, 33, 30, 30)):
        NationalReference.objects.create(year=today.year - 1 - back, share_work_or_studies=value)


# axe-core 4 (npm), when AXE_CORE_JS names its axe.min.js: the site-wide accessibility suite
# installs and runs it on every page; here it is the board page at both widths.
AXE_CORE_JS = os.environ.get("AXE_CORE_JS")
AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[str]:
    if not AXE_CORE_JS:
        return []
    with open(AXE_CORE_JS, encoding="utf-8") as handle:
        page.evaluate(handle.read())  # evaluate, not a script tag: the CSP allows no inline script
    return page.evaluate(
        "rules => axe.run(document, {runOnly: {type: 'tag', values: rules}})"
        ".then(r => r.violations.map(v => v.id + ' (' + v.nodes.length + '): ' + v.nodes[0].target))",
        AXE_RULES)


def pages_in(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_the_board_dashboard_on_desktop_phone_and_paper(page, live_server, login, users):
    build_registry(timezone.localdate())
    os.makedirs(SHOTS, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    login("board_user")
    assert page.locator(".tile").count() == 5
    assert page.locator("#tile-participants .tile-value").inner_text().strip()
    table = page.locator("#board-places details table")
    assert not table.is_visible()
    page.click("#board-places summary")
    cirkeln = table.locator("tr", has_text="Cirkeln").locator("td").first.inner_text().strip()
    assert table.is_visible() and cirkeln in ("<5", "×")  # two participants: hidden
    assert axe_violations(page) == []
    page.click("#board-places summary")
    page.screenshot(path=f"{SHOTS}/board-desktop.png", full_page=True)

    page.set_viewport_size({"width": 320, "height": 800})
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the page scrolls sideways at 320 px ({width} px wide)"
    assert axe_violations(page) == []
    page.screenshot(path=f"{SHOTS}/board-phone.png", full_page=True)

    page.set_viewport_size({"width": 1366, "height": 900})
    page.emulate_media(media="print")
    page.screenshot(path=f"{SHOTS}/board-print-media.png", full_page=True)
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    with open(f"{SHOTS}/board-print.pdf", "wb") as handle:
        handle.write(pdf)
    assert pages_in(pdf) == 1, "the printed summary must fit one A4 page"
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "1", f"{SHOTS}/board-print.pdf",
                        f"{SHOTS}/board-print"], check=True)
