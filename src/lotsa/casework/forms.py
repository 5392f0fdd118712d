"""Forms of the case workspace: the case actions, contacts, plans, meetings and reflections."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from lotsa.accounts.models import User
from lotsa.casework.models import (
    PARTY_FIELDS,
    AttendeeParty,
    Capacity,
    ContactMode,
    ContactOutcome,
    ContactPlace,
    PlanItemStatus,
)
from lotsa.casework.services import AttendeeInput, PlanInput, PlanItemInput
from lotsa.core import forms as core_forms
from lotsa.core.choices import choices_for_countries
from lotsa.core.forms import DateInput, field_of
from lotsa.employment.models import Job
from lotsa.pathways.definitions.programme import Programme
from lotsa.pathways.definitions.registry import registry
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


class DayForm(core_forms.DayForm):
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TransitionForm(DayForm):
    to_phase = forms.ChoiceField(label=_("New phase"))
    field_order = ["to_phase", "day", "note"]

    def __init__(self, *args: Any, programme: Programme, phase: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "to_phase", forms.ChoiceField).choices = [
            (code, str(programme.phases[code].name)) for code in programme.next_phases(phase)
        ]


class MilestoneForm(DayForm):
    code = forms.ChoiceField(label=_("Milestone"))
    field_order = ["code", "day", "note"]

    def __init__(self, *args: Any, programme: Programme, recorded: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "code", forms.ChoiceField).choices = [
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
        field_of(self, "status", forms.ChoiceField).choices = [
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
        data = super().clean() or {}
        if "status" in data:
            data["code"], data["status"] = data["status"].split(":", 1)
        return data


class DeclineForm(DayForm):
    reason = forms.ChoiceField(label=_("Reason"))
    field_order = ["reason", "day", "note"]

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "reason", forms.ChoiceField).choices = [
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
        field_of(self, "reason", forms.ChoiceField).choices = [
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
    to_staff: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Staff member"), queryset=None
    )
    share = forms.BooleanField(
        label=_("Share the responsibility instead of handing over"), required=False
    )
    field_order = ["to_staff", "share", "day", "note"]

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "to_staff", forms.ModelChoiceField).queryset = staff


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

    job: forms.ModelChoiceField[Job] = forms.ModelChoiceField(
        label=_("Follow-along support for the job"),
        queryset=None,
        required=False,
        help_text=_("Link the contact to a job when it is support in that job."),
    )

    def clean_outcome(self) -> str:
        return self.cleaned_data.get("outcome") or ContactOutcome.HELD

    def __init__(
        self,
        *args: Any,
        jobs: QuerySet[Job] | None = None,
        country: str | None = None,
        **kwargs: Any,
    ) -> None:
        """``country``: the country of the case's unit, whose agencies alone are offered (the
        caseload's one-click contact names the participant only and passes none)."""
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        if country is not None:
            parties = field_of(self, "parties", forms.MultipleChoiceField)
            parties.choices = choices_for_countries(PARTY_LABELS.items(), [country])
        if jobs is None:
            del self.fields["job"]
        else:
            field_of(self, "job", forms.ModelChoiceField).queryset = jobs


assert set(PARTY_LABELS) == set(PARTY_FIELDS)


