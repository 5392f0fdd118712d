"""Reads of enrolments for a register extract: each enrolment with its history."""

from __future__ import annotations

from django.db.models import Prefetch

from lotsa.core.extracts import Row, fields_of, staff_name
from lotsa.pathways.models import (
    Enrolment,
    EnrolmentEvent,
    Milestone,
    Responsibility,
)
from lotsa.people.models import Participant

ENROLMENT_FIELDS = (
    "id",
    "programme_model",
    "status",
    "phase",
    "phase_since",
    "referral_date",
    "referral_source",
    "referrer",
    "start_date",
    "end_date",
    "content_erased_on",
    "decline_reason",
    "exit_reason",
    "outcome",
    "baseline_income_sources",
    "baseline_employment_status",
    "baseline_education_level",
    "exit_income_sources",
    "exit_employment_status",
    "exit_education_level",
    "previous_enrolment_id",
)


def enrolments_for_extract(participant: Participant, organisation_ids: set[int]) -> list[Row]:
    """The person's enrolments, current and past, in units of the organisations, oldest first,
    each with its history: events (phases, pauses, hand-overs), who was responsible when,
    milestones, follow-ups, checklist and benefit facts. Six queries, however long the history."""
    staffed_events = EnrolmentEvent.objects.select_related("staff", "recorded_by")
    enrolments = (
        Enrolment.objects.filter(
            participant=participant, unit__organisation_id__in=organisation_ids
        )
        .select_related("unit__organisation", "responsible_staff", "benefit_facts")
        .prefetch_related(
            Prefetch("events", queryset=staffed_events),
            Prefetch("responsibilities", queryset=Responsibility.objects.select_related("staff")),
            Prefetch("milestones", queryset=Milestone.objects.all()),
            "follow_ups",
            "checklist",
        )
        .order_by("referral_date", "id")
    )
    return [_enrolment_row(enrolment) for enrolment in enrolments]


def _enrolment_row(enrolment: Enrolment) -> Row:
    programme = enrolment.programme
    benefit = getattr(enrolment, "benefit_facts", None)
    return fields_of(enrolment, ENROLMENT_FIELDS) | {
        "programme_name": str(programme.name) if programme else "",
        "unit": enrolment.unit.name,
        "organisation": enrolment.unit.organisation.name,
        "responsible_staff": staff_name(enrolment.responsible_staff),
        "events": [
            fields_of(event, ("kind", "occurred_on", "from_phase", "to_phase", "note"))
            | {"staff": staff_name(event.staff), "recorded_by": staff_name(event.recorded_by)}
            for event in enrolment.events.all()
        ],
        "responsibilities": [
            fields_of(period, ("starts_on", "ends_on")) | {"staff": staff_name(period.staff)}
            for period in enrolment.responsibilities.all()
        ],
        "milestones": [
            fields_of(milestone, ("code", "occurred_on", "note"))
            for milestone in enrolment.milestones.all()
        ],
        "follow_ups": [
            fields_of(follow_up, ("code", "status", "observed_on", "note"))
            for follow_up in enrolment.follow_ups.all()
        ],
        "checklist": [
            fields_of(entry, ("item_code", "done_on")) for entry in enrolment.checklist.all()
        ],
        "benefit_facts": fields_of(benefit, ("benefit_type", "extent", "ends_on", "sgi_checked_on"))
        if benefit is not None
        else None,
    }
