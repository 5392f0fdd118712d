"""The log review as a reviewer uses it: entries in words, the filters, the export."""

from __future__ import annotations

import datetime
import html
import io
import re

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from lotsa.audit.kinds import EVENTS_OF_KIND, KIND_OF_EVENT, EventKind
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.audit.queries import RECORDS_NOT_TABLES
from lotsa.audit.services import record
from lotsa.organisations.models import Role
from lotsa.testing.factories import EnrolmentFactory, ParticipantFactory
from lotsa.testing.queries import page_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
REVIEW = "/administration/audit/"
EXPORT = "/administration/audit/export.xlsx"


def shown(response) -> list:  # type: ignore[no-untyped-def]
    return response.context["entries"]


def test_every_event_belongs_to_exactly_one_kind_and_has_words_of_its_own() -> None:
    listed = [event for events in EVENTS_OF_KIND.values() for event in events]
    assert sorted(listed) == sorted(AuditEvent) and len(listed) == len(set(listed))
    assert set(KIND_OF_EVENT.values()) == set(EventKind)
    for event in AuditEvent:
        assert str(event.label) and str(event.label) != event.value


@pytest.mark.parametrize(
    "persona",
    ["coach_a", "team_leader_a", "manager_a", "reviewer", "analyst", "records_officer"],
)
def test_only_administrators_review_or_export_the_trail(personas, client_for, persona) -> None:
    user = getattr(personas, persona)
    client = client_for(user)
    assert client.get(REVIEW).status_code == 403
    assert client.get(EXPORT).status_code == 403
    assert AuditEntry.objects.filter(event=AuditEvent.ACCESS_DENIED, actor=user).count() == 2
    assert not AuditEntry.objects.filter(
        event__in=[AuditEvent.AUDIT_REVIEWED, AuditEvent.AUDIT_EXPORTED]
    ).exists()


def test_signed_out_visitors_are_sent_to_sign_in(client) -> None:  # type: ignore[no-untyped-def]
    for path in (REVIEW, EXPORT):
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_entry_says_what_who_in_which_role_about_whom_which_record_when_and_where(
    personas, client_for
) -> None:
    client_for(personas.coach_a).get(f"/participants/{personas.own.pk}/", REMOTE_ADDR="192.0.2.7")
    response = client_for(personas.administrator).get(REVIEW, {"user": personas.coach_a.pk})
    assert response.status_code == 200
    viewed = next(e for e in shown(response) if e.participant_id == personas.own.pk)
    with translation.override("sv"):
        assert viewed.event == str(AuditEvent.PARTICIPANT_VIEWED.label)
        assert viewed.kind == str(EventKind.READ.label)
        assert viewed.roles == f"{Role.COACH.label}, {personas.unit_a.name}"
    assert viewed.staff == personas.coach_a.get_full_name()
    assert viewed.participant == personas.own.display_name
    assert viewed.record.endswith(str(personas.own.pk))
    # The administrator reviewing has no access to participants: no link to the person's page.
    assert viewed.record_url == ""
    assert viewed.address == "192.0.2.7"
    assert viewed.occurred_at.tzinfo is not None
    assert viewed.occurred_at.utcoffset() == timezone.localtime().utcoffset()
    page = response.content.decode()
    assert personas.own.display_name in page and personas.coach_a.get_full_name() in page


def test_records_the_reviewer_may_open_are_links(personas, client_for) -> None:
    record(AuditEvent.UNIT_UPDATED, actor=personas.administrator, obj=personas.unit_b)
    response = client_for(personas.administrator).get(REVIEW, {"event": "unit.update"})
    (entry,) = shown(response)
    assert entry.record_url == f"/administration/units/{personas.unit_b.pk}/"
    assert f'href="{entry.record_url}"' in response.content.decode()


