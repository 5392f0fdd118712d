"""The final documentation of the joint AMiA case: written jointly, approved by both agencies,
then signed by the participant and locked; sent to the physician only with consent."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.casework.services import PlanInput, PlanItemInput, revise_plan
from lotsa.documents.models import DocumentDispatch, FinalDocument
from lotsa.documents.services import (
    FinalText,
    approve_final_document,
    send_final_document,
    sign_final_document,
    write_final_document,
)
from lotsa.errors import DomainError, NotFound
from lotsa.organisations.models import Organisation
from lotsa.pathways.models import Enrolment, Milestone
from lotsa.people.models import Consent
from lotsa.testing.clock import TODAY
from lotsa.testing.factories import OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
TEXT = FinalText(
    joint_planning="Mål: arbete inom handeln på halvtid.",
    activities="Promenadgrupp, arbetsträning i butik.",
    prerequisites="yes",
    assessment="Deltagaren kan delta i arbetsförberedande insatser hos Arbetsförmedlingen.",
)


@pytest.fixture
def amia(personas: Any) -> Enrolment:
    return Enrolment.objects.get(participant=personas.joint)


def test_both_agencies_approve_before_the_participant_signs_and_the_signature_locks_it(
    personas: Any, amia: Enrolment
) -> None:
    document = write_final_document(actor=personas.fk_caseworker, enrolment=amia, text=TEXT)
    corrected = write_final_document(
        actor=personas.af_caseworker,
        enrolment=amia,
        text=FinalText(**{**TEXT.__dict__, "activities": "Promenadgrupp, ReDO och butik."}),
        document=document,
    )
    assert (corrected.pk, corrected.version) == (document.pk, 1)
    approve_final_document(actor=personas.fk_caseworker, document=document, day=TODAY)
    with pytest.raises(DomainError) as too_soon:
        sign_final_document(actor=personas.fk_caseworker, document=document, day=TODAY)
    assert "Arbetsförmedlingen" in str(too_soon.value)
    with pytest.raises(DomainError):
        write_final_document(
            actor=personas.fk_caseworker, enrolment=amia, text=TEXT, document=document
        )
    with pytest.raises(DomainError):  # Försäkringskassan has approved already
        approve_final_document(actor=personas.fk_caseworker, document=document, day=TODAY)
    approve_final_document(actor=personas.af_caseworker, document=document, day=TODAY)
    sign_final_document(actor=personas.af_caseworker, document=document, day=TODAY)
    assert Milestone.objects.get(enrolment=amia, code="final_documentation_signed").occurred_on == (
        TODAY
    )
    with pytest.raises(DomainError):
        write_final_document(
            actor=personas.af_caseworker, enrolment=amia, text=TEXT, document=document
        )
    with pytest.raises(DomainError):
        sign_final_document(actor=personas.af_caseworker, document=document, day=TODAY)
    second = write_final_document(actor=personas.af_caseworker, enrolment=amia, text=TEXT)
    assert second.version == 2 and second.signed_on is None
    events = AuditEntry.objects.filter(event__startswith="document.").order_by("sequence")
    assert [e.event for e in events] == [
        "document.save",
        "document.save",
        "document.approve",
        "document.approve",
        "document.sign",
        "document.save",
    ]
    assert [e.changes.get("agency") for e in events if e.event == "document.approve"] == [
        "forsakringskassan",
        "arbetsformedlingen",
    ]


def test_only_the_agencies_the_model_names_approve(personas: Any, amia: Enrolment) -> None:
    from lotsa.organisations.models import Role
    from lotsa.testing.factories import MembershipFactory, UserFactory

    municipal = UserFactory(username="municipal_coach")
    MembershipFactory(
        user=municipal, unit=personas.joint_team, role=Role.COACH, employer=personas.municipality
    )
    document = write_final_document(actor=personas.fk_caseworker, enrolment=amia, text=TEXT)
    with pytest.raises(DomainError) as refused:
        approve_final_document(actor=municipal, document=document, day=TODAY)
    assert set(refused.value.errors) == {"day"}
    with pytest.raises(NotFound):
        approve_final_document(actor=personas.coach_a, document=document, day=TODAY)


def test_the_signed_documentation_goes_to_the_physician_only_with_consent(
    personas: Any, amia: Enrolment
) -> None:
    region = OrganisationFactory(name="Region Testland", kind=Organisation.Kind.REGION)
    document = write_final_document(actor=personas.fk_caseworker, enrolment=amia, text=TEXT)
    for caseworker in (personas.fk_caseworker, personas.af_caseworker):
        approve_final_document(actor=caseworker, document=document, day=TODAY)
    sign_final_document(actor=personas.fk_caseworker, document=document, day=TODAY)
    arguments = {
        "actor": personas.fk_caseworker,
        "document": document,
        "recipient_organisation": region,
        "recipient": "Behandlande läkare, vårdcentralen",
        "day": TODAY,
    }
    with pytest.raises(DomainError) as refused:
        send_final_document(**arguments)
    assert set(refused.value.errors) == {"recipient_organisation"}
    summary_only = Consent.objects.create(
        participant=amia.participant, kind="information_sharing", given_to=personas.fk,
        organisation=region, sharing_scope="summary", given_on=TODAY,
        recorded_by=personas.fk_caseworker,
    )  # fmt: skip
    with pytest.raises(DomainError):
        send_final_document(**arguments)
    full = Consent.objects.create(
        participant=amia.participant, kind="information_sharing", given_to=personas.fk,
        organisation=region, sharing_scope="full", given_on=TODAY,
        recorded_by=personas.fk_caseworker,
    )  # fmt: skip
    dispatch = send_final_document(**arguments)
    assert dispatch.consent == full != summary_only
    assert AuditEntry.objects.get(event=AuditEvent.DOCUMENT_SENT).changes["consent"] == full.pk


def test_the_pages_write_approve_sign_and_print_it(
    personas: Any, amia: Enrolment, client_for: Any
) -> None:
    revise_plan(
        actor=personas.fk_caseworker,
        enrolment=amia,
        plan=PlanInput(
            long_term_goal="Arbete inom handeln",
            sub_goals=["Praktik i butik"],
            items=[PlanItemInput(activity="Arbetsträning", status="done")],
        ),
    )
    fk, af = client_for(personas.fk_caseworker), client_for(personas.af_caseworker)
    url = f"/cases/{amia.pk}/final-documentation/"
    draft = fk.get(url).context["form"].initial
    assert "Arbete inom handeln" in draft["joint_planning"]
    assert "Arbetsträning" in draft["activities"]
    bad = fk.post(url, {"joint_planning": "", "activities": "x", "prerequisites": "maybe"})
    assert bad.status_code == 400
    assert {"joint_planning", "assessment", "prerequisites"} <= set(bad.context["form"].errors)
    saved = fk.post(url, TEXT.__dict__)
    assert saved.status_code == 302
    document = FinalDocument.objects.get()
    base = f"/final-documentation/{document.pk}"
    early = fk.post(f"{base}/sign/", {"day": TODAY})
    assert early.status_code == 400
    assert fk.post(f"{base}/approve/", {"day": TODAY}).status_code == 302
    assert af.post(f"{base}/approve/", {"day": TODAY}).status_code == 302
    assert af.post(f"{base}/sign/", {"day": TODAY}).status_code == 302
    pdf = af.get(f"{base}/document.pdf")
    assert pdf.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Försäkringskassan" in text and "Arbetsförmedlingen" in text
    assert personas.fk_caseworker.get_full_name() in text
    assert personas.af_caseworker.get_full_name() in text
    assert "arbete inom handeln på halvtid" in text  # the text the caseworkers wrote
    for persona in ("coach_a", "coach_b", "analyst"):
        other = client_for(getattr(personas, persona))
        assert other.get(f"{base}/").status_code == 404
        assert other.get(f"{base}/document.pdf").status_code == 404
        assert other.post(f"{base}/approve/", {"day": TODAY}).status_code == 404
    assert DocumentDispatch.objects.count() == 0
