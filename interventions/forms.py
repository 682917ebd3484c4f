from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from accounts import roles

from .models import Assignment, Intervention


class DescriptionForm(forms.ModelForm):
    """What the insatsansvarig may change: the description, not the dates or the money."""

    class Meta:
        model = Intervention
        fields = ["malgrupp", "effektmal"]
        widgets = {"malgrupp": forms.Textarea(attrs={"rows": 4}), "effektmal": forms.Textarea(attrs={"rows": 4})}


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else obj.username


class AssignmentForm(forms.ModelForm):
    user = UserChoiceField(
        label="Användare",
        queryset=get_user_model().objects.filter(is_active=True, groups__name__in=roles.ASSIGNED_ROLES)
        .distinct().order_by("first_name", "last_name", "username"),
        empty_label="Välj användare",
    )

    class Meta:
        model = Assignment
        fields = ["user", "role"]

    def __init__(self, *args, intervention: Intervention, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.intervention = intervention
        self.fields["user"].queryset = self.fields["user"].queryset.exclude(assignments__intervention=intervention)
