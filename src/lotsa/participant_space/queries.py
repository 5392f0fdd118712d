"""Reads for the pages of the participant's own space."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.kinds import EVENTS_OF_KIND, EventKind
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.audit.queries import audit_entries
from lotsa.audit.services import record
from lotsa.core.extracts import staff_name
from lotsa.organisations.models import Membership, Organisation
from lotsa.participant_space.models import Message
from lotsa.pathways.models import OPEN_STATUSES, Enrolment
from lotsa.people.models import Consent, ConsentKind, Participant

# ------------------------------------------------------------------ my data: consents


def my_consents(user: Actor) -> list[Consent]:
    """The consents of the person's own records, those in force first, newest first."""
    return sorted(
        Consent.objects.filter(participant_id__in=access.own_participant_ids(user))
        .select_related("given_to", "organisation")
        .order_by("-given_on", "-pk"),
        key=lambda consent: consent.withdrawn_on is not None,
    )


def withdrawal_consequence(consent: Consent, *, easy_read: bool) -> str:
    """What withdrawing the consent means for the person, said before they confirm."""
    keeper = consent.given_to.name if consent.given_to else _("the organisation")
    other = consent.organisation.name if consent.organisation else _("the other organisation")
    kind = consent.kind
    if easy_read:
        texts = {
            ConsentKind.PARTICIPATION: _(
                "You stop taking part in the programme. Staff at %(keeper)s will call you "
                "to talk about it."
            ),
            ConsentKind.INFORMATION_SHARING: _(
                "%(other)s can no longer see your case. %(keeper)s keeps your case."
            ),
            ConsentKind.STATISTICS: _(
                "Your case is no longer counted in the statistics from now on."
            ),
            ConsentKind.SURVEY: _("Nobody will ask you to answer surveys any more."),
            ConsentKind.DISABILITY_CODING: _(
                "Staff will no longer write down a code for your disability."
            ),
        }
    else:
        texts = {
            ConsentKind.PARTICIPATION: _(
                "Your participation in the programme ends. Staff at %(keeper)s will contact you "
                "about what happens next. What has already been recorded is kept as the law "
                "requires."
            ),
            ConsentKind.INFORMATION_SHARING: _(
                "%(other)s no longer sees your case from %(keeper)s, from the moment you "
                "confirm. Your case at %(keeper)s goes on as before."
            ),
            ConsentKind.STATISTICS: _(
                "From now on your case is not included in the follow-up statistics. Figures "
                "already reported are not changed."
            ),
            ConsentKind.SURVEY: _(
                "You will not be asked to take part in surveys any more. Answers you have "
                "already given are kept."
            ),
            ConsentKind.DISABILITY_CODING: _(
                "Staff will no longer record a disability code for you from now on."
            ),
        }
    return texts[ConsentKind(kind)] % {"keeper": keeper, "other": other}


# ------------------------------------------------------------------ my data: a copy


@dataclass(frozen=True)
class OwnRecord:
    """One of the person's participant records, and the organisations that hold it."""

    participant: Participant
    organisations: list[str]


def my_records(user: Actor) -> list[OwnRecord]:
    """The person's records, each with the organisations where it is enrolled. Two queries."""
    ids = access.own_participant_ids(user)
    held_by: defaultdict[int, set[str]] = defaultdict(set)
    for participant_id, name in Enrolment.objects.filter(participant_id__in=ids).values_list(
        "participant_id", "unit__organisation__name"
    ):
        held_by[participant_id].add(name)
    return [
        OwnRecord(participant, sorted(held_by[participant.pk]))
        for participant in Participant.objects.filter(pk__in=ids).order_by("pk")
    ]


def organisations_holding(participant: Participant) -> set[int]:
    """The organisations whose units the person is (or was) enrolled in: what a copy covers."""
    return set(
        Organisation.objects.filter(units__enrolments__participant=participant).values_list(
            "pk", flat=True
        )
    )


def get_own_record(user: Actor, record_id: object) -> Participant:
    """One of the person's own records; otherwise 404 (logged)."""
    key = record_id if isinstance(record_id, int) else None
    if key is None or key not in access.own_participant_ids(user):
        access.refuse(
            user, "participant.own", object_type="people.participant", object_id=record_id
        )
    return Participant.objects.get(pk=key)


# ------------------------------------------------------------------ my data: who read my record

