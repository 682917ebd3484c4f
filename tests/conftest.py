"""Shared fixtures: one user per role (as in healthchecks' BaseTestCase) and a small world of
records around them (built in tests/world.py), fast hashing, eager Celery unless a test asks
for a real worker, and the Playwright browser."""

import contextlib
import os

import pytest

from .world import (
    FAST_HASHERS,
    make_intervention,
    make_other_intervention,
    make_role_groups,
    make_users,
    make_world,
)


@pytest.hookimpl(trylast=True)  # after pytest-django, which puts the transactional tests last
def pytest_collection_modifyitems(items):
    """The accessibility walk (marker axe) first: it is the one long test, and pytest-xdist hands
    tests out in this order, so at the end of the list it would run alone while the other workers
    wait. Being transactional it flushes the database when it ends; its module gives the rows the
    migrations made back before the next test (tests/accessibility/test_axe.py)."""
    items.sort(key=lambda item: item.get_closest_marker("axe") is None)  # stable: the rest keep their order


@pytest.hookimpl(hookwrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """Fixtures build their records without change-log entries: a test that asserts entries
    makes the changes it asserts in its own body, and the log's diff of every fixture record
    was a sixth of the time of the suites that build many (issue 16). The accessibility walk's
    demo keeps its entries, so that the audit pages are checked with rows in them."""
    from auditlog.context import disable_auditlog

    walk = request.node.get_closest_marker("axe") is not None
    with contextlib.nullcontext() if walk else disable_auditlog():
        yield


@pytest.fixture(autouse=True)
def _fast_and_eager(settings, request):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    if request.node.get_closest_marker("celery_worker") is None:
        from finsam.celery import app

        previous = app.conf.task_always_eager
        app.conf.task_always_eager = True
        yield
        app.conf.task_always_eager = previous
    else:
        yield


@pytest.fixture
def role_groups(db):
    return make_role_groups()


@pytest.fixture
def intervention(db):
    return make_intervention()


@pytest.fixture
def other_intervention(db):
    return make_other_intervention()


@pytest.fixture
def users(db, role_groups, intervention):
    return make_users(role_groups, intervention)


@pytest.fixture
def world(users, intervention, other_intervention):
    return make_world(users, intervention, other_intervention)


# --- the browser -----------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI never skips the browser tests")
        pytest.skip(f"{CHROMIUM} is not installed: browser test skipped (apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def login(page, live_server):
    """Log in through the real login form."""

    def do_login(username, password="secret-password-1"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    return do_login
