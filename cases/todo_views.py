"""/att-gora/: the worklist of a staff member (their own spells, or all in their interventions)
and of each intervention; kansli and the administrator also get the counts per intervention."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts import access
from audit.trail import record

from . import worklist as wl
from .models import PlannedLength

PER_PAGE = 50


class WorklistForm(forms.Form):
    vem = forms.ChoiceField(label="Ärenden", required=False,
                            choices=[("mina", "Mina"), ("alla", "Alla i insatsen")])
    insats = forms.ChoiceField(label="Insats", required=False)
    kategori = forms.ChoiceField(label="Visa", required=False)
    sida = forms.IntegerField(min_value=1, max_value=100_000, required=False)

    def __init__(self, data, *, interventions, default_scope: str):
        super().__init__(data)
        self.default_scope = default_scope
        self.fields["insats"].choices = [("", "Alla mina insatser" if default_scope == "mina" else "Alla insatser")] + [
            (i.code, f"{i.code} – {i.name}") for i in interventions
        ]
        self.fields["kategori"].choices = [("", "Allt att göra")] + [(c.key, c.label) for c in wl.categories()]

    def value(self, name: str, default=None):
        """The field's value when it is valid (another field's bad value does not matter)."""
        if not self.is_bound or not self.is_valid() and name in self.errors:
            return default
        return self.cleaned_data.get(name) or default


@dataclass
class Reason:
    label: str
    detail: str
    css: str  # bad (overdue), warn (due soon / open now)


def duration(since: datetime.date, today: datetime.date) -> str:
    """Days up to two months, then months, then years: "4708 dagar" says less than "12 år"."""
    days = (today - since).days
    if days < 62:
        return f"{days} dagar"
    if days < 730:
        return f"{days * 12 // 365} månader"
    return f"{days // 365} år"


def describe(item: wl.Item, spell, planned_months: int | None, today: datetime.date) -> Reason:
    due = wl.due_date(item, spell, planned_months)
    days = (today - due).days
    late = f"{days} dagar sedan" if days > 1 else ("i går" if days == 1 else "i dag")
    if item.kind == "FOLLOWUP_OVERDUE":
        return Reason("Uppföljning försenad", f"planerad {due:%Y-%m-%d} ({late})", "bad")
    if item.kind == "ACTIVITY_OVERDUE":
        return Reason("Aktivitet försenad", f"skulle vara klar {due:%Y-%m-%d}", "bad")
    if item.kind == "POSTEXIT":
        when = f"faller ut {due:%Y-%m-%d}" if due >= today else f"föll ut {due:%Y-%m-%d} ({late})"
        return Reason(f"Uppföljning {item.months} mån efter avslut", when, "warn" if due >= today else "bad")
    if item.kind == "NO_CONTACT":
        since = "start" if item.ref == spell.startdatum else "senaste kontakt"
        return Reason(f"Ingen kontakt på {duration(item.ref, today)}", f"{since} {item.ref:%Y-%m-%d}", "bad")
    if item.kind == "FOLLOWUP_SOON":
        ahead = (due - today).days
        return Reason("Uppföljning snart", f"{due:%Y-%m-%d} ({'i dag' if ahead == 0 else f'om {ahead} dagar'})",
                      "warn")
    if item.kind == "OVER_LENGTH":
        return Reason("Pågår längre än planerat", f"planerat slut {due:%Y-%m-%d} ({planned_months} mån)", "bad")
    return Reason("Ingen ny insats efter avslut", f"fortsatt rehabilitering, avslutad {item.ref:%Y-%m-%d}", "bad")


@login_required
def worklist(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not access.may_see_personal_data(user):
        raise PermissionDenied
    office = access.is_office(user)
    visible = list(access.visible_interventions(user, personal_data=True).filter(allows_person=True).order_by("name"))
    form = WorklistForm(request.GET or None, interventions=visible, default_scope="alla" if office else "mina")
    if form.is_bound and not form.is_valid():
        messages.warning(request, "Ett okänt värde i urvalet (" + ", ".join(form.errors) + ") har ersatts med "
                         "standardvalet.")
    scope = form.value("vem", form.default_scope)
    code = form.value("insats")
    chosen = [i for i in visible if i.code == code] if code else visible
    kind = form.value("kategori")
    page = form.value("sida", 1)
    today = timezone.localdate()
    lengths = dict(PlannedLength.objects.values_list("intervention_id", "months"))
    result = wl.compute([i.pk for i in chosen], today=today, ansvarig=user if scope == "mina" else None,
                        page=page, per_page=PER_PAGE, kind=kind, lengths=lengths,
                        by_intervention=office and not code)
    wl.attach_spells(result)
    rows = [
        {"spell": row.spell, "reasons": [
            describe(item, row.spell, lengths.get(row.spell.intervention_id), today) for item in row.items
        ]}
        for row in result.rows if row.spell is not None
    ]
    record(request, "VIEW", "Att göra", rows=len(rows), scope=scope, intervention=code or "", page=page)
    query = request.GET.copy()
    query.pop("sida", None)
    names = {i.pk: i for i in visible}
    categories = wl.categories()
    return render(request, "cases/worklist.html", {
        "form": form, "rows": rows, "result": result, "categories": [(c, result.counts[c.key]) for c in categories],
        "scope": scope, "kind": kind, "code": code, "page": page, "pages": max(1, math.ceil(result.total / PER_PAGE)),
        "query": query.urlencode(), "office": office,
        "overview": [
            (names[pk], [counts.get(c.key, 0) for c in categories])
            for pk, counts in sorted(result.by_intervention.items(), key=lambda kv: names[kv[0]].name)
            if pk in names
        ],
        "category_list": categories,
    })
