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
