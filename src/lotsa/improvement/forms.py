from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotsa.accounts.models import User
from lotsa.core.forms import DateInput
from lotsa.improvement.models import (
    BenchmarkingVisit,
    CourseKind,
    Decision,
    ImprovementStatus,
    Level,
    Quadrant,
    Source,
)
from lotsa.organisations.models import Unit

LEVELS = [("", _("Not assessed yet")), *Level.choices]


class StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class ImprovementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=4000, required=False, widget=forms.Textarea
    )
    source = forms.ChoiceField(
        label=_("Source"), choices=[c for c in Source.choices if c[0] != Source.FIDELITY]
    )
    source_detail = forms.CharField(
        label=_("Where it comes from"),
        max_length=300,
        required=False,
        help_text=_("The process step, survey question or deviation it comes from."),
    )
    benchmarking_visit = forms.ModelChoiceField(
        label=_("Benchmarking visit"), queryset=BenchmarkingVisit.objects.none(), required=False
    )
    impact = forms.ChoiceField(label=_("Impact"), choices=LEVELS, required=False)
    effort = forms.ChoiceField(label=_("Effort"), choices=LEVELS, required=False)
    within_mandate = forms.BooleanField(
        label=_("The unit has the mandate to decide"), required=False, initial=True
    )
    decided_by = forms.CharField(
        label=_("Who decides"),
        max_length=200,
        required=False,
        help_text=_("Where the unit cannot decide by itself."),
    )
    owner = StaffChoice(label=_("Owner"), queryset=User.objects.none(), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ImprovementStatus.choices)

    def __init__(
        self, *args: Any, unit: Unit, staff: QuerySet[User], fidelity: bool = False, **kwargs: Any
    ) -> None:
        """``fidelity``: an improvement from a fidelity recommendation keeps that source."""
        super().__init__(*args, **kwargs)
        visit_field = self.fields["benchmarking_visit"]
        assert isinstance(visit_field, forms.ModelChoiceField)
        visit_field.queryset = BenchmarkingVisit.objects.filter(unit=unit)
        owner_field = self.fields["owner"]
        assert isinstance(owner_field, forms.ModelChoiceField)
        owner_field.queryset = staff
        if fidelity:
            del self.fields["source"]


class RegisterFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *ImprovementStatus.choices], required=False
    )
    source = forms.ChoiceField(
        label=_("Source"), choices=[("", _("All")), *Source.choices], required=False
    )
    quadrant = forms.ChoiceField(
        label=_("Impact and effort"), choices=[("", _("All")), *Quadrant.choices], required=False
    )
    owner = StaffChoice(label=_("Owner"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner_field = self.fields["owner"]
        assert isinstance(owner_field, forms.ModelChoiceField)
        owner_field.queryset = staff


class PlanForm(forms.Form):
    what = forms.CharField(label=_("What we will try"), max_length=2000, widget=forms.Textarea)
    prediction = forms.CharField(
        label=_("What we expect to happen"), max_length=2000, widget=forms.Textarea
    )
    measure = forms.CharField(label=_("How we will know (the measure)"), max_length=300)
    planned_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)


class DoForm(forms.Form):
    on = forms.DateField(label=_("Done on"), widget=DateInput(), initial=timezone.localdate)
    do_notes = forms.CharField(
        label=_("How it went"), max_length=2000, required=False, widget=forms.Textarea
    )


class StudyForm(forms.Form):
    on = forms.DateField(label=_("Studied on"), widget=DateInput(), initial=timezone.localdate)
    result = forms.CharField(
        label=_("The measure's result"), max_length=2000, widget=forms.Textarea
    )


class ActForm(forms.Form):
    on = forms.DateField(label=_("Decided on"), widget=DateInput(), initial=timezone.localdate)
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    act_notes = forms.CharField(
        label=_("What happens next"), max_length=2000, required=False, widget=forms.Textarea
    )


STEP_FORMS: dict[str, type[forms.Form]] = {"do": DoForm, "study": StudyForm, "act": ActForm}


class VisitForm(forms.Form):
    we_visited = forms.TypedChoiceField(
        label=_("Who visited whom"),
        choices=[("1", _("We visited them")), ("0", _("They visited us"))],
        coerce=lambda value: value == "1",
    )
    partner_unit = forms.ModelChoiceField(
        label=_("Partner unit in Lotsa"), queryset=Unit.objects.none(), required=False
    )
    partner_name = forms.CharField(
        label=_("Or the partner organisation"), max_length=200, required=False
    )
    visited_on = forms.DateField(label=_("Date of the visit"), widget=DateInput())
    topic = forms.CharField(label=_("What we compared"), max_length=300)
    learned = forms.CharField(
        label=_("What we learned"), max_length=4000, required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partner_field = self.fields["partner_unit"]
        assert isinstance(partner_field, forms.ModelChoiceField)
        partner_field.queryset = Unit.objects.exclude(pk=unit.pk).order_by("name")


class TrainingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of course"), choices=CourseKind.choices)
    course_name = forms.CharField(label=_("Course"), max_length=200)
    provider = forms.CharField(label=_("Provider"), max_length=200, required=False)
    completed_on = forms.DateField(label=_("Date"), widget=DateInput())
    hours = forms.DecimalField(
        label=_("Hours"), max_digits=5, decimal_places=1, min_value=0.5, max_value=1000
    )
    certificate = forms.BooleanField(label=_("Certificate"), required=False)


class UnitTrainingForm(TrainingForm):
    staff = StaffChoice(label=_("Member of staff"), queryset=User.objects.none())

    field_order = ["staff"]

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff_field = self.fields["staff"]
        assert isinstance(staff_field, forms.ModelChoiceField)
        staff_field.queryset = staff
