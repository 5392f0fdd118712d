"""Reads for a JOM course's pages: who does what, the contract, the target group, the
timetable and the admissions; each in a fixed number of queries whatever the course holds."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.models import User
from lotsa.cohorts.models import Attendance, CohortMember
from lotsa.cohorts.queries import CohortPage, cohort_page
from lotsa.core.extracts import Row, by_enrolment, fields_of, staff_name
from lotsa.core.today import TodayItem
from lotsa.jom import codes
from lotsa.jom.eligibility import ADVICE
from lotsa.jom.models import (
    AdmissionAssessment,
    AdmissionDecision,
    Course,
    CourseTask,
    DevelopmentNote,
    Party,
    ProviderContract,
    ProviderReport,
    SessionPlan,
    TargetGroup,
)
from lotsa.jom.timetable import Timetable, course_timetable
from lotsa.organisations.models import Membership
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import OPEN_STATUSES, Enrolment, UnitProgramme


@dataclass(frozen=True)
class TaskRow:
    task: CourseTask
    parties: list[Party]
    staff: list[User]


def task_table(course: Course) -> list[TaskRow]:
    """Each task with the parties the organisation model gives it and the unit's staff who do
    it (one query)."""
    unit = course.cohort.unit
    memberships = (
        Membership.objects.active_on(timezone.localdate())
        .filter(unit=unit, role__in=access.RULES[access.Action.CHANGE_PARTICIPANT])
        .select_related("user", "employer")
        .order_by("user__last_name", "user__first_name", "id")
    )
    functions: dict[tuple[User, Party], set[str]] = defaultdict(set)
    for membership in memberships:
        party = access.party_of_employer(unit, membership.employer_id, membership.employer.kind)
        functions[(membership.user, party)].add(membership.function)
    rows = []
    for task in CourseTask:
        staff = [
            user
            for (user, party), held in functions.items()
            if access.party_does_task(course, task, party, held)
        ]
        parties = [party for party in Party if party in course.parties_for(task)]
        rows.append(TaskRow(task, parties, list(dict.fromkeys(staff))))
    return rows


def initial_organisation_model(unit_programme: UnitProgramme | None) -> int:
    """The model a new course starts from: the unit's setting, or the programme's default."""
    programme = registry().programmes[codes.PROGRAMME]
    chosen = unit_programme.settings if unit_programme is not None else None
    return int(programme.setting("organisation_model", chosen))


def courses_of(unit_id: int) -> QuerySet[Course]:
    return (
        Course.objects.filter(cohort__unit_id=unit_id)
        .select_related("cohort")
        .order_by("-cohort__starts_on", "id")
    )


def advice_of(assessment: AdmissionAssessment) -> list[str]:
    return [str(ADVICE[code]) for code in assessment.advisory if code in ADVICE]


def contracts_of(unit_id: int) -> QuerySet[ProviderContract]:
    return (
        ProviderContract.objects.filter(unit_id=unit_id)
        .select_related("provider", "contact_person")
        .prefetch_related("tasks")
    )


def target_groups_of(unit_id: int) -> QuerySet[TargetGroup]:
    return TargetGroup.objects.filter(unit_id=unit_id)


def session_plans(course: Course) -> list[SessionPlan]:
    return list(
        SessionPlan.objects.filter(session__cohort_id=course.cohort_id)
        .select_related("session", "teacher")
        .order_by("session__starts_at", "session_id")
    )


@dataclass(frozen=True)
class AdmissionRow:
    assessment: AdmissionAssessment
    advice: list[str]


def admissions(course: Course) -> list[AdmissionRow]:
    found = (
        AdmissionAssessment.objects.filter(course=course)
        .select_related("enrolment__participant", "decided_by", "assessed_by")
        .order_by("-interview_held_on", "-id")
    )
    return [AdmissionRow(assessment, advice_of(assessment)) for assessment in found]


def admission_candidates(course: Course) -> QuerySet[Enrolment]:
    """The unit's open JOM cases without an admission waiting for a decision."""
    return (
        Enrolment.objects.filter(
            unit_id=course.cohort.unit_id,
            programme_model=course.cohort.programme_code,
            status__in=OPEN_STATUSES,
        )
        .exclude(jom_admissions__decision=AdmissionDecision.PENDING)
        .select_related("participant")
        .order_by("participant__last_name", "participant__first_name", "id")
    )


