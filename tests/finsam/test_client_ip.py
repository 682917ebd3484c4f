"""The client's address: X-Forwarded-For is believed only from a configured proxy, and the one
rule (finsam.clientip) is what the change log, the access log and django-axes all use."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.test import RequestFactory
from django.urls import reverse

from audit.models import AccessEvent
from finsam.clientip import client_ip
from tests.factories import ParticipationFactory

PROXY = "10.0.0.5"


def address(remote, forwarded=None, proxies=()):
    from django.test import override_settings

    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    with override_settings(FINSAM_TRUSTED_PROXIES=list(proxies)):
        return client_ip(RequestFactory().get("/", **extra))


@pytest.mark.parametrize(("remote", "forwarded", "proxies", "expected"), [
    # No proxy configured: the header is whatever the client wrote, never believed.
    ("198.51.100.7", "203.0.113.9", (), "198.51.100.7"),
    # A configured proxy: the address it appended (right-most) is the client.
    (PROXY, "203.0.113.9", (PROXY,), "203.0.113.9"),
    (PROXY, "6.6.6.6, 203.0.113.9", (PROXY,), "203.0.113.9"),  # a forged left part is ignored
    (PROXY, "203.0.113.9, 10.0.0.4", ("10.0.0.0/24",), "203.0.113.9"),  # two proxies of ours
    (PROXY, "203.0.113.9:5123", (PROXY,), "203.0.113.9"),
    (PROXY, "[2001:db8::1]:443", (PROXY,), "2001:db8::1"),
    (PROXY, "not-an-address", (PROXY,), PROXY),  # garbage: the proxy's own address, not garbage
    (PROXY, None, (PROXY,), PROXY),
    # The header from an address that is not a configured proxy is the client's own claim.
    ("198.51.100.7", "203.0.113.9", (PROXY,), "198.51.100.7"),
])
def test_the_forwarded_address_is_believed_only_from_a_configured_proxy(remote, forwarded, proxies, expected):
    assert address(remote, forwarded, proxies) == expected


@pytest.mark.django_db
def test_the_change_log_does_not_believe_a_forged_header(client, users, intervention):
    spell = ParticipationFactory(intervention=intervention, startdatum=datetime.date(2016, 1, 1))
    client.force_login(users["deltagaransvarig"])
    client.post(reverse("participants:end", args=[spell.pk]), {
        "slutdatum": "2016-06-30", "avslutsorsak": "OHALSA", "sysselsattning_efter": "INGEN",
        "forsorjning_efter": "SJUKPENNING", "expected_version": 1},
        REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="6.6.6.6")
    entry = LogEntry.objects.get_for_object(spell).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.remote_addr == "198.51.100.7"


@pytest.mark.django_db
def test_behind_the_proxy_both_logs_keep_the_clients_address(client, users, world, settings):
    settings.FINSAM_TRUSTED_PROXIES = [PROXY]
    client.force_login(users["deltagaransvarig"])
    headers = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.9"}
    client.get(reverse("participants:person", args=[world["own"].participant_id]), **headers)
    assert AccessEvent.objects.get(action="VIEW").ip_address == "203.0.113.9"
    client.post(reverse("participants:end", args=[world["own"].pk]), {
        "slutdatum": "2016-06-30", "avslutsorsak": "OHALSA", "sysselsattning_efter": "INGEN",
        "forsorjning_efter": "SJUKPENNING", "expected_version": world["own"].version}, **headers)
    entry = LogEntry.objects.get_for_object(world["own"]).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.remote_addr == "203.0.113.9"


@pytest.mark.django_db
def test_behind_the_proxy_a_lockout_is_the_clients_not_everyones(client, users, settings):
    """django-axes keys the lockout on the client behind the proxy, not on the proxy's address."""
    settings.FINSAM_TRUSTED_PROXIES = [PROXY]
    attacker = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    colleague = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.10"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "staff_user", "password": "wrong"}, **attacker)
    assert client.post(reverse("login"), {"username": "staff_user", "password": "secret-password-1"},
                       **attacker).status_code == 429
    response = client.post(reverse("login"), {"username": "staff_user", "password": "secret-password-1"},
                           **colleague)
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_forged_header_does_not_escape_a_lockout(client, users, settings):
    for number in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "staff_user", "password": "wrong"},
                    REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
    response = client.post(reverse("login"), {"username": "staff_user", "password": "secret-password-1"},
                           REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.200")
    assert response.status_code == 429


def test_a_mistyped_proxy_setting_stops_the_site(settings):
    from finsam.checks import trusted_proxies_are_addresses

    settings.FINSAM_TRUSTED_PROXIES = ["10.0.0.5", "10.0.0.300"]
    assert [error.id for error in trusted_proxies_are_addresses(None)] == ["finsam.E005"]
    settings.FINSAM_TRUSTED_PROXIES = ["10.0.0.5", "10.1.0.0/24", "2001:db8::/32"]
    assert trusted_proxies_are_addresses(None) == []
