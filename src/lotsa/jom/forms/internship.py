"""Forms of a JOM participant's internship records; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotsa.accounts.models import User
from lotsa.cohorts.models import AttendanceStatus, Cohort
from lotsa.core.choices import choices_for_countries
from lotsa.core.forms import DateInput, EditForm
from lotsa.employment.models import ContactPerson, Employer
from lotsa.jom.models.internship import (
    AgreementSection,
    EducationState,
    FollowUpMode,
    Internship,
    InternshipAgreement,
    InternshipKind,
    MentorNeed,
    MentorProvider,
    MentorSupportKind,
    PassKind,
    Readiness,
    StatusPoint,
)
from lotsa.jom.services.internship import AGREEMENT_FIELDS, AgreementText, InternshipDetails
from lotsa.organisations.models import Membership
from lotsa.pathways.models import Enrolment

TEXT = {"rows": 3}


def _today_field(label: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), initial=timezone.localdate)


def _optional_day(label: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), required=False)


def _unit_staff(enrolment: Enrolment) -> Any:
    members = Membership.objects.active_on(timezone.localdate()).filter(unit_id=enrolment.unit_id)
    return User.objects.filter(pk__in=members.values("user_id")).order_by("first_name", "last_name")


def _employers(enrolment: Enrolment) -> Any:
    return Employer.objects.filter(country=enrolment.unit.organisation.country)


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class AgreementForm(forms.Form):
    employer = forms.ModelChoiceField(
        label=_("Company"), queryset=Employer.objects.none(), required=False
    )
    purpose = forms.CharField(
        label=AgreementSection.PURPOSE.label, required=False, widget=forms.Textarea(attrs=TEXT)
    )
    terms = forms.CharField(
        label=AgreementSection.TERMS.label, required=False, widget=forms.Textarea(attrs=TEXT)
    )
    support_needs = forms.CharField(
        label=AgreementSection.SUPPORT_NEEDS.label,
        required=False,
        widget=forms.Textarea(attrs=TEXT),
    )
    network_support = forms.CharField(
        label=AgreementSection.NETWORK_SUPPORT.label,
        required=False,
        widget=forms.Textarea(attrs=TEXT),
    )
    support_when = forms.CharField(
        label=AgreementSection.SUPPORT_WHEN.label,
        required=False,
        widget=forms.Textarea(attrs=TEXT),
    )
    warning_signs = forms.CharField(
        label=AgreementSection.WARNING_SIGNS.label,
        required=False,
        widget=forms.Textarea(attrs=TEXT),
    )
    crisis_support = forms.CharField(
        label=AgreementSection.CRISIS_SUPPORT.label,
        required=False,
        widget=forms.Textarea(attrs=TEXT),
    )
    wished_place = forms.CharField(
        label=AgreementSection.WISHED_PLACE.label,
        required=False,
        widget=forms.Textarea(attrs=TEXT),
    )
    wished_company = forms.CharField(
        label=AgreementSection.WISHED_COMPANY.label,
        required=False,
        widget=forms.Textarea(attrs=TEXT),
    )
    company_may_know = forms.CharField(
        label=AgreementSection.COMPANY_MAY_KNOW.label,
        required=False,
        widget=forms.Textarea(attrs=TEXT),
    )
    shared_sections = forms.MultipleChoiceField(
        label=_("Parts the company may see"),
        choices=AgreementSection.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only these parts are shown or sent to the company, and only from the date of the "
            "participant's consent."
        ),
    )
    consent_given_on = _optional_day(_("Consent to share with the company given on"))

    def __init__(self, *args: Any, enrolment: Enrolment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = _employers(enrolment)  # type: ignore[attr-defined]

    @staticmethod
    def initial_of(agreement: InternshipAgreement | None) -> dict[str, Any]:
        if agreement is None:
            return {}
        return {name: getattr(agreement, name) for name in AGREEMENT_FIELDS} | {
            "employer": agreement.employer_id,
            "shared_sections": agreement.shared_sections,
            "consent_given_on": agreement.consent_given_on,
        }

    def text(self) -> AgreementText:
        return AgreementText(**{name: self.cleaned_data[name] for name in AGREEMENT_FIELDS})


SIGNER_CHOICES = [
    ("company", _("The company")),
    ("jobcentre", _("The jobcentre")),
    ("participant_on_paper", _("The participant, on paper")),
]


class SignatureForm(forms.Form):
    signer = forms.ChoiceField(
        label=_("Who signed"), choices=SIGNER_CHOICES, widget=forms.RadioSelect
    )
    day = _today_field(_("Signed on"))
    signatory = forms.ModelChoiceField(
        label=_("Signed for the company by"),
        queryset=ContactPerson.objects.none(),
        required=False,
        help_text=_("A contact person of the company named in the agreement."),
    )

    def __init__(self, *args: Any, agreement: InternshipAgreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        signatories = ContactPerson.objects.filter(employer=agreement.employer)
        self.fields["signatory"].queryset = signatories  # type: ignore[attr-defined]


class ReadinessForm(forms.Form):
    decided_on = _today_field(_("Decided on"))
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Readiness.choices, widget=forms.RadioSelect
    )
    postponed_weeks = forms.IntegerField(
        label=_("Postponed (weeks)"), min_value=0, max_value=2, initial=0
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs=TEXT)
    )


class InternshipForm(EditForm):
    employer = forms.ModelChoiceField(label=_("Company"), queryset=Employer.objects.none())
    contact_person = forms.ModelChoiceField(
        label=_("Contact person at the company"),
        queryset=ContactPerson.objects.none(),
        required=False,
    )
    company_consultant = StaffChoiceField(label=_("Company consultant"), queryset=None)
    agreement = forms.ModelChoiceField(
        label=_("Agreement guide"), queryset=InternshipAgreement.objects.none(), required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=InternshipKind.choices, widget=forms.RadioSelect
    )
    taster_days = forms.IntegerField(label=_("Taster days"), min_value=1, required=False)
    weekly_hours = forms.DecimalField(
        label=_("Hours per week"), min_value=0, max_value=37, decimal_places=1
    )
    planned_start_on = forms.DateField(label=_("Planned start"), widget=DateInput())
    postponed_weeks = forms.IntegerField(
        label=_("Postponed (weeks)"), min_value=0, max_value=2, initial=0
    )
    weeks = forms.IntegerField(label=_("Length (weeks)"), min_value=1, max_value=52, initial=12)
    starts_on = _optional_day(_("Started"))
    ends_on = _optional_day(_("Ended"))
    extended_until = _optional_day(_("Extended until"))
    extension_reason = forms.CharField(
        label=_("Reason for the extension"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs=TEXT),
    )
    teaching_day_released = forms.BooleanField(
        label=_("The company releases the participant for the weekly teaching day"),
        required=False,
    )

    def __init__(self, *args: Any, enrolment: Enrolment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        employers = _employers(enrolment)
        self.fields["employer"].queryset = employers  # type: ignore[attr-defined]
        self.fields["contact_person"].queryset = (  # type: ignore[attr-defined]
            ContactPerson.objects.filter(employer__in=employers).select_related("employer")
        )
        self.fields["company_consultant"].queryset = _unit_staff(enrolment)  # type: ignore[attr-defined]
        self.fields["agreement"].queryset = InternshipAgreement.objects.filter(  # type: ignore[attr-defined]
            enrolment=enrolment
        )

    @staticmethod
    def initial_of(internship: Internship) -> dict[str, Any]:
        names = [name for name in InternshipForm.base_fields if name != "version"]
        values = {name: getattr(internship, name) for name in names}
        return values | {
            "employer": internship.employer_id,
            "contact_person": internship.contact_person_id,
            "company_consultant": internship.company_consultant_id,
            "agreement": internship.agreement_id,
            "version": internship.version,
        }

    def details(self) -> InternshipDetails:
        data = self.record_values()
        data["postponed_weeks"] = data["postponed_weeks"] or 0
        data["extension_reason"] = data["extension_reason"] or ""
        return InternshipDetails(**data)


class FollowUpForm(forms.Form):
    occurred_on = _today_field(_("Date"))
    mode = forms.ChoiceField(label=_("How"), choices=FollowUpMode.choices, widget=forms.RadioSelect)
    with_company = forms.BooleanField(label=_("With the company"), required=False, initial=True)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs=TEXT)
    )


class InternshipAttendanceForm(forms.Form):
    day = _today_field(_("Day"))
    status = forms.ChoiceField(
        label=_("Attendance"), choices=AttendanceStatus.choices, widget=forms.RadioSelect
    )
    hours = forms.DecimalField(
        label=_("Hours"), min_value=0, max_value=24, decimal_places=1, required=False
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs=TEXT)
    )


class MentorSupportForm(forms.Form):
    assessed_on = _today_field(_("Need assessed on"))
    need = forms.ChoiceField(label=_("Need"), choices=MentorNeed.choices, widget=forms.RadioSelect)
    support_kinds = forms.MultipleChoiceField(
        label=_("Support with"),
        choices=MentorSupportKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    mentor = StaffChoiceField(label=_("Mentor (member of staff)"), queryset=None, required=False)
    mentor_name = forms.CharField(label=_("Mentor (not a user)"), required=False, max_length=200)
    provider_type = forms.ChoiceField(label=_("Mentor provided by"), required=False)
    knows_citizen = forms.BooleanField(
        label=_("The mentor knows the citizen already"), required=False
    )
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"), min_value=0, max_value=37, decimal_places=1, required=False
    )
    from_on = _optional_day(_("From"))
    to_on = _optional_day(_("To"))

    def __init__(self, *args: Any, enrolment: Enrolment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = _unit_staff(enrolment)  # type: ignore[attr-defined]
        self.fields["provider_type"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *choices_for_countries(MentorProvider.choices, [enrolment.unit.organisation.country]),
        ]


class TransportSupportForm(forms.Form):
    decided_on = _today_field(_("Decided on"))
    costs_covered = forms.BooleanField(label=_("Transport costs covered"), required=False)
    pass_kind = forms.ChoiceField(
        label=_("Pass"), choices=PassKind.choices, widget=forms.RadioSelect
    )
    pass_from = _optional_day(_("Pass valid from"))
    pass_to = _optional_day(_("Pass valid to"))
    travel_training = forms.BooleanField(label=_("Travel training"), required=False)
    mentor_escort = forms.BooleanField(label=_("The mentor goes along"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs=TEXT)
    )


class AftercareLevelForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("Aftercare level"),
        choices=[(1, "1"), (2, "2"), (3, "3")],
        coerce=int,
        widget=forms.RadioSelect,
    )
    starts_on = _today_field(_("From"))
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs=TEXT))


class EducationStatusForm(forms.Form):
    point = forms.ChoiceField(
        label=_("When"), choices=StatusPoint.choices, widget=forms.RadioSelect
    )
    state = forms.ChoiceField(
        label=_("Education"), choices=EducationState.choices, widget=forms.RadioSelect
    )
    education = forms.CharField(label=_("Education (name)"), required=False, max_length=200)
    planned_start_on = _optional_day(_("Planned start"))


class ParticipantChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.participant.display_name)


class AftercareMeetingForm(forms.Form):
    held_on = _today_field(_("Held on"))
    attendees = ParticipantChoiceField(
        label=_("Present"), queryset=Enrolment.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs=TEXT)
    )

    def __init__(self, *args: Any, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = (  # type: ignore[attr-defined]
            Enrolment.objects.filter(cohort_memberships__cohort=cohort)
            .select_related("participant")
            .order_by("participant__last_name", "participant__first_name")
        )
