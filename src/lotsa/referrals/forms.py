from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotsa.core.choices import Country, agencies_foreign_to
from lotsa.core.forms import DateInput, field_of
from lotsa.organisations.models import Organisation, Unit
from lotsa.pathways.definitions.registry import registry
from lotsa.people.forms import ParticipantForm
from lotsa.people.models import SharingScope

PERSON_FIELDS = tuple(ParticipantForm.base_fields)
# What the sender says about the referral itself; the form shows the person between the first
# three (where to) and the rest (why, and what the person agreed to).
REFERRAL_FIELDS = (
    "from_unit",
    "to_unit",
    "programme_model",
    "stated_needs",
    "requested_service",
    "handover_summary",
    "consent_given_on",
    "shared_with_receiver",
    "report_back",
)


class ReferralForm(ParticipantForm):
    """A referral: where to, why, what is asked for, the consent, and (for a person the sender
    does not work with in Lotsa) who the person is."""

    from_unit = forms.ModelChoiceField(label=_("Referring unit"), queryset=Unit.objects.none())
    to_unit = forms.ModelChoiceField(
        label=_("Receiving unit"),
        queryset=Unit.objects.none(),
        help_text=_("Units in any organisation of your country that run a programme model."),
    )
    programme_model = forms.ChoiceField(
        label=_("Programme model"), choices=lambda: registry().choices()
    )
    stated_needs = forms.CharField(
        label=_("The person's needs"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In the person's own words where possible."),
    )
    requested_service = forms.CharField(
        label=_("Service asked for"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    handover_summary = forms.CharField(
        label=_("Handover summary"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the receiving unit should know: the situation, what has been tried."),
    )
    consent_given_on = forms.DateField(
        label=_("The participant consented to the referral on"), widget=DateInput()
    )
    shared_with_receiver = forms.ChoiceField(
        label=_("Your organisation may share with the receiving one"),
        choices=SharingScope.choices,
        initial=SharingScope.SUMMARY,
    )
    report_back = forms.ChoiceField(
        label=_("The receiving organisation may report back to yours"),
        choices=[("", _("Only whether the referral was accepted")), *SharingScope.choices],
        required=False,
    )
    field_order = [*REFERRAL_FIELDS[:3], *PERSON_FIELDS, *REFERRAL_FIELDS[3:]]

    def __init__(
        self, *args: Any, from_units: QuerySet[Unit], with_person: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        from_unit = field_of(self, "from_unit", forms.ModelChoiceField)
        from_unit.queryset = from_units
        from_unit.empty_label = None
        # Referrals stay within the sender's countries: a Danish jobcentre is offered neither
        # Swedish agencies' units nor the models only they run.
        countries = set(from_units.values_list("organisation__country", flat=True))
        receiving = Unit.objects.filter(
            is_active=True, programmes__isnull=False, organisation__country__in=countries
        )
        run_there = set(receiving.values_list("programmes__programme_code", flat=True))
        field_of(self, "programme_model", forms.ChoiceField).choices = [
            (code, name) for code, name in registry().choices() if code in run_there
        ]
        to_unit = field_of(self, "to_unit", forms.ModelChoiceField)
        to_unit.queryset = (
            receiving.distinct()
            .select_related("organisation")
            .order_by("organisation__name", "name")
        )
        to_unit.label_from_instance = lambda u: f"{u.organisation.name} – {u.name}"  # type: ignore[assignment]  # per-field labels; the stubs expect a method
        self.fields["consent_given_on"].initial = timezone.localdate()
        if not with_person:
            for name in PERSON_FIELDS:
                del self.fields[name]


class AnswerForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DateInput())
    reason = forms.ChoiceField(label=_("Reason for declining"), required=False)
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, reasons: list[tuple[str, str]] | None, **kwargs: Any) -> None:
        """``reasons`` to decline; None for a withdrawal, which needs none."""
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = timezone.localdate()
        if reasons is None:
            del self.fields["reason"]
        else:
            field_of(self, "reason", forms.ChoiceField).choices = [("", "—"), *reasons]


class ExitHandoverForm(forms.Form):
    to_organisation = forms.ModelChoiceField(
        label=_("Handed over to organisation"), queryset=Organisation.objects.none()
    )
    to_caseworker = forms.CharField(label=_("New responsible caseworker"), max_length=200)
    day = forms.DateField(label=_("Handed over on"), widget=DateInput())
    summary = forms.CharField(
        label=_("What was handed over"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, country: str, **kwargs: Any) -> None:
        """``country``: the country of the case's unit; the agencies of the other are not
        offered, and the example names the agency people are usually handed over to."""
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = timezone.localdate()
        field_of(
            self, "to_organisation", forms.ModelChoiceField
        ).queryset = Organisation.objects.exclude(kind__in=agencies_foreign_to([country])).order_by(
            "name"
        )
        self.fields["to_caseworker"].help_text = (
            _("Name and role, e.g. the caseworker at the jobcentre.")
            if country == Country.DENMARK
            else _("Name and role, e.g. the ordinary caseworker at Arbetsförmedlingen.")
        )
