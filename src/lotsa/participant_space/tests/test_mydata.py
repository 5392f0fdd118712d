"""My data: the person's consents (and withdrawing one), a copy of their data, and who has read
their record."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.utils import translation

from lotsa import access
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.audit.queries import audit_entries
from lotsa.audit.services import record
from lotsa.participant_space import queries
from lotsa.people import services as people
from lotsa.people.models import Consent, ConsentKind, SharingScope
from lotsa.testing.clock import TODAY
from lotsa.testing.databases import postgresql_only
from lotsa.testing.factories import EnrolmentFactory, ParticipantAccountFactory
from lotsa.testing.queries import page_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def me(personas):
    """The person of ``personas.own``, signed in to their own space."""
    return ParticipantAccountFactory.create(participants=[personas.own]).user


def _sharing_consent(personas, participant) -> Consent:
    return people.record_consent(
        actor=personas.coach_a,
        participant=participant,
        kind=ConsentKind.INFORMATION_SHARING,
        given_on=TODAY,
        given_to=personas.municipality,
        organisation=personas.fk,
        sharing_scope=SharingScope.FULL,
    )


def _last_entry() -> AuditEntry:
    return AuditEntry.objects.order_by("-sequence").first()


# ------------------------------------------------------------------ consents


def test_i_see_my_consents_and_not_anyone_elses(personas, me, client_for) -> None:
    _sharing_consent(personas, personas.own)
    people.record_consent(
        actor=personas.coach_a,
        participant=personas.same_unit,
        kind=ConsentKind.SURVEY,
        given_on=TODAY,
        given_to=personas.municipality,
    )
    page = client_for(me).get("/me/data/consents/")
    assert page.status_code == 200
    assert [(c.kind, c.organisation) for c in page.context["consents"]] == [
        (ConsentKind.INFORMATION_SHARING, personas.fk)
    ]
    assert "Försäkringskassan" in page.content.decode()


def test_withdrawing_shows_the_consequence_first_then_withdraws(personas, me, client_for) -> None:
    consent = _sharing_consent(personas, personas.own)
    client = client_for(me)
    url = f"/me/data/consents/{consent.pk}/withdraw/"
    confirm = client.get(url)
    with translation.override("sv"):
        consequence = queries.withdrawal_consequence(consent, easy_read=False)
    assert personas.fk.name in consequence
    assert consequence in confirm.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_on is None

    done = client.post(url, {"reason": ""})
    assert done.status_code == 302
    consent.refresh_from_db()
    assert (consent.withdrawn_on, consent.withdrawn_recorded_by) == (TODAY, me)
    entry = _last_entry()
    assert (entry.event, entry.participant_id, entry.actor) == (
        AuditEvent.CONSENT_WITHDRAWN,
        personas.own.pk,
        me,
    )
    # The other organisation's access ends with it.
    assert access.case_access(personas.fk_caseworker, personas.own.enrolments.get()) is None


def test_staff_see_on_today_the_consents_people_withdrew_themselves(
    personas, me, client_for
) -> None:
    mine = _sharing_consent(personas, personas.own)
    client_for(me).post(f"/me/data/consents/{mine.pk}/withdraw/", {"reason": ""})
    recorded_by_staff = _sharing_consent(personas, personas.same_unit)
    people.withdraw_consent(
        actor=personas.coach_a, consent=recorded_by_staff, withdrawn_on=TODAY, reason="Ångrade sig."
    )
    for staff in (personas.coach_a, personas.colleague_a):
        page = client_for(staff).get("/today/").context["page"]
        assert page.consents_withdrawn == ([mine] if staff == personas.coach_a else [])


def test_the_easy_read_consequence_is_in_plain_words(personas, me, client_for) -> None:
    consent = people.record_consent(
        actor=personas.coach_a,
        participant=personas.own,
        kind=ConsentKind.PARTICIPATION,
        given_on=TODAY,
        given_to=personas.municipality,
    )
    client = client_for(me)
    client.post("/me/reading/", {"easy": "1", "next": "/me/"})
    page = client.get(f"/me/data/consents/{consent.pk}/withdraw/")
    with translation.override("sv"):
        plain = queries.withdrawal_consequence(consent, easy_read=True)
        usual = queries.withdrawal_consequence(consent, easy_read=False)
    assert plain != usual
    assert page.context["consequence"] == plain


def test_another_persons_consent_is_not_found(personas, me, client_for) -> None:
    theirs = _sharing_consent(personas, personas.same_unit)
    client = client_for(me)
    for method in (client.get, client.post):
        assert method(f"/me/data/consents/{theirs.pk}/withdraw/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.withdrawn_on is None
    assert _last_entry().event == AuditEvent.ACCESS_DENIED


def test_the_service_refuses_a_participant_someone_elses_consent(personas, me) -> None:
    theirs = _sharing_consent(personas, personas.same_unit)
    with pytest.raises(Exception, match="people.consent"):
        people.withdraw_consent(actor=me, consent=theirs, withdrawn_on=TODAY, reason="")
    theirs.refresh_from_db()
    assert theirs.withdrawn_on is None


def test_staff_still_give_a_reason(personas) -> None:
    consent = _sharing_consent(personas, personas.own)
    with pytest.raises(Exception, match="reason"):
        people.withdraw_consent(
            actor=personas.coach_a, consent=consent, withdrawn_on=TODAY, reason=""
        )


# ------------------------------------------------------------------ a copy of my data


def test_my_copy_is_the_register_extract_of_my_own_record(personas, me, client_for) -> None:
    client = client_for(me)
    assert personas.unit_a.organisation.name in client.get("/me/data/copy/").content.decode()
    response = client.get(f"/me/data/copy/{personas.own.pk}.json")
    assert response.status_code == 200
    extract = json.loads(response.content)
    assert extract["participant"]["identity_number"] == personas.own.identity_number
    assert extract["extract"]["organisations"] == [personas.unit_a.organisation.name]
    assert [e["id"] for e in extract["enrolments"]] == [personas.own.enrolments.get().pk]
    entry = _last_entry()
    assert (entry.event, entry.participant_id, entry.actor, entry.changes) == (
        AuditEvent.PARTICIPANT_EXTRACTED,
        personas.own.pk,
        me,
        {"format": "json"},
    )


def test_my_copy_as_pdf(personas, me, client_for) -> None:
    response = client_for(me).get(f"/me/data/copy/{personas.own.pk}.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_a_copy_of_someone_elses_record_is_not_found(personas, me, client_for) -> None:
    client = client_for(me)
    before = AuditEntry.objects.filter(event=AuditEvent.PARTICIPANT_EXTRACTED).count()
    for suffix in ("json", "pdf"):
        assert client.get(f"/me/data/copy/{personas.same_unit.pk}.{suffix}").status_code == 404
    assert AuditEntry.objects.filter(event=AuditEvent.PARTICIPANT_EXTRACTED).count() == before


# ------------------------------------------------------------------ who has read my record


def test_i_see_who_read_my_record_in_plain_words(personas, me, client_for) -> None:
    enrolment = personas.own.enrolments.get()
    access.get_case_for(personas.coach_a, enrolment.pk)
    record(
        AuditEvent.PARTICIPANTS_LISTED,
        actor=personas.colleague_a,
        participants=[personas.own.pk, personas.same_unit.pk],
    )
    # Someone else's record, and a list without me: not mine to see.
    access.get_case_for(personas.coach_a, personas.same_unit.enrolments.get().pk)
    record(AuditEvent.PARTICIPANTS_LISTED, actor=personas.coach_b, participants=[0])
    client = client_for(me)
    client.get("/me/data/reads/")  # my own visit is mine, not a read by staff

    page = client.get("/me/data/reads/")
    rows = page.context["reads"]
    with translation.override("sv"):
        listed, case = (
            str(queries.READ_IN_PLAIN_WORDS[event])
            for event in (AuditEvent.PARTICIPANTS_LISTED, AuditEvent.ENROLMENT_VIEWED)
        )
    assert [(row.staff, row.what) for row in rows] == [
        (personas.colleague_a.get_full_name(), listed),
        (personas.coach_a.get_full_name(), case),
    ]
    assert rows[1].where == f"{personas.unit_a.name}, {personas.unit_a.organisation.name}"
    text = page.content.decode()
    assert "pathways.enrolment" not in text and f">{enrolment.pk}<" not in text
    entry = _last_entry()
    assert (entry.event, entry.actor, entry.changes["participants"]) == (
        AuditEvent.OWN_ACCESS_LOG_VIEWED,
        me,
        [personas.own.pk],
    )


def test_who_read_my_record_costs_the_same_however_long_the_trail(personas, me, client_for) -> None:
    client = client_for(me)
    access.get_case_for(personas.coach_a, personas.own.enrolments.get().pk)
    before = page_queries(client, "/me/data/reads/")
    for staff in (personas.colleague_a, personas.team_leader_a, personas.manager_a):
        access.get_case_for(staff, personas.own.enrolments.get().pk)
        record(AuditEvent.PARTICIPANTS_LISTED, actor=staff, participants=[personas.own.pk])
    assert page_queries(client, "/me/data/reads/") == before


def test_the_reads_are_paginated(personas, me, client_for) -> None:
    enrolment = personas.own.enrolments.get()
    for _ in range(queries.ACCESS_LOG_PAGE_SIZE + 1):
        access.record_case_view(personas.coach_a, enrolment)
    client = client_for(me)
    first = client.get("/me/data/reads/").context["reads"]
    second = client.get("/me/data/reads/?page=2").context["reads"]
    assert (len(first), len(second)) == (queries.ACCESS_LOG_PAGE_SIZE, 1)


def test_several_records_of_one_person_are_all_theirs(personas, client_for) -> None:
    elsewhere = EnrolmentFactory.create(unit=personas.unit_b, responsible_staff=personas.coach_b)
    user = ParticipantAccountFactory.create(participants=[personas.own, elsewhere.participant]).user
    access.get_case_for(personas.coach_b, elsewhere.pk)
    rows = client_for(user).get("/me/data/reads/").context["reads"]
    assert [row.staff for row in rows] == [personas.coach_b.get_full_name()]


# ------------------------------------------------------------------ the line around my data


@pytest.mark.parametrize(
    "url",
    ["/me/data/", "/me/data/consents/", "/me/data/copy/", "/me/data/reads/", "/me/messages/"],
)
def test_staff_are_not_found_on_my_pages(personas, client_for, url) -> None:
    assert client_for(personas.coach_a).get(url).status_code == 404


@pytest.mark.parametrize(
    "url", ["/me/data/", "/me/data/consents/", "/me/data/copy/", "/me/data/reads/"]
)
def test_my_pages_answer_in_both_readings(me, client_for, url) -> None:
    client = client_for(me)
    assert client.get(url).status_code == 200
    client.post("/me/reading/", {"easy": "1", "next": "/me/"})
    assert client.get(url).status_code == 200


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # On a short test trail the planner's choice follows its statistics; with whole scans
        # and single-index scans off, what remains shows whether the indexes can serve the
        # condition at all, as they must on a long trail.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@postgresql_only("SQLite has no index of JSON contents; there the reads are bounded by time")
def test_the_reads_of_my_record_are_found_through_indexes(personas, me) -> None:
    assert "Seq Scan on audit_auditentry" not in _plan(queries.reads_of_my_record(me)[:25])
    lists_naming_me = audit_entries(participant_ids=[personas.own.pk])
    assert "audit_listed_participants_idx" in _plan(lists_naming_me)
