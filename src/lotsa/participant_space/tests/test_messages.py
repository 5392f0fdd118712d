"""Messages from a participant to their responsible staff: sent from the own space, told by an
e-mail without content, read from the Today page or the case page."""

from __future__ import annotations

import pytest
from django.core import mail

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.participant_space.models import Message
from lotsa.participant_space.services import MESSAGE_MAX_LENGTH
from lotsa.testing.factories import ParticipantAccountFactory
from lotsa.testing.queries import page_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

TEXT = "Jag kan inte komma på torsdag, kan vi ses på fredag i stället?"


@pytest.fixture
def me(personas):
    personas.coach_a.email = "coach.a@example.org"
    personas.coach_a.save(update_fields=["email"])
    return ParticipantAccountFactory.create(participants=[personas.own]).user


def _send(client, enrolment, text=TEXT):
    return client.post("/me/messages/", {"enrolment": enrolment.pk, "text": text})


def _last_entry() -> AuditEntry:
    return AuditEntry.objects.order_by("-sequence").first()


def test_a_message_reaches_the_responsible_staff_without_its_text_in_the_email(
    personas, me, client_for, django_capture_on_commit_callbacks
) -> None:
    enrolment = personas.own.enrolments.get()
    client = client_for(me)
    with django_capture_on_commit_callbacks(execute=True):
        assert _send(client, enrolment).status_code == 302
    message = Message.objects.get()
    assert (message.enrolment, message.text, message.read_at) == (enrolment, TEXT, None)
    entry = _last_entry()
    assert (entry.event, entry.participant_id, entry.actor) == (
        AuditEvent.MESSAGE_SENT,
        personas.own.pk,
        me,
    )
    [email] = mail.outbox
    assert email.to == ["coach.a@example.org"]
    assert f"/messages/{message.pk}/" in email.body
    assert TEXT not in email.body and TEXT not in email.subject
    assert personas.own.last_name not in email.body
    sent = client.get("/me/messages/").context["sent"]
    assert [(m.pk, m.read_at) for m in sent] == [(message.pk, None)]


@pytest.mark.parametrize(
    ("text", "field"), [("", "text"), ("x" * (MESSAGE_MAX_LENGTH + 1), "text")]
)
def test_an_empty_or_long_message_is_refused_at_its_field(
    personas, me, client_for, text, field
) -> None:
    response = _send(client_for(me), personas.own.enrolments.get(), text)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Message.objects.exists()


def test_a_message_to_someone_elses_case_is_refused(personas, me, client_for) -> None:
    response = _send(client_for(me), personas.same_unit.enrolments.get())
    assert response.status_code == 400
    assert response.context["form"].errors["enrolment"]
    assert not Message.objects.exists()


def test_staff_see_the_unread_message_today_and_on_the_case_and_opening_reads_it(
    personas, me, client_for
) -> None:
    enrolment = personas.own.enrolments.get()
    _send(client_for(me), enrolment)
    message = Message.objects.get()
    staff = client_for(personas.coach_a)
    assert [m.pk for m in staff.get("/today/").context["page"].messages] == [message.pk]
    assert [m.pk for m in staff.get(f"/cases/{enrolment.pk}/").context["unread_messages"]] == [
        message.pk
    ]
    page = staff.get(f"/messages/{message.pk}/")
    assert page.status_code == 200
    assert TEXT in page.content.decode()
    message.refresh_from_db()
    assert (message.read_by, message.read_at is not None) == (personas.coach_a, True)
    entry = _last_entry()
    assert (entry.event, entry.participant_id, entry.actor) == (
        AuditEvent.MESSAGE_READ,
        personas.own.pk,
        personas.coach_a,
    )
    assert staff.get("/today/").context["page"].messages == []
    assert client_for(me).get("/me/messages/").context["sent"][0].read_at is not None


def test_staff_who_may_not_see_the_case_are_not_found(personas, me, client_for) -> None:
    _send(client_for(me), personas.own.enrolments.get())
    message = Message.objects.get()
    for outsider in (personas.coach_b, personas.fk_caseworker, personas.analyst):
        assert client_for(outsider).get(f"/messages/{message.pk}/").status_code == 404
    message.refresh_from_db()
    assert message.read_at is None


def test_a_participant_reaches_no_staff_message_page(personas, me, client_for) -> None:
    _send(client_for(me), personas.own.enrolments.get())
    message = Message.objects.get()
    assert client_for(me).get(f"/messages/{message.pk}/").status_code == 404


def test_i_see_only_my_own_sent_messages(personas, me, client_for) -> None:
    _send(client_for(me), personas.own.enrolments.get())
    someone = ParticipantAccountFactory.create(participants=[personas.same_unit]).user
    assert client_for(someone).get("/me/messages/").context["sent"] == []


def test_the_pages_cost_the_same_however_many_messages(personas, me, client_for) -> None:
    staff = client_for(personas.coach_a)
    participant = client_for(me)
    _send(participant, personas.own.enrolments.get())
    before = (page_queries(staff, "/today/"), page_queries(participant, "/me/messages/"))
    for _ in range(3):
        _send(participant, personas.own.enrolments.get())
    after = (page_queries(staff, "/today/"), page_queries(participant, "/me/messages/"))
    assert after == before
