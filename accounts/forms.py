from django import forms
from django.contrib.auth.forms import AuthenticationForm


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Engångskod", min_length=6, max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text="Sexsiffrig kod från autentiseringsappen i telefonen.",
    )

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError("Koden består bara av siffror.")
        return token


class SwedishAuthenticationForm(AuthenticationForm):
    """The login form with our own Swedish message, whatever language a request carries."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Fel användarnamn eller lösenord. Stora och små bokstäver räknas som olika.",
        "inactive": "Kontot är inte aktivt. Kontakta kansliet.",
    }
