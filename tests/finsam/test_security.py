"""CSP without inline code, CSRF on every form."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
MY_TEMPLATES = [p for folder in ("participants", "interventions", "accounts", "registration", "audit")
                for p in (ROOT / "templates" / folder).glob("*.html")]


@pytest.mark.parametrize("template", MY_TEMPLATES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_templates_have_no_inline_script_or_style(template):
    text = template.read_text()
    assert not re.search(r"\sstyle=", text), "inline style attribute"
    assert not re.search(r"\son[a-z]+=", text), "inline event handler"
    assert not re.search(r"<script(?![^>]*\ssrc=)", text), "inline script"
    assert "<style" not in text


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client, users, world):
    client.force_login(users["deltagaransvarig"])
    response = client.get(reverse("participants:register"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy


@pytest.mark.django_db
def test_every_form_post_needs_a_csrf_token(users, world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["deltagaransvarig"])
    for url in (reverse("participants:register"), reverse("participants:end", args=[world["own"].pk]),
                reverse("participants:anonymous_create")):
        assert client.post(url, {}).status_code == 403


@pytest.mark.django_db
def test_no_page_or_file_with_personal_data_is_kept_in_a_cache(client, users, world):
    """Pages, downloads and the admin answer Cache-Control: no-store (the back button after
    logging out, a shared computer or a proxy would otherwise keep them)."""
    person = reverse("participants:person", args=[world["own"].participant_id])
    checks = [
        ("deltagaransvarig", person), ("deltagaransvarig", reverse("participants:list")),
        ("deltagaransvarig", reverse("cases:case", args=[world["own"].pk])),
        ("kansli", reverse("cases:registerutdrag", args=[world["own"].participant_id])),
        ("kansli", reverse("audit:index")), ("kansli", "/reports/sus/?year=2015"),
        ("kansli", "/reports/gaps/?year=2015&format=xlsx"),
        ("administrator", reverse("admin:participants_participant_change", args=[world["own"].participant_id])),
        ("administrator", reverse("exchange:export") + "?format=csv"),
    ]
    for role, url in checks:
        client.force_login(users[role])
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response.get("Cache-Control", ""), url
