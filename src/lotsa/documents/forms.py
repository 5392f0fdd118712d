from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lotsa.core.forms import DayForm
from lotsa.documents.models import Prerequisites
from lotsa.documents.services import FinalText
from lotsa.organisations.models import Organisation


class FinalDocumentForm(forms.Form):
    joint_planning = forms.CharField(
        label=_("The joint planning"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The goal, sub-goals and plan the participant and both agencies made."),
    )
    activities = forms.CharField(
        label=_("Activities carried out"), max_length=8000, widget=forms.Textarea(attrs={"rows": 6})
    )
    prerequisites = forms.ChoiceField(
        label=_(
            "Can the participant take part in further work-preparatory or work-oriented "
            "rehabilitation at Arbetsförmedlingen?"
        ),
        choices=[("", "—"), *Prerequisites.choices],
    )
    assessment = forms.CharField(
        label=_("The joint assessment"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Both agencies must agree with it: it may be the basis for further decisions."),
    )

    def text(self) -> FinalText:
        return FinalText(**{name: self.cleaned_data[name] for name in self.fields})


class SendForm(DayForm):
    recipient_organisation = forms.ModelChoiceField(
        label=_("Recipient's organisation"),
        queryset=Organisation.objects.order_by("name"),
        help_text=_("The participant must have consented to sharing the record with it."),
    )
    recipient = forms.CharField(
        label=_("Recipient"), max_length=200, help_text=_("E.g. the treating physician.")
    )
