"""Forms of the work-training records: work units, tasks, the commissioner's referral, work
analyses and their summaries."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms import BoundField
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lotsa.core.choices import choices_for_countries
from lotsa.core.forms import DateInput, field_of
from lotsa.referrals.models import Referral
from lotsa.worktraining.concepts import all_choices, offered_choices
from lotsa.worktraining.models import (
    SELF_RATING_MAX,
    Commissioner,
    Financing,
    FunctionalRequirement,
    NeedCategory,
    ParticipantCategory,
    Purpose,
    RequirementLevel,
    WorkAnalysis,
    WorkTask,
    WorkUnit,
)
from lotsa.worktraining.services.analysis import EntryInput
from lotsa.worktraining.services.referral import ReferralDetails
from lotsa.worktraining.services.units import TaskDetails, WorkUnitDetails

NO_LEVEL: list[tuple[Any, Any]] = [("", "–")]


class WorkUnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    financing = forms.ChoiceField(label=_("Financing"), choices=Financing.choices)
    services = forms.MultipleChoiceField(
        label=_("Services offered"), required=False, widget=forms.CheckboxSelectMultiple
    )
    places = forms.IntegerField(
        label=_("Places"),
        min_value=0,
        required=False,
        help_text=_(
            "Describes the work unit; the unit's places in the programme model count occupancy."
        ),
    )
    daily_rate = forms.DecimalField(
        label=_("Daily compensation"), min_value=0, max_digits=8, decimal_places=2, required=False
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, work_unit: WorkUnit | None = None, **kwargs: Any) -> None:
        if work_unit is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": work_unit.name,
                    "description": work_unit.description,
                    "financing": work_unit.financing,
                    "services": work_unit.services,
                    "places": work_unit.places,
                    "daily_rate": work_unit.daily_rate,
                    "is_active": work_unit.is_active,
                },
            )
        super().__init__(*args, **kwargs)
        field_of(self, "services", forms.MultipleChoiceField).choices = offered_choices()

    @staticmethod
    def details(data: dict[str, Any]) -> WorkUnitDetails:
        return WorkUnitDetails(**data)


OCCUPATION_CODE = re.compile(r"\d{1,4}")
REQUIREMENT_PREFIX = "requirement_"


class TaskForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    steps = forms.CharField(
        label=_("Steps"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One step per line, in the order they are done."),
    )
    knowledge_needed = forms.CharField(
        label=_("Knowledge or training needed"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    occupation_codes = forms.CharField(
        label=_("Occupations on the labour market that need the same"),
        required=False,
        max_length=500,
        help_text=_("Occupation codes separated by commas, for example 9412, 5120."),
    )
    is_active = forms.BooleanField(label=_("In the catalogue"), required=False, initial=True)

    def __init__(self, *args: Any, task: WorkTask | None = None, **kwargs: Any) -> None:
        levels: dict[str, int] = {}
        if task is not None:
            levels = {r.requirement: r.level for r in task.requirements.all()}
            kwargs.setdefault(
                "initial",
                {
                    "name": task.name,
                    "steps": "\n".join(task.steps),
                    "knowledge_needed": task.knowledge_needed,
                    "occupation_codes": ", ".join(task.occupation_codes),
                    "is_active": task.is_active,
                }
                | {f"{REQUIREMENT_PREFIX}{code}": level for code, level in levels.items()},
            )
        super().__init__(*args, **kwargs)
        for code, label in FunctionalRequirement.choices:
            self.fields[f"{REQUIREMENT_PREFIX}{code}"] = forms.TypedChoiceField(
                label=label,
                choices=NO_LEVEL + list(RequirementLevel.choices),
                coerce=int,
                empty_value=None,
                required=False,
            )

    def general_fields(self) -> list[BoundField]:
        return [self[name] for name in self.fields if not name.startswith(REQUIREMENT_PREFIX)]

    def requirement_fields(self) -> list[BoundField]:
        return [self[name] for name in self.fields if name.startswith(REQUIREMENT_PREFIX)]

    @staticmethod
    def details(data: dict[str, Any]) -> TaskDetails:
        return TaskDetails(
            name=data["name"],
            steps=data["steps"].splitlines(),
            knowledge_needed=data["knowledge_needed"],
            occupation_codes=OCCUPATION_CODE.findall(data["occupation_codes"]),
            requirements={
                name.removeprefix(REQUIREMENT_PREFIX): level
                for name, level in data.items()
                if name.startswith(REQUIREMENT_PREFIX) and level is not None
            },
            is_active=data["is_active"],
        )


class ReferralForm(forms.Form):
    commissioner = forms.ChoiceField(label=_("Commissioner"))
    commissioner_name = forms.CharField(
        label=_("Commissioner's unit or contact"), max_length=200, required=False
    )
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    stated_needs = forms.CharField(
        label=_("The person's needs as stated"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    requested_services = forms.MultipleChoiceField(
        label=_("Services asked for"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("From the concept list, so that the commissioner and the unit mean the same."),
    )
    to_train_or_test = forms.CharField(
        label=_("What is to be trained or tested"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    participant_category = forms.ChoiceField(
        label=_("Participant category"), choices=ParticipantCategory.choices
    )
    need_category = forms.ChoiceField(
        label=_("The commissioner's need category"),
        choices=[("", "–"), *NeedCategory.choices],
        required=False,
    )
    referral = forms.ModelChoiceField(
        label=_("Referral in the unit's inbox"),
        queryset=Referral.objects.none(),
        required=False,
        help_text=_("The participant's referral to this unit that the request came with, if any."),
    )
    confirm_not_offered = forms.BooleanField(
        label=_("Save the referral as the commissioner wrote it"),
        required=False,
        help_text=_("Only after the warning above has been taken up with the commissioner."),
    )

    def __init__(self, *args: Any, country: str, inbox: QuerySet[Referral], **kwargs: Any) -> None:
        """``inbox``: the referrals the request may have come with."""
        super().__init__(*args, **kwargs)
        field_of(self, "commissioner", forms.ChoiceField).choices = choices_for_countries(
            Commissioner.choices, [country]
        )
        referral = field_of(self, "referral", forms.ModelChoiceField)
        referral.queryset = inbox
        referral.label_from_instance = inbox_referral_label  # type: ignore[method-assign, assignment]  # per-field labels; the stubs expect a method
        field_of(self, "requested_services", forms.MultipleChoiceField).choices = all_choices()
        self.fields["received_on"].initial = timezone.localdate()

    @staticmethod
    def initial_of(referral: Any) -> dict[str, Any]:
        if referral is None:
            return {}
        return {"referral": referral.referral_id} | {
            name: getattr(referral, name)
            for name in (
                "commissioner",
                "commissioner_name",
                "received_on",
                "stated_needs",
                "requested_services",
                "to_train_or_test",
                "participant_category",
                "need_category",
            )
        }

    @staticmethod
    def details(data: dict[str, Any]) -> ReferralDetails:
        values = {k: v for k, v in data.items() if k not in ("confirm_not_offered", "referral")}
        return ReferralDetails(**values)


def inbox_referral_label(referral: Referral) -> str:
    return _("Sent on %(day)s from %(unit)s (%(status)s)") % {
        "day": date_format(referral.sent_on, "SHORT_DATE_FORMAT"),
        "unit": referral.from_unit.name,
        "status": referral.get_status_display(),
    }


class AnalysisForm(forms.Form):
    observed_on = forms.DateField(label=_("Observed on"), widget=DateInput())
    purpose = forms.ChoiceField(
        label=_("Purpose of the observation"), choices=Purpose.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, task: WorkTask, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["observed_on"].initial = timezone.localdate()
        self.requirements = list(task.requirements.all())
        for requirement in self.requirements:
            code = requirement.requirement
            self.fields[f"self_rating_{code}"] = forms.IntegerField(
                label=_("Self-rating (0–%(max)s)") % {"max": SELF_RATING_MAX},
                min_value=0,
                max_value=SELF_RATING_MAX,
                required=False,
            )
            self.fields[f"observed_level_{code}"] = forms.TypedChoiceField(
                label=_("Observed level"),
                choices=NO_LEVEL + list(RequirementLevel.choices),
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"observation_{code}"] = forms.CharField(
                label=_("What the supervisor observed"),
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def groups(self) -> list[tuple[Any, list[BoundField]]]:
        """Each requirement of the task with its three fields, for one fieldset each."""
        return [
            (
                requirement,
                [
                    self[f"{kind}_{requirement.requirement}"]
                    for kind in ("self_rating", "observed_level", "observation")
                ],
            )
            for requirement in self.requirements
        ]

    def entries(self, data: dict[str, Any]) -> list[EntryInput]:
        return [
            EntryInput(
                requirement=r.requirement,
                self_rating=data[f"self_rating_{r.requirement}"],
                observed_level=data[f"observed_level_{r.requirement}"],
                observation=data[f"observation_{r.requirement}"],
            )
            for r in self.requirements
        ]


class SummaryForm(forms.Form):
    written_on = forms.DateField(label=_("Written on"), widget=DateInput())
    analyses = forms.ModelMultipleChoiceField(
        label=_("Work analyses it summarises"),
        queryset=WorkAnalysis.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    text = forms.CharField(
        label=_("Summary"), max_length=8000, widget=forms.Textarea(attrs={"rows": 6})
    )
    for_referrer = forms.BooleanField(
        label=_("For the referrer"),
        required=False,
        initial=True,
        help_text=_("Summaries for the referrer go into the report back."),
    )

    def __init__(self, *args: Any, analyses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["written_on"].initial = timezone.localdate()
        field = field_of(self, "analyses", forms.ModelMultipleChoiceField)
        field.queryset = analyses
        field.label_from_instance = lambda a: (  # type: ignore[assignment]  # per-field labels; the stubs expect a method
            f"{a.task.name}, {date_format(a.observed_on, 'SHORT_DATE_FORMAT')}"
        )
