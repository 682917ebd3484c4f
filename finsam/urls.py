from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import include, path

from . import views
from .redirects import safe_next

admin.site.site_header = "FINSAM i Malmö – registret"
admin.site.site_title = "FINSAM-registret"
admin.site.index_title = "Administration"


def _admin_login(request, extra_context=None):
    """One login path: the admin's form would skip the second factor, so it sends to ours."""
    return redirect_to_login(safe_next(request, request.GET.get("next"), "/admin/"))


admin.site.login = _admin_login

# One prefix per room; each app owns its urls.py.
urlpatterns = [
    path("admin/", admin.site.urls),
    path("tillganglighet/", views.accessibility_statement, name="accessibility_statement"),
    path("session/forlang/", views.session_keepalive, name="session_keepalive"),
    path("deltagare/", include("participants.urls")),
    path("insatser/", include("interventions.urls")),
    path("reports/uppfoljning-finsam/", include("national_followup.urls")),
    path("reports/", include("reports.urls")),
    path("reports/", include("pathways.urls")),
    path("filer/", include("exchange.urls")),
    path("tertial/", include("tertials.urls")),
    path("granskning/", include("audit.urls")),
    path("", include("cases.urls")),
    path("", include("accounts.urls")),
]
