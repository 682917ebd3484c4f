import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_user_logs_in_and_out_in_a_real_browser(page, live_server, login, users):
    login("staff_user")
    assert page.locator("h1").inner_text().startswith("Välkommen")
    assert "Aktivitetscenter" in page.content()
    page.click("text=Logga ut")
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
