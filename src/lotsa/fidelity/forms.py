from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from lotsa.accounts.models import User
from lotsa.core.forms import DateInput, field_of
from lotsa.fidelity.models import ActionStatus, ReviewMode
from lotsa.organisations.models import Membership, Unit


class PlanForm(forms.Form):
    mode = forms.ChoiceField(label=_("Mode"), choices=ReviewMode.choices)
    period_start = forms.DateField(label=_("Period from"), widget=DateInput())
    period_end = forms.DateField(label=_("Period to"), widget=DateInput())
    reviewers = forms.ModelMultipleChoiceField(
        label=_("Reviewers"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Two reviewers are recommended."),
    )
    visit_dates = forms.CharField(label=_("Visit dates"), max_length=200, required=False)
    planned_sources = forms.CharField(
        label=_("Planned sources"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Interviews with whom, meetings to observe, records to review."),
    )

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "reviewers", forms.ModelMultipleChoiceField).queryset = candidates


class ItemScoreForm(forms.Form):
    """A score for one item; the review page shows its errors beside that item's score field."""

    kind: ClassVar[str]
    item_number = forms.IntegerField(min_value=1, max_value=99, widget=forms.HiddenInput)

    @property
    def posted_item(self) -> int | None:
        try:
            return int(self.data.get("item_number", ""))
        except ValueError:
            return None


class RatingForm(ItemScoreForm):
    kind = "rate"
    score = forms.IntegerField(
        label=_("Score"),
        min_value=1,
        max_value=5,
        error_messages={"required": _("Choose a score from 1 to 5.")},
    )
    notes = forms.CharField(
        label=_("Notes"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    sources = forms.CharField(label=_("Sources used"), max_length=500, required=False)


class ConsensusForm(ItemScoreForm):
    kind = "agree"
    score = forms.IntegerField(
        label=_("Agreed score"),
        min_value=1,
        max_value=5,
        error_messages={"required": _("Choose the agreed score from 1 to 5.")},
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    strengths = forms.CharField(
        label=_("Strengths"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    recommendations = forms.CharField(
        label=_("Recommendations"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ActionForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    owner = forms.ModelChoiceField(
        label=capfirst(_("owner")), queryset=User.objects.none(), required=False
    )
    due_on = forms.DateField(label=_("Due"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = Membership.objects.filter(unit=unit).values("user_id")
        owners = User.objects.filter(pk__in=members).order_by("last_name")
        field_of(self, "owner", forms.ModelChoiceField).queryset = owners
