from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotsa.casework.models import AttendeeParty, Capacity, ContactMode, ContactPlace
from lotsa.casework.services import AttendeeInput
from lotsa.pathways.definitions.programme import Programme

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
        self.fields["meeting_type"].choices = [
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
