"""Reads of the audit trail for the log review."""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import BooleanField, Max, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.kinds import EVENTS_OF_KIND, KIND_OF_EVENT, EventKind
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.core.extracts import Row, staff_name
from lotsa.organisations.models import Membership, Role
from lotsa.people.models import Participant


def audit_entries(
    *,
    participant_ids: Iterable[int] | None = None,
    actor: Actor | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    kind: str = "",
    event: str = "",
    up_to: int | None = None,
) -> QuerySet[AuditEntry]:
    """Entries newest first, filtered by the person (the entry is about them, or names them in
    a list or report it shows), the member of staff, the period (local days, both inclusive)
    and the kind or event."""
    entries = AuditEntry.objects.select_related("actor").order_by("-sequence")
    if participant_ids is not None:
        ids = sorted(set(participant_ids))
        entries = entries.alias(lists_person=_names_any_of(ids)).filter(
            Q(participant_id__in=ids) | Q(lists_person=True)
        )
    if actor is not None:
        entries = entries.filter(actor=actor)
    if since is not None:
        entries = entries.filter(occurred_at__date__gte=since)
    if until is not None:
        entries = entries.filter(occurred_at__date__lte=until)
    if kind:
        entries = entries.filter(event__in=[e.value for e in EVENTS_OF_KIND[EventKind(kind)]])
    if event:
        entries = entries.filter(event=event)
    if up_to is not None:
        entries = entries.filter(sequence__lte=up_to)
    return entries


def last_sequence() -> int:
    return AuditEntry.objects.aggregate(last=Max("sequence"))["last"] or 0


# Whether the entry's list of participants (``changes["participants"]``) names one of those
# wanted. Django's JSON ``contains`` does not run on SQLite, so each database's own JSON
# functions. On PostgreSQL one containment test per person, which the GIN index on the list
# (migration 0012) answers without reading the trail; SQLite looks into each entry's list.
LIST_NAMES_ONE_SQL_POSTGRESQL = "(audit_auditentry.changes -> 'participants') @> %s::jsonb"
LISTS_ANY_OF_SQL_SQLITE = (
    "EXISTS (SELECT 1 FROM json_each(audit_auditentry.changes, '$.participants') AS listed "
    "WHERE listed.value IN (SELECT value FROM json_each(%s)))"
)


def _names_any_of(participant_ids: list[int]) -> RawSQL:
    # Fixed SQL; the ids travel as parameters.
    if connection.vendor == "postgresql":
        wanted = participant_ids or [0]
        return RawSQL(  # noqa: S611
            "(" + " OR ".join([LIST_NAMES_ONE_SQL_POSTGRESQL] * len(wanted)) + ")",
            [json.dumps([pk]) for pk in wanted],
            output_field=BooleanField(),
        )
    return RawSQL(  # noqa: S611
        LISTS_ANY_OF_SQL_SQLITE, [json.dumps(participant_ids)], output_field=BooleanField()
    )


@dataclass(frozen=True)
class ReviewedEntry:
    """One entry as a log reviewer reads it: what happened in words, who did it in which role,
    about whom, which record (and where to open it), when in local time and from where."""

    sequence: int
    occurred_at: datetime.datetime
    event: str
    kind: str
    staff: str
    roles: str
    participant_id: int | None
    participant: str
    listed: int
    record: str
    record_url: str
    details: list[tuple[str, str]]
    address: str


def reviewed_entries(entries: Sequence[AuditEntry], reviewer: Actor) -> list[ReviewedEntry]:
    """The entries in words. Four queries however many entries: the staff's roles, the people
    named, and which of them and their cases the reviewer may open."""
    memberships = _memberships_by_user({entry.actor_id for entry in entries})
    participant_ids = {entry.participant_id for entry in entries if entry.participant_id}
    names = {
        person.pk: person.display_name
        # "or {0}": an empty list would skip the query, and the page's count would vary.
        for person in Participant.objects.filter(pk__in=participant_ids or {0}).only(
            "is_anonymous", "code_name", "first_name", "last_name"
        )
    }
    openable = _openable(entries, reviewer)
    rows = []
    for entry in entries:
        occurred_at = timezone.localtime(entry.occurred_at)
        details = {key: value for key, value in entry.changes.items() if key != "participants"}
        rows.append(
            ReviewedEntry(
                sequence=entry.sequence,
                occurred_at=occurred_at,
                event=_event_label(entry.event),
                kind=str(KIND_OF_EVENT[entry.event].label) if entry.event in KIND_OF_EVENT else "",
                staff=staff_name(entry.actor),
                roles=", ".join(
                    f"{Role(m.role).label}, {m.unit.name}"
                    for m in _active(memberships[entry.actor_id], occurred_at.date())
                ),
                participant_id=entry.participant_id,
                participant=names.get(entry.participant_id or 0, ""),
                listed=len(entry.changes.get("participants", ())),
                record=_record_description(entry),
                record_url=openable.get((entry.object_type, entry.object_id), ""),
                details=[(key, _detail_text(value)) for key, value in details.items()],
                address=entry.ip_address or "",
            )
        )
    return rows


