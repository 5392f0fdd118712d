from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class InvitationCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=40,
        help_text=_("The code your contact person gave you, for example ABCD-EFGH-JKLM."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
    )


class SignForm(forms.Form):
    """The hash of the version the page showed, sent back with the signature."""

    content_hash = forms.CharField(max_length=64, min_length=64, widget=forms.HiddenInput)
