"""Reads of a JOM participant's internship records: the case's internship page, the company's
brief, the group's aftercare meetings, the Today items, and the register extract."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Max, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.cohorts.models import FOLLOW_UP_STATUSES, Cohort
from lotsa.core.extracts import Row, by_enrolment, fields_of
from lotsa.core.today import TodayItem
from lotsa.errors import DomainError
from lotsa.jom.models import Course
from lotsa.jom.models.internship import (
    FREE_TEXT_OF_CASE,
    SECTION_CODES,
    AftercareLevel,
    AftercareMeeting,
    AgreementSection,
    EducationStatus,
    Internship,
    InternshipAgreement,
    InternshipAttendance,
    InternshipFollowUp,
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
    internships: Sequence[Internship]
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
        (internship, (internship.last_follow_up or internship.starts_on or today) + every)
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


def internship_for_extract(enrolment_ids: list[int]) -> dict[str, dict[int, list[Row]]]:
    """What the internship records hold about the enrolments, each kind by enrolment, oldest
    first; nine queries."""

    def rows(
        records: Any, names: tuple[str, ...], enrolment: str = "enrolment_id"
    ) -> dict[int, list[Row]]:
        return by_enrolment(records, lambda found: fields_of(found, names), enrolment)

    of_cases = {"enrolment_id__in": enrolment_ids}
    of_internships = {"internship__enrolment_id__in": enrolment_ids}
    internships = Internship.objects.filter(**of_cases).select_related("employer")
    return {
        "internship_agreements": rows(
            InternshipAgreement.objects.filter(**of_cases).order_by("version"),
            AGREEMENT_EXTRACT_FIELDS,
        ),
        "readiness_decisions": rows(
            ReadinessDecision.objects.filter(**of_cases).order_by("decided_on", "id"),
            ("decided_on", "decision", "postponed_weeks", "reason"),
        ),
        "internships": by_enrolment(
            internships.order_by("planned_start_on", "id"),
            lambda found: (
                fields_of(found, INTERNSHIP_EXTRACT_FIELDS) | {"employer": found.employer.name}
            ),
        ),
        "internship_follow_ups": rows(
            InternshipFollowUp.objects.filter(**of_internships)
            .annotate(enrolment_id=F("internship__enrolment_id"))
            .order_by("occurred_on", "id"),
            ("occurred_on", "mode", "with_company", "note"),
        ),
        "internship_days": rows(
            InternshipAttendance.objects.filter(**of_internships)
            .annotate(enrolment_id=F("internship__enrolment_id"))
            .order_by("day"),
            ("day", "status", "hours", "note"),
        ),
        "mentor_support": rows(
            MentorSupport.objects.filter(**of_cases).order_by("assessed_on", "id"),
            (
                "assessed_on",
                "need",
                "support_kinds",
                "mentor_name",
                "provider_type",
                "hours_per_week",
                "from_on",
                "to_on",
            ),
        ),
        "transport_support": rows(
            TransportSupport.objects.filter(**of_cases).order_by("decided_on", "id"),
            (
                "decided_on",
                "costs_covered",
                "pass_kind",
                "pass_from",
                "pass_to",
                "travel_training",
                "mentor_escort",
                "note",
            ),
        ),
        "aftercare_levels": rows(
            AftercareLevel.objects.filter(**of_cases).order_by("starts_on", "id"),
            ("level", "starts_on", "reason"),
        ),
        "education_statuses": rows(
            EducationStatus.objects.filter(**of_cases),
            ("point", "state", "education", "planned_start_on", "recorded_on"),
        ),
    }


AGREEMENT_EXTRACT_FIELDS = (
    "version",
    *SECTION_CODES,
    "shared_sections",
    "consent_given_on",
    "participant_signed_on",
    "company_signed_on",
    "jobcentre_signed_on",
)
INTERNSHIP_EXTRACT_FIELDS = (
    "planned_start_on",
    "starts_on",
    "ends_on",
    "weeks",
    "weekly_hours",
    "kind",
    "taster_days",
    "postponed_weeks",
    "extended_until",
    "extension_reason",
    "teaching_day_released",
)


EXTRACT_PARTS: dict[str, Any] = {
    "internship_agreements": gettext_lazy("Internship agreement guides"),
    "readiness_decisions": gettext_lazy("Readiness for the internship"),
    "internships": gettext_lazy("Internships"),
    "internship_follow_ups": gettext_lazy("Follow-ups of internships"),
    "internship_days": gettext_lazy("Internship days"),
    "mentor_support": gettext_lazy("Mentor support"),
    "transport_support": gettext_lazy("Transport support"),
    "aftercare_levels": gettext_lazy("Aftercare levels"),
    "education_statuses": gettext_lazy("Education"),
}


def extract_labels() -> dict[str, Any]:
    """The headings of the extract's internship parts and the labels of their fields (the
    models' own names), for the readable extract."""
    labels: dict[str, Any] = {}
    for model, _path, _texts in FREE_TEXT_OF_CASE:
        for field in model._meta.fields:
            labels.setdefault(field.name, field.verbose_name)
    return labels | EXTRACT_PARTS
