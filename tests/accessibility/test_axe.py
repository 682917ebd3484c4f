"""Acceptance (issue 14): every page a role reaches from its menu (and the admin for the
administrator), at 1366 and 320 px, has no axe-core violation of WCAG 2.1 A/AA, and at 320 px
no page scrolls sideways except inside a named, focusable scroll container (1.4.10 Reflow).
The pages are found by walking the menu, so new pages are checked without changing this test."""

import pytest
from django.core.management import call_command

from .walk import NARROW, WIDE, axe_source, crawl, crawl_admin, reflow_problems, run_axe

# serialized_rollback: each role's case starts from the migrations' rows again (organisations).
pytestmark = [pytest.mark.browser, pytest.mark.axe, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "axe-walk-password-1"
ROLES = ["administrator", "kansli", "insatsansvarig", "deltagaransvarig", "styrelse"]


@pytest.fixture
def demo(db):
    call_command("seed_demo", password=PASSWORD, people=60, stdout=open("/dev/null", "w"))
    call_command("seed_pathways_demo", stdout=open("/dev/null", "w"))


def log_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


# Each role's menu, and the admin (for the administrator) as a case of its own.
WALKS = [(role, crawl) for role in ROLES] + [("administrator", crawl_admin)]


@pytest.mark.parametrize(("role", "walk"), WALKS, ids=ROLES + ["admin"])
def test_every_page_of_the_menu_passes_axe_and_reflows(browser, live_server, demo, role, walk):
    source = axe_source()
    base = live_server.url
    context = browser.new_context(locale="sv-SE", viewport={"width": WIDE, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20000)
    try:
        log_in(page, base, role)
        paths = walk(page, base)
        assert len(paths) > 3, paths
        failures = []
        for width in (WIDE, NARROW):
            page.set_viewport_size({"width": width, "height": 900})
            for path in paths:
                page.goto(base + path)
                for violation in run_axe(page, source):
                    failures.append(f"{width}px {path}: {violation}")
                if width == NARROW:
                    failures += [f"{width}px {path}: {p}" for p in reflow_problems(page)]
        print(f"{role} ({walk.__name__}): {len(paths)} pages × 2 widths")
        assert not failures, "\n".join(failures)
    finally:
        context.close()
