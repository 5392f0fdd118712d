"""Reads of participants for pages and the API, always scoped by ``lotsa.access``."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.core.extracts import Row, fields_of, staff_name
from lotsa.pathways.models import Enrolment
from lotsa.people.identity import candidate_numbers
from lotsa.people.models import IDENTIFYING_FIELDS, Consent, ConsentKind, Participant

SEARCH_LIMIT = 50


def participants_listed_for(
    user: Actor, text: str = "", *, limit: int = SEARCH_LIMIT
) -> list[Participant]:
    """The participants list of pages and the API: a search when ``text`` is given, else the
    user's participants with an open case.

    A text that is a valid identity number of either country matches that number exactly;
    otherwise every word must begin the first name, last name or code name. The people listed
    are written to the audit trail (not the search text, which may be an identity number).
    """
    text = text.strip()
    if text:
        found = participants_matching(access.participants_visible_to(user), text)[:limit]
    else:
        found = _with_open_case(user)[:limit]
    results = list(found)
    record(
        AuditEvent.PARTICIPANTS_LISTED,
        actor=user,
        object_type="people.participant",
        changes={"participants": [participant.pk for participant in results]},
    )
    return results


def participants_matching(queryset: QuerySet[Participant], text: str) -> QuerySet[Participant]:
    text = " ".join(text.split())
    numbers = candidate_numbers(text)
    if numbers:
        return queryset.filter(identity_number__in=numbers)
    for word in text.split(" "):
        if word:
            queryset = queryset.filter(
                Q(first_name__istartswith=word)
                | Q(last_name__istartswith=word)
                | Q(code_name__istartswith=word)
            )
    return queryset.order_by("last_name", "first_name", "code_name")


def enrolments_of(user: Actor, participant: Participant) -> QuerySet[Enrolment]:
    """The participant's enrolments the user may see (those another organisation shares under
    the participant's consent included), newest first."""
    return (
        access.enrolments_visible_to(user, summary=True)
        .filter(participant=participant)
        .select_related("unit__organisation", "responsible_staff")
        .order_by("-referral_date", "-id")
    )


def consents_of(user: Actor, participant: Participant) -> QuerySet[Consent]:
    """The consent history the user's organisations are party to (given to one of them, or
    sharing with one of them), withdrawn ones included, newest first. A consent given to
    another organisation would tell of a case the user may not know of."""
    organisations = access.organisation_ids_for(user, access.Action.VIEW_PARTICIPANT)
    return (
        Consent.objects.filter(participant=participant)
        .filter(Q(given_to_id__in=organisations) | Q(organisation_id__in=organisations))
        .select_related("given_to", "organisation", "recorded_by", "withdrawn_recorded_by")
        .order_by("-given_on", "-id")
    )


def has_consent(
    participant: Participant,
    kind: str,
    *,
    on: datetime.date | None = None,
    given_to: Any = None,
    organisation: Any = None,
) -> bool:
    """Does the participant have a consent of this kind in force on the day (default today),
    given to ``given_to`` where one is named?

    Information sharing is only in force for the organisation it names.
    """
    consents = Consent.objects.in_force_on(on or timezone.localdate()).filter(
        participant=participant, kind=kind
    )
    if given_to is not None:
        consents = consents.filter(given_to=given_to)
    if organisation is not None:
        consents = consents.filter(organisation=organisation)
    return consents.exists()


def sharing_consent(
    participant_id: int,
    *,
    shared_by: int,
    shared_with: Any,
    on: datetime.date,
    scopes: tuple[str, ...] = (),
) -> Consent | None:
    """The participant's latest consent in force on the day that lets the organisation
    ``shared_by`` (its id) share with ``shared_with``, in one of ``scopes`` where any are named;
    None when there is none."""
    consents = Consent.objects.in_force_on(on).filter(
        participant_id=participant_id,
        kind=ConsentKind.INFORMATION_SHARING,
        given_to_id=shared_by,
        organisation=shared_with,
    )
    if scopes:
        consents = consents.filter(sharing_scope__in=scopes)
    return consents.order_by("-given_on", "-id").first()


def withdrawn_consent(
    participant_id: int, kind: str, unit_id: int, *, on: datetime.date | None = None
) -> Consent | None:
    """The participant's latest withdrawn consent of this kind given to the organisation of the
    unit, when none of that kind is in force on the day: what they took back, and when. One
    query, whether or not the unit has been read: every write to a case asks it."""
    day = on or timezone.localdate()
    consents = list(
        Consent.objects.filter(participant_id=participant_id, kind=kind, given_to__units=unit_id)
    )
    if any(consent.is_in_force(day) for consent in consents):
        return None
    withdrawn = [c for c in consents if c.withdrawn_on is not None and c.withdrawn_on <= day]
    return max(withdrawn, key=lambda c: (c.withdrawn_on, c.pk), default=None)