def test_the_person_filter_finds_entries_about_them_and_lists_that_named_them(
    personas, client_for
) -> None:
    coach = client_for(personas.coach_a)
    coach.get(f"/participants/{personas.own.pk}/")
    coach.get(f"/participants/{personas.same_unit.pk}/")
    coach.get("/caseload/")
    admin = client_for(personas.administrator)
    response = admin.get(REVIEW, {"participant": personas.own.pk})
    events = {(e.event, e.participant_id) for e in response.context["page"]}
    assert (AuditEvent.PARTICIPANT_VIEWED, personas.own.pk) in events
    assert (AuditEvent.CASELOAD_VIEWED, None) in events
    assert all(
        e.participant_id == personas.own.pk or personas.own.pk in e.changes["participants"]
        for e in response.context["page"]
    )
    by_number = admin.get(REVIEW, {"participant": personas.own.identity_display})
    # The same entries, and now the first review of the person too.
    assert [e.pk for e in by_number.context["page"]][1:] == [e.pk for e in response.context["page"]]
    assert by_number.context["page"][0].event == AuditEvent.AUDIT_REVIEWED


def test_the_person_filter_takes_every_record_of_an_identity_number(personas, client_for) -> None:
    twin = ParticipantFactory.create(identity_number=personas.other_unit.identity_number)
    EnrolmentFactory.create(participant=twin, unit=personas.unit_a)
    client_for(personas.coach_b).get(f"/participants/{personas.other_unit.pk}/")
    client_for(personas.coach_a).get(f"/participants/{twin.pk}/")
    response = client_for(personas.administrator).get(
        REVIEW, {"participant": personas.other_unit.identity_display}
    )
    assert {e.participant_id for e in response.context["page"]} == {personas.other_unit.pk, twin.pk}


def test_staff_period_kind_and_event_filters_narrow_the_entries(
    personas, client_for, clock
) -> None:
    client_for(personas.coach_a).get(f"/participants/{personas.own.pk}/")
    first_day = timezone.localdate()
    clock.advance(days=2)
    client_for(personas.colleague_a).get(f"/participants/{personas.same_unit.pk}/")
    admin = client_for(personas.administrator)

    by_staff = admin.get(REVIEW, {"user": personas.colleague_a.pk}).context["page"]
    assert {e.actor_id for e in by_staff} == {personas.colleague_a.pk}

    day = admin.get(REVIEW, {"since": first_day, "until": first_day}).context["page"]
    assert {timezone.localdate(e.occurred_at) for e in day} == {first_day}
    assert personas.own.pk in {e.participant_id for e in day}
    assert personas.same_unit.pk not in {e.participant_id for e in day}

    sign_ins = admin.get(REVIEW, {"kind": EventKind.SIGN_IN}).context["page"]
    assert {e.event for e in sign_ins} == {AuditEvent.LOGIN_SUCCEEDED}
    assert len(sign_ins) == AuditEntry.objects.filter(event=AuditEvent.LOGIN_SUCCEEDED).count()

    opened = admin.get(REVIEW, {"event": AuditEvent.PARTICIPANT_VIEWED}).context["page"]
    assert {e.participant_id for e in opened} == {personas.own.pk, personas.same_unit.pk}
    both = admin.get(
        REVIEW, {"event": AuditEvent.PARTICIPANT_VIEWED, "user": personas.coach_a.pk}
    ).context["page"]
    assert [e.participant_id for e in both] == [personas.own.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"since": "2026-05-01", "until": "2026-04-01"}, "until"),
        ({"since": "2026-13-01"}, "since"),
        ({"participant": "19850505-0000"}, "participant"),
        ({"participant": "not a number"}, "participant"),
        ({"user": "999999"}, "user"),
        ({"kind": "everything"}, "kind"),
        ({"event": "participant.peek"}, "event"),
    ],
)
def test_bad_filters_are_refused_next_to_their_field(personas, client_for, params, field) -> None:
    admin = client_for(personas.administrator)
    for path in (REVIEW, EXPORT):
        response = admin.get(path, params)
        assert response.status_code == 400
        assert list(response.context["form"].errors) == [field]
        assert f'id="id_{field}_error"' in response.content.decode()
    assert not AuditEntry.objects.filter(
        event__in=[AuditEvent.AUDIT_REVIEWED, AuditEvent.AUDIT_EXPORTED]
    ).exists()


