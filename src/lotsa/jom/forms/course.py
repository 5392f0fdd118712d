"""The forms of a JOM course's pages."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from lotsa.accounts.models import User
from lotsa.cohorts.models import CohortMember
from lotsa.core.forms import DateInput, EditForm, field_of
from lotsa.jom.models import (
    AdmissionDecision,
    CognitiveBarriers,
    ContractTaskKind,
    DiagnosisGroup,
    Module,
    OrganisationModel,
    Profession,
    ProviderContract,
    SubstanceUse,
    TargetGroup,
    TreatmentStatus,
)
from lotsa.organisations.models import Organisation
from lotsa.pathways.models import Enrolment

WEEKDAY_CHOICES = list(WEEKDAYS.items())


def _named(field: forms.ModelChoiceField, label: Any) -> None:
    field.label_from_instance = label  # type: ignore[method-assign]  # per-field labels; the stubs expect a method


class CourseForm(EditForm):
    organisation_model = forms.TypedChoiceField(
        label=_("Organisation model"),
        choices=OrganisationModel.choices,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("Who does admission, teaching, mentoring and the internship work."),
    )
    preparation_weeks = forms.IntegerField(
        label=_("Preparation (weeks)"), min_value=1, max_value=4, initial=2
    )
    teaching_weeks = forms.TypedChoiceField(
        label=_("Teaching (weeks)"),
        choices=[(2, "2"), (4, "4")],
        coerce=int,
        initial=4,
        widget=forms.RadioSelect,
    )
    teaching_weekdays = forms.TypedMultipleChoiceField(
        label=_("Teaching days"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        initial=[0, 1, 2, 3],
        widget=forms.CheckboxSelectMultiple,
    )
    internship_weeks = forms.IntegerField(
        label=_("Internship (weeks)"), min_value=1, max_value=52, initial=12
    )
    internship_teaching_weekday = forms.TypedChoiceField(
        label=_("Teaching day during the internship"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        initial=4,
    )
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    venue_note = forms.CharField(
        label=_("How participants experience the venue"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    provider_contract = forms.ModelChoiceField(
        label=_("Provider contract"), queryset=ProviderContract.objects.none(), required=False
    )
    target_group = forms.ModelChoiceField(
        label=_("Target group"), queryset=TargetGroup.objects.none(), required=False
    )

    def __init__(
        self,
        *args: Any,
        contracts: QuerySet[ProviderContract],
        target_groups: QuerySet[TargetGroup],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "provider_contract", forms.ModelChoiceField).queryset = contracts
        field_of(self, "target_group", forms.ModelChoiceField).queryset = target_groups


class TimetableForm(forms.Form):
    closed_days = forms.CharField(
        label=_("Closed days"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Public holidays and other days without sessions, one date (YYYY-MM-DD) a line."
        ),
    )

    def clean_closed_days(self) -> list[datetime.date]:
        days = []
        for line in self.cleaned_data["closed_days"].split():
            try:
                days.append(datetime.date.fromisoformat(line))
            except ValueError:
                raise forms.ValidationError(
                    _("“%(value)s” is not a date (YYYY-MM-DD)."), params={"value": line[:20]}
                ) from None
        return days


class SessionPlanForm(EditForm):
    day = forms.DateField(label=_("Day"), widget=DateInput())
    starts_at = forms.TimeField(label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"}))
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=24 * 60
    )
    module = forms.ChoiceField(label=_("Module"), choices=Module.choices)
    profession = forms.ChoiceField(label=_("Profession"), choices=Profession.choices)
    teacher = forms.ModelChoiceField(
        label=_("Teacher"), queryset=User.objects.none(), required=False
    )
    venue = forms.CharField(
        label=_("Venue"),
        max_length=200,
        required=False,
        help_text=_("Blank: the course's venue."),
    )

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "teacher", forms.ModelChoiceField).queryset = staff


class ContractForm(EditForm):
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=Organisation.objects.none())
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_to = forms.DateField(label=_("Valid to"), widget=DateInput(), required=False)
    contact_person = forms.ModelChoiceField(
        label=_("The jobcentre's contact person"),
        queryset=User.objects.none(),
        help_text=_("The provider's fixed contact at the jobcentre."),
    )
    reporting_duty = forms.CharField(
        label=_("Reporting duty"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reporting_every_days = forms.IntegerField(
        label=_("Reports every (days)"), min_value=1, max_value=92, initial=7
    )
    weekly_phone_meeting = forms.BooleanField(label=_("Weekly phone meeting"), required=False)
    finds_internships = forms.BooleanField(
        label=_("The provider finds internships"), required=False
    )

    def __init__(
        self,
        *args: Any,
        providers: QuerySet[Organisation],
        staff: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "provider", forms.ModelChoiceField).queryset = providers
        field_of(self, "contact_person", forms.ModelChoiceField).queryset = staff
        for task, label in ContractTaskKind.choices:
            self.fields[f"hours_{task}"] = forms.DecimalField(
                label=_("Hours: %(task)s") % {"task": label},
                min_value=Decimal("0"),
                max_digits=7,
                decimal_places=1,
                required=False,
                help_text=_("Blank: not part of the contract."),
            )

    def values(self) -> dict[str, Any]:
        """The contract's own fields (its tasks and version apart)."""
        return {
            name: value for name, value in self.record_values().items() if name in self.base_fields
        }

    def tasks(self) -> dict[str, tuple[Decimal, str]]:
        return {
            task: (hours, "")
            for task in ContractTaskKind.values
            if (hours := self.cleaned_data.get(f"hours_{task}")) is not None
        }


