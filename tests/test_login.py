from django.urls import reverse


def test_the_start_page_requires_login(client, db):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_login_page_is_swedish(client, db):
    body = client.get("/accounts/login/").content.decode()
    assert 'lang="sv"' in body and "Logga in" in body and "Lösenord" in body


def test_logging_in_leads_to_the_start_page_with_the_users_interventions(client, users, intervention):
    response = client.post(
        "/accounts/login/", {"username": "staff_user", "password": "secret-password-1"}, REMOTE_ADDR="127.0.0.1"
    )
    assert response.status_code == 302 and response["Location"] == "/"
    body = client.get("/").content.decode()
    assert "Aktivitetscenter" in body


def test_a_wrong_password_is_refused_in_swedish(client, users):
    response = client.post("/accounts/login/", {"username": "staff_user", "password": "wrong"}, REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    assert "Fel användarnamn eller lösenord" in response.content.decode()


def test_logout_ends_the_session(client, users):
    client.force_login(users["kansli"])
    client.post(reverse("logout"))
    assert client.get("/").status_code == 302


def test_every_page_extends_the_base_layout(client, users):
    client.force_login(users["styrelse"])
    body = client.get("/").content.decode()
    assert "FINSAM" in body and "Logga ut" in body
