import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_password_change_refuses_a_weak_password_with_the_reason(client, users):
    client.force_login(users["deltagaransvarig"])
    response = client.post(reverse("password_change"), {
        "old_password": "secret-password-1", "new_password1": "123", "new_password2": "123"})
    assert response.status_code == 200 and "inget är sparat" in response.content.decode()
    ok = client.post(reverse("password_change"), {
        "old_password": "secret-password-1", "new_password1": "Ett-bra-lösen-2026",
        "new_password2": "Ett-bra-lösen-2026"})
    assert ok.status_code == 302
