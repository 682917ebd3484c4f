"""Forms shared by the admin and the web pages. The rules themselves live on the models."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from .identity import parse_personnummer
from .models import (
    STALE_EDIT_MESSAGE,
    AnonymousRegistration,
    Participant,
    Participation,
    VolumeRegistration,
)


class VersionedModelForm(forms.ModelForm):
    """Carries the version that was read; a save against a newer version is refused."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        expected = cleaned.get("expected_version")
        if self.instance.pk and expected is not None:
            current = type(self.instance).objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if current != expected:
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
