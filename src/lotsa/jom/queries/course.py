"""Reads for a JOM course's pages: who does what, the contract, the target group, the
timetable and the admissions; each in a fixed number of queries whatever the course holds."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone

from lotsa import access
from lotsa.accounts.models import User
from lotsa.cohorts.models import Attendance, CohortMember
from lotsa.cohorts.queries import CohortPage, cohort_page
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


def admissions(course: Course) -> list[AdmissionAssessment]:
    found = list(
        AdmissionAssessment.objects.filter(course=course)
        .select_related("enrolment__participant", "decided_by", "assessed_by")
        .order_by("-interview_held_on", "-id")
    )
    for assessment in found:
        assessment.advice = advice_of(assessment)
    return found


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
    admissions: list[AdmissionAssessment]
    reports: list[ProviderReport]

    @property
    def participant_ids(self) -> list[int]:
        members = [member.enrolment.participant_id for member in self.cohort.members]
        return members + [a.enrolment.participant_id for a in self.admissions]


def course_page(course: Course) -> CoursePage:
    contract = contracts_of(course.cohort.unit_id).filter(pk=course.provider_contract_id).first()
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


def development_notes_for_extract(enrolment_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """The provider's development notes on the enrolments, by enrolment (one query)."""
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for enrolment_id, week, note in (
        DevelopmentNote.objects.filter(enrolment_id__in=enrolment_ids)
        .order_by("report__week_starting", "id")
        .values_list("enrolment_id", "report__week_starting", "note")
    ):
        found[enrolment_id].append((week.isoformat(), note))
    return dict(found)


def admissions_for_extract(enrolment_ids: list[int]) -> dict[int, list[AdmissionAssessment]]:
    """The admission assessments of the enrolments, by enrolment (one query)."""
    found: dict[int, list[AdmissionAssessment]] = defaultdict(list)
    for assessment in AdmissionAssessment.objects.filter(
        enrolment_id__in=enrolment_ids
    ).select_related("course__cohort", "decided_by"):
        found[assessment.enrolment_id].append(assessment)
    return dict(found)