ACCESS_LOG_PAGE_SIZE = 25
READ_EVENTS = tuple(event.value for event in EVENTS_OF_KIND[EventKind.READ])
# The reads a person recognises in their own words; any other read shows the trail's own label.
READ_IN_PLAIN_WORDS = {
    AuditEvent.PARTICIPANT_VIEWED: gettext_lazy("Your personal details"),
    AuditEvent.PARTICIPANTS_LISTED: gettext_lazy("A list of participants with your name"),
    AuditEvent.CASELOAD_VIEWED: gettext_lazy("A list of cases with your name"),
    AuditEvent.ENROLMENT_VIEWED: gettext_lazy("Your case"),
    AuditEvent.MEETING_VIEWED: gettext_lazy("Notes of a meeting with you"),
    AuditEvent.DOCUMENT_VIEWED: gettext_lazy("Your final documentation"),
    AuditEvent.REFERRAL_VIEWED: gettext_lazy("A referral about you"),
    AuditEvent.REFERRALS_LISTED: gettext_lazy("A list of referrals with your name"),
    AuditEvent.ACTIVITY_REPORT_VIEWED: gettext_lazy("A report of your activities"),
    AuditEvent.MESSAGE_READ: gettext_lazy("A message you sent"),
    AuditEvent.COHORT_VIEWED: gettext_lazy("A group you take part in"),
    AuditEvent.OUTCOME_RECORDS_VIEWED: gettext_lazy("The records behind a report"),
}


@dataclass(frozen=True)
class RecordRead:
    """One time a member of staff opened the person's record, as the person reads it."""

    occurred_at: datetime.datetime
    staff: str
    where: str
    what: str


def reads_of_my_record(user: Actor) -> QuerySet[AuditEntry]:
    """Staff's reads of the person's records, newest first: entries about them and lists that
    name them. Bounded by the time the first of their records was made (the trail's index on
    the time), so the lists of earlier years are not searched; their own reads are left out."""
    ids = access.own_participant_ids(user)
    since = Participant.objects.filter(pk__in=ids).aggregate(first=Min("created_at"))["first"]
    return (
        audit_entries(participant_ids=ids)
        .filter(event__in=READ_EVENTS, actor__isnull=False, occurred_at__gte=since)
        .exclude(actor_id=user.pk)
    )


@dataclass(frozen=True)
class AccessLogPage:
    reads: list[RecordRead]
    page: Page[AuditEntry]


def access_log_page(user: Actor, page_number: str | int | None) -> AccessLogPage:
    """A page of who has read the person's record, and an entry saying they looked. A fixed
    number of queries however long the trail: the count, the page, the staff's units."""
    page = Paginator(reads_of_my_record(user), ACCESS_LOG_PAGE_SIZE).get_page(page_number)
    reads = _in_plain_words(list(page.object_list))
    record(
        AuditEvent.OWN_ACCESS_LOG_VIEWED,
        actor=user,
        participants=access.own_participant_ids(user),
        changes={"page": page.number},
    )
    return AccessLogPage(reads, page)


def _in_plain_words(entries: list[AuditEntry]) -> list[RecordRead]:
    memberships: defaultdict[int, list[Membership]] = defaultdict(list)
    for membership in Membership.objects.filter(
        user_id__in={entry.actor_id for entry in entries} or {0}
    ).select_related("unit__organisation"):
        memberships[membership.user_id].append(membership)
    rows = []
    for entry in entries:
        day = timezone.localdate(entry.occurred_at)
        units = {
            f"{m.unit.name}, {m.unit.organisation.name}": None
            for m in memberships[entry.actor_id or 0]
            if m.starts_on <= day and (m.ends_on is None or m.ends_on >= day)
        }
        rows.append(
            RecordRead(
                occurred_at=entry.occurred_at,
                staff=staff_name(entry.actor),
                where="; ".join(units),
                what=str(
                    READ_IN_PLAIN_WORDS.get(AuditEvent(entry.event))
                    or AuditEvent(entry.event).label
                ),
            )
        )
    return rows


# ------------------------------------------------------------------ messages


def enrolments_to_write_to(user: Actor) -> list[Enrolment]:
    """The person's open cases that have a responsible member of staff to write to."""
    return list(
        Enrolment.objects.filter(
            participant_id__in=access.own_participant_ids(user),
            status__in=OPEN_STATUSES,
            responsible_staff__isnull=False,
        )
        .select_related("unit", "responsible_staff")
        .order_by("pk")
    )


def my_messages(user: Actor) -> list[Message]:
    """The messages the person has sent, newest first, with whether they have been read."""
    return list(
        Message.objects.filter(enrolment__participant_id__in=access.own_participant_ids(user))
        .select_related("enrolment__unit", "enrolment__responsible_staff")
        .order_by("-sent_at", "-pk")
    )
