"""Forms of team practice. Staff are chosen among the unit's coaches and team leaders; dates use
the phone's date picker."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotsa.accounts.models import User
from lotsa.core.forms import DateInput
from lotsa.employment.models import Employer
from lotsa.organisations.models import Unit
from lotsa.pathways.models import Enrolment
from lotsa.teamwork.models import (
    SupervisionElement,
    SupervisionEntry,
    TeamKind,
    TeamMeeting,
    TreatmentTeam,
    UnitMeeting,
)
from lotsa.teamwork.services import (
    JobLeadDetails,
    SupervisionDetails,
    TeamDetails,
    TeamMeetingDetails,
    UnitMeetingDetails,
    staff_of,
)


def unit_staff(unit: Unit) -> QuerySet[User]:
    return User.objects.filter(pk__in=staff_of(unit, timezone.localdate())).order_by(
        "last_name", "first_name"
    )


class StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class StaffChoices(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


def _day(label: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), initial=timezone.localdate)


def _text(label: Any, max_length: int, *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of team"), choices=TeamKind.choices)
    organisation = forms.CharField(
        label=_("Organisation or clinic"), max_length=200, required=False
    )
    contact = forms.CharField(
        label=_("Contact"),
        max_length=200,
        required=False,
        help_text=_("A contact person, telephone or e-mail of the team."),
    )
    is_active = forms.BooleanField(label=_("The unit works with the team"), required=False)

    def __init__(self, *args: Any, team: TreatmentTeam | None = None, **kwargs: Any) -> None:
        if team is not None:
            kwargs["initial"] = {
                "name": team.name,
                "kind": team.kind,
                "organisation": team.organisation,
                "contact": team.contact,
                "is_active": team.is_active,
            }
        else:
            kwargs.setdefault("initial", {"is_active": True})
        super().__init__(*args, **kwargs)

    @staticmethod
    def details(data: dict[str, Any]) -> TeamDetails:
        return TeamDetails(
            name=data["name"],
            kind=data["kind"],
            organisation=data["organisation"],
            contact=data["contact"],
            is_active=data["is_active"],
        )


class AttachmentForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Treatment team"), queryset=TreatmentTeam.objects.none())
    coach = StaffChoice(label=_("Coach"), queryset=User.objects.none())
    starts_on = _day(_("From"))
    ends_on = forms.DateField(label=_("Until"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = TreatmentTeam.objects.filter(unit=unit, is_active=True)  # type: ignore[attr-defined]
        self.fields["coach"].queryset = unit_staff(unit)  # type: ignore[attr-defined]


class EndAttachmentForm(forms.Form):
    ends_on = _day(_("Ends on"))


class CaseTeamForm(forms.Form):
    team = forms.ModelChoiceField(
        label=_("Treatment team"),
        queryset=TreatmentTeam.objects.none(),
        required=False,
        empty_label=_("No treatment team"),
    )

    def __init__(self, data: Any = None, *, enrolment: Enrolment, current: int | None) -> None:
        super().__init__(data, initial={"team": current})
        self.fields["team"].queryset = TreatmentTeam.objects.filter(  # type: ignore[attr-defined]
            unit_id=enrolment.unit_id, is_active=True
        )


class TeamMeetingForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Treatment team"), queryset=TreatmentTeam.objects.none())
    held_on = _day(_("Date"))
    coaches = StaffChoices(label=_("Coaches present"), queryset=User.objects.none())
    decisions = _text(_("Shared decisions"), 4000)

    def __init__(
        self, *args: Any, unit: Unit, meeting: TeamMeeting | None = None, **kwargs: Any
    ) -> None:
        if meeting is not None:
            kwargs["initial"] = {
                "team": meeting.team_id,
                "held_on": meeting.held_on,
                "coaches": [coach.pk for coach in meeting.coaches.all()],
                "decisions": meeting.decisions,
            }
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = TreatmentTeam.objects.filter(unit=unit)  # type: ignore[attr-defined]
        self.fields["coaches"].queryset = unit_staff(unit)  # type: ignore[attr-defined]

    @staticmethod
    def details(data: dict[str, Any]) -> TeamMeetingDetails:
        return TeamMeetingDetails(
            team=data["team"],
            held_on=data["held_on"],
            coaches=list(data["coaches"]),
            decisions=data["decisions"],
        )


class CaseChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.participant.display_name)


class DiscussionForm(forms.Form):
    enrolment = CaseChoice(label=_("Participant"), queryset=Enrolment.objects.none())
    note = _text(_("What was discussed"), 2000, required=True)

    def __init__(self, *args: Any, cases: QuerySet[Enrolment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enrolment"].queryset = cases  # type: ignore[attr-defined]


class UnitMeetingForm(forms.Form):
    held_on = _day(_("Date"))
    attendees = StaffChoices(label=_("Present"), queryset=User.objects.none())
    note = _text(_("Note"), 4000)

    def __init__(
        self, *args: Any, unit: Unit, meeting: UnitMeeting | None = None, **kwargs: Any
    ) -> None:
        if meeting is not None:
            kwargs["initial"] = {
                "held_on": meeting.held_on,
                "attendees": [person.pk for person in meeting.attendees.all()],
                "note": meeting.note,
            }
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = unit_staff(unit)  # type: ignore[attr-defined]

    @staticmethod
    def details(data: dict[str, Any]) -> UnitMeetingDetails:
        return UnitMeetingDetails(
            held_on=data["held_on"], attendees=list(data["attendees"]), note=data["note"]
        )


class EmployerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class JobLeadForm(forms.Form):
    shared_by = StaffChoice(label=_("Shared by"), queryset=User.objects.none())
    employer = EmployerChoice(label=_("Employer"), queryset=Employer.objects.none(), required=False)
    employer_name = forms.CharField(
        label=_("Employer not in the register"), max_length=200, required=False
    )
    job = forms.CharField(label=_("Job"), max_length=200)

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shared_by"].queryset = unit_staff(unit)  # type: ignore[attr-defined]
        self.fields["employer"].queryset = Employer.objects.filter(  # type: ignore[attr-defined]
            country=unit.organisation.country
        ).order_by("name")

    @staticmethod
    def details(data: dict[str, Any]) -> JobLeadDetails:
        return JobLeadDetails(
            shared_by=data["shared_by"],
            employer=data["employer"],
            employer_name=data["employer_name"],
            job=data["job"],
        )


class CoverForm(forms.Form):
    covering = StaffChoice(label=_("Who"), queryset=User.objects.none())
    covered = StaffChoice(label=_("Covers the cases of"), queryset=User.objects.none())
    starts_on = _day(_("From"))
    ends_on = _day(_("Until"))

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("covering", "covered"):
            self.fields[name].queryset = unit_staff(unit)  # type: ignore[attr-defined]


class SupervisionForm(forms.Form):
    element = forms.ChoiceField(label=_("Kind of supervision"), choices=SupervisionElement.choices)
    held_on = _day(_("Date"))
    coaches = StaffChoices(label=_("With"), queryset=User.objects.none())
    note = _text(_("Note"), 2000)

    def __init__(
        self, *args: Any, unit: Unit, entry: SupervisionEntry | None = None, **kwargs: Any
    ) -> None:
        if entry is not None:
            kwargs["initial"] = {
                "element": entry.element,
                "held_on": entry.held_on,
                "coaches": [coach.pk for coach in entry.coaches.all()],
                "note": entry.note,
            }
        super().__init__(*args, **kwargs)
        self.fields["coaches"].queryset = unit_staff(unit)  # type: ignore[attr-defined]

    @staticmethod
    def details(data: dict[str, Any]) -> SupervisionDetails:
        return SupervisionDetails(
            element=data["element"],
            held_on=data["held_on"],
            coaches=list(data["coaches"]),
            note=data["note"],
        )