def declined_statistics(enrolment_path: str = "") -> Q:
    """Rows (enrolments, or records reached through ``enrolment_path``) of participants who
    declined the use of their data for statistics: they were asked by the organisation of the
    enrolment's unit, and no consent to it is in force today (it was withdrawn or has expired).
    Research exports and pseudonymous record lists leave them out; counts stay complete."""
    consents = Consent.objects.filter(
        participant_id=OuterRef(f"{enrolment_path}participant_id"),
        kind=ConsentKind.STATISTICS,
        given_to_id=OuterRef(f"{enrolment_path}unit__organisation_id"),
    )
    return Q(Exists(consents)) & ~Q(Exists(consents.in_force_on(timezone.localdate())))


def consent_for(user: Actor, participant: Participant, consent_id: object) -> Consent:
    """One of the consents ``consents_of`` shows the user, for the user to change; otherwise
    404 (logged)."""
    try:
        key: int | None = int(str(consent_id))
    except ValueError:
        key = None
    consent = (
        consents_of(user, participant).filter(pk=key).select_related("participant").first()
        if key is not None
        else None
    )
    if consent is None:
        access.refuse(
            user,
            access.Action.CHANGE_PARTICIPANT,
            object_type="people.consent",
            object_id=consent_id,
            participant_id=participant.pk,
        )
    return consent


def _with_open_case(user: Actor) -> QuerySet[Participant]:
    """The user's participants with an open enrolment in one of the user's units."""
    open_here = Enrolment.objects.filter(
        unit_id__in=access.unit_ids_for(user, access.Action.VIEW_PARTICIPANT), end_date__isnull=True
    )
    return (
        access.participants_visible_to(user)
        .filter(pk__in=open_here.values("participant_id"))
        .prefetch_related(Prefetch("enrolments", queryset=Enrolment.objects.select_related("unit")))
        .order_by("last_name", "first_name", "code_name")
    )


def participants_found_for_extract(user: Actor, text: str) -> list[Participant]:
    """The people a records officer may produce an extract of whose identity number (either
    country's, in any form it is written) or code name the text is; the people found are
    written to the audit trail, the text is not. Someone of another organisation is not found."""
    text = " ".join(text.split())
    people = access.participants_for_extract(user)
    numbers = candidate_numbers(text)
    found = (
        people.filter(identity_number__in=numbers)
        if numbers
        else people.filter(code_name__iexact=text)
    )
    results = list(found.order_by("last_name", "first_name", "code_name")[:SEARCH_LIMIT])
    record(
        AuditEvent.PARTICIPANTS_LISTED,
        actor=user,
        object_type="people.participant",
        changes={"purpose": "extract"},
        participants=[participant.pk for participant in results],
    )
    return results


PARTICIPANT_EXTRACT_FIELDS = ("id", "code_name", "is_anonymous", *IDENTIFYING_FIELDS)


def participant_for_extract(participant: Participant) -> Row:
    """The person's record: every identifying field (all empty for an anonymous participant),
    birth year, sex and when it was registered."""
    return fields_of(
        participant,
        (*PARTICIPANT_EXTRACT_FIELDS, "birth_year", "sex", "created_at", "updated_at"),
    )


def consents_for_extract(participant: Participant, organisation_ids: set[int]) -> list[Row]:
    """Every consent the organisations are party to (given to them, or sharing with them),
    withdrawn and expired ones included, with what they cover. One query."""
    consents = (
        Consent.objects.filter(participant=participant)
        .filter(Q(given_to_id__in=organisation_ids) | Q(organisation_id__in=organisation_ids))
        .select_related("given_to", "organisation", "recorded_by", "withdrawn_recorded_by")
        .order_by("given_on", "id")
    )
    return [
        fields_of(
            consent,
            ("id", "kind", "sharing_scope", "scope", "given_on", "expires_on", "withdrawn_on"),
        )
        | {
            "given_to": consent.given_to.name if consent.given_to else "",
            "shared_with": consent.organisation.name if consent.organisation else "",
            "withdrawal_reason": consent.withdrawal_reason,
            "recorded_by": staff_name(consent.recorded_by),
            "withdrawal_recorded_by": staff_name(consent.withdrawn_recorded_by),
        }
        for consent in consents
    ]
