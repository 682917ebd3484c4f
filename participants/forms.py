"""Forms shared by the admin and the web pages. The rules themselves live on the models."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts import access

from .identity import lookup_hash, parse_personnummer
from .models import (
    STALE_EDIT_MESSAGE,
    AnonymousRegistration,
    Participant,
    Participation,
    VolumeRegistration,
)


class VersionedModelForm(forms.ModelForm):
    """Carries the version that was read; a save against a newer version is refused."""

    expected_version = forms.IntegerField(label="Läst version", widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            # An edit without the version it was read at is refused like a stale one: it
            # would otherwise overwrite whatever was saved since.
            expected = cleaned.get("expected_version")
            current = type(self.instance).objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if expected is None or current != expected:
                raise ValidationError(STALE_EDIT_MESSAGE, code="stale")
            self.instance.version = expected
        return cleaned


class ParticipantForm(forms.ModelForm):
    """Create or correct a person from a personnummer; kön derived unless given."""

    personnummer_input = forms.CharField(
        label="Personnummer",
        max_length=13,
        help_text="10 eller 12 siffror, samordningsnummer går bra (ÅÅÅÅMMDD-NNNN).",
    )
    kon = forms.ChoiceField(
        label="Kön", choices=[("", "Enligt personnumret")] + list(Participant._meta.get_field("kon").choices),
        required=False,
    )

    class Meta:
        model = Participant
        fields = ["first_name", "last_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.personnummer:
            self.fields["personnummer_input"].initial = self.instance.personnummer
            self.fields["kon"].initial = self.instance.kon

    def clean_personnummer_input(self):
        identity = parse_personnummer(self.cleaned_data["personnummer_input"])
        others = Participant.objects.with_personnummer(identity.number)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError("Det finns redan en deltagare med det personnumret.", code="duplicate")
        return identity.number

    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("personnummer_input")
        if number and not cleaned.get("kon"):
            cleaned["kon"] = parse_personnummer(number).kon
        return cleaned

    def _post_clean(self):
        number = self.cleaned_data.get("personnummer_input")
        if number:
            self.instance.set_personnummer(number)
            self.instance.kon = self.cleaned_data["kon"]
        super()._post_clean()


class ParticipationForm(VersionedModelForm):
    class Meta:
        model = Participation
        fields = [
            "participant",
            "intervention",
            "samtycke_datum",
            "startdatum",
            "utbildning",
            "tid_offentlig_forsorjning",
            "forsorjning_fore",
            "ansvarig",
            "slutdatum",
            "avslutsorsak",
            "sysselsattning_efter",
            "forsorjning_efter",
        ]
        widgets = {
            "samtycke_datum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "startdatum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "slutdatum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class AnonymousRegistrationForm(VersionedModelForm):
    class Meta:
        model = AnonymousRegistration
        fields = ["intervention", "kon", "startdatum", "slutdatum", "antal"]
        widgets = {
            "startdatum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "slutdatum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class VolumeRegistrationForm(VersionedModelForm):
    class Meta:
        model = VolumeRegistration
        fields = ["intervention", "datum", "antal", "antal_kvinnor", "antal_man", "beskrivning"]
        widgets = {"datum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


# --- the staff pages -------------------------------------------------------------------

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
START_FIELDS = ["intervention", "samtycke_datum", "startdatum", "utbildning", "tid_offentlig_forsorjning",
                "forsorjning_fore", "ansvarig"]
END_FORM_FIELDS = ["slutdatum", "avslutsorsak", "sysselsattning_efter", "forsorjning_efter"]


def responsible_staff(interventions):
    """Users assigned to any of `interventions`: the choices for ansvarig handläggare."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model().objects.filter(is_active=True, assignments__intervention__in=interventions)
        .distinct().order_by("first_name", "last_name", "username")
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class PersonLookupForm(forms.Form):
    """Step one of a registration: who is it? Found by exact personnummer, else created."""

    personnummer = forms.CharField(
        label="Personnummer", max_length=13,
        help_text="Samordningsnummer går bra. Skyddad identitet: registrera anonymt.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "placeholder": "ÅÅÅÅMMDD-NNNN"}),
    )
    # The person's own fields' rules (length, no control characters), checked before anything is written.
    first_name = forms.CharField(label="Förnamn", max_length=100, required=False,
                                 validators=Participant._meta.get_field("first_name").validators)
    last_name = forms.CharField(label="Efternamn", max_length=100, required=False,
                                validators=Participant._meta.get_field("last_name").validators)

    def clean_personnummer(self):
        return parse_personnummer(self.cleaned_data["personnummer"]).number

    def existing(self) -> Participant | None:
        number = self.cleaned_data.get("personnummer") if hasattr(self, "cleaned_data") else None
        return Participant.objects.with_personnummer(number).first() if number else None


