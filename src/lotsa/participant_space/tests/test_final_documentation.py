"""The participant reads and signs the final documentation of their joint case in their own
space: exactly the version shown, only once every agency has approved it, and it is locked."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lotsa.accounts.sign_in_method import PASSKEY, SESSION_KEY
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.documents.models import FinalDocument
from lotsa.documents.services import (
    FinalText,
    approve_final_document,
    sign_final_document,
    write_final_document,
)
from lotsa.errors import DomainError
from lotsa.organisations.models import Organisation
from lotsa.participant_space import services
from lotsa.participant_space.models import ParticipantAccount, Signature, SignedDocument
from lotsa.participant_space.signing import content_hash, final_document_content
from lotsa.pathways.models import Enrolment, Milestone
from lotsa.testing.clock import TODAY
from lotsa.testing.factories import ParticipantAccountFactory
from lotsa.testing.personas import Personas
from lotsa.testing.queries import statements

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

TEXT = FinalText(
    joint_planning="Goal: half-time work in retail.",
    activities="A walking group, work training in a shop.",
    prerequisites="partly",
    assessment="Can take part in work-preparatory efforts at the employment service.",
)


@dataclass
class Joint:
    personas: Personas
    enrolment: Enrolment
    account: ParticipantAccount

    def client(self, client_for: Callable[..., Client]) -> Client:
        client = client_for(self.account.user)
        client.cookies["django_language"] = "en"
        session = client.session
        session[SESSION_KEY] = PASSKEY
        session.save()
        return client

    def write(self, text: FinalText = TEXT) -> FinalDocument:
        return write_final_document(
            actor=self.personas.fk_caseworker, enrolment=self.enrolment, text=text
        )

    def approve(self, document: FinalDocument, *caseworkers: str) -> None:
        for name in caseworkers:
            approve_final_document(actor=getattr(self.personas, name), document=document, day=TODAY)


@pytest.fixture
def joint(personas: Personas) -> Joint:
    enrolment = Enrolment.objects.get(participant=personas.joint)
    return Joint(personas, enrolment, ParticipantAccountFactory(participants=[personas.joint]))


def _shown_hash(document: FinalDocument) -> str:
    fresh = FinalDocument.objects.prefetch_related("approvals").get(pk=document.pk)
    return content_hash(final_document_content(fresh))


def _sign(client: Client, document: FinalDocument, shown: str) -> tuple[int, str]:
    url = reverse("me:sign-final-documentation", args=[document.pk])
    response = client.post(url, {"content_hash": shown})
    return response.status_code, response.content.decode()


def test_the_page_shows_exactly_the_versions_of_my_own_cases(
    joint: Joint, client_for: Callable[..., Client], case: Callable[..., Enrolment]
) -> None:
    first = joint.write()
    joint.approve(first, "fk_caseworker")
    joint.write(FinalText(**{**TEXT.__dict__, "activities": "Work training in a warehouse."}))
    started = TODAY - datetime.timedelta(days=60)
    someone_else = case("amia", referred_on=started, started_on=started)
    others = write_final_document(
        actor=joint.personas.coach_a,
        enrolment=someone_else,
        text=FinalText(**{**TEXT.__dict__, "joint_planning": "Someone else's planning."}),
    )
    client = joint.client(client_for)
    before = AuditEntry.objects.count()
    text = client.get(reverse("me:final-documents")).content.decode()
    assert "Work training in a warehouse." in text and TEXT.activities in text
    assert "Someone else&#x27;s planning." not in text
    fk, af = (
        str(kind.label)
        for kind in (Organisation.Kind.FORSAKRINGSKASSAN, Organisation.Kind.ARBETSFORMEDLINGEN)
    )
    assert f"<li>{fk}: approved on {TODAY:%Y-%m-%d}</li><li>{af}: not approved yet</li>" in text
    assert "You can sign once every agency has approved this version." in text
    [viewed] = AuditEntry.objects.order_by("sequence")[before:]
    assert (viewed.event, viewed.participant_id, viewed.changes["page"]) == (
        AuditEvent.OWN_RECORD_VIEWED.value,
        joint.enrolment.participant_id,
        "final_documentation",
    )
    refused = _sign(client, others, _shown_hash(others))
    assert refused[0] == 404
    denied = AuditEntry.objects.filter(event=AuditEvent.ACCESS_DENIED.value).get()
    assert denied.participant_id == someone_else.participant_id
    easy = client.post(reverse("me:reading"), {"easy": "1", "next": "/me/documents/"})
    assert "Who has said yes" in client.get(easy.url).content.decode()


def test_the_page_reads_as_many_queries_however_many_versions(
    joint: Joint, client_for: Callable[..., Client]
) -> None:
    joint.approve(joint.write(), "fk_caseworker", "af_caseworker")
    client = joint.client(client_for)
    client.get(reverse("me:final-documents"))  # the session and caches warmed

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("me:final-documents")).status_code == 200
        return statements(captured)

    few = queries()
    for _ in range(3):
        joint.approve(joint.write(), "fk_caseworker")
    assert queries() == few


def test_the_participant_cannot_sign_before_every_agency_has_approved(
    joint: Joint, client_for: Callable[..., Client]
) -> None:
    document = joint.write()
    joint.approve(document, "fk_caseworker")
    status, text = _sign(joint.client(client_for), document, _shown_hash(document))
    assert status == 400
    assert "once every agency has approved it: Arbetsförmedlingen" in text
    with pytest.raises(DomainError) as refused:
        services.sign_final_documentation(
            actor=joint.account.user,
            document=document,
            shown_hash=_shown_hash(document),
            sign_in_method=PASSKEY,
        )
    assert set(refused.value.errors) == {"content_hash"}
    assert not Signature.objects.exists()
    assert FinalDocument.objects.get(pk=document.pk).signed_on is None


def test_signing_the_version_shown_locks_it_and_derives_the_milestone(
    joint: Joint, client_for: Callable[..., Client]
) -> None:
    document = joint.write()
    joint.approve(document, "fk_caseworker", "af_caseworker")
    shown = _shown_hash(document)
    client = joint.client(client_for)
    assert _sign(client, document, shown)[0] == 302
    signature = Signature.objects.get()
    assert (signature.document, signature.object_id, signature.content_hash) == (
        SignedDocument.FINAL_DOCUMENTATION,
        document.pk,
        shown,
    )
    assert signature.content["activities"] == TEXT.activities
    assert [a["agency"] for a in signature.content["approvals"]] == [
        "forsakringskassan",
        "arbetsformedlingen",
    ]
    assert (signature.account, signature.sign_in_method) == (joint.account, PASSKEY)
    signed = FinalDocument.objects.get(pk=document.pk)
    assert (signed.signed_on, signed.signature_recorded_by) == (TODAY, None)
    milestone = Milestone.objects.get(enrolment=joint.enrolment, code="final_documentation_signed")
    assert (milestone.occurred_on, milestone.derived) == (TODAY, True)
    entry = AuditEntry.objects.filter(event=AuditEvent.PARTICIPANT_SIGNED.value).get()
    assert (entry.participant_id, entry.actor_id, entry.changes["content_hash"]) == (
        joint.enrolment.participant_id,
        joint.account.user.pk,
        shown,
    )
    text = client.get(reverse("me:final-documents")).content.decode()
    assert "signed in with passkey" in text
    assert "Sign the final documentation" not in text
    # Signed once: neither the participant nor staff sign it again, and nobody changes it.
    status, again = _sign(client, document, shown)
    assert status == 400 and "signed the documentation already" in again
    assert Signature.objects.count() == 1
    with pytest.raises(DomainError):
        sign_final_document(actor=joint.personas.af_caseworker, document=signed, day=TODAY)
    with pytest.raises(DomainError):
        write_final_document(
            actor=joint.personas.fk_caseworker,
            enrolment=joint.enrolment,
            text=TEXT,
            document=signed,
        )
    with pytest.raises(DomainError):
        approve_final_document(actor=joint.personas.fk_caseworker, document=signed, day=TODAY)
    assert _shown_hash(signed) == shown


def test_a_changed_or_older_version_is_not_signed(
    joint: Joint, client_for: Callable[..., Client]
) -> None:
    document = joint.write()
    joint.approve(document, "fk_caseworker", "af_caseworker")
    client = joint.client(client_for)
    status, text = _sign(client, document, "0" * 64)
    assert status == 409 and "This changed after the page was opened" in text
    shown = _shown_hash(document)
    newer = joint.write(FinalText(**{**TEXT.__dict__, "assessment": "A new assessment."}))
    joint.approve(newer, "fk_caseworker", "af_caseworker")
    assert _sign(client, document, shown)[0] == 409
    assert not Signature.objects.exists()
    assert FinalDocument.objects.get(pk=document.pk).signed_on is None


def test_the_staff_page_shows_how_the_participant_signed(
    joint: Joint, client_for: Callable[..., Client]
) -> None:
    in_lotsa = joint.write()
    joint.approve(in_lotsa, "fk_caseworker", "af_caseworker")
    assert _sign(joint.client(client_for), in_lotsa, _shown_hash(in_lotsa))[0] == 302
    staff = client_for(joint.personas.fk_caseworker)
    staff.cookies["django_language"] = "en"
    page = staff.get(reverse("documents:document", args=[in_lotsa.pk])).content.decode()
    assert (
        f"Signed by the participant in Lotsa on {TODAY:%Y-%m-%d}, signed in with passkey." in page
    )
    on_paper = joint.write()
    joint.approve(on_paper, "fk_caseworker", "af_caseworker")
    sign_final_document(actor=joint.personas.af_caseworker, document=on_paper, day=TODAY)
    page = staff.get(reverse("documents:document", args=[on_paper.pk])).content.decode()
    assert "signed in with" not in page
    assert f"read and signed on {TODAY:%Y-%m-%d}" in page
    text = joint.client(client_for).get(reverse("me:final-documents")).content.decode()
    assert f"Signed on paper on {TODAY:%Y-%m-%d}, recorded by staff." in text
