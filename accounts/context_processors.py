from django.conf import settings
from django.urls import NoReverseMatch, reverse

from . import access
from .roles import LABELS

# The main menu: (URL name, label, who sees it). A room whose URL does not exist yet is
# simply left out, so each app adds its entry here once its page exists.
NAV = [
    ("participants:list", "Deltagare", access.may_see_personal_data),
    ("cases:worklist", "Att göra", access.may_see_personal_data),
    ("interventions:list", "Insatser", access.sees_any_intervention),
    ("reports:sus", "Rapporter", access.sees_any_intervention),
    ("pathways:index", "Vägar och glapp", access.sees_any_intervention),
    ("tertials:index", "Tertialrapporter", access.sees_tertial_reports),
    ("national_followup:page", "Uppföljning Finsam", access.is_office),
    ("exchange:index", "Filer", access.may_import),
    ("audit:index", "Logg", access.is_office),
]


def nav_items(request, user) -> list[dict]:
    items = []
    for name, label, allowed in NAV:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if allowed(user):
            items.append({"url": url, "label": label, "current": request.path.startswith(url)})
    return items


def role_context(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "user_roles": sorted(LABELS[name] for name in access.role_names(user)),
        "is_office": access.is_office(user),
        "is_admin_role": access.is_admin(user),
        "may_see_personal_data": access.may_see_personal_data(user),
        "nav_items": nav_items(request, user),
        # For the idle warning (WCAG 2.2.1): every request starts the session's time anew.
        "session_seconds": settings.SESSION_COOKIE_AGE,
    }