class TargetGroupForm(EditForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    age_min = forms.IntegerField(label=_("Youngest age"), min_value=0, max_value=99, initial=18)
    age_max = forms.IntegerField(label=_("Oldest age"), min_value=0, max_value=99, initial=30)
    diagnosis_groups = forms.MultipleChoiceField(
        label=_("Diagnosis groups"),
        choices=DiagnosisGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[DiagnosisGroup.ADHD, DiagnosisGroup.ANXIETY, DiagnosisGroup.DEPRESSION],
    )
    treatment_required = forms.BooleanField(
        label=_("Treatment required"), required=False, initial=True
    )
    treatment_definition = forms.CharField(
        label=_("What counts as treatment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    substance_free_days = forms.IntegerField(
        label=_("Days without substance use"), min_value=0, max_value=365, initial=30
    )
    requires_openness_to_groups = forms.BooleanField(
        label=_("Open to group teaching"), required=False, initial=True
    )
    excludes_marked_cognitive_barriers = forms.BooleanField(
        label=_("Not for marked cognitive barriers"), required=False, initial=True
    )
    development_goals = forms.CharField(
        label=_("Development goals"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssessmentForm(forms.Form):
    enrolment = forms.ModelChoiceField(label=_("Participant"), queryset=Enrolment.objects.none())
    interview_held_on = forms.DateField(label=_("Admission interview held on"), widget=DateInput())
    diagnosis_group = forms.ChoiceField(label=_("Diagnosis group"), choices=DiagnosisGroup.choices)
    treatment_status = forms.ChoiceField(
        label=_("Treatment"), choices=TreatmentStatus.choices, widget=forms.RadioSelect
    )
    substance_use = forms.ChoiceField(
        label=_("Alcohol or drugs"), choices=SubstanceUse.choices, widget=forms.RadioSelect
    )
    last_use_on = forms.DateField(
        label=_("Last use of alcohol or drugs"), widget=DateInput(), required=False
    )
    cognitive_barriers = forms.ChoiceField(
        label=_("Cognitive barriers"), choices=CognitiveBarriers.choices, widget=forms.RadioSelect
    )
    open_to_group_work = forms.BooleanField(label=_("Open to group teaching"), required=False)
    note = forms.CharField(
        label=_("What the interview found"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, enrolments: QuerySet[Enrolment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = field_of(self, "enrolment", forms.ModelChoiceField)
        field.queryset = enrolments
        _named(field, lambda e: e.participant.display_name)
        self.fields["interview_held_on"].initial = timezone.localdate()


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (AdmissionDecision.ADMITTED, AdmissionDecision.ADMITTED.label),
            (AdmissionDecision.NOT_ADMITTED, AdmissionDecision.NOT_ADMITTED.label),
        ],
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    reason = forms.ChoiceField(
        label=_("Reason"),
        required=False,
        help_text=_("Required when the person is not admitted."),
    )
    reason_note = forms.CharField(
        label=_("Why"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, reasons: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "reason", forms.ChoiceField).choices = [("", "—"), *reasons.items()]
        self.fields["decided_on"].initial = timezone.localdate()


class ProviderReportForm(forms.Form):
    week_starting = forms.DateField(
        label=_("Week starting"), widget=DateInput(), help_text=_("The Monday of the week.")
    )

    def __init__(self, *args: Any, members: list[CohortMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for member in members:
            self.fields[f"note_{member.enrolment_id}"] = forms.CharField(
                label=_("Development: %(name)s")
                % {"name": member.enrolment.participant.display_name},
                max_length=4000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def notes(self) -> dict[int, str]:
        return {
            int(name.removeprefix("note_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("note_") and value.strip()
        }