class PersonnummerSearchForm(forms.Form):
    """The list's search by exact personnummer, sent by POST so that the number never lands in
    a URL; cleaned to the keyed lookup hash."""

    personnummer = forms.CharField(
        label="Personnummer", max_length=13,
        help_text="Hela numret, ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN (samordningsnummer går bra). "
                  "Sökningen hittar bara exakt samma nummer, inte delar av det eller namn.",
        widget=forms.TextInput(attrs={"placeholder": "ÅÅÅÅMMDD-NNNN", "autocomplete": "off", "inputmode": "numeric"}),
    )

    def clean_personnummer(self) -> str:
        return lookup_hash(parse_personnummer(self.cleaned_data["personnummer"]).number)


def swedish_blank_choices(form) -> None:
    """'Välj …' instead of Django's dashes on required code lists, 'Ej angivet' on optional ones."""
    for field in form.fields.values():
        choices = getattr(field, "choices", None)
        if isinstance(field, forms.TypedChoiceField) and choices and choices[0][0] == "":
            field.choices = [("", "Välj …" if field.required else "–"), *choices[1:]]


class _ScopedInterventionMixin:
    """Offer (and accept) only interventions the user may change, in the mode given."""

    mode = "PERSON"

    def scope(self, user):
        swedish_blank_choices(self)
        interventions = access.changeable_interventions(user).allowing(self.mode).order_by("code")
        if "intervention" in self.fields:
            self.fields["intervention"].queryset = interventions
            self.fields["intervention"].empty_label = None if interventions.count() == 1 else "Välj insats"
            self.fields["intervention"].label_from_instance = lambda obj: f"{obj.code} – {obj.name}"
        if "ansvarig" in self.fields:
            field = StaffChoiceField(
                queryset=responsible_staff(access.changeable_interventions(user)), required=False,
                label="Ansvarig handläggare", empty_label="–",
            )
            field.initial = self.fields["ansvarig"].initial
            self.fields["ansvarig"] = field


class ParticipationStartForm(_ScopedInterventionMixin, VersionedModelForm):
    class Meta:
        model = Participation
        fields = START_FIELDS
        widgets = {"samtycke_datum": DATE_WIDGET, "startdatum": DATE_WIDGET}
        labels = {"samtycke_datum": "Samtycke lämnat (datum)", "intervention": "Insats"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope(user)


class ParticipationEndForm(VersionedModelForm):
    """Register the end. Slutdatum is what this form is for; the rest is the model's rule."""

    class Meta:
        model = Participation
        fields = END_FORM_FIELDS
        widgets = {"slutdatum": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An end is all four or nothing (the model's rule): each is marked required and starts at
        # "Välj …"; the end date starts at today, the most common answer.
        for name in END_FORM_FIELDS:
            if name in self.fields:
                self.fields[name].required = True
                self.fields[name].error_messages["required"] = (
                    "Slutdatum måste fyllas i." if name == "slutdatum" else "Måste anges när slutdatum är ifyllt.")
        if not self.initial.get("slutdatum"):
            self.initial["slutdatum"] = timezone.localdate()
        swedish_blank_choices(self)

    def _update_errors(self, errors):
        # A field the form already found empty needs no second message from the model's rule
        # ("måste anges när slutdatum är ifyllt" says the same thing again).
        if hasattr(errors, "error_dict"):
            for name in [name for name in errors.error_dict if name in self._errors]:
                del errors.error_dict[name]
            if not errors.error_dict:
                return
        super()._update_errors(errors)


class ParticipationEditForm(_ScopedInterventionMixin, VersionedModelForm):
    class Meta:
        model = Participation
        fields = START_FIELDS + END_FORM_FIELDS
        widgets = {"samtycke_datum": DATE_WIDGET, "startdatum": DATE_WIDGET, "slutdatum": DATE_WIDGET}
        labels = {"samtycke_datum": "Samtycke lämnat (datum)", "intervention": "Insats"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope(user)


class AnonymousForm(_ScopedInterventionMixin, AnonymousRegistrationForm):
    mode = "ANONYM"

    class Meta(AnonymousRegistrationForm.Meta):
        labels = {"intervention": "Insats"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope(user)


class VolumeForm(_ScopedInterventionMixin, VolumeRegistrationForm):
    mode = "VOLYM"

    class Meta(VolumeRegistrationForm.Meta):
        labels = {"intervention": "Insats"}
        widgets = {**VolumeRegistrationForm.Meta.widgets, "beskrivning": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope(user)
