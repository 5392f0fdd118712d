from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotsa.core.forms import DateInput, DayForm, field_of
from lotsa.organisations.models import Organisation
from lotsa.worktraining.services.report_back import ReportBackText


class ReportBackForm(forms.Form):
    period_from = forms.DateField(label=_("Period from"), widget=DateInput())
    period_to = forms.DateField(label=_("Period to"), widget=DateInput())
    development = forms.CharField(
        label=_("The participant's development"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("In words the participant understands: they may read what is sent."),
    )
    next_steps = forms.CharField(
        label=_("Next steps"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def text(self) -> ReportBackText:
        return ReportBackText(**{name: self.cleaned_data[name] for name in self.fields})


class SendForm(DayForm):
    recipient_organisation = forms.ModelChoiceField(
        label=_("Commissioner"),
        queryset=Organisation.objects.none(),
        help_text=_(
            "The referral must allow a report back to it, or the participant must have "
            "consented to sharing with it."
        ),
    )
    recipient = forms.CharField(
        label=_("Recipient"), max_length=200, help_text=_("E.g. the social services' case officer.")
    )

    def __init__(self, *args: Any, country: str, commissioner: Organisation | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        organisations = field_of(self, "recipient_organisation", forms.ModelChoiceField)
        organisations.queryset = Organisation.objects.filter(country=country).order_by("name")
        organisations.initial = commissioner.pk if commissioner else None