@dataclass(frozen=True)
class CoursePage:
    course: Course
    cohort: CohortPage
    tasks: list[TaskRow]
    contract: ProviderContract | None
    timetable: Timetable
    sessions: list[SessionPlan]
    admissions: list[AdmissionRow]
    reports: Sequence[ProviderReport]

    @property
    def participant_ids(self) -> list[int]:
        members = [member.enrolment.participant_id for member in self.cohort.members]
        return members + [row.assessment.enrolment.participant_id for row in self.admissions]


def course_page(course: Course) -> CoursePage:
    contract = (
        contracts_of(course.cohort.unit_id).filter(pk=course.provider_contract_id).first()
        if course.provider_contract_id is not None
        else None
    )
    reports = list(
        ProviderReport.objects.filter(cohort_id=course.cohort_id)
        .select_related("sent_by")
        .annotate(note_count=Count("notes"))
    )
    return CoursePage(
        course=course,
        cohort=cohort_page(course.cohort),
        tasks=task_table(course),
        contract=contract,
        timetable=course_timetable(course),
        sessions=session_plans(course),
        admissions=admissions(course),
        reports=reports,
    )


@dataclass(frozen=True)
class MemberWeek:
    member: CohortMember
    statuses: list[str]
    note: str


def report_week(course: Course, week_starting: datetime.date) -> list[MemberWeek]:
    """The current members' attendance in the week's sessions, with the note sent for the
    week if any (three queries)."""
    week_end = week_starting + datetime.timedelta(days=7)
    members = list(
        CohortMember.objects.filter(cohort_id=course.cohort_id, left_on__isnull=True)
        .select_related("enrolment__participant")
        .order_by("enrolment__participant__last_name", "id")
    )
    statuses: dict[int, list[str]] = defaultdict(list)
    for enrolment_id, status in Attendance.objects.filter(
        session__cohort_id=course.cohort_id,
        session__starts_at__date__gte=week_starting,
        session__starts_at__date__lt=week_end,
    ).values_list("enrolment_id", "status"):
        statuses[enrolment_id].append(status)
    notes = dict(
        DevelopmentNote.objects.filter(
            report__cohort_id=course.cohort_id, report__week_starting=week_starting
        ).values_list("enrolment_id", "note")
    )
    return [MemberWeek(m, statuses[m.enrolment_id], notes.get(m.enrolment_id, "")) for m in members]


ASSESSMENT_FIELDS = (
    "interview_held_on",
    "diagnosis_group",
    "treatment_status",
    "substance_use",
    "last_use_on",
    "cognitive_barriers",
    "open_to_group_work",
    "note",
    "advisory",
    "decision",
    "decided_on",
    "decided_for",
    "reason",
    "reason_note",
)


def admissions_for_extract(enrolment_ids: list[int]) -> dict[int, list[Row]]:
    """The enrolments' admission interviews for JOM courses, by enrolment (one query)."""
    assessments = (
        AdmissionAssessment.objects.filter(enrolment_id__in=enrolment_ids)
        .select_related("course__cohort", "decided_by")
        .order_by("interview_held_on", "id")
    )
    return by_enrolment(
        assessments,
        lambda found: (
            {"cohort": found.course.cohort.name}
            | fields_of(found, ASSESSMENT_FIELDS)
            | {"decided_by": staff_name(found.decided_by)}
        ),
    )


def development_notes_for_extract(enrolment_ids: list[int]) -> dict[int, list[Row]]:
    """The provider's weekly development notes on the enrolments, by enrolment (one query)."""
    notes = (
        DevelopmentNote.objects.filter(enrolment_id__in=enrolment_ids)
        .select_related("report__cohort")
        .order_by("report__week_starting", "id")
    )
    return by_enrolment(
        notes,
        lambda found: {
            "cohort": found.report.cohort.name,
            "week_starting": found.report.week_starting,
            "note": found.note,
        },
    )


# A decision on admission is due within a week of the interview, so the course can be planned.
ADMISSION_DECISION_DAYS = 7


def admissions_waiting(open_enrolment_ids: list[int], today: datetime.date) -> list[TodayItem]:
    """Admission interviews of these cases still waiting for a decision (one query)."""
    waiting = (
        AdmissionAssessment.objects.filter(
            enrolment_id__in=open_enrolment_ids, decision=AdmissionDecision.PENDING
        )
        .select_related("enrolment__participant")
        .order_by("interview_held_on", "id")
    )
    return [
        TodayItem(
            text=_("Admission waiting for a decision"),
            participant=assessment.enrolment.participant.display_name,
            day=assessment.interview_held_on,
            url=reverse("jom:admission", args=[assessment.pk]),
            overdue=(today - assessment.interview_held_on).days > ADMISSION_DECISION_DAYS,
        )
        for assessment in waiting
    ]
