"""/granskning/: kansli and administrator search both logs. Read-only: GET and nothing else."""

from __future__ import annotations

import datetime

import django_tables2 as tables
from auditlog.models import LogEntry
from django import forms
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django_tables2 import RequestConfig

from accounts import access
from accounts.decorators import role_required

from .models import AccessEvent

CHANGE_ACTIONS = {"CREATE": LogEntry.Action.CREATE, "UPDATE": LogEntry.Action.UPDATE,
                  "DELETE": LogEntry.Action.DELETE}
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditSearchForm(forms.Form):
    ACTIONS = [("", "Alla")] + list(AccessEvent.Action.choices) + [
        ("CREATE", "Skapad"), ("UPDATE", "Ändrad"), ("DELETE", "Borttagen"),
    ]
    user = forms.CharField(label="Användare", required=False)
    action = forms.ChoiceField(label="Händelse", choices=ACTIONS, required=False)
    date_from = forms.DateField(label="Från", required=False, widget=DATE)
    date_to = forms.DateField(label="Till", required=False, widget=DATE)
    q = forms.CharField(label="Fritext", required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_to", "Till-datum får inte vara före från-datum.")
        return cleaned


class AccessTable(tables.Table):
    region_label = "Åtkomstlogg"  # names its scroll region (tables/table.html)
    at = tables.DateTimeColumn("Y-m-d H:i:s", verbose_name="Tidpunkt")
    username = tables.Column("Användare")
    action = tables.Column("Händelse")
    target = tables.Column("Vad")
    ip_address = tables.Column("IP-adress", default="–")

    class Meta:
        model = AccessEvent
        fields = ("at", "username", "action", "target", "ip_address")
        attrs = {"class": "data dense"}
        empty_text = "Inga händelser."


class ChangeTable(tables.Table):
    region_label = "Ändringslogg"  # names its scroll region (tables/table.html)
    timestamp = tables.DateTimeColumn("Y-m-d H:i:s", verbose_name="Tidpunkt")
    actor = tables.Column("Användare", accessor="actor__username", default="(systemet)")
    action = tables.Column("Händelse")
    content_type = tables.Column("Typ", accessor="content_type__model")
    object_repr = tables.Column("Post")
    changes = tables.Column("Ändringar", empty_values=(), orderable=False)
    remote_addr = tables.Column("IP-adress", default="–")

    class Meta:
        model = LogEntry
        fields = ("timestamp", "actor", "action", "content_type", "object_repr", "changes", "remote_addr")
        attrs = {"class": "data dense"}
        empty_text = "Inga ändringar."

    def render_content_type(self, record):
        model = record.content_type.model_class()
        return model._meta.verbose_name if model else record.content_type.model

    def render_action(self, value, record):
        return {0: "Skapad", 1: "Ändrad", 2: "Borttagen", 3: "Läst"}.get(record.action, value)

    def render_changes(self, record):
        changes = record.changes_dict or {}
        source = record.additional_data or {}
        via = f" (import av {_short(source['file'])})" if isinstance(source, dict) and source.get("file") else ""
        if record.action == LogEntry.Action.CREATE:
            return f"{len(changes)} fält{via}"
        shown = [f"{field}: {_short(old)} → {_short(new)}" for field, (old, new) in list(changes.items())[:4]]
        more = len(changes) - len(shown)
        return "; ".join(shown) + (f" (+{more})" if more > 0 else "") + via


def _short(value, limit: int = 40) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _day_bounds(cleaned):
    start = cleaned.get("date_from")
    end = cleaned.get("date_to")
    return start, (end + datetime.timedelta(days=1)) if end else None


@role_required(access.is_office)
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET or None)
    events = AccessEvent.objects.all()
    changes = LogEntry.objects.select_related("actor", "content_type")
    if form.is_valid():
        data = form.cleaned_data
        if data["user"]:
            events = events.filter(username__icontains=data["user"])
            changes = changes.filter(actor__username__icontains=data["user"])
        action = data["action"]
        if action in CHANGE_ACTIONS:
            events = events.none()
            changes = changes.filter(action=CHANGE_ACTIONS[action])
        elif action:
            events = events.filter(action=action)
            changes = changes.none()
        start, end = _day_bounds(data)
        if start:
            events = events.filter(at__date__gte=start)
            changes = changes.filter(timestamp__date__gte=start)
        if end:
            events = events.filter(at__date__lt=end)
            changes = changes.filter(timestamp__date__lt=end)
        if data["q"]:
            text = data["q"]
            events = events.filter(Q(target__icontains=text) | Q(object_id=text))
            # alias, not annotate: LogEntry has a read-only property `changes_str`, and a
            # selected annotation of that name cannot be set on the rows.
            changes = changes.alias(changes_as_text=Cast("changes", TextField())).filter(
                Q(object_repr__icontains=text) | Q(changes_as_text__icontains=text) | Q(changes_text__icontains=text)
            )
    access_table = AccessTable(events, prefix="a-", order_by="-at")
    change_table = ChangeTable(changes, prefix="c-", order_by="-timestamp")
    config = RequestConfig(request, paginate={"per_page": 25})
    config.configure(access_table)
    config.configure(change_table)
    return render(request, "audit/index.html", {"form": form, "access_table": access_table,
                                                "change_table": change_table})
