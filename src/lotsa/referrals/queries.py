"""Reads of referrals: the inbox of the user's units and what they sent."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.core.extracts import Row, by_enrolment, fields_of, staff_name
from lotsa.people.models import Participant
from lotsa.referrals.models import ExitHandover, Referral, ReferralStatus

LISTED = 100


@dataclass
class ReferralLists:
    waiting: list[Referral]
    answered: list[Referral]
    sent: list[Referral]


def referrals_for(user: Actor) -> ReferralLists:
    """Referrals to the user's units (those awaiting an answer first) and from them, newest
    first; the people listed are logged."""
    units = access.unit_ids_for(user, access.Action.VIEW_PARTICIPANT)
    visible = access.referrals_visible_to(user).select_related(
        "from_unit__organisation", "to_unit__organisation", "referred_by"
    )
    received = visible.filter(to_unit_id__in=units)
    lists = ReferralLists(
        waiting=list(received.filter(status=ReferralStatus.SENT).order_by("sent_on", "pk")),
        answered=list(received.exclude(status=ReferralStatus.SENT)[:LISTED]),
        sent=list(visible.filter(from_unit_id__in=units).exclude(to_unit_id__in=units)[:LISTED]),
    )
    record(
        AuditEvent.REFERRALS_LISTED,
        actor=user,
        object_type="referrals.referral",
        changes={
            "referrals": [r.pk for r in (*lists.waiting, *lists.answered, *lists.sent)],
        },
    )
    return lists


REFERRAL_EXTRACT_FIELDS = (
    "id",
    "programme_model",
    "person",
    "stated_needs",
    "requested_service",
    "handover_summary",
    "consent_given_on",
    "shared_with_receiver",
    "report_back",
    "sent_on",
    "status",
    "decided_on",
    "decline_reason",
    "answer_note",
    "enrolment_id",
)


def referrals_for_extract(participant: Participant, organisation_ids: set[int]) -> list[Row]:
    """The referrals of the person sent from or to a unit of the organisations, oldest first,
    with what they said about the person and the answer. One query."""
    referrals = (
        Referral.objects.filter(participant=participant)
        .filter(
            Q(from_unit__organisation_id__in=organisation_ids)
            | Q(to_unit__organisation_id__in=organisation_ids)
        )
        .select_related(
            "from_unit__organisation", "to_unit__organisation", "referred_by", "decided_by"
        )
        .order_by("sent_on", "id")
    )
    return [
        fields_of(referral, REFERRAL_EXTRACT_FIELDS)
        | {
            "from_unit": referral.from_unit.name,
            "from_organisation": referral.from_unit.organisation.name,
            "to_unit": referral.to_unit.name,
            "to_organisation": referral.to_unit.organisation.name,
            "referred_by": staff_name(referral.referred_by),
            "decided_by": staff_name(referral.decided_by),
        }
        for referral in referrals
    ]


def exit_handovers_for_extract(enrolment_ids: list[int]) -> dict[int, list[Row]]:
    """The handover at the end of each of the enrolments that has one. One query."""
    handovers = ExitHandover.objects.filter(enrolment_id__in=enrolment_ids).select_related(
        "to_organisation", "recorded_by"
    )
    return by_enrolment(
        handovers,
        lambda handover: (
            fields_of(handover, ("to_caseworker", "handed_over_on", "summary"))
            | {
                "to_organisation": handover.to_organisation.name,
                "recorded_by": staff_name(handover.recorded_by),
            }
        ),
    )
