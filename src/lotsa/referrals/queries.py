"""Reads of referrals: the inbox of the user's units and what they sent."""

from __future__ import annotations

from dataclasses import dataclass

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.referrals.models import Referral, ReferralStatus

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
