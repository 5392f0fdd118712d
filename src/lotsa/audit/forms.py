from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotsa.accounts.models import User
from lotsa.audit.kinds import EventKind, event_choices
from lotsa.core.choices import Country
from lotsa.core.forms import DateInput
from lotsa.people.identity import IdentityNumberError, parse_identity_number
from lotsa.people.models import Participant

# Participant numbers are short; an identity number has at least ten digits.
LONGEST_PARTICIPANT_NUMBER = 9


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else obj.username


class AuditFilterForm(forms.Form):
    """What a log reviewer narrows the trail by. A person is found by the number on their page
    or by their identity number: every record of that number counts (each unit registers the
    people it serves, so one person may have several)."""

    participant = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=20,
        help_text=_("The participant number shown on the person's page, or an identity number."),
    )
    user = StaffChoiceField(
        label=_("Staff member"),
        queryset=User.objects.order_by("last_name", "first_name", "username"),
        required=False,
    )
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("To"), required=False, widget=DateInput())
    kind = forms.ChoiceField(
        label=_("Kind of event"),
        choices=[("", _("All kinds")), *EventKind.choices],
        required=False,
    )
    event = forms.ChoiceField(label=_("Event"), required=False)
    # The last entry when the review began: its pages stay put while the trail grows (the
    # review's own entries included).
    upto = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["event"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("All events")), *event_choices()]

    def hidden_fields(self) -> list[Any]:
        """The anchor travels in the page links only: filtering anew starts from the latest
        entry."""
        return [field for field in super().hidden_fields() if field.name != "upto"]

    def clean_participant(self) -> list[int] | None:
        """The participant records the entered number names; an error if it names none."""
        text = "".join(self.cleaned_data["participant"].split())
        if not text:
            return None
        if text.isdigit() and len(text) <= LONGEST_PARTICIPANT_NUMBER:
            found = list(Participant.objects.filter(pk=int(text)).values_list("pk", flat=True))
            # A number no longer on record still finds the entries about it.
            return found or [int(text)]
        for country in Country.values:
            try:
                number = parse_identity_number(text, country).number
            except IdentityNumberError:
                continue
            found = list(
                Participant.objects.filter(identity_number=number).values_list("pk", flat=True)
            )
            if found:
                return found
        raise forms.ValidationError(
            _(
                "No participant has this number. Enter the participant number or the identity number."
            )
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period must not be before its start."))
        return data