def test_the_review_is_paginated_and_itself_recorded(personas, client_for) -> None:
    for _ in range(60):
        record(AuditEvent.PARTICIPANT_VIEWED, actor=personas.coach_a, obj=personas.own,
               participant_id=personas.own.pk)  # fmt: skip
    admin = client_for(personas.administrator)
    first = admin.get(REVIEW, {"participant": personas.own.pk})
    older = re.search(r'href="\?([^"]*page=2)"', first.content.decode())
    assert older is not None
    second = admin.get(f"{REVIEW}?{html.unescape(older.group(1))}")
    # The review's own entry, written meanwhile, does not move the next page.
    assert len(shown(first)) == 50 and len(shown(second)) == 10
    assert 'name="upto"' not in second.content.decode()
    assert {e.sequence for e in shown(first)}.isdisjoint(e.sequence for e in shown(second))
    reviews = AuditEntry.objects.filter(event=AuditEvent.AUDIT_REVIEWED).order_by("sequence")
    assert [(e.participant_id, e.changes) for e in reviews] == [
        (personas.own.pk, {"participant": [personas.own.pk]})
    ] * 2


def _entries_about(personas, people: int) -> None:  # type: ignore[no-untyped-def]
    """Entries of several kinds about as many people, with their cases and units."""
    for _ in range(people):
        enrolment = EnrolmentFactory.create(unit=personas.unit_a)
        record(AuditEvent.ENROLMENT_VIEWED, actor=personas.coach_a, obj=enrolment,
               participant_id=enrolment.participant_id)  # fmt: skip
        record(AuditEvent.PARTICIPANT_VIEWED, actor=personas.colleague_a,
               obj=enrolment.participant, participant_id=enrolment.participant_id)  # fmt: skip
        record(AuditEvent.UNIT_UPDATED, actor=personas.administrator, obj=personas.unit_b)
        record(AuditEvent.CASELOAD_VIEWED, actor=personas.team_leader_a,
               participants=[enrolment.participant_id, personas.own.pk])  # fmt: skip


# The session and its user, the reviewer's roles, the count and the page of entries, the staff's
# memberships, the people named, which of them and of their cases the reviewer may open, the
# review's own entry, the staff to choose from in the filter and the last entry, where the
# review's pages begin.
REVIEW_QUERIES = 12


def test_the_review_costs_the_same_however_many_entries_it_shows(personas, client_for) -> None:
    admin = client_for(personas.administrator)
    _entries_about(personas, 2)
    few = page_queries(admin, REVIEW)
    _entries_about(personas, 12)
    many = page_queries(admin, REVIEW)
    assert few == many == REVIEW_QUERIES


def test_the_export_holds_the_filtered_entries_in_words_and_is_recorded(
    personas, client_for
) -> None:
    client_for(personas.coach_a).get(f"/participants/{personas.own.pk}/")
    client_for(personas.colleague_a).get(f"/participants/{personas.same_unit.pk}/")
    admin = client_for(personas.administrator)
    wanted = {"user": personas.coach_a.pk, "kind": EventKind.READ}
    page = admin.get(REVIEW, wanted)
    response = admin.get(EXPORT, wanted)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert len(header) == len(rows[0])
    assert [row[0] for row in rows] == [e.sequence for e in shown(page)]
    opened = next(row for row in rows if row[6] == personas.own.pk)
    with translation.override("sv"):
        assert opened[3] == str(AuditEvent.PARTICIPANT_VIEWED.label)
    assert opened[4] == personas.coach_a.get_full_name()
    assert opened[7] == personas.own.display_name
    assert isinstance(opened[1], datetime.datetime)
    exported = AuditEntry.objects.get(event=AuditEvent.AUDIT_EXPORTED)
    assert exported.actor == personas.administrator
    assert exported.changes == {
        "user": personas.coach_a.pk,
        "kind": EventKind.READ.value,
        "entries": len(rows),
    }


def test_records_that_are_not_tables_are_named_in_words(personas, client_for) -> None:
    client_for(personas.coach_a).get("/caseload/")
    response = client_for(personas.administrator).get(REVIEW, {"event": AuditEvent.CASELOAD_VIEWED})
    (entry,) = shown(response)
    with translation.override("sv"):
        assert entry.record == str(RECORDS_NOT_TABLES["pathways.caseload"])
    assert entry.listed == 1
    assert "pathways.caseload" not in response.content.decode()
