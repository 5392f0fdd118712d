"""Forms of the participant's own space."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotsa.core.forms import field_of
from lotsa.participant_space.services import MESSAGE_MAX_LENGTH
from lotsa.pathways.models import Enrolment


class InvitationCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=40,
        help_text=_("The code your contact person gave you, for example ABCD-EFGH-JKLM."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
    )


class SignForm(forms.Form):
    """The hash of the version the page showed, sent back with the signature."""

    content_hash = forms.CharField(max_length=64, min_length=64, widget=forms.HiddenInput)


# ------------------------------------------------------------------ my data and messages


class WithdrawConsentForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you withdraw it (you do not have to say)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EnrolmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Enrolment) -> str:
        staff = obj.responsible_staff
        name = staff.get_full_name() if staff is not None else ""
        return f"{name}, {obj.unit.name}"


class MessageForm(forms.Form):
    enrolment = EnrolmentChoiceField(
        label=_("Send to"), queryset=Enrolment.objects.none(), empty_label=None
    )
    text = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("At most 1000 characters."),
    )

    def __init__(self, *args: Any, enrolments: list[Enrolment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "enrolment", EnrolmentChoiceField).queryset = Enrolment.objects.filter(
            pk__in=[e.pk for e in enrolments]
        ).select_related("unit", "responsible_staff")
