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


def test_the_admin_is_swedish_and_links_the_statement(client, users):
    client.force_login(users["administrator"])
    html = client.get("/admin/").content.decode()
    for english in ("Participants", "Pathways", "Interventions", "Audit log", "Axes", "Periodic Tasks", "Otp_Totp"):
        assert f">{english}<" not in html, english
    for swedish in ("Deltagare", "Vägar och glapp", "Insatser", "Ändringslogg (alla ändringar)",
                    "Inloggningsförsök och spärrar", "Schemalagda jobb", "Tvåstegsverifiering"):
        assert swedish in html, swedish
    assert 'href="/tillganglighet/"' in html


OUR_APPS = ("accounts", "audit", "cases", "exchange", "interventions", "participants", "pathways", "reports",
            "tertials")
ENGLISH = {"months", "recipient", "participation", "report", "transition", "staff", "user", "created", "changes"}


def test_no_field_of_ours_is_labelled_with_its_code_name():
    """The admin's labels come from verbose_name: none is left at Django's default from an
    English or snake_case attribute name ("recorded by", "pnr hash", "months")."""
    from django.apps import apps

    raw = [
        f"{model._meta.label}.{field.name}"
        for app in OUR_APPS for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False) and not field.auto_created
        and str(field.verbose_name) == field.name.replace("_", " ")
        and ("_" in field.name or field.name in ENGLISH)
    ]
    assert raw == []
