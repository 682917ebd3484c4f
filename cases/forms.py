"""Forms for the case pages and the admin. The rules are the models'; these only present them."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from participants.forms import DATE_WIDGET, VersionedModelForm, swedish_blank_choices

from .models import Contact, FollowUp, Party, Plan, PlanActivity, PlannedLength

NOTE_WARNING = (
    "Skriv bara det som behövs för planen och uppföljningen – inga diagnoser, mediciner eller andra "
    "hälsouppgifter utöver vad planen kräver. Anteckningen är en personuppgift: den krypteras, visas bara "
    "för insatsens personal och kansliet, läsningen loggas och den gallras med personuppgifterna."
)


class ContactForm(VersionedModelForm):
    parties = forms.MultipleChoiceField(
        label="Vilka deltog", choices=Party.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Contact
        fields = ["date", "kind", "parties", "outcome", "next_followup", "note"]
        widgets = {
            "date": DATE_WIDGET, "next_followup": DATE_WIDGET,
            "note": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
        }
        help_texts = {
            "note": NOTE_WARNING,
            "next_followup": "Datum för nästa planerade uppföljning. Kommer den inte till stånd syns den i Att göra.",
        }
        labels = {"kind": "Slag av kontakt", "outcome": "Resultat"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        swedish_blank_choices(self)
        if not self.instance.pk:  # the instance's empty date would win over a field initial
            self.initial["date"] = timezone.localdate()
        spell = self.instance.participation if self.instance.participation_id else None
        if spell is not None and spell.slutdatum:
            self.fields["next_followup"].help_text = (
                "Deltagandet är avslutat: uppföljningarna efter avslut påminner Att göra om. Planera bara en "
                "uppföljning här för en kontakt före slutdatum."
            )


class PlanGoalsForm(VersionedModelForm):
    class Meta:
        model = Plan
        fields = ["goals"]
        widgets = {"goals": forms.Textarea(attrs={"rows": 3, "maxlength": 1000})}
        labels = {"goals": "Mål för deltagandet"}
        help_texts = {"goals": "Kort: vad deltagaren och parterna har kommit överens om att nå. " + NOTE_WARNING}


class ActivityForm(VersionedModelForm):
    class Meta:
        model = PlanActivity
        fields = ["description", "party", "due_date", "status"]
        widgets = {"due_date": DATE_WIDGET, "description": forms.TextInput(attrs={"maxlength": 300})}
        labels = {"description": "Aktivitet", "party": "Ansvarig part", "due_date": "Klart senast"}
        help_texts = {"description": "Kort, t.ex. ”Arbetsträning 50 % på Aktivitetscenter”."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        swedish_blank_choices(self)
        self.fields["description"].required = True


class FollowUpForm(VersionedModelForm):
    reached = forms.TypedChoiceField(
        label="Nåddes deltagaren?", choices=[("1", "Ja"), ("0", "Nej, kunde inte nås")], coerce=lambda v: v == "1",
        widget=forms.RadioSelect, initial="1",
    )

    class Meta:
        model = FollowUp
        fields = ["date", "reached", "sysselsattning", "forsorjning"]
        widgets = {"date": DATE_WIDGET}
        labels = {"date": "Uppföljt den", "sysselsattning": "Sysselsättning nu", "forsorjning": "Försörjning nu"}
        help_texts = {"sysselsattning": "Lämnas tomt om deltagaren inte nåddes."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        swedish_blank_choices(self)
        if not self.instance.pk:
            self.initial["date"] = timezone.localdate()
        self.initial["reached"] = "1" if self.instance.reached else "0"  # the radio compares strings


# --- the admin: the same forms with the record they belong to -----------------------------------


class ContactAdminForm(ContactForm):
    class Meta(ContactForm.Meta):
        fields = ["participation", *ContactForm.Meta.fields]


class ActivityAdminForm(ActivityForm):
    class Meta(ActivityForm.Meta):
        fields = ["participation", *ActivityForm.Meta.fields]


class PlanAdminForm(PlanGoalsForm):
    class Meta(PlanGoalsForm.Meta):
        fields = ["participation", "goals"]


class FollowUpAdminForm(FollowUpForm):
    class Meta(FollowUpForm.Meta):
        fields = ["participation", "months", *FollowUpForm.Meta.fields]


class PlannedLengthForm(forms.ModelForm):
    class Meta:
        model = PlannedLength
        fields = ["intervention", "months"]