def _event_label(code: str) -> str:
    try:
        return str(AuditEvent(code).label)
    except ValueError:  # a code of an older version, no longer written
        return code


# What some entries name is not a table of its own: a list, a week sheet, a figure of a report.
RECORDS_NOT_TABLES = {
    "pathways.caseload": gettext_lazy("Caseload"),
    "employment.week": gettext_lazy("Job-development week sheet"),
    "outcomes.figure": gettext_lazy("Outcome figure"),
    "outcomes.study": gettext_lazy("Linking study"),
}


def _record_description(entry: AuditEntry) -> str:
    """The kind of record in words, with its number: "Enrolment 12"."""
    if not entry.object_type:
        return ""
    if entry.object_type in RECORDS_NOT_TABLES:
        name = str(RECORDS_NOT_TABLES[entry.object_type])
    else:
        try:
            name = str(apps.get_model(entry.object_type)._meta.verbose_name)
        except (LookupError, ValueError):  # a kind of record an older version named
            name = entry.object_type
    return f"{capfirst(name)} {entry.object_id}".strip()


def _detail_text(value: Any) -> str:
    if isinstance(value, list) and len(value) == 2 and not isinstance(value[0], list | dict):
        return f"{_detail_text(value[0])} → {_detail_text(value[1])}"
    if isinstance(value, list):
        return ", ".join(_detail_text(item) for item in value)
    if value is None or value == "":
        return "–"
    return str(value)


# The records a page of the trail links to, by object type: where each opens, and whether the
# reviewer may open it (administration pages are the reviewer's own; people and cases only
# where the reviewer's own role reaches them).
ADMINISTRATION_PAGES = {
    "organisations.organisation": "organisations:organisation-edit",
    "organisations.unit": "organisations:unit-edit",
    "organisations.membership": "organisations:membership-edit",
    "accounts.user": "organisations:staff-edit",
}


def _openable(entries: Sequence[AuditEntry], reviewer: Actor) -> dict[tuple[str, str], str]:
    ids: defaultdict[str, set[int]] = defaultdict(set)
    for entry in entries:
        if entry.object_id.isdigit():
            ids[entry.object_type].add(int(entry.object_id))
    links = {
        (object_type, str(pk)): reverse(url_name, args=[pk])
        for object_type, url_name in ADMINISTRATION_PAGES.items()
        for pk in ids[object_type]
    }
    for pk in (
        access.participants_visible_to(reviewer)
        .filter(pk__in=ids["people.participant"] or {0})
        .values_list("pk", flat=True)
    ):
        links["people.participant", str(pk)] = reverse("people:detail", args=[pk])
    for pk in (
        access.enrolments_visible_to(reviewer)
        .filter(pk__in=ids["pathways.enrolment"] or {0})
        .values_list("pk", flat=True)
    ):
        links["pathways.enrolment", str(pk)] = reverse("pathways:case", args=[pk])
    return links


def _memberships_by_user(
    user_ids: Iterable[int | None],
) -> defaultdict[int | None, list[Membership]]:
    memberships: defaultdict[int | None, list[Membership]] = defaultdict(list)
    known = {pk for pk in user_ids if pk is not None}
    for membership in Membership.objects.filter(user_id__in=known or {0}).select_related("unit"):
        memberships[membership.user_id].append(membership)
    return memberships


def _active(memberships: list[Membership], day: datetime.date) -> list[Membership]:
    """The memberships in force on the day: the roles someone acted in then."""
    return [
        membership
        for membership in memberships
        if membership.starts_on <= day and (membership.ends_on is None or membership.ends_on >= day)
    ]


def audit_entries_for_extract(participant_id: int, organisation_ids: set[int]) -> list[Row]:
    """Who in the organisations opened, listed or changed the person's record, oldest first:
    when, what (the event's code and its description), the member of staff and the units of
    the organisations they belonged to that day. Entries that name the person only among
    others in a list are not included. Two queries, however long the trail."""
    staff_there = Membership.objects.filter(unit__organisation_id__in=organisation_ids)
    entries = list(
        AuditEntry.objects.filter(
            participant_id=participant_id, actor_id__in=staff_there.values("user_id")
        )
        .select_related("actor")
        .order_by("sequence")
    )
    memberships: defaultdict[int | None, list[Membership]] = defaultdict(list)
    for membership in staff_there.filter(
        user_id__in={entry.actor_id for entry in entries}
    ).select_related("unit"):
        memberships[membership.user_id].append(membership)
    rows = []
    for entry in entries:
        day = timezone.localdate(entry.occurred_at)
        units = sorted(
            {membership.unit.name for membership in _active(memberships[entry.actor_id], day)}
        )
        rows.append(
            {
                "occurred_at": entry.occurred_at,
                "event": entry.event,
                "description": str(AuditEvent(entry.event).label),
                "object_type": entry.object_type,
                "staff": staff_name(entry.actor),
                "units": units,
            }
        )
    return rows
