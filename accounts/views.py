from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from participants.models import Participation

from . import access


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Start page: the user's interventions and, where they may see people, the open spells."""
    interventions = access.visible_interventions(request.user).select_related("huvudman").order_by("name")
    context = {"interventions": interventions}
    if access.may_see_personal_data(request.user):
        context["open_count"] = Participation.objects.visible_to(request.user).open().count()
    return render(request, "accounts/home.html", context)
