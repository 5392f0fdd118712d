"""Records of casework that many tests arrange: a contact held on a given day."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from lotsa.casework.models import Contact
from lotsa.casework.services import record_contact


def held_contact(
    actor: Any, enrolment: Any, day: datetime.date, *, place: str = "office", hour: int = 10
) -> Contact:
    """A face-to-face contact with the participant, held at ``hour`` on ``day``."""
    return record_contact(
        actor=actor,
        enrolment=enrolment,
        occurred_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour))),
        mode="face_to_face",
        place=place,
        parties=["participant"],
    )
