"""Forms of a work unit's business plan, the gender review and the gender statistics' year."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotsa.core.forms import DateInput, field_of
from lotsa.worktraining.models import (
    ActivityStatus,
    BusinessPlan,
    GoalLevel,
    PlanArea,
    PlanGoal,
    WorkUnit,
)
from lotsa.worktraining.queries.planning import follow_up_measures

FIRST_YEAR, LAST_YEAR = 2000, 2100


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)


class StartPlanForm(forms.Form):
    work_unit = forms.ModelChoiceField(label=_("Work unit"), queryset=WorkUnit.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)

    def __init__(self, *args: Any, work_units: QuerySet[WorkUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "work_unit", forms.ModelChoiceField).queryset = work_units
        self.fields["year"].initial = timezone.localdate().year


class SectionForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), choices=PlanArea.choices)
    heading = forms.CharField(label=_("Heading"), max_length=200)
    text = forms.CharField(label=_("Text"), max_length=8000, required=False, widget=forms.Textarea)
    weight = forms.IntegerField(
        label=_("Weight"),
        min_value=0,
        max_value=5,
        initial=1,
        help_text=_("How much the heading counts this year, from 0 (left aside) to 5."),
    )
    position = forms.IntegerField(
        label=_("Place in the order"),
        min_value=0,
        required=False,
        help_text=_("Headings are shown from the lowest number; leave it empty to keep the place."),
    )


class GoalForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Level"), choices=GoalLevel.choices, coerce=int)
    parent = forms.ModelChoiceField(
        label=_("Serves the goal"),
        queryset=PlanGoal.objects.none(),
        required=False,
        help_text=_("Every goal but a political one serves a goal of the level just above."),
    )
    text = forms.CharField(label=_("Goal"), max_length=2000, widget=forms.Textarea)
    measure = forms.ChoiceField(label=_("Followed up by"), required=False)
    target = forms.DecimalField(
        label=_("Target value"), required=False, max_digits=10, decimal_places=2
    )
    resources = forms.CharField(
        label=_("Resources"), max_length=2000, required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, plan: BusinessPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = field_of(self, "parent", forms.ModelChoiceField)
        parent.queryset = plan.goals.all()
        parent.label_from_instance = lambda g: f"{g.get_level_display()}: {g}"  # type: ignore[assignment]  # per-field labels; the stubs expect a method
        field_of(self, "measure", forms.ChoiceField).choices = [
            ("", _("A figure counted by hand")),
            *((code, str(name)) for code, name in follow_up_measures()),
        ]


class ActivityForm(forms.Form):
    activity = forms.CharField(label=_("Activity"), max_length=300)
    goal = forms.ModelChoiceField(label=_("Goal"), queryset=PlanGoal.objects.none(), required=False)
    starts_on = forms.DateField(label=_("Starts"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends"), widget=DateInput())
    responsible = forms.CharField(label=_("Responsible"), max_length=200)

    def __init__(
        self, *args: Any, plan: BusinessPlan, with_follow_up: bool = False, **kwargs: Any
    ) -> None:
        """``with_follow_up``: changing a planned activity, whose status and follow-up are
        written here too."""
        super().__init__(*args, **kwargs)
        field_of(self, "goal", forms.ModelChoiceField).queryset = plan.goals.all()
        if with_follow_up:
            self.fields.update(FollowUpForm().fields)


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)
    follow_up = forms.CharField(
        label=_("Follow-up"), max_length=2000, required=False, widget=forms.Textarea
    )


class RemoveGoalForm(forms.Form):
    with_activities = forms.BooleanField(
        label=_("Remove the goal's activities with it"),
        required=False,
        help_text=_("The lines of the activity and time plan that follow up this goal."),
    )


class AdoptForm(forms.Form):
    day = forms.DateField(label=_("Adopted on"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = timezone.localdate()


class GenderReviewForm(forms.Form):
    inventory = forms.CharField(
        label=_("Step 1: inventory of the activities and their work tasks"),
        max_length=8000,
        required=False,
        widget=forms.Textarea,
        help_text=_(
            "Which work tasks there are, and how the national gender-equality goals bear on them."
        ),
    )
    patterns = forms.CharField(
        label=_("Step 2: the gender patterns seen in the mapping"),
        max_length=8000,
        required=False,
        widget=forms.Textarea,
        help_text=_("What the statistics and the survey show, and what to work on."),
    )
    analysis = forms.CharField(
        label=_("Step 3: analysis and proposed actions"),
        max_length=8000,
        required=False,
        widget=forms.Textarea,
    )
    action_plan = forms.CharField(
        label=_("Step 4: action plan and how it is followed up"),
        max_length=8000,
        required=False,
        widget=forms.Textarea,
    )
    follow_up_on = forms.DateField(label=_("Follow up on"), widget=DateInput(), required=False)
    business_plan = forms.ModelChoiceField(
        label=_("Business plan"), queryset=BusinessPlan.objects.none(), required=False
    )

    def __init__(self, *args: Any, plans: QuerySet[BusinessPlan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = field_of(self, "business_plan", forms.ModelChoiceField)
        field.queryset = plans.select_related("work_unit")
        field.label_from_instance = _plan_label  # type: ignore[method-assign, assignment]  # per-field labels; the stubs expect a method


def _plan_label(plan: BusinessPlan) -> str:
    return _("%(work_unit)s, version %(version)s") % {
        "work_unit": plan.work_unit.name,
        "version": plan.version,
    }
