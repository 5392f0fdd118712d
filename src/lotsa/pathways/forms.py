from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from lotsa.casework.models import PARTY_FIELDS, ContactMode, ContactOutcome, ContactPlace
from lotsa.core.forms import DateInput
from lotsa.pathways.definitions.programme import Programme
from lotsa.pathways.models import (
    BenefitExtent,
    BenefitType,
    EducationLevel,
    EmploymentStatus,
    IncomeSource,
)

PARTY_LABELS = {
    "participant": _("The participant"),
    "treatment_team": _("Treatment team"),
    "employer": _("Employer"),
    "fk": _("Försäkringskassan"),
    "af": _("Arbetsförmedlingen"),
    "family": _("Family or network"),
    "other": _("Others"),
}


class DayForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = timezone.localdate()


class TransitionForm(DayForm):
    to_phase = forms.ChoiceField(label=_("New phase"))
    field_order = ["to_phase", "day", "note"]

    def __init__(self, *args: Any, programme: Programme, phase: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_phase"].choices = [
            (code, str(programme.phases[code].name)) for code in programme.next_phases(phase)
        ]


class MilestoneForm(DayForm):
    code = forms.ChoiceField(label=_("Milestone"))
    field_order = ["code", "day", "note"]

    def __init__(self, *args: Any, programme: Programme, recorded: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [
            (code, str(m.name))
            for code, m in programme.milestones.items()
            if not m.derived and code not in recorded
        ]


class FollowUpForm(DayForm):
    """One select of "follow-up: status" pairs, grouped by follow-up, for the open follow-ups."""

    status = forms.ChoiceField(label=_("Status at the follow-up"))
    field_order = ["status", "day", "note"]

    def __init__(self, *args: Any, programme: Programme, recorded: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (
                str(follow_up.name),
                [
                    (f"{code}:{status.code}", str(status.name))
                    for status in follow_up.statuses.values()
                ],
            )
            for code, follow_up in programme.follow_ups.items()
            if code not in recorded
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "status" in data:
            data["code"], data["status"] = data["status"].split(":", 1)
        return data


class DeclineForm(DayForm):
    reason = forms.ChoiceField(label=_("Reason"))
    field_order = ["reason", "day", "note"]

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [
            (c, str(r.name)) for c, r in programme.decline_reasons.items()
        ] + [("other", _("Other reason (describe it in the note)"))]


class ExitForm(DayForm):
    reason = forms.ChoiceField(label=_("Reason for ending"))
    employment_status = forms.ChoiceField(
        label=_("Employment at the end"),
        choices=[("", "—"), *EmploymentStatus.choices],
        required=False,
    )
    income_sources = forms.MultipleChoiceField(
        label=_("Income at the end"),
        choices=IncomeSource.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    education_level = forms.ChoiceField(
        label=_("Education at the end"),
        choices=[("", "—"), *EducationLevel.choices],
        required=False,
    )
    field_order = [
        "reason",
        "day",
        "employment_status",
        "income_sources",
        "education_level",
        "note",
    ]

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [
            (c, str(r.name)) for c, r in programme.exit_reasons.items()
        ]


class BaselineForm(forms.Form):
    employment_status = forms.ChoiceField(
        label=_("Employment at the start"),
        choices=[("", "—"), *EmploymentStatus.choices],
        required=False,
    )
    income_sources = forms.MultipleChoiceField(
        label=_("Income at the start"),
        choices=IncomeSource.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    education_level = forms.ChoiceField(
        label=_("Education"), choices=[("", "—"), *EducationLevel.choices], required=False
    )


class HandOverForm(DayForm):
    to_staff = forms.ModelChoiceField(label=_("Staff member"), queryset=None)
    share = forms.BooleanField(
        label=_("Share the responsibility instead of handing over"), required=False
    )
    field_order = ["to_staff", "share", "day", "note"]

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_staff"].queryset = staff  # type: ignore[attr-defined]


class ContactForm(forms.Form):
    occurred_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    mode = forms.ChoiceField(label=_("How"), choices=ContactMode.choices)
    outcome = forms.ChoiceField(
        label=capfirst(_("outcome")), choices=ContactOutcome.choices, initial="held", required=False
    )
    place = forms.ChoiceField(label=_("Where"), choices=ContactPlace.choices)
    parties = forms.MultipleChoiceField(
        label=_("Who took part"),
        choices=list(PARTY_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        initial=["participant"],
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=0, max_value=1440, initial=30
    )
    note = forms.CharField(
        label=_("Note"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    job = forms.ModelChoiceField(
        label=_("Follow-along support for the job"),
        queryset=None,
        required=False,
        help_text=_("Link the contact to a job when it is support in that job."),
    )

    def clean_outcome(self) -> str:
        return self.cleaned_data.get("outcome") or ContactOutcome.HELD

    def __init__(self, *args: Any, jobs: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        if jobs is None:
            del self.fields["job"]
        else:
            self.fields["job"].queryset = jobs  # type: ignore[attr-defined]


assert set(PARTY_LABELS) == set(PARTY_FIELDS)


class PlanForm(forms.Form):
    long_term_goal = forms.CharField(
        label=_("Long-term goal"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    sub_goals = forms.CharField(
        label=_("Sub-goals"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One sub-goal per line."),
    )
    items = forms.CharField(
        label=_("Plan items"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One item per line: activity | purpose | responsible."),
    )
    # The number of the newest version when the form was opened (0: none yet).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class ChecklistForm(forms.Form):
    item_code = forms.CharField(max_length=64)
    day = forms.DateField()


class BenefitForm(forms.Form):
    benefit_type = forms.ChoiceField(label=_("Benefit"), choices=BenefitType.choices)
    extent = forms.ChoiceField(label=_("Extent"), choices=BenefitExtent.choices)
    ends_on = forms.DateField(
        label=_("The benefit days run out on"),
        widget=DateInput(),
        help_text=_("The timeline of the case counts from this day."),
    )
    sgi_checked_on = forms.DateField(
        label=_("Sickness-benefit qualifying income (SGI) checked on"),
        widget=DateInput(),
        required=False,
    )
