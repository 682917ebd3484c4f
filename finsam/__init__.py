"""The project: settings, URLs, Celery, deploy checks, and the small shared rules every app
uses (validators, client address, safe redirects, date spans, SQL helpers)."""

from .celery import app as celery_app

__all__ = ("celery_app",)
