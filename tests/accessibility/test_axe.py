"""Acceptance (issue 14): every page a role reaches from its menu (and the admin for the
administrator), at 1366 and 320 px, has no axe-core violation of WCAG 2.1 A/AA, and at 320 px
no page scrolls sideways except inside a named, focusable scroll container (1.4.10 Reflow).
The pages are found by walking the menu, so new pages are checked without changing this test."""

import pytest
from django.core.management import call_command

from .walk import NARROW, WIDE, axe_source, crawl, crawl_admin, reflow_problems, run_axe

# One test for every walk: the demo is seeded once (as six tests, each after the first found the
# migrations' rows gone after the flush). serialized_rollback: the tests after it get them back.
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


# Each role's menu, and the admin (for the administrator) as a walk of its own.
WALKS = [(role, crawl) for role in ROLES] + [("administrator", crawl_admin)]


def test_every_page_of_the_menu_passes_axe_and_reflows(browser, live_server, demo):
    source = axe_source()
    base = live_server.url
    failures = []
    for role, walk in WALKS:
        context = browser.new_context(locale="sv-SE", viewport={"width": WIDE, "height": 900})
        page = context.new_page()
        page.set_default_timeout(20000)
        try:
            log_in(page, base, role)
            paths = walk(page, base)
            assert len(paths) > 3, (role, paths)
            for width in (WIDE, NARROW):
                page.set_viewport_size({"width": width, "height": 900})
                for path in paths:
                    page.goto(base + path)
                    for violation in run_axe(page, source):
                        failures.append(f"{role} {width}px {path}: {violation}")
                    if width == NARROW:
                        failures += [f"{role} {width}px {path}: {p}" for p in reflow_problems(page)]
            print(f"{role} ({walk.__name__}): {len(paths)} pages × 2 widths")
        finally:
            context.close()
    assert not failures, "\n".join(failures)
