"""Deploy checks that refuse the development defaults in production."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def refuse_development_keys(app_configs, **kwargs):
    errors = []
    if settings.SECRET_KEY == settings.DEV_SECRET_KEY:
        errors.append(
            Error("DJANGO_SECRET_KEY is the development default.", hint="Set DJANGO_SECRET_KEY.", id="finsam.E001")
        )
    if settings.DEV_FIELD_KEY in settings.FINSAM_FIELD_KEYS or any(len(k) < 32 for k in settings.FINSAM_FIELD_KEYS):
        errors.append(
            Error(
                "FINSAM_FIELD_KEY is the development default or shorter than 32 characters.",
                hint="Set FINSAM_FIELD_KEY to a long random value and keep it: without it no personnummer can be read.",
                id="finsam.E002",
            )
        )
    if settings.DEBUG:
        errors.append(Error("DJANGO_DEBUG is on.", hint="Set DJANGO_DEBUG=false.", id="finsam.E003"))
    if not settings.FINSAM_SITE_URL.startswith(("https://", "http://")):
        errors.append(
            Error(
                "FINSAM_SITE_URL is not set: the links in reminder e-mails would lead nowhere.",
                hint="Set FINSAM_SITE_URL to the site's address, e.g. https://registret.example.se.",
                id="finsam.E004",
            )
        )
    return errors


@register(Tags.security)
def trusted_proxies_are_addresses(app_configs, **kwargs):
    """A mistyped proxy would silently turn off (or, as a wide network, open up) the address rule."""
    from finsam.clientip import trusted_networks

    try:
        trusted_networks(tuple(settings.FINSAM_TRUSTED_PROXIES))
    except ValueError as error:
        return [Error(f"FINSAM_TRUSTED_PROXIES: {error}.",
                      hint="Comma-separated addresses or networks of your reverse proxies, e.g. 10.0.0.5,10.1.0.0/24.",
                      id="finsam.E005")]
    return []
