"""The insatsansvarig's part of a tertial report: text and economy. The rules live on the model."""

from django import forms

from finsam.validators import PLAIN
from participants.forms import VersionedModelForm

from .models import TertialReport


class TertialReportForm(VersionedModelForm):
    class Meta:
        model = TertialReport
        fields = ["done", "deviations", "goal_fulfilment", "plan", "outcome_sek"]
        widgets = {
            "done": forms.Textarea(attrs={"rows": 5}),
            "deviations": forms.Textarea(attrs={"rows": 4}),
            "goal_fulfilment": forms.Textarea(attrs={"rows": 4}),
            "plan": forms.Textarea(attrs={"rows": 4}),
            "outcome_sek": forms.NumberInput(attrs={"min": 0, "step": 1}),
        }
        help_texts = {
            "done": "Vad gjordes under tertialen: aktiviteter, samverkan, förändringar.",
            "deviations": "Avvikelser mot plan och budget, och varför.",
            "goal_fulfilment": "Hur insatsen ligger till mot sina mål (se siffrorna ovan).",
            "plan": "Vad som planeras för nästa tertial.",
        }


class TransitionForm(forms.Form):
    action = forms.ChoiceField(choices=[("submit", "submit"), ("approve", "approve"), ("return", "return"),
                                        ("reopen", "reopen")])
    comment = forms.CharField(required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
                              validators=PLAIN)
