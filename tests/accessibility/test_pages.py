"""The site-wide accessibility parts that need no browser: the statement (DIGG's model) linked
from every footer, the keep-alive behind the idle warning, the skip link and the live region."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_statement_is_open_without_login_and_names_the_contact_address(client, settings):
    settings.FINSAM_CONTACT_EMAIL = "tillganglighet@finsam.example"
    response = client.get("/tillganglighet/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="mailto:tillganglighet@finsam.example"' in html
    # DIGG's model: compliance, what to do, how to report, supervision, what is not accessible, testing.
    for heading in ("Hur tillgängligt är registret?", "Rapportera brister", "Tillsyn",
                    "Innehåll som inte är tillgängligt", "Hur vi testat registret",
                    "Myndigheten för digital förvaltning"):
        assert heading in html


@pytest.mark.parametrize("path", ["/accounts/login/", "/", "/deltagare/", "/tillganglighet/"])
def test_every_footer_links_the_statement(client, users, path):
    if path != "/accounts/login/":
        client.force_login(users["deltagaransvarig"])
    html = client.get(path).content.decode()
    footer = html[html.index('<footer'):html.index('</footer>')]
    assert 'href="/tillganglighet/"' in footer


def test_a_signed_in_page_has_a_skip_link_a_live_region_and_the_idle_warning(client, users, settings):
    settings.SESSION_COOKIE_AGE = 900
    client.force_login(users["deltagaransvarig"])
    html = client.get("/").content.decode()
    assert html.index('class="skiplink" href="#main"') < html.index("<header")
    assert 'id="main"' in html
    assert 'role="status" aria-live="polite"' in html
    assert 'data-session-seconds="900"' in html and f'data-keepalive-url="{reverse("session_keepalive")}"' in html
    assert 'role="alertdialog"' in html and "Fortsätt vara inloggad" in html


def test_the_keep_alive_renews_only_a_live_session(client, users, settings):
    settings.SESSION_COOKIE_AGE = 900
    url = reverse("session_keepalive")
    assert client.post(url).status_code == 302  # logged out: to the login page, the script says so
    client.force_login(users["deltagaransvarig"])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 200 and response.json() == {"seconds": 900}
    assert "sessionid" in response.cookies  # saved anew: its idle time starts again
