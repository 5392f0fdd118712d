"""Forms of a work unit's daily work: the day and week shown, a schedule line, an incident,
the month of the compensation basis."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotsa.cohorts.models import CohortMember
from lotsa.core.forms import DateInput, field_of
from lotsa.worktraining.models import IncidentKind

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class DayForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=DateInput(), required=False)


class WeekForm(forms.Form):
    week = forms.DateField(
        label=_("A day of the week"),
        widget=DateInput(),
        required=False,
    )


class MonthForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m"],
        required=False,
    )


def _member_field(form: forms.Form, members: list[CohortMember]) -> None:
    """Offer the daily work group's members (by enrolment id) in the form's enrolment field."""
    field = field_of(form, "enrolment", forms.TypedChoiceField)
    field.choices = [
        *([("", _("The whole group"))] if not field.required else [("", "—")]),
        *[(m.enrolment_id, m.enrolment.participant.display_name) for m in members],
    ]


class ScheduleEntryForm(forms.Form):
    enrolment = forms.TypedChoiceField(
        label=_("For"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("A line for the whole group shows to everyone in it."),
    )
    weekday = forms.TypedChoiceField(label=_("Weekday"), coerce=int, choices=WEEKDAYS)
    starts_at = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}))
    activity = forms.CharField(label=_("Work task or activity"), max_length=200)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, members: list[CohortMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _member_field(self, members)


class IncidentForm(forms.Form):
    enrolment = forms.TypedChoiceField(label=_("Participant"), coerce=int)
    occurred_at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    kind = forms.ChoiceField(
        label=_("What happened"), choices=IncidentKind.choices, widget=forms.RadioSelect
    )
    breath_test_per_mille = forms.DecimalField(
        label=_("Breath test (per mille)"),
        min_value=Decimal(0),
        max_digits=4,
        decimal_places=2,
        required=False,
        help_text=_("Only for an incident of alcohol or drugs."),
    )
    written_warning = forms.BooleanField(label=_("Written warning given"), required=False)
    sent_home = forms.BooleanField(label=_("Sent home"), required=False)
    without_compensation = forms.BooleanField(
        label=_("Without compensation for the day"),
        required=False,
        help_text=_("Only when sent home: the day then leaves the compensation basis."),
    )
    return_condition = forms.CharField(
        label=_("Condition for coming back"), max_length=500, required=False
    )
    note = forms.CharField(
        label=_("What happened and what was done"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, members: list[CohortMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _member_field(self, members)
        self.fields["occurred_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
