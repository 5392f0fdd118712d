"""The agreement guide (aftaleguide): versions, the three signatures, and what the company may
know, which alone decides what the company brief shows."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.employment.models import ContactPerson
from lotsa.errors import DomainError, Forbidden
from lotsa.jom.models import InternshipAgreement
from lotsa.jom.queries.internship import company_brief
from lotsa.jom.services import internship as services
from lotsa.jom.tests.conftest import (
    SUPPORT_NEEDS,
    WARNING_SIGNS,
    InternshipCase,
    danish_employer,
)
from lotsa.participant_space import services as own_services
from lotsa.participant_space.models import ParticipantAccount
from lotsa.participant_space.signing import content_hash, internship_agreement_content
from lotsa.pathways.models import ChecklistEntry, Milestone
from lotsa.testing.clock import TODAY
from lotsa.testing.factories import EnrolmentFactory, ParticipantAccountFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

DAY = datetime.timedelta(days=1)


def _pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def test_the_company_brief_shows_exactly_the_shared_parts(
    internship_case: InternshipCase, client_for: Callable[..., Client]
) -> None:
    agreement = internship_case.agreement()
    client = _english(client_for(internship_case.team.company_consultant))
    page = client.get(reverse("jom:company-brief", args=[agreement.pk]))
    pdf = client.get(reverse("jom:company-brief-pdf", args=[agreement.pk]))

    assert page.status_code == 200 and pdf.status_code == 200
    html = page.content.decode()
    assert SUPPORT_NEEDS in html and WARNING_SIGNS not in html
    assert "Try out work in a warehouse" not in html
    text = _pdf_text(pdf.content)
    assert "quiet place for breaks" in text and "answering the phone" not in text
    shown = AuditEntry.objects.filter(event=AuditEvent.AGREEMENT_SHOWN_TO_COMPANY.value)
    assert [e.participant_id for e in shown] == [internship_case.enrolment.participant_id] * 2
    assert shown[0].changes["shared_sections"] == ["support_needs"]


def test_sharing_another_part_in_a_new_version_changes_the_brief(
    internship_case: InternshipCase,
) -> None:
    first = internship_case.agreement()
    services.record_agreement_signature(
        actor=internship_case.team.project_leader, agreement=first, signer="jobcentre", day=TODAY
    )
    second = internship_case.agreement(shared_sections=["support_needs", "warning_signs"])

    assert second.version == 2 and second.pk != first.pk
    assert [s.text for s in company_brief(first)] == [SUPPORT_NEEDS]
    assert [s.text for s in company_brief(second)] == [SUPPORT_NEEDS, WARNING_SIGNS]


def test_no_brief_before_the_participants_consent(
    internship_case: InternshipCase, client_for: Callable[..., Client]
) -> None:
    agreement = internship_case.agreement(shared_sections=[], consent_given_on=None)
    client = _english(client_for(internship_case.team.company_consultant))

    response = client.get(reverse("jom:company-brief", args=[agreement.pk]))

    assert response.status_code == 409
    assert "has not consented" in response.content.decode()
    assert SUPPORT_NEEDS not in response.content.decode()
    assert not AuditEntry.objects.filter(event=AuditEvent.AGREEMENT_SHOWN_TO_COMPANY.value)


def test_sharing_a_part_needs_the_consent_date_and_a_written_part(
    internship_case: InternshipCase,
) -> None:
    with pytest.raises(DomainError) as no_consent:
        internship_case.agreement(consent_given_on=None)
    with pytest.raises(DomainError) as empty_part:
        internship_case.agreement(shared_sections=["crisis_support"])
    with pytest.raises(DomainError) as future:
        internship_case.agreement(consent_given_on=TODAY + DAY)

    assert set(no_consent.value.errors) == {"consent_given_on"}
    assert set(empty_part.value.errors) == {"shared_sections"}
    assert set(future.value.errors) == {"consent_given_on"}


def test_an_unsigned_version_is_corrected_in_place(internship_case: InternshipCase) -> None:
    first = internship_case.agreement()
    again = internship_case.agreement(shared_sections=[])

    assert again.pk == first.pk and again.version == 1
    assert InternshipAgreement.objects.filter(enrolment=internship_case.enrolment).count() == 1
    assert ChecklistEntry.objects.filter(
        enrolment=internship_case.enrolment, item_code="agreement_guide"
    ).exists()


def _participant_signs(case: InternshipCase, agreement: InternshipAgreement) -> None:
    account = ParticipantAccount.objects.filter(participants=case.enrolment.participant).first()
    account = account or ParticipantAccountFactory(participants=[case.enrolment.participant])
    fresh = InternshipAgreement.objects.get(pk=agreement.pk)
    own_services.sign_internship_agreement(
        actor=account.user,
        agreement=fresh,
        shown_hash=content_hash(internship_agreement_content(fresh)),
        sign_in_method="passkey",
    )


def test_the_third_signature_locks_the_agreement_and_a_change_is_version_two(
    internship_case: InternshipCase, client_for: Callable[..., Client]
) -> None:
    case = internship_case
    agreement = case.agreement()
    _participant_signs(case, agreement)
    services.record_agreement_signature(
        actor=case.team.company_consultant,
        agreement=agreement,
        signer="company",
        day=TODAY,
        signatory=case.contact,
    )
    assert not Milestone.objects.filter(enrolment=case.enrolment, code="internship_agreement")
    services.record_agreement_signature(
        actor=case.team.company_consultant, agreement=agreement, signer="jobcentre", day=TODAY
    )

    locked = InternshipAgreement.objects.get(pk=agreement.pk)
    assert locked.locked and locked.participant_signature_recorded_by is None
    assert Milestone.objects.get(enrolment=case.enrolment, code="internship_agreement")
    changed = case.agreement(shared_sections=[])
    assert changed.version == 2 and not changed.signed_by_anyone
    account = ParticipantAccount.objects.get(participants=case.enrolment.participant)
    client = _english(client_for(account.user))
    page = client.get(reverse("me:internship-agreement")).content.decode()
    assert "Version 2" in page and "Not signed." in page
    assert "Sign the internship agreement" in page


def test_the_participant_signs_only_their_own_and_only_what_was_shown(
    internship_case: InternshipCase, client_for: Callable[..., Client]
) -> None:
    agreement = internship_case.agreement()
    account = ParticipantAccountFactory(participants=[internship_case.enrolment.participant])
    client = _english(client_for(account.user))
    stale = client.post(
        reverse("me:sign-internship-agreement", args=[agreement.pk]), {"content_hash": "0" * 64}
    )
    assert stale.status_code == 409
    assert "This changed after the page was opened" in stale.content.decode()

    someone_else = EnrolmentFactory.create(
        unit=internship_case.team.unit, programme_model="jom", phase="referral"
    )
    others = services.save_agreement(
        actor=internship_case.team.company_consultant,
        enrolment=someone_else,
        text=services.AgreementText(purpose="Someone else's purpose"),
        shared_sections=[],
        consent_given_on=None,
    )
    refused = client.post(
        reverse("me:sign-internship-agreement", args=[others.pk]),
        {"content_hash": content_hash(internship_agreement_content(others))},
    )
    assert refused.status_code == 404
    assert "Someone else" not in client.get(reverse("me:internship-agreement")).content.decode()

    signed = client.post(
        reverse("me:sign-internship-agreement", args=[agreement.pk]),
        {"content_hash": content_hash(internship_agreement_content(agreement))},
    )
    assert signed.status_code == 302
    assert InternshipAgreement.objects.get(pk=agreement.pk).participant_signed_on == TODAY


def test_the_company_signs_through_a_contact_person_of_its_own(
    internship_case: InternshipCase,
) -> None:
    agreement = internship_case.agreement()
    stranger = ContactPerson.objects.create(
        employer=danish_employer("Andet Firma", "DK10000002"), name="Ole Andet"
    )
    with pytest.raises(DomainError) as wrong:
        services.record_agreement_signature(
            actor=internship_case.team.company_consultant,
            agreement=agreement,
            signer="company",
            day=TODAY,
            signatory=stranger,
        )
    assert set(wrong.value.errors) == {"signatory"}


def test_only_the_jobcentre_signs_for_the_jobcentre_and_the_model_routes_agreements(
    internship_case: InternshipCase,
) -> None:
    agreement = internship_case.agreement()
    # Model 2 gives internship agreements to the jobcentre: the provider's teacher may not.
    with pytest.raises(Forbidden):
        services.record_agreement_signature(
            actor=internship_case.team.teacher, agreement=agreement, signer="jobcentre", day=TODAY
        )
    with pytest.raises(Forbidden):
        services.save_agreement(
            actor=internship_case.team.teacher,
            enrolment=internship_case.enrolment,
            text=services.AgreementText(purpose="Teacher's purpose"),
            shared_sections=[],
            consent_given_on=None,
        )
    denied = AuditEntry.objects.filter(
        event=AuditEvent.ACCESS_DENIED.value, actor=internship_case.team.teacher
    )
    assert {e.changes["action"] for e in denied} == {"course.internship_agreements"}
