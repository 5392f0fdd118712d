"""Reads of casework records for pages: an enrolment's meetings."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from lotsa.casework.models import Capacity, Meeting
from lotsa.pathways.models import Enrolment

MEETINGS_SHOWN = 12


@dataclass
class Meetings:
    latest: list[Meeting]
    next_booked: datetime.datetime | None
    # The latest joint assessment, when it found no programme capacity: the case is to end.
    without_capacity: Meeting | None


def meetings_of(enrolment: Enrolment) -> Meetings:
    """The enrolment's latest meetings (one query), the next meeting booked at one of them and
    whether the latest joint assessment found no programme capacity."""
    latest = list(
        Meeting.objects.filter(contact__enrolment=enrolment)
        .select_related("contact__staff")
        .order_by("-contact__occurred_at", "-pk")[:MEETINGS_SHOWN]
    )
    now = timezone.now()
    booked = [m.next_meeting_at for m in latest if m.next_meeting_at and m.next_meeting_at >= now]
    assessment = next((m for m in latest if m.capacity), None)
    return Meetings(
        latest=latest,
        next_booked=min(booked, default=None),
        without_capacity=assessment if assessment and assessment.capacity == Capacity.NO else None,
    )
