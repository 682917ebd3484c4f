"""Acceptance (issue 14): every page a role reaches from its menu (and the admin for the
administrator), at 1366 and 320 px, has no axe-core violation of WCAG 2.1 A/AA, and at 320 px
no page scrolls sideways except inside a named, focusable scroll container (1.4.10 Reflow).
The pages are found by walking the menu, so new pages are checked without changing this test."""

import pytest
from django.core.management import call_command

from .walk import NARROW, WIDE, axe_source, crawl, crawl_admin, layout, reflow_problems, run_axe

# One test for every walk: the demo is seeded once (as six tests, each after the first found the
# migrations' rows gone after the flush). serialized_rollback: Django keeps a copy of those rows
# when it makes the test database, which _migrations_rows_back puts back after the walk.
pytestmark = [pytest.mark.browser, pytest.mark.axe, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "axe-walk-password-1"
ROLES = ["administrator", "kansli", "insatsansvarig", "deltagaransvarig", "styrelse"]


@pytest.fixture(scope="module", autouse=True)
def _migrations_rows_back(django_db_blocker):
    """The walk runs first (tests/conftest.py) and, as a transactional test, ends with the database
    flushed and the migrations' rows (permissions, content types, groups) gone; the tests after it
    on this worker are not transactional and expect them. Put back what Django serialized when it
    made the test database, as its next serialized_rollback test would at its start."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture
def demo(db):
    call_command("seed_demo", password=PASSWORD, people=25, stdout=open("/dev/null", "w"))
    call_command("seed_pathways_demo", stdout=open("/dev/null", "w"))
    # As `make run` and the nightly task do: the board's pages then read stored figures, and no
    # GET of the walk publishes a year (seconds of work that, on a loaded machine, outlasted the
    # login's timeout while its request held the in-memory database's write lock).
    call_command("publish_board_years", stdout=open("/dev/null", "w"))


def log_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


# Each role's menu, and the admin (for the administrator) as a walk of its own.
WALKS = [(role, crawl) for role in ROLES] + [("administrator", crawl_admin)]


# What the walk checks, and what it leaves out to take minutes rather than many (issue 16):
# - every page a role reaches (one per URL pattern, walk.pattern) is loaded once, at 1366 px, and
#   checked there; the window is then narrowed to 320 px on the same page and it is checked again.
#   The site's and the admin's layouts change with the width through CSS media queries only (no
#   script reads the width), so a page narrowed after loading lays out as one loaded at 320 px.
# - at 1366 px axe runs on every page of every role, and at 320 px every page of every role is
#   measured for reflow (1.4.10) — what a role may see (its columns, buttons, menu) is all checked.
# - axe at 320 px runs once per page pattern, on the first role that reaches it (the
#   administrator's walk comes first and reaches the most): what 320 px changes for axe (the menu
#   behind its button, stacked cards, scroll regions) is the template's responsive CSS, the same
#   for every role, while the role's own content was checked at 1366 px. Every role still has axe
#   at 320 px on its start page and on every pattern no earlier role reached. In the admin the
#   same holds per admin template (walk.layout): a model's list, add form and change form lay out
#   at 320 px by the admin's own responsive CSS, whatever the model; each model's columns and
#   fields are checked by axe at 1366 px and for reflow at 320 px.
# - the demo has 25 people: every page of the walk still has rows, the walk reaches as many pages
#   as with 60 (measured: one more in three of the six walks), and axe checks shorter lists faster.
def test_every_page_of_the_menu_passes_axe_and_reflows(browser, live_server, demo):
    source = axe_source()
    base = live_server.url
    failures = []
    narrow_axe_done = set()
    for role, walk in WALKS:
        context = browser.new_context(locale="sv-SE", viewport={"width": WIDE, "height": 900})
        page = context.new_page()
        page.set_default_timeout(20000)

        def check(path, role=role, page=page):
            failures.extend(f"{role} {WIDE}px {path}: {v}" for v in run_axe(page, source))
            page.set_viewport_size({"width": NARROW, "height": 900})
            failures.extend(f"{role} {NARROW}px {path}: {p}" for p in reflow_problems(page))
            if path == "/" or layout(path) not in narrow_axe_done:
                narrow_axe_done.add(layout(path))
                failures.extend(f"{role} {NARROW}px {path}: {v}" for v in run_axe(page, source))
            page.set_viewport_size({"width": WIDE, "height": 900})

        try:
            log_in(page, base, role)
            paths = walk(page, base, visit=check)
            assert len(paths) > 3, (role, paths)
            print(f"{role} ({walk.__name__}): {len(paths)} pages at {WIDE} and {NARROW} px")
        finally:
            context.close()
    assert not failures, "\n".join(failures)
