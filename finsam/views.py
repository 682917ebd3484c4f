"""Site-wide pages that belong to no app: the accessibility statement and the session keep-alive."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """Tillgänglighetsredogörelse after DIGG's model (lag 2018:1937), open without logging in."""
    return render(request, "accessibility_statement.html", {"contact_email": settings.FINSAM_CONTACT_EMAIL})


@never_cache
@require_POST
@login_required
def session_keepalive(request: HttpRequest) -> JsonResponse:
    """The idle warning's "Fortsätt vara inloggad": any request renews the session
    (SESSION_SAVE_EVERY_REQUEST); this one says how long it now lasts."""
    return JsonResponse({"seconds": settings.SESSION_COOKIE_AGE})
