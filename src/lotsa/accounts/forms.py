from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ReminderChoiceForm(forms.Form):
    daily_reminder_email = forms.BooleanField(
        label=_("E-mail me my due and overdue deadlines each weekday morning"),
        required=False,
        help_text=_("The e-mail gives case numbers only, never names."),
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("Name it after the system or script that will use it."),
    )
