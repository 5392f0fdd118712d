from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from lotsa.core.choices import Country, agencies_foreign_to, choices_for_countries
from lotsa.core.forms import DateInput, field_of
from lotsa.organisations.models import Organisation, Unit
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import ReferralSource, UnitProgramme
from lotsa.people.identity import Sex
from lotsa.people.models import ConsentKind, Language, SharingScope
from lotsa.people.services import ParticipantDetails

BLANK = [("", "—")]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or identity number"),
        max_length=100,
        required=False,
        help_text=_("For example 'Lind', 'Anna Lind' or 19900101-1234."),
    )


class ParticipantForm(forms.Form):
    """The details of a participant; anonymous ones get only birth year and sex."""

    # The version of the record when the form was opened (see the service).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    is_anonymous = forms.TypedChoiceField(
        label=_("Registration"),
        choices=[
            ("False", _("With identity")),
            ("True", _("Anonymous (no consent to registration, or protected identity)")),
        ],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        initial="False",
        help_text=_(
            "An anonymous participant gets a code name; no name, number or contact details "
            "are stored."
        ),
    )
    identity_country = forms.ChoiceField(
        label=_("Country of identity number"), choices=BLANK + list(Country.choices), required=False
    )
    identity_number = forms.CharField(
        label=_("Identity number"),
        max_length=20,
        required=False,
        help_text=_("Personnummer or samordningsnummer (10 or 12 digits), or CPR number."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    birth_year = forms.IntegerField(
        label=_("Birth year"),
        required=False,
        min_value=1900,
        help_text=_("Only for anonymous participants; otherwise taken from the identity number."),
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=BLANK + list(Sex.choices),
        required=False,
        help_text=_("Only for anonymous participants; otherwise taken from the identity number."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), max_length=254, required=False)
    street_address = forms.CharField(label=_("Street address"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=10, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=BLANK + list(Language.choices), required=False
    )
    interpreter_needed = forms.BooleanField(label=_("Needs an interpreter"), required=False)
    interpreter_language = forms.CharField(
        label=_("Interpreter language"), max_length=100, required=False
    )

    def details(self) -> ParticipantDetails:
        known = ParticipantDetails.__dataclass_fields__
        return ParticipantDetails(
            **{name: value for name, value in self.cleaned_data.items() if name in known}
        )


class EnrolForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    programme_model = forms.ChoiceField(
        label=_("Programme model"), choices=lambda: registry().choices()
    )
    referral_date = forms.DateField(label=_("Referral date"), widget=DateInput())
    referral_source = forms.ChoiceField(label=capfirst(_("referred by")), required=False)
    referrer = forms.CharField(label=capfirst(_("referrer")), max_length=200, required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "unit", forms.ModelChoiceField).queryset = units
        offered = list(units.select_related("organisation"))
        field_of(self, "referral_source", forms.ChoiceField).choices = [
            ("", "—"),
            *choices_for_countries(
                ReferralSource.choices, {unit.organisation.country for unit in offered}
            ),
        ]
        self.fields["referral_date"].initial = timezone.localdate()
        first_two = offered[:2]
        self.first_unit: Unit | None = first_two[0] if first_two else None
        if len(first_two) == 1:
            self.fields["unit"].initial = first_two[0].pk
        # The models the user's units run, in the registry's order; one of them is the answer.
        run = set(
            UnitProgramme.objects.filter(unit__in=units).values_list("programme_code", flat=True)
        )
        models = [(code, name) for code, name in registry().choices() if code in run]
        if models:
            field_of(self, "programme_model", forms.ChoiceField).choices = models
        if len(models) == 1:
            self.fields["programme_model"].initial = models[0][0]


class RegisterParticipantForm(ParticipantForm, EnrolForm):
    field_order = ["unit", "programme_model", "referral_date", "referral_source", "referrer"]

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, units=units, **kwargs)
        if self.first_unit is not None:
            # Most people a unit registers hold an identity number of the unit's country.
            self.fields["identity_country"].initial = self.first_unit.organisation.country


class ConsentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of consent"), choices=ConsentKind.choices)
    given_to = forms.TypedChoiceField(
        label=_("Given to"),
        coerce=int,
        required=False,
        help_text=_("Your organisation that asked for the consent and keeps the records."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Shared with organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text=_("Only for consent to information sharing."),
    )
    sharing_scope = forms.ChoiceField(
        label=_("What may be shared"),
        choices=[("", "–"), *SharingScope.choices],
        required=False,
        help_text=_("Only for consent to information sharing."),
    )
    given_on = forms.DateField(label=_("Given on"), widget=DateInput())
    expires_on = forms.DateField(label=_("Expires on"), widget=DateInput(), required=False)
    scope = forms.CharField(
        label=_("Scope"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the consent covers, in the participant's own terms."),
    )

    def __init__(self, *args: Any, givers: Iterable[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate()
        # Staff usually work for one organisation, which is then chosen from the start.
        self.givers = {organisation.pk: organisation for organisation in givers}
        field_of(self, "given_to", forms.ChoiceField).choices = [
            (pk, org.name) for pk, org in self.givers.items()
        ]
        # Consent is given to an organisation of one country: never to share with an agency
        # that works only in the other.
        foreign = agencies_foreign_to({org.country for org in self.givers.values()})
        field_of(
            self, "organisation", forms.ModelChoiceField
        ).queryset = Organisation.objects.exclude(kind__in=foreign).order_by("name")

    def clean_given_to(self) -> Organisation | None:
        return self.givers.get(self.cleaned_data["given_to"])


class WithdrawConsentForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_on"].initial = timezone.localdate()
