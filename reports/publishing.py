"""Kansli publishes a year's figures for the board ("Fastställ 2025 för styrelsen").

A year is otherwise published at the board's first request once FINSAM_BOARD_PUBLISH_AFTER_DAYS
have passed (stats.releases.publishable); kansli may publish an ended year earlier. Published
once, served unchanged: there is no republishing here (a second release of the same year would
let two files be subtracted). Deleting the publication in the admin (the office only, in the
change log) is the escape hatch.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts import access
from accounts.decorators import role_required
from audit.trail import record
from stats.models import Publication
from stats.publication import publish as publish_year
from stats.releases import publishable


def status(year: int | None, today=None) -> dict | None:
    """What the office's SUS page says about publishing `year` (None for a year not ended)."""
    today = today or timezone.localdate()
    if year is None or year >= today.year:
        return None
    found = Publication.objects.filter(year=year).select_related("published_by").first()
    return {"year": year, "publication": found, "automatic": publishable(year, today)}


@role_required(access.is_office, message="Bara kansliet och administratören fastställer siffror för styrelsen.")
def publish(request, year: int):
    """GET: what publishing means, with a confirm button; POST (CSRF-protected): publish."""
    today = timezone.localdate()
    if not 2000 <= year < today.year:
        raise Http404("Bara ett avslutat år kan fastställas.")
    existing = Publication.objects.filter(year=year).select_related("published_by").first()
    if request.method == "POST" and existing is None:
        publication = publish_year(year, user=request.user)
        record(request, "EXPORT", f"Fastställde styrelsens siffror {year}", obj=publication,
               digest=publication.digest)
        messages.success(request, f"Siffrorna för {year} är fastställda för styrelsen.")
        return redirect(f"{reverse('reports:sus')}?year={year}")
    if request.method == "POST":
        messages.info(request, f"{year} var redan fastställt; det publiceras inte om.")
        return redirect(f"{reverse('reports:sus')}?year={year}")
    return render(request, "reports/publish.html", {"year": year, "publication": existing,
                                                    "automatic": publishable(year, today),
                                                    "days": settings.FINSAM_BOARD_PUBLISH_AFTER_DAYS})