class PlanItemForm(forms.Form):
    activity = forms.CharField(label=_("Activity"), max_length=300, required=False)
    purpose = forms.CharField(label=_("Purpose"), max_length=500, required=False)
    responsible = forms.CharField(label=_("Responsible"), max_length=200, required=False)
    starts_on = forms.DateField(label=_("From"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    status = forms.ChoiceField(
        label=_("Status"), choices=PlanItemStatus.choices, initial=PlanItemStatus.PLANNED
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        described = any(
            cleaned.get(name) for name in ("purpose", "responsible", "starts_on", "ends_on")
        )
        if described and not cleaned.get("activity"):
            self.add_error("activity", _("Name the activity of this item."))
        return cleaned


# Three empty rows to write in; a plan holds at most fifty items.
PlanItemFormSet = forms.formset_factory(PlanItemForm, extra=3, max_num=50, validate_max=True)


class PlanForm(forms.Form):
    """The goals and the plan: a form for the goals and a row per plan item (``items``)."""

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
    # The number of the newest version when the form was opened (0: none yet).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    rows_template = "casework/_plan_items.html"

    @cached_property
    def items(self) -> forms.BaseFormSet:
        """The rows, built when first used, so that initial values set after the form was made
        (the plan as it stands) fill them."""
        data = self.data if self.is_bound else None
        if data is not None and not any(key.startswith("items-") for key in data):
            # A client that sends goals only (no rows at all) writes a plan without items.
            data = {"items-TOTAL_FORMS": "0", "items-INITIAL_FORMS": "0"}
        return PlanItemFormSet(data, initial=self.initial.get("items"), prefix="items")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.items.is_valid():
            self.add_error(None, _("Check the plan items marked below."))
            return cleaned
        cleaned["plan"] = PlanInput(
            long_term_goal=cleaned.get("long_term_goal", ""),
            sub_goals=cleaned.get("sub_goals", "").splitlines(),
            items=[
                PlanItemInput(
                    activity=row["activity"],
                    purpose=row["purpose"],
                    responsible=row["responsible"],
                    starts_on=row["starts_on"],
                    ends_on=row["ends_on"],
                    status=row["status"],
                )
                for row in self.items.cleaned_data
                if row.get("activity")
            ],
        )
        return cleaned


def plan_initial(plan: Any) -> dict[str, Any]:
    """The plan form's values from the newest version of a plan (or none)."""
    if plan is None:
        return {"version": 0}
    return {
        "version": plan.number,
        "long_term_goal": plan.long_term_goal,
        "sub_goals": "\n".join(goal.text for goal in plan.sub_goals.all()),
        "items": [
            {
                "activity": item.activity,
                "purpose": item.purpose,
                "responsible": item.responsible,
                "starts_on": item.starts_on,
                "ends_on": item.ends_on,
                "status": item.status,
            }
            for item in plan.items.all()
        ],
    }


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


DATETIME = {"type": "datetime-local"}
ATTENDEE_ROWS = 6


class MeetingForm(forms.Form):
    meeting_type = forms.ChoiceField(label=_("Kind of meeting"))
    occurred_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=0, max_value=1440, initial=60
    )
    mode = forms.ChoiceField(label=_("How"), choices=ContactMode.choices)
    place = forms.ChoiceField(label=_("Where"), choices=ContactPlace.choices)
    note = forms.CharField(
        label=_("What came up"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    agreed = forms.CharField(
        label=_("Agreed next steps"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_meeting_at = forms.DateTimeField(
        label=_("Next meeting booked for"),
        required=False,
        widget=forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M"),
    )
    capacity = forms.ChoiceField(
        label=_("Programme capacity"),
        choices=[("", "—"), *Capacity.choices],
        required=False,
        help_text=_("Only for the joint assessment when the Work-Life Introduction ends."),
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "meeting_type", forms.ChoiceField).choices = [
            (code, str(kind.name)) for code, kind in programme.meeting_types.items()
        ]
        self.fields["occurred_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        if not any(kind.assessment for kind in programme.meeting_types.values()):
            del self.fields["capacity"]


class AttendeeForm(forms.Form):
    party = forms.ChoiceField(
        label=_("Agency or role"), choices=[("", "—"), *AttendeeParty.choices], required=False
    )
    role = forms.CharField(label=_("Role"), max_length=200, required=False)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)

    def __init__(self, *args: Any, country: str, **kwargs: Any) -> None:
        """``country``: the country of the case's unit, whose agencies alone are offered."""
        super().__init__(*args, **kwargs)
        field_of(self, "party", forms.ChoiceField).choices = [
            ("", "—"),
            *choices_for_countries(AttendeeParty.choices, [country]),
        ]


AttendeeFormSet = forms.formset_factory(AttendeeForm, extra=ATTENDEE_ROWS, max_num=20)


def attendees_of(formset: Any) -> list[AttendeeInput]:
    """The rows that name an agency or role."""
    return [
        AttendeeInput(row["party"], row["role"], row["name"])
        for row in formset.cleaned_data
        if row.get("party")
    ]


class ReflectionForm(forms.Form):
    text = forms.CharField(
        label=_("Your reflection"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What went well, what to do differently: for your joint learning."),
    )


class CoachCaseloadFilter(forms.Form):
    """Which of a coach's cases a team leader opens from the unit board, and which week's job
    development."""

    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("All cases")),
            ("overdue", _("With overdue deadlines")),
            ("active", _("Active (a contact in the last 30 days)")),
            ("inactive", _("Inactive")),
        ],
    )
    phase = forms.CharField(label=_("Phase"), required=False, max_length=100)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    week = forms.IntegerField(label=_("Week"), required=False, min_value=1, max_value=53)

    def clean_phase(self) -> str:
        phase: str = self.cleaned_data["phase"]
        model, _sep, code = phase.partition(":")
        programme = registry().get(model)
        if phase and (programme is None or code not in programme.phases):
            raise forms.ValidationError(_("Choose a phase of one of the programme models."))
        return phase
