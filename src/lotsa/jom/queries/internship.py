"""Reads of a JOM participant's internship records: the case's internship page, the company's
brief, the group's aftercare meetings, the Today items, and the register extract."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.cohorts.models import FOLLOW_UP_STATUSES, Cohort
from lotsa.core.today import TodayItem
from lotsa.errors import DomainError
from lotsa.jom.models import Course
from lotsa.jom.models.internship import (
    AftercareLevel,
    AftercareMeeting,
    AgreementSection,
    EducationStatus,
    Internship,
    InternshipAgreement,
    InternshipAttendance,
    MentorSupport,
    ReadinessDecision,
    TransportSupport,
)
from lotsa.pathways.models import Enrolment

# An internship the company consultant has not followed up for this long is due a follow-up.
FOLLOW_UP_EVERY_DAYS = 14


@dataclass
class InternshipPage:
    enrolment: Enrolment
    course: Course | None
    agreements: list[InternshipAgreement]
    readiness: list[ReadinessDecision]
    internships: list[Internship]
    mentor_support: list[MentorSupport]
    transport_support: list[TransportSupport]
    aftercare_levels: list[AftercareLevel]
    education: list[EducationStatus]

    @property
    def latest_agreement(self) -> InternshipAgreement | None:
        return self.agreements[0] if self.agreements else None

    @property
    def current_aftercare_level(self) -> AftercareLevel | None:
        return self.aftercare_levels[0] if self.aftercare_levels else None


def internship_page(enrolment: Enrolment, course: Course | None) -> InternshipPage:
    """Everything of the case's internship, a fixed number of queries however many records."""
    internships = list(
        Internship.objects.filter(enrolment=enrolment)
        .select_related("employer", "contact_person", "company_consultant", "agreement")
        .prefetch_related(
            Prefetch("follow_ups", to_attr="follow_up_list"),
            Prefetch("attendance", to_attr="attendance_list"),
        )
    )
    return InternshipPage(
        enrolment=enrolment,
        course=course,
        agreements=list(
            InternshipAgreement.objects.filter(enrolment=enrolment)
            .select_related("employer", "company_signatory", "jobcentre_signed_by")
            .order_by("-version")
        ),
        readiness=list(
            ReadinessDecision.objects.filter(enrolment=enrolment).select_related("decided_by")
        ),
        internships=internships,
        mentor_support=list(
            MentorSupport.objects.filter(enrolment=enrolment).select_related("mentor")
        ),
        transport_support=list(TransportSupport.objects.filter(enrolment=enrolment)),
        aftercare_levels=list(
            AftercareLevel.objects.filter(enrolment=enrolment).select_related("decided_by")
        ),
        education=list(EducationStatus.objects.filter(enrolment=enrolment)),
    )


@dataclass(frozen=True)
class BriefSection:
    label: str
    text: str


def company_brief(agreement: InternshipAgreement) -> list[BriefSection]:
    """The parts of the agreement the participant shares with the company, and nothing else."""
    shared = set(agreement.shared_sections)
    return [
        BriefSection(str(label), getattr(agreement, code))
        for code, label in AgreementSection.choices
        if code in shared and getattr(agreement, code)
    ]


def show_company_brief(actor: Actor, agreement: InternshipAgreement) -> list[BriefSection]:
    """The brief as shown or sent to the company, logged naming the participant; refused before
    the participant consented to sharing it."""
    consented = agreement.consent_given_on
    if consented is None or consented > timezone.localdate():
        raise DomainError(
            _("The participant has not consented to sharing any part with the company.")
        )
    sections = company_brief(agreement)
    record(
        AuditEvent.AGREEMENT_SHOWN_TO_COMPANY,
        actor=actor,
        obj=agreement,
        participant_id=agreement.enrolment.participant_id,
        changes={
            "version": agreement.version,
            "shared_sections": list(agreement.shared_sections),
            "employer": agreement.employer_id,
        },
    )
    return sections


def aftercare_meetings_of(cohort: Cohort) -> list[AftercareMeeting]:
    return list(
        AftercareMeeting.objects.filter(cohort=cohort).prefetch_related(
            Prefetch(
                "attendees",
                queryset=Enrolment.objects.select_related("participant"),
                to_attr="attendee_list",
            )
        )
    )


# ------------------------------------------------------------------ Today


def internship_today_items(open_enrolment_ids: list[int], today: datetime.date) -> list[TodayItem]:
    """Running internships not followed up for two weeks, agreements waiting for a signature,
    and internship days missed without notice in the last week: three queries."""
    return [
        *_follow_ups_due(open_enrolment_ids, today),
        *_agreements_unsigned(open_enrolment_ids),
        *_days_missed(open_enrolment_ids, today),
    ]


