"""Typed meetings of the joint case: who took part by agency and role, what was agreed, the
next booking, each caseworker's reflection, and the joint assessment of programme capacity."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.casework.models import Contact, Meeting, MeetingReflection
from lotsa.casework.queries import case_record
from lotsa.casework.services import AttendeeInput, record_meeting, write_reflection
from lotsa.errors import DomainError, NotFound
from lotsa.pathways.models import Enrolment, Milestone

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
TEAM = [
    AttendeeInput("participant"),
    AttendeeInput("fk", "Handläggare", "Fia Försäkring"),
    AttendeeInput("af", "Arbetsförmedlare", "Arne Arbete"),
]


@pytest.fixture
def amia(personas: Any) -> Enrolment:
    return Enrolment.objects.get(participant=personas.joint)


def meet(personas: Any, enrolment: Enrolment, **overrides: Any) -> Meeting:
    values: dict[str, Any] = {
        "actor": personas.fk_caseworker,
        "enrolment": enrolment,
        "meeting_type": "joint_follow_up",
        "occurred_at": timezone.now() - datetime.timedelta(days=2),
        "mode": "face_to_face",
        "place": "office",
        "attendees": TEAM,
        "duration_minutes": 60,
        "note": "Deltagaren berättade om promenadgruppen.",
        "agreed": "Pröva arbetsträning två förmiddagar i veckan.",
        "next_meeting_at": timezone.now() + datetime.timedelta(days=21),
    }
    return record_meeting(**(values | overrides))


def test_a_meeting_is_a_contact_with_its_parties_and_counts_for_the_joint_follow_up(
    personas: Any, amia: Enrolment
) -> None:
    meeting = meet(personas, amia)
    contact = Contact.objects.get(meeting=meeting)
    assert sorted(contact.parties) == ["af", "fk", "participant"]
    assert [a.party for a in meeting.attendees.all()] == ["participant", "fk", "af"]
    record = case_record(amia)
    joint = next(d for d in record["deadlines"] if d.code == "joint_follow_up")
    assert joint.due_on == contact.occurred_on + datetime.timedelta(days=30)
    assert record["meetings"].latest == [meeting]
    assert record["meetings"].next_booked == meeting.next_meeting_at
    entry = AuditEntry.objects.get(event=AuditEvent.MEETING_RECORDED)
    assert entry.changes["attendees"] == ["af", "fk", "participant"]


def test_the_joint_assessment_records_capacity_and_prompts_the_exit_without_it(
    personas: Any, amia: Enrolment, client_for: Any
) -> None:
    with pytest.raises(DomainError) as missing:
        meet(personas, amia, meeting_type="capacity_assessment")
    assert set(missing.value.errors) == {"capacity"}
    with pytest.raises(DomainError) as misplaced:
        meet(personas, amia, capacity="yes")
    assert set(misplaced.value.errors) == {"capacity"}
    meet(personas, amia, meeting_type="capacity_assessment", capacity="no")
    assessed = Milestone.objects.get(enrolment=amia, code="capacity_assessed")
    assert assessed.occurred_on == timezone.localdate() - datetime.timedelta(days=2)
    page = client_for(personas.af_caseworker).get(f"/cases/{amia.pk}/")
    assert page.context["open_form"] == "exit"
    assert page.context["forms"]["exit"].initial["reason"] == "no_programme_capacity"
    assert "ingen programförmåga" in page.content.decode()


def test_each_caseworker_writes_one_reflection(personas: Any, amia: Enrolment) -> None:
    meeting = meet(personas, amia)
    write_reflection(actor=personas.fk_caseworker, meeting=meeting, text="Bra att läkaren kom.")
    write_reflection(actor=personas.af_caseworker, meeting=meeting, text="Nästa gång: praktik.")
    with pytest.raises(DomainError):
        write_reflection(actor=personas.af_caseworker, meeting=meeting, text="Igen")
    with pytest.raises(NotFound):
        write_reflection(actor=personas.coach_a, meeting=meeting, text="Utifrån")
    assert MeetingReflection.objects.filter(meeting=meeting).count() == 2


def test_the_meeting_pages_record_show_and_refuse(
    personas: Any, amia: Enrolment, client_for: Any
) -> None:
    client = client_for(personas.af_caseworker)
    url = f"/cases/{amia.pk}/meetings/new/"
    form_page = client.get(f"{url}?type=reconciliation")
    assert form_page.status_code == 200
    parties = [row.initial.get("party") for row in form_page.context["attendees"].forms]
    assert parties[:4] == ["participant", "fk", "af", "physician"]
    management = {"attendees-TOTAL_FORMS": "6", "attendees-INITIAL_FORMS": "0"}
    posted = {
        "meeting_type": "reconciliation",
        "occurred_at": (timezone.localtime() - datetime.timedelta(hours=3)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "duration_minutes": "45",
        "mode": "face_to_face",
        "place": "office",
        "note": "Läkaren bedömer att arbetsträning är lämplig.",
        "agreed": "Arbetsträning på halvtid.",
        "attendees-0-party": "participant",
        "attendees-1-party": "physician",
        "attendees-1-role": "Behandlande läkare",
        "attendees-2-party": "af",
    } | management
    bad = client.post(
        url,
        posted
        | {
            "meeting_type": "tea",
            "attendees-0-party": "",
            "attendees-1-party": "",
            "attendees-2-party": "",
        },
    )
    assert bad.status_code == 400
    assert {"meeting_type"} <= set(bad.context["form"].errors)
    assert not Meeting.objects.exists()
    saved = client.post(url, posted)
    assert saved.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.contact.with_treatment_team and not meeting.contact.with_fk
    shown = client.get(f"/meetings/{meeting.pk}/")
    assert "Behandlande läkare" in shown.content.decode()
    reflected = client.post(f"/meetings/{meeting.pk}/", {"text": "Läkarens bild hjälpte."})
    assert reflected.status_code == 302
    assert client.get(f"/meetings/{meeting.pk}/").context["may_reflect"] is False
    for persona in ("coach_a", "coach_b", "analyst"):
        other = client_for(getattr(personas, persona))
        assert other.get(f"/meetings/{meeting.pk}/").status_code == 404
        assert other.get(url).status_code == 404
    # Opened twice, and once more to write the reflection; the refusals opened nothing.
    assert AuditEntry.objects.filter(event=AuditEvent.MEETING_VIEWED).count() == 3


def test_a_shared_summary_shows_the_next_meeting(
    personas: Any, two_orgs: Any, client_for: Any
) -> None:
    amia = two_orgs["summary"].enrolments.get(programme_model="amia")
    meeting = meet(personas, amia)
    page = client_for(personas.coach_a).get(f"/cases/{amia.pk}/")
    assert page.status_code == 200
    assert page.context["next_meeting"] == meeting.next_meeting_at
    assert "Pröva arbetsträning" not in page.content.decode()
