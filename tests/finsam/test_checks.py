"""The deploy checks (finsam.checks) and the ordinary ones."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.checks import run_checks

from finsam.checks import refuse_development_keys

ROOT = Path(__file__).resolve().parents[2]


def test_the_deploy_check_refuses_the_development_keys(settings):
    settings.DEBUG = True
    ids = {error.id for error in refuse_development_keys(None)}
    assert ids == {"finsam.E001", "finsam.E002", "finsam.E003"}


def test_the_deploy_check_accepts_real_keys(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = "x" * 60
    settings.FINSAM_FIELD_KEYS = ["y" * 48]
    assert refuse_development_keys(None) == []


def test_the_deploy_check_refuses_a_missing_site_address(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = "x" * 60
    settings.FINSAM_FIELD_KEYS = ["y" * 48]
    for missing in ("", "registret.example.se"):
        settings.FINSAM_SITE_URL = missing
        assert [error.id for error in refuse_development_keys(None)] == ["finsam.E004"]


def test_the_ordinary_checks_pass():
    assert [m for m in run_checks() if m.level >= 30] == []


def test_the_deploy_check_is_clean_in_production_settings():
    env = {**os.environ, "DJANGO_DEBUG": "false",
           "DJANGO_SECRET_KEY": "x" * 20 + "-prod-secret-key-for-the-check-" + "y" * 20,
           "FINSAM_FIELD_KEY": "prod-field-key-for-the-deploy-check-0123456789",
           "DJANGO_ALLOWED_HOSTS": "registry.example", "FINSAM_SITE_URL": "https://registry.example"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser fixture for the live server only
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
