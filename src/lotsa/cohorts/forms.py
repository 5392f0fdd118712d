from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotsa.cohorts.models import AttendanceStatus
from lotsa.core.forms import DateInput, field_of
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import Enrolment


class CohortForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    programme_code = forms.ChoiceField(label=_("Programme model"))
    activity = forms.ChoiceField(
        label=_("Group activity"),
        required=False,
        help_text=_("For a group inside a programme model that does not run in groups."),
    )
    starts_on = forms.DateField(label=_("Start date"), widget=DateInput())
    ends_on = forms.DateField(label=_("End date"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, runs: list[str], **kwargs: Any) -> None:
        """``runs``: the codes of the models the unit runs; only theirs are offered."""
        super().__init__(*args, **kwargs)
        models = [(code, p) for code, p in registry().programmes.items() if code in runs]
        field_of(self, "programme_code", forms.ChoiceField).choices = [
            (code, str(p.name)) for code, p in models if p.group is not None or p.group_activities
        ]
        activities = [
            (code, f"{p.name}: {activity.name}")
            for _c, p in models
            for code, activity in p.group_activities.items()
        ]
        if activities:
            field_of(self, "activity", forms.ChoiceField).choices = [("", "—"), *activities]
        else:
            del self.fields["activity"]


class MemberForm(forms.Form):
    enrolment = forms.ModelChoiceField(label=_("Participant"), queryset=Enrolment.objects.none())
    joined_on = forms.DateField(label=_("Joined"), widget=DateInput())

    def __init__(self, *args: Any, enrolments: QuerySet[Enrolment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = field_of(self, "enrolment", forms.ModelChoiceField)
        field.queryset = enrolments
        field.label_from_instance = lambda e: e.participant.display_name  # type: ignore[assignment]  # per-field labels; the stubs expect a method
        self.fields["joined_on"].initial = timezone.localdate()


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Starts"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=1440, initial=180
    )
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)


class AttendanceForm(forms.Form):
    """One choice per member of the cohort, and the minutes of a late arrival."""

    def __init__(
        self,
        *args: Any,
        members: list[Any],
        current: dict[int, str],
        current_minutes: dict[int, int | None] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        current_minutes = current_minutes or {}
        for member in members:
            name = member.enrolment.participant.display_name
            self.fields[f"member_{member.enrolment_id}"] = forms.ChoiceField(
                label=name,
                choices=[("", "—"), *AttendanceStatus.choices],
                required=False,
                initial=current.get(member.enrolment_id, ""),
            )
            self.fields[f"minutes_{member.enrolment_id}"] = forms.IntegerField(
                label=_("Minutes late: %(name)s") % {"name": name},
                min_value=0,
                max_value=24 * 60,
                required=False,
                initial=current_minutes.get(member.enrolment_id),
                help_text=_("Only for a late arrival."),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, minutes in list(cleaned.items()):
            if not name.startswith("minutes_") or minutes is None:
                continue
            status = cleaned.get(name.replace("minutes_", "member_", 1))
            if status != AttendanceStatus.LATE:
                self.add_error(name, _("Minutes late go only with the status late."))
        return cleaned

    @staticmethod
    def statuses(cleaned_data: dict[str, Any]) -> dict[int, str]:
        """{enrolment id: status} for the members whose attendance was chosen."""
        return {
            int(name.removeprefix("member_")): value
            for name, value in cleaned_data.items()
            if name.startswith("member_") and value
        }

    @staticmethod
    def minutes_late(cleaned_data: dict[str, Any]) -> dict[int, int]:
        """{enrolment id: minutes} for the members who came late and whose minutes were given."""
        return {
            int(name.removeprefix("minutes_")): value
            for name, value in cleaned_data.items()
            if name.startswith("minutes_") and value is not None
        }
