"""Logging in and out: Swedish, throttled, one login path (the admin's login page sends here)."""

import pytest
from django.urls import reverse

from .conftest import password_login

pytestmark = pytest.mark.django_db


def test_the_start_page_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_login_page_is_swedish(client):
    body = client.get("/accounts/login/").content.decode()
    assert 'lang="sv"' in body and "Logga in" in body and "Lösenord" in body


def test_logging_in_leads_to_the_start_page_and_logging_out_ends_the_session(client, users, intervention):
    response = password_login(client, "staff_user")
    assert response.status_code == 302 and response["Location"] == "/"
    start = client.get("/")
    assert start.status_code == 200 and "Aktivitetscenter" in start.content.decode()
    client.post(reverse("logout"))
    assert client.get("/").status_code == 302


def test_a_wrong_password_says_so_in_swedish_without_saying_which_part(client, users):
    response = password_login(client, "staff_user", "wrong-password")
    assert response.status_code == 200 and "Fel användarnamn eller lösenord" in response.content.decode()


def test_repeated_failures_lock_the_login(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_login(client, "staff_user", "wrong-password")
    response = password_login(client, "staff_user")  # even the right password is refused now
    assert response.status_code == 429
    assert "För många misslyckade inloggningar" in response.content.decode()


def test_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_the_admin_login_page_is_the_one_login_path(client, users):
    response = client.get("/admin/login/?next=/admin/participants/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/admin/participants/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/admin/"])
def test_the_admin_login_never_passes_on_a_next_to_another_site(client, target):
    response = client.get("/admin/login/", {"next": target})
    assert response.status_code == 302 and "evil.example" not in response["Location"]
