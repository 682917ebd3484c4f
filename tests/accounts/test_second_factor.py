"""The optional second factor (TOTP) for kansli and administrator: enrolment, the code step at
login, and no way around it (the admin's login, a session made without the code)."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from .conftest import password_login

pytestmark = pytest.mark.django_db


def current_token(device):
    return str(totp(device.bin_key, device.step, device.t0, device.digits, device.drift)).zfill(device.digits)


def _confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def test_office_staff_enrol_a_totp_device_and_then_need_a_code_at_login(client, users):
    client.force_login(users["kansli"])
    page = client.get(reverse("otp_setup"))
    assert page.context["qr"].startswith("data:image/svg+xml;base64,")
    device = TOTPDevice.objects.get(user=users["kansli"], confirmed=False)
    wrong = client.post(reverse("otp_setup"), {"token": "000000" if current_token(device) != "000000" else "111111"})
    assert "stämmer inte" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    ok = client.post(reverse("otp_setup"), {"token": current_token(device)})
    assert ok.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    client.post(reverse("logout"))

    # Password alone no longer logs in: it leads to the code step.
    response = password_login(client, "kansli_user")
    assert response.status_code == 302 and response["Location"] == reverse("otp_verify")
    assert client.get("/").status_code == 302  # not logged in yet
    bad = client.post(reverse("otp_verify"), {"token": "12345x"})
    assert bad.status_code == 200 and "siffror" in bad.content.decode()
    device.refresh_from_db()
    device.last_t = -1
    device.save()
    good = client.post(reverse("otp_verify"), {"token": current_token(device)})
    assert good.status_code == 302
    assert client.get("/").status_code == 200


def test_the_code_step_without_a_password_first_goes_back_to_login(client, users):
    assert client.get(reverse("otp_verify"))["Location"] == reverse("login")


def test_users_without_a_device_log_in_with_password_only(client, users):
    assert password_login(client, "admin_user")["Location"] == "/"


def test_the_admin_login_cannot_skip_the_second_factor(client, users):
    """A password posted to /admin/login/ gives no session while the code is missing."""
    _confirmed_device(users["kansli"])
    client.post("/admin/login/?next=/admin/", {"username": "kansli_user", "password": "secret-password-1"})
    for url in ["/", "/admin/", reverse("participants:list"), "/filer/", "/granskning/", "/reports/sus/"]:
        response = client.get(url, follow=True)
        assert response.redirect_chain, url
        assert response.request["PATH_INFO"] == reverse("login"), url


def test_a_session_without_the_code_is_ended_for_a_user_with_a_device(client, users):
    """However the password session came about (here: forced), it is worth nothing without the code."""
    _confirmed_device(users["administrator"])
    client.force_login(users["administrator"])
    response = client.get("/deltagare/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.get("/admin/", follow=True).request["PATH_INFO"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_a_verified_session_reaches_the_site_and_the_admin(client, users):
    device = _confirmed_device(users["kansli"])
    response = password_login(client, "kansli_user")
    assert response["Location"] == reverse("otp_verify")
    client.post(reverse("otp_verify"), {"token": current_token(device)})
    assert client.get("/").status_code == 200
    assert client.get("/admin/").status_code == 200
