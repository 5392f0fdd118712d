"""Reads for cohort pages and for absence follow-up on the case page."""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.casework.models import Contact
from lotsa.cohorts.models import FOLLOW_UP_STATUSES, Attendance, Cohort, CohortMember
from lotsa.core.extracts import Row, by_enrolment, fields_of
from lotsa.pathways.definitions.registry import registry

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

# A member this many years from the cohort's median age is pointed out to the team leader:
# the JOM material stresses that a group works best when no one stands far apart.
AGE_DIFFERENCE_YEARS = 15


def cohorts_for(user: Actor, unit_id: int) -> QuerySet[Cohort]:
    if unit_id not in access.unit_ids_for(user, access.Action.VIEW_PARTICIPANT):
        return Cohort.objects.none()
    return Cohort.objects.filter(unit_id=unit_id).order_by("-starts_on")


class FollowUp(TypedDict):
    followed_up: bool
    day: datetime.date


def absences(
    attendance: QuerySet[Attendance],
) -> QuerySet[WithAnnotations[Attendance, FollowUp]]:
    """Absences that call for follow-up, each marked ``followed_up`` when a contact came after."""
    later_contact = Contact.objects.filter(
        enrolment=OuterRef("enrolment_id"), occurred_at__gte=OuterRef("session__starts_at")
    )
    return (
        attendance.filter(status__in=FOLLOW_UP_STATUSES)
        .annotate(followed_up=Exists(later_contact), day=TruncDate("session__starts_at"))
        .select_related("session__cohort")
        .order_by("-session__starts_at")
    )


@dataclass
class CohortPage:
    cohort: Cohort
    members: list[CohortMember]
    sessions: list[Any]
    grid: dict[tuple[int, int], str]
    size_warning: str
    age_outliers: list[CohortMember]
    open_absences: Sequence[Attendance]

    def cells(self) -> list[tuple[CohortMember, list[str]]]:
        return [
            (m, [self.grid.get((s.pk, m.enrolment_id), "") for s in self.sessions])
            for m in self.members
        ]


def cohort_page(cohort: Cohort) -> CohortPage:
    members = list(cohort.members.select_related("enrolment__participant").order_by("joined_on"))
    sessions = list(cohort.sessions.order_by("starts_at"))
    grid = {
        (session_id, enrolment_id): status
        for session_id, enrolment_id, status in Attendance.objects.filter(
            session__cohort=cohort
        ).values_list("session_id", "enrolment_id", "status")
    }
    current = [m for m in members if m.left_on is None]
    programme = registry().get(cohort.programme_code)
    guidance = (
        (programme.group_activities.get(cohort.activity) if cohort.activity else programme.group)
        if programme
        else None
    )
    size_warning = ""
    if guidance and not guidance.min_size <= len(current) <= guidance.max_size:
        size_warning = f"{guidance.min_size}–{guidance.max_size}"
    ages = [timezone.localdate().year - m.enrolment.participant.birth_year for m in current]
    median = statistics.median(ages) if ages else 0
    outliers = [
        m for m, age in zip(current, ages, strict=True) if abs(age - median) >= AGE_DIFFERENCE_YEARS
    ]
    open_absences = [
        a
        for a in absences(Attendance.objects.filter(session__cohort=cohort)).select_related(
            "enrolment__participant"
        )
        if not a.followed_up
    ]
    return CohortPage(cohort, members, sessions, grid, size_warning, outliers, open_absences)


def cohorts_for_extract(enrolment_ids: list[int]) -> dict[int, list[Row]]:
    """The cohorts the enrolments took part in by enrolment, with each session's attendance.
    Two queries."""
    memberships = (
        CohortMember.objects.filter(enrolment_id__in=enrolment_ids)
        .select_related("cohort")
        .order_by("joined_on", "id")
    )
    attendance = (
        Attendance.objects.filter(enrolment_id__in=enrolment_ids)
        .select_related("session")
        .order_by("session__starts_at", "id")
    )
    sessions: dict[tuple[int, int], list[Row]] = {}
    for present in attendance:
        sessions.setdefault((present.enrolment_id, present.session.cohort_id), []).append(
            fields_of(present, ("status", "minutes_late", "note"))
            | fields_of(present.session, ("starts_at", "topic"))
        )
    return by_enrolment(
        memberships,
        lambda member: {
            "cohort": member.cohort.name,
            "programme_code": member.cohort.programme_code,
            "joined_on": member.joined_on,
            "left_on": member.left_on,
            "attendance": sessions.get((member.enrolment_id, member.cohort_id), []),
        },
    )
