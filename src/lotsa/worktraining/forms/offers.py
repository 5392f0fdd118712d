"""Forms of the activities presented to a participant and the participant's choice."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotsa.accounts.models import User
from lotsa.core.forms import DateInput, field_of
from lotsa.worktraining.models import OfferOutcome, WorkUnit

_REASON_HELP = _("Why the participant declined, in the participant's words where possible.")


class OfferForm(forms.Form):
    work_unit = forms.ModelChoiceField(label=_("Work unit"), queryset=WorkUnit.objects.none())
    offered_on = forms.DateField(label=_("Presented on"), widget=DateInput())
    offered_by = forms.ModelChoiceField(label=_("Presented by"), queryset=User.objects.none())
    recommended = forms.BooleanField(label=_("Recommended"), required=False)
    outcome = forms.ChoiceField(
        label=_("Participant's choice"),
        choices=OfferOutcome.choices,
        initial=OfferOutcome.PENDING,
        widget=forms.RadioSelect,
    )
    chose_themselves = forms.BooleanField(
        label=_("The participant chose themselves"), required=False
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_REASON_HELP,
    )
    obstacle = forms.CharField(
        label=_("Physical or psychological obstacle"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Something that keeps the participant from this activity, if anything."),
    )

    def __init__(
        self,
        *args: Any,
        work_units: QuerySet[WorkUnit],
        staff: QuerySet[User],
        presenter: User,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "work_unit", forms.ModelChoiceField).queryset = work_units
        presented_by = field_of(self, "offered_by", forms.ModelChoiceField)
        presented_by.queryset = staff
        presented_by.label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[assignment]  # per-field labels; the stubs expect a method
        self.fields["offered_by"].initial = presenter.pk
        self.fields["offered_on"].initial = timezone.localdate()


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Participant's choice"),
        choices=[
            (OfferOutcome.CHOSEN, OfferOutcome.CHOSEN.label),
            (OfferOutcome.DECLINED, OfferOutcome.DECLINED.label),
        ],
        widget=forms.RadioSelect,
    )
    day = forms.DateField(label=_("Decided on"), widget=DateInput())
    chose_themselves = forms.BooleanField(
        label=_("The participant chose themselves"), required=False
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_REASON_HELP,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = timezone.localdate()
