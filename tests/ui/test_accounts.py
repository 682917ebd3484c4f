"""Login with throttling, the optional second factor, password change and the start page."""

import datetime

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import ParticipationFactory

pytestmark = pytest.mark.django_db


def login(client, username, password="secret-password-1"):
    return client.post(reverse("login"), {"username": username, "password": password})


def current_token(device):
    return str(totp(device.bin_key, device.step, device.t0, device.digits, device.drift)).zfill(device.digits)


def test_login_and_logout(client, users):
    response = login(client, "staff_user")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    client.post(reverse("logout"))
    assert client.get("/").status_code == 302


def test_a_wrong_password_says_so_without_saying_which_part(client, users):
    response = login(client, "staff_user", "wrong-password")
    assert response.status_code == 200 and "Fel användarnamn eller lösenord" in response.content.decode()


def test_repeated_failures_lock_the_login(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "staff_user", "wrong-password")
    response = login(client, "staff_user")  # even the right password is refused now
    assert response.status_code == 429
    assert "För många misslyckade inloggningar" in response.content.decode()


def test_sessions_expire():
    from django.conf import settings

    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


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
    response = login(client, "kansli_user")
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
    assert login(client, "admin_user")["Location"] == "/"


def test_password_change_refuses_a_weak_password_with_the_reason(client, users):
    client.force_login(users["deltagaransvarig"])
    response = client.post(reverse("password_change"), {
        "old_password": "secret-password-1", "new_password1": "123", "new_password2": "123"})
    assert response.status_code == 200 and "inget är sparat" in response.content.decode()
    ok = client.post(reverse("password_change"), {
        "old_password": "secret-password-1", "new_password1": "Ett-bra-lösen-2026",
        "new_password2": "Ett-bra-lösen-2026"})
    assert ok.status_code == 302


def test_the_start_page_shows_what_needs_doing(client, users, intervention, django_assert_max_num_queries):
    intervention.slutdatum = datetime.date(2016, 12, 31)
    intervention.save()
    ParticipationFactory(intervention=intervention, startdatum=datetime.date(2016, 1, 1))
    ParticipationFactory(intervention=intervention, startdatum=datetime.date(2016, 2, 1),
                         ansvarig=users["deltagaransvarig"])
    client.force_login(users["deltagaransvarig"])
    with django_assert_max_num_queries(18):
        response = client.get("/")
    todo = response.context["todo"]
    assert (todo["after_end"], todo["no_staff"], todo["total"]) == (2, 1, 2)
    assert len(response.context["mine"]) == 1
    assert "Registrera start" in response.content.decode()


def test_the_board_start_page_has_no_personal_data_section(client, users, intervention):
    ParticipationFactory(intervention=intervention)
    client.force_login(users["styrelse"])
    response = client.get("/")
    assert "todo" not in response.context and "mine" not in response.context


def _confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def test_the_admin_login_cannot_skip_the_second_factor(client, users):
    """A password posted to /admin/login/ gives no session while the code is missing."""
    _confirmed_device(users["kansli"])
    client.post("/admin/login/?next=/admin/", {"username": "kansli_user", "password": "secret-password-1"})
    for url in ["/", "/admin/", reverse("participants:list"), "/filer/", "/granskning/", "/reports/sus/"]:
        response = client.get(url, follow=True)
        assert response.redirect_chain, url
        assert response.request["PATH_INFO"] == reverse("login"), url


def test_the_admin_login_page_is_the_one_login_path(client, users):
    response = client.get("/admin/login/?next=/admin/participants/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/admin/participants/"


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
    response = login(client, "kansli_user")
    assert response["Location"] == reverse("otp_verify")
    client.post(reverse("otp_verify"), {"token": current_token(device)})
    assert client.get("/").status_code == 200
    assert client.get("/admin/").status_code == 200
