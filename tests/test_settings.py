from django.core.checks import run_checks

from finsam.checks import refuse_development_keys


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
