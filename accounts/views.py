"""Start page per role, login with an optional second factor (TOTP), and its enrolment."""

from __future__ import annotations

import base64
import datetime

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from finsam.redirects import safe_next
from interventions.views import _figures, with_year_counts
from participants.models import Participation
from reports.board import board_overview
from stats.disclosure import BOARD_NOTE
from stats.releases import board_year, default_period
from tertials.dashboard import todo_counts as tertial_todo_counts

from . import access
from .decorators import role_required
from .forms import SwedishAuthenticationForm, TokenForm

PENDING = "finsam_otp_pending"


def _url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Start page: the user's interventions, their open spells and what needs doing."""
    user = request.user
    if access.sees_board_dashboard(user):
        today = timezone.localdate()
        release = default_period(today, Participation.objects.data_span())
        return render(request, "reports/board.html", board_overview(today, access.suppress_below(user), release))
    today = datetime.date.today()
    below = access.suppress_below(user)
    # The board sees an ended year only: figures of a running year change with every registration.
    year = board_year(None, today, Participation.objects.data_span()) if below else today.year
    interventions = with_year_counts(access.visible_interventions(user).order_by("code"), year)
    context = {
        "interventions": list(zip(interventions, _figures(interventions, below, year), strict=True)),
        "year": year,
        "board_note": BOARD_NOTE if below else "",
        "reports_url": _url_or_none("reports:sus"),
        "may_register": access.may_register(user),
        "may_use_otp": access.is_office(user),
    }
    if access.may_see_personal_data(user):
        spells = access.registrations(user, Participation)
        open_spells = spells.open()
        todo = open_spells.aggregate(
            total=Count("pk"),
            after_end=Count("pk", filter=Q(intervention__slutdatum__lt=today)),
            no_staff=Count("pk", filter=Q(ansvarig__isnull=True)),
            long=Count("pk", filter=Q(startdatum__lt=today - datetime.timedelta(days=730))),
        )
        context["todo"] = todo
        context["overdue"] = (
            open_spells.filter(intervention__slutdatum__lt=today)
            .select_related("participant", "intervention")
            .only("pk", "startdatum", "intervention__code", "intervention__slutdatum", "participant__birth_date",
                  "participant__birth_year", "participant__is_coordination_number",
                  "participant__identity_removed_at", "participant_id", "intervention_id")
            .order_by("intervention__slutdatum", "startdatum")[:15]
        )
        context["mine"] = (
            open_spells.filter(ansvarig=user).select_related("participant", "intervention")
            .only("pk", "startdatum", "intervention__code", "participant__birth_date", "participant__birth_year",
                  "participant__is_coordination_number", "participant__identity_removed_at",
                  "participant_id", "intervention_id")
            .order_by("startdatum")[:15]
        )
        # Someone just registered is found here, newest first (also by whoever registered them).
        context["recent"] = (
            spells.select_related("participant", "intervention")
            .only("pk", "startdatum", "created_at", "slutdatum", "intervention__code", "participant__birth_date",
                  "participant__birth_year", "participant__is_coordination_number",
                  "participant__identity_removed_at", "participant_id", "intervention_id")
            .order_by("-created_at", "-pk")[:10]
        ) if access.may_register(user) else []
    tertials = _url_or_none("tertials:index")
    if tertials and (access.is_office(user) or access.led_interventions(user).exists()):
        context["tertials_url"] = tertials
        if not access.is_office(user):
            context["tertial_todo"] = tertial_todo_counts(access.led_interventions(user), today)
    return render(request, "accounts/home.html", context)


# --- login with a second factor ---------------------------------------------------------


class LoginView(auth_views.LoginView):
    """Password first (throttled by django-axes); users with a confirmed TOTP device then give a code."""

    redirect_authenticated_user = True
    authentication_form = SwedishAuthenticationForm

    def form_valid(self, form):
        user = form.get_user()
        if user_has_device(user, confirmed=True):
            self.request.session[PENDING] = {
                "user": user.pk, "backend": user.backend, "next": self.get_success_url(),
            }
            return redirect("otp_verify")
        return super().form_valid(form)


def otp_verify(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING)
    if not pending:
        return redirect("login")
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() if user else None
    if device is None:
        request.session.pop(PENDING, None)
        return redirect("login")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            request.session.pop(PENDING, None)
            user.otp_device = device
            auth_login(request, user, backend=pending["backend"])
            return redirect(safe_next(request, pending.get("next"), "/"))
        form.add_error("token", "Koden stämmer inte eller är för gammal. Vänta på nästa kod och försök igen.")
    return render(request, "registration/otp_verify.html", {"form": form})


def _qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


@role_required(access.is_office)
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Kansli and administrator may turn on a second factor (an authenticator app)."""
    user = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    form = TokenForm(request.POST or None)
    if confirmed:
        if request.method == "POST" and form.is_valid():
            if confirmed.verify_token(form.cleaned_data["token"]):
                TOTPDevice.objects.filter(user=user).delete()
                messages.success(request, "Tvåstegsverifieringen är avstängd.")
                return redirect("otp_setup")
            form.add_error("token", "Koden stämmer inte.")
        return render(request, "accounts/otp_setup.html", {"confirmed": confirmed, "form": form})
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
        user=user, name="Autentiseringsapp", confirmed=False
    )
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            from django_otp import login as otp_login

            otp_login(request, device)
            messages.success(request, "Tvåstegsverifieringen är på. Nästa inloggning kräver en kod från appen.")
            return redirect("home")
        form.add_error("token", "Koden stämmer inte. Kontrollera att telefonens klocka går rätt.")
    secret = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/otp_setup.html", {
        "form": form, "qr": _qr_data_uri(device.config_url),
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
    })
