from django import forms


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