def _follow_ups_due(open_enrolment_ids: list[int], today: datetime.date) -> list[TodayItem]:
    running = (
        Internship.objects.filter(enrolment_id__in=open_enrolment_ids, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .annotate(last_follow_up=Max("follow_ups__occurred_on"))
        .select_related("enrolment__participant", "employer")
    )
    every = datetime.timedelta(days=FOLLOW_UP_EVERY_DAYS)
    due = [
        (internship, (internship.last_follow_up or internship.starts_on) + every)
        for internship in running
    ]
    return [
        TodayItem(
            _("Follow up the internship at %(company)s") % {"company": internship.employer.name},
            internship.enrolment.participant.display_name,
            day,
            reverse("jom:case-internship", args=[internship.enrolment_id]),
            day < today,
        )
        for internship, day in due
        if day <= today
    ]


def _agreements_unsigned(open_enrolment_ids: list[int]) -> list[TodayItem]:
    """The latest version of each case's agreement guide while a signature is missing."""
    latest: dict[int, InternshipAgreement] = {}
    for agreement in (
        InternshipAgreement.objects.filter(enrolment_id__in=open_enrolment_ids)
        .select_related("enrolment__participant")
        .order_by("enrolment_id", "-version")
    ):
        latest.setdefault(agreement.enrolment_id, agreement)
    return [
        TodayItem(
            _("The internship agreement is waiting for a signature"),
            agreement.enrolment.participant.display_name,
            timezone.localtime(agreement.written_at).date(),
            reverse("jom:agreement", args=[agreement.pk]),
            False,
        )
        for agreement in latest.values()
        if not agreement.locked
    ]


def _days_missed(open_enrolment_ids: list[int], today: datetime.date) -> list[TodayItem]:
    missed = (
        InternshipAttendance.objects.filter(
            internship__enrolment_id__in=open_enrolment_ids,
            status__in=FOLLOW_UP_STATUSES,
            day__gte=today - datetime.timedelta(days=7),
        )
        .select_related("internship__enrolment__participant")
        .order_by("day")
    )
    return [
        TodayItem(
            _("Internship day missed: %(status)s") % {"status": day.get_status_display()},
            day.internship.enrolment.participant.display_name,
            day.day,
            reverse("jom:case-internship", args=[day.internship.enrolment_id]),
            False,
        )
        for day in missed
    ]


# ------------------------------------------------------------------ register extract


def internship_for_extract(enrolment_ids: list[int]) -> dict[str, list[dict[str, Any]]]:
    """The participant's internship records as the register extract lists them."""
    agreements = InternshipAgreement.objects.filter(enrolment_id__in=enrolment_ids)
    return {
        "internship_agreements": [
            {
                "version": a.version,
                **{code: getattr(a, code) for code in AgreementSection.values},
                "shared_sections": a.shared_sections,
                "consent_given_on": a.consent_given_on,
                "participant_signed_on": a.participant_signed_on,
                "company_signed_on": a.company_signed_on,
                "jobcentre_signed_on": a.jobcentre_signed_on,
            }
            for a in agreements
        ],
        "internships": list(
            Internship.objects.filter(enrolment_id__in=enrolment_ids).values(
                "employer__name",
                "planned_start_on",
                "starts_on",
                "ends_on",
                "weekly_hours",
                "kind",
                "extended_until",
                "extension_reason",
            )
        ),
        "internship_follow_ups": list(
            Internship.objects.filter(enrolment_id__in=enrolment_ids)
            .values("follow_ups__occurred_on", "follow_ups__mode", "follow_ups__note")
            .filter(follow_ups__isnull=False)
        ),
        "internship_days": list(
            InternshipAttendance.objects.filter(internship__enrolment_id__in=enrolment_ids).values(
                "day", "status", "hours", "note"
            )
        ),
        "readiness_decisions": list(
            ReadinessDecision.objects.filter(enrolment_id__in=enrolment_ids).values(
                "decided_on", "decision", "postponed_weeks", "reason"
            )
        ),
        "mentor_support": list(
            MentorSupport.objects.filter(enrolment_id__in=enrolment_ids).values(
                "assessed_on", "need", "support_kinds", "mentor_name", "provider_type"
            )
        ),
        "transport_support": list(
            TransportSupport.objects.filter(enrolment_id__in=enrolment_ids).values(
                "decided_on", "costs_covered", "pass_kind", "note"
            )
        ),
        "aftercare_levels": list(
            AftercareLevel.objects.filter(enrolment_id__in=enrolment_ids).values(
                "level", "starts_on", "reason"
            )
        ),
        "education_statuses": list(
            EducationStatus.objects.filter(enrolment_id__in=enrolment_ids).values(
                "point", "state", "education", "planned_start_on"
            )
        ),
    }
