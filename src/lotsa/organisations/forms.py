from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotsa.accounts.models import IdentityProvider, ProviderAudience, User
from lotsa.core.choices import Country, choices_for_countries
from lotsa.core.forms import DateInput, field_of
from lotsa.organisations.models import Organisation, Role, StaffFunction, Unit
from lotsa.pathways.definitions.programme import Programme


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Organisation.Kind.choices)
    country = forms.ChoiceField(label=_("Country"), choices=Country.choices)
    organisation_number = forms.CharField(
        label=_("Organisation number"),
        max_length=20,
        help_text=_("Swedish organisationsnummer (10 digits) or Danish CVR number (8 digits)."),
    )

    def __init__(self, *args: Any, organisation: Organisation | None, **kwargs: Any) -> None:
        """An organisation already registered is offered the kinds of its own country; a new
        one the kinds of both countries, each agency under its country (the service refuses an
        agency of the other country)."""
        super().__init__(*args, **kwargs)
        kind = field_of(self, "kind", forms.ChoiceField)
        if organisation is not None:
            kind.choices = choices_for_countries(Organisation.Kind.choices, [organisation.country])
            return
        everywhere = choices_for_countries(Organisation.Kind.choices, Country.values)
        shared = choices_for_countries(everywhere, [])
        kind.choices = [
            (_("In both countries"), shared),
            *(
                (label, [c for c in choices_for_countries(everywhere, [code]) if c not in shared])
                for code, label in Country.choices
            ),
        ]


class UnitForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all()
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class StaffForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("Email"), max_length=254, required=False)
    title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=[("", _("Not stated")), *User.SEXES],
        required=False,
        help_text=User._meta.get_field("sex").help_text,
    )
    is_active = forms.BooleanField(label=_("Account active"), required=False, initial=True)
    password = forms.CharField(
        label=_("Password"),
        required=False,
        max_length=128,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Required for a new account; leave empty to keep the current password."),
    )

    def __init__(
        self, *args: Any, sign_in_providers: Sequence[IdentityProvider] = (), **kwargs: Any
    ) -> None:
        """One field per staff identity provider: the value of its staff claim that stands
        for this staff member there."""
        super().__init__(*args, **kwargs)
        for provider in sign_in_providers:
            self.fields[self.identity_field(provider)] = forms.CharField(
                label=_("Sign-in identity at %(provider)s") % {"provider": provider.app.name},
                max_length=255,
                required=False,
                help_text=_(
                    "The value of the claim “%(claim)s” the provider sends for this person; "
                    "empty: no sign-in through this provider."
                )
                % {"claim": provider.staff_claim},
            )

    @staticmethod
    def identity_field(provider: IdentityProvider) -> str:
        return f"identity_{provider.pk}"


class IdentityProviderForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all()
    )
    name = forms.CharField(
        label=_("Name on the sign-in button"),
        max_length=40,
        help_text=_("For example SITHS, the municipality's login, or BankID."),
    )
    audience = forms.ChoiceField(label=_("Signs in"), choices=ProviderAudience.choices)
    server_url = forms.URLField(
        label=_("Issuer (server URL)"),
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "Lotsa reads the provider's settings from its /.well-known/openid-configuration."
        ),
    )
    client_id = forms.CharField(label=_("Client id"), max_length=191)
    client_secret = forms.CharField(
        label=_("Client secret"),
        max_length=191,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Never shown again; leave empty to keep the current secret."),
    )
    staff_claim = forms.CharField(
        label=_("Staff: claim that identifies a staff member"),
        max_length=100,
        required=False,
        initial="sub",
        help_text=_("Its value is recorded for each staff member on their page, e.g. an HSA-id."),
    )
    identity_claim = forms.CharField(
        label=_("Participants: claim with the verified identity number"),
        max_length=100,
        required=False,
        help_text=_("For example personal_identity_number or cpr, as the eID broker names it."),
    )
    identity_country = forms.ChoiceField(
        label=_("Participants: country of the identity number"),
        choices=[("", "—"), *Country.choices],
        required=False,
    )
    is_active = forms.BooleanField(
        label=_("Offered on the sign-in page"), required=False, initial=True
    )


class MembershipForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Staff member"), queryset=User.objects.all())
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.select_related("organisation")
    )
    employer = forms.ModelChoiceField(
        label=_("Employing organisation"), queryset=Organisation.objects.all()
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    function = forms.ChoiceField(
        label=_("Function"),
        choices=[("", _("Not stated")), *StaffFunction.choices],
        required=False,
        help_text=_("What the person does in the unit; a JOM course routes its tasks by it."),
    )
    title = forms.CharField(
        label=_("Title in the unit"),
        max_length=200,
        required=False,
        help_text=_("The unit's own word for the post, for example arbetsledare or handledare."),
    )
    fte = forms.DecimalField(
        label=_("Full-time equivalent"),
        min_value=0.01,
        max_value=1,
        decimal_places=2,
        max_digits=3,
        initial=1,
    )
    starts_on = forms.DateField(label=_("Start date"), widget=DateInput())
    ends_on = forms.DateField(label=_("End date"), widget=DateInput(), required=False)


class UnitProgrammeForm(forms.Form):
    """Which model a unit runs, with its own number of days for any of the model's deadlines."""

    places = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=0,
        max_value=100000,
        help_text=_("How many participants the unit can take in this model at once."),
    )

    def __init__(
        self,
        *args: Any,
        programme: Programme,
        current: dict[str, int],
        chosen: dict[str, object] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for code, setting in programme.unit_settings.items():
            self.fields[f"setting_{code}"] = forms.ChoiceField(
                label=str(setting.name),
                choices=[(str(choice), str(choice)) for choice in setting.choices],
                initial=str((chosen or {}).get(code, setting.default)),
                required=False,
                help_text=_("Leave empty for the model's choice, %(default)s.")
                % {"default": setting.default},
            )
        for code, deadline in programme.deadlines.items():
            self.fields[f"days_{code}"] = forms.IntegerField(
                label=str(deadline.name),
                required=False,
                min_value=0,
                max_value=3650,
                initial=current.get(code),
                help_text=_("Leave empty for the model's %(days)s days.") % {"days": deadline.days},
            )

    @staticmethod
    def settings(cleaned_data: dict[str, object]) -> dict[str, str]:
        """The unit's choices as typed (the service turns them into the model's values)."""
        return {
            name.removeprefix("setting_"): str(value)
            for name, value in cleaned_data.items()
            if name.startswith("setting_") and value
        }

    @staticmethod
    def deadline_days(cleaned_data: dict[str, int | None]) -> dict[str, int]:
        return {
            name.removeprefix("days_"): value
            for name, value in cleaned_data.items()
            if name.startswith("days_") and value is not None
        }
