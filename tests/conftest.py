"""Shared fixtures: one user per role (as in healthchecks' BaseTestCase), fast hashing,
eager Celery unless a test asks for a real worker, and the Playwright browser."""

import os

import pytest
from django.contrib.auth.models import Group

from accounts import roles
from accounts.setup import ensure_role_groups
from interventions.models import Assignment

from .factories import InterventionFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_and_eager(settings, request):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
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
    ensure_role_groups()
    return {name: Group.objects.get(name=name) for name in roles.ALL}


def _user(username, role, groups):
    user = UserFactory(username=username, first_name=username.capitalize())
    if role:
        user.groups.add(groups[role])
    if role == roles.ADMINISTRATOR:
        user.is_staff = user.is_superuser = True
        user.save()
    if role == roles.KANSLI:
        user.is_staff = True
        user.save()
    return user


@pytest.fixture
def intervention(db):
    return InterventionFactory(code="AKTIVITETSCENTER", name="Aktivitetscenter")


@pytest.fixture
def other_intervention(db):
    return InterventionFactory(code="PTSD", name="PTSD-center", mal_andel_arbete_studier=50)


@pytest.fixture
def users(db, role_groups, intervention):
    """administrator, kansli, insatsansvarig and deltagaransvarig (assigned to `intervention`),
    styrelse, and an outsider in no group."""
    made = {
        "administrator": _user("admin_user", roles.ADMINISTRATOR, role_groups),
        "kansli": _user("kansli_user", roles.KANSLI, role_groups),
        "insatsansvarig": _user("lead_user", roles.INSATSANSVARIG, role_groups),
        "deltagaransvarig": _user("staff_user", roles.DELTAGARANSVARIG, role_groups),
        "styrelse": _user("board_user", roles.STYRELSE, role_groups),
        "outsider": _user("outsider", None, role_groups),
    }
    Assignment.objects.create(
        user=made["insatsansvarig"], intervention=intervention, role=Assignment.Role.INSATSANSVARIG
    )
    Assignment.objects.create(
        user=made["deltagaransvarig"], intervention=intervention, role=Assignment.Role.DELTAGARANSVARIG
    )
    return made


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
