from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotsa.core.choices import Country, choices_for_countries
from lotsa.core.forms import DateInput, field_of
from lotsa.employment.models import (
    ContactPurpose,
    CounsellingProvider,
    Currency,
    Disclosure,
    Employer,
    JobEndReason,
    JobForm,
    Sector,
)
from lotsa.employment.occupations import (
    MAX_QUERY_LENGTH,
    classification_name,
    occupation_code_of,
    occupation_label,
    search_occupations,
)
from lotsa.organisations.models import Unit
from lotsa.pathways.definitions.registry import programme_name
from lotsa.pathways.models import Enrolment

BLANK = [("", "—")]
# The titles an unclear occupation's error names, for the user to choose from.
CLOSE_MATCHES = 5


class EmployerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    country = forms.ChoiceField(label=_("Country"), choices=Country.choices)
    organisation_number = forms.CharField(
        label=_("Organisation number"),
        max_length=20,
        help_text=_("Swedish organisationsnummer (10 digits) or Danish CVR number (8 digits)."),
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    industry_code = forms.CharField(label=_("Industry code"), max_length=10, required=False)
    municipality = forms.CharField(label=_("Municipality"), max_length=100, required=False)
    notes = forms.CharField(
        label=_("Notes"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EmployerChangeForm(EmployerForm):
    # The version of the record when the form was opened (see the service).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class ContactPersonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    title = forms.CharField(label=_("Role"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)


class EmployerContactForm(forms.Form):
    employer = forms.ModelChoiceField(
        label=_("Employer"), queryset=Employer.objects.order_by("name")
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput())
    face_to_face = forms.BooleanField(label=_("Face to face"), required=False, initial=True)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ContactPurpose.choices)
    enrolments = forms.ModelMultipleChoiceField(
        label=_("On behalf of"),
        queryset=Enrolment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for a general contact."),
    )
    participant_present = forms.BooleanField(label=_("The participant took part"), required=False)
    outcome = forms.CharField(
        label=_("Outcome"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    next_step = forms.CharField(label=_("Next step"), max_length=500, required=False)
    next_step_on = forms.DateField(label=_("Next step by"), widget=DateInput(), required=False)

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit],
        enrolments: QuerySet[Enrolment],
        employer: Employer | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "unit", forms.ModelChoiceField).queryset = units
        first = list(units[:2])
        if len(first) == 1:
            self.fields["unit"].initial = first[0].pk
        field = field_of(self, "enrolments", forms.ModelMultipleChoiceField)
        field.queryset = enrolments
        field.label_from_instance = lambda e: (  # type: ignore[assignment]  # per-field labels; the stubs expect a method
            f"{e.participant.display_name} ({programme_name(e.programme_model)})"
        )
        self.fields["occurred_on"].initial = timezone.localdate()
        if employer is not None:
            self.fields["employer"].initial = employer.pk


class OccupationSearchForm(forms.Form):
    country = forms.ChoiceField(choices=Country.choices)
    q = forms.CharField(max_length=MAX_QUERY_LENGTH, required=False, strip=False)


class OccupationWidget(forms.TextInput):
    """A text input that is also a combobox (WAI-ARIA 1.2): with scripts, the occupations whose
    title holds the words typed are offered in a list below it (``lotsa/combobox.js``)."""

    template_name = "employment/occupation_widget.html"

    def __init__(self, country: str) -> None:
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false"})
        self.country = country

    def format_value(self, value: Any) -> str | None:
        return occupation_label(self.country, value) if value else super().format_value(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["country"] = self.country
        context["classification"] = classification_name(self.country)
        return context


class JobRecordForm(forms.Form):
    # The version of the record when the form was opened (see the service).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    employer = forms.ModelChoiceField(
        label=_("Employer"), queryset=Employer.objects.order_by("name")
    )
    title = forms.CharField(label=_("Job title"), max_length=200)
    occupation_code = forms.CharField(
        label=_("Occupation"),
        max_length=MAX_QUERY_LENGTH,
        help_text=_(
            "Type words of the occupation and choose it from the list, or give its four-digit "
            "code: SSYK 2012 in Sweden, DISCO-08 in Denmark."
        ),
    )
    starts_on = forms.DateField(label=_("Start date"), widget=DateInput())
    ends_on = forms.DateField(label=_("End date"), widget=DateInput(), required=False)
    end_reason = forms.ChoiceField(
        label=_("Reason the job ended"), choices=BLANK + list(JobEndReason.choices), required=False
    )
    hours_per_week = forms.DecimalField(label=_("Hours per week"), max_digits=4, decimal_places=1)
    four_paid_hours_on = forms.DateField(
        label=_("Four paid hours worked by"),
        widget=DateInput(),
        required=False,
        help_text=_("The job start counts in the outcome reports from this day."),
    )
    hourly_wage = forms.DecimalField(
        label=_("Hourly wage"), max_digits=8, decimal_places=2, required=False
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    form = forms.ChoiceField(label=_("Form of employment"), choices=JobForm.choices)
    permanent = forms.BooleanField(label=_("Permanent"), required=False)
    paid_customary_wage = forms.BooleanField(
        label=_("Paid at least the customary wage for the work"), required=False, initial=True
    )
    reserved_for_disability = forms.BooleanField(
        label=_("Reserved for people with disabilities"), required=False
    )
    time_limited_by_programme = forms.BooleanField(
        label=_("Time-limited by a programme"), required=False
    )
    disclosure = forms.ChoiceField(
        label=_("Condition disclosed to the employer"),
        choices=BLANK + list(Disclosure.choices),
        required=False,
    )
    disclosure_on = forms.DateField(label=_("Disclosed on"), widget=DateInput(), required=False)

    def __init__(
        self, *args: Any, country: str, asks_four_paid_hours: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.country = country
        self.fields["occupation_code"].widget = OccupationWidget(country)
        # Asked once the job has started (the job page prompts for it then), not before.
        if not asks_four_paid_hours:
            del self.fields["four_paid_hours_on"]

    def clean_occupation_code(self) -> str:
        """A code of the country's list, or the exact title of one (the form works without
        scripts); otherwise the titles closest to what was entered are named in the error."""
        entered: str = self.cleaned_data["occupation_code"]
        code = occupation_code_of(self.country, entered)
        if code is not None:
            return code
        close = search_occupations(self.country, entered, limit=CLOSE_MATCHES)
        if not close:
            raise forms.ValidationError(
                _("No occupation in %(system)s matches this: try other words or the code."),
                params={"system": classification_name(self.country)},
            )
        raise forms.ValidationError(
            _("Choose one of these occupations and enter its code or whole title: %(matches)s."),
            params={"matches": "; ".join(f"{o.code} {o.title}" for o in close)},
        )


class FourPaidHoursForm(forms.Form):
    # The version of the job when the page was shown (see the service).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    four_paid_hours_on = forms.DateField(
        label=_("Four paid hours worked by"),
        widget=DateInput(),
        help_text=_("The job start counts in the outcome reports from this day."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["four_paid_hours_on"].initial = timezone.localdate()


class ProfileForm(forms.Form):
    # The number of the newest version when the form was opened (0: none yet).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    written_on = forms.DateField(label=_("Date"), widget=DateInput())
    work_history = forms.CharField(
        label=_("Work history"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    education = forms.CharField(
        label=_("Education"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    preferred_jobs = forms.CharField(
        label=_("Preferred kinds of job"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    preferred_hours = forms.CharField(label=_("Preferred hours"), max_length=200, required=False)
    preferred_location = forms.CharField(
        label=_("Preferred location"), max_length=200, required=False
    )
    strengths = forms.CharField(
        label=_("Strengths"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    for_employers = forms.CharField(
        label=_("What the participant wants employers to know"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    disclosure_preference = forms.ChoiceField(
        label=_("Disclosure preference"), choices=BLANK + list(Disclosure.choices), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["written_on"].initial = timezone.localdate()


class CounsellingForm(forms.Form):
    offered_on = forms.DateField(label=_("Offered on"), widget=DateInput())
    held_on = forms.DateField(label=_("Held on"), widget=DateInput(), required=False)
    provider = forms.ChoiceField(label=_("By"))
    counsellor = forms.CharField(label=_("Counsellor"), max_length=200, required=False)
    topics = forms.CharField(
        label=_("Topics"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    questions_answered = forms.CharField(
        label=_("The participant's questions answered"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, country: str, **kwargs: Any) -> None:
        """``country``: the country of the case's unit, whose agencies alone are offered."""
        super().__init__(*args, **kwargs)
        self.fields["offered_on"].initial = timezone.localdate()
        field_of(self, "provider", forms.ChoiceField).choices = choices_for_countries(
            CounsellingProvider.choices, [country]
        )
