from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lotsa.accounts.models import User
from lotsa.core.forms import DateInput


class AuditFilterForm(forms.Form):
    participant = forms.IntegerField(
        label=_("Participant number"),
        required=False,
        min_value=1,
        help_text=_("The number shown on the participant's page."),
    )
    user = forms.ModelChoiceField(label=_("User"), queryset=User.objects.all(), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period must not be before its start."))
        return data
