"""Who may do what: Lotsa's authorisation rules, in one place.

The rule: a staff member acts on a participant only through an enrolment (current or past)
in a unit where the staff member has an active membership whose role allows the action.

* Coaches (employment specialists, caseworkers) and supervisors see, register and change
  participants of their units.
* Managers see the participants of their units but do not change them.
* An enrolment is seen by the staff of its own unit. Staff of any other unit see it only
  through the participant's consent to information sharing: in force today, given to the
  organisation the enrolment's unit belongs to, naming the organisation of the viewer's unit.
  The consent's scope says how much they see: a summary (programme, unit, phase, responsible
  staff, next meeting) or the full record (notes, plan, documents). Consent never lets anyone
  change a case, and withdrawing it ends the access at the next request.
* Fidelity reviewers and analysts never see identifying data: they get no participant access.
  Analysts see the outcome reports of their units, with small counts suppressed and the records
  behind a figure under pseudonyms.
* Managers and analysts of an organisation may export its enrolments for a linking study the
  operator registered for it (``LINKING_STUDIES``): generalised, under the study's pseudonyms.
* Fidelity reviewers review the fidelity of any unit; a unit's team leaders and managers may
  run a self-assessment of their own unit. Reviews show records as numbers, never names.
* Administrators manage organisations, units and staff accounts, and review the audit trail;
  the administrator role alone gives no access to participants.
* Records officers answer a person's request for access to their data (GDPR art. 15): they
  find a person enrolled, now or before, in a unit of their own organisation and produce the
  register extract of what the organisation holds about them. They open no case page and
  change nothing; anyone else asking for an extract is refused the page (403).

Both faces of the rule come from the table ``RULES``: ``can()`` answers for one object and
``participants_visible_to()`` / ``enrolments_visible_to()`` scope a queryset. Everything people
reach by id is fetched by a ``get_<thing>_for`` function here. A record that does not exist and
one the user may not see look the same (404), because existence is itself personal data; a page
the user's role may not use at all answers 403. Every refusal goes through ``refuse`` and is
written to the audit trail.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NoReturn

from django.conf import settings
from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.audit.services import record
from lotsa.casework.models import Meeting
from lotsa.cohorts.models import Cohort
from lotsa.documents.models import FinalDocument
from lotsa.employment.models import Employer, Job
from lotsa.errors import Forbidden, NotFound
from lotsa.fidelity.models import FidelityReview
from lotsa.jom.models import (
    AdmissionAssessment,
    Course,
    CourseTask,
    Internship,
    InternshipAgreement,
    Party,
    ProviderContract,
    SessionPlan,
    TargetGroup,
)
from lotsa.organisations.models import Membership, Organisation, Role, StaffFunction, Unit
from lotsa.participant_space.models import Message, ParticipantAccount
from lotsa.pathways.models import Enrolment
from lotsa.people.models import Consent, ConsentKind, Participant, SharingScope
from lotsa.referrals.models import Referral
from lotsa.socioeconomics.models import ParameterSetCopy, UnitProgrammeCost
from lotsa.surveys.models import Finding, SurveyKey, SurveyRound
from lotsa.teamwork.models import SupervisionEntry, TeamMeeting, TreatmentTeam, UnitMeeting
from lotsa.worktraining.models import (
    ActivityOffer,
    BusinessPlan,
    Incident,
    ReportBack,
    ScheduleEntry,
    TargetBehaviour,
    WorkAnalysis,
    WorkTask,
    WorkUnit,
)


class Action(StrEnum):
    VIEW_PARTICIPANT = "participant.view"
    CHANGE_PARTICIPANT = "participant.change"
    REGISTER_PARTICIPANT = "participant.register"
    ADMINISTER = "administer"
    REVIEW_FIDELITY = "fidelity.review"
    LEAD_UNIT = "unit.lead"
    VIEW_OUTCOMES = "outcomes.view"
    EXPORT_FOR_STUDY = "outcomes.study_export"
    PRODUCE_EXTRACT = "participant.extract"
    ISSUE_SURVEY_ID = "survey.issue_id"
    READ_SURVEY_KEY = "survey.read_key"
    ENTER_SURVEY_ANSWERS = "survey.enter"
    RUN_SURVEYS = "survey.run"
    VIEW_SURVEY_RESULTS = "survey.results"
    ANSWER_STAFF_SURVEY = "survey.answer_staff"
    MANAGE_COURSE = "course.manage"
    MANAGE_WORK_UNITS = "worktraining.units"
    EXPORT_COMPENSATION = "worktraining.compensation"
    VIEW_PROGRAMME_COSTS = "socioeconomics.costs.view"
    EDIT_PROGRAMME_COSTS = "socioeconomics.costs.edit"
    VIEW_PARAMETER_SETS = "socioeconomics.parameters.view"
    EDIT_PARAMETER_SETS = "socioeconomics.parameters.edit"
    LOG_TIME = "timeuse.log"
    VIEW_UNIT_TIME_USE = "timeuse.unit"
    VIEW_TEAMWORK = "teamwork.view"
    RECORD_MEETINGS = "teamwork.meetings"
    MANAGE_TREATMENT_TEAMS = "teamwork.teams"
    RECORD_SUPERVISION = "teamwork.supervision"
    VIEW_IMPROVEMENTS = "improvement.view"
    MANAGE_IMPROVEMENTS = "improvement.manage"


RULES: dict[Action, frozenset[Role]] = {
    Action.VIEW_PARTICIPANT: frozenset({Role.COACH, Role.SUPERVISOR, Role.MANAGER}),
    Action.CHANGE_PARTICIPANT: frozenset({Role.COACH, Role.SUPERVISOR}),
    Action.REGISTER_PARTICIPANT: frozenset({Role.COACH, Role.SUPERVISOR}),
    Action.ADMINISTER: frozenset({Role.ADMINISTRATOR}),
    Action.REVIEW_FIDELITY: frozenset({Role.FIDELITY_REVIEWER}),
    Action.LEAD_UNIT: frozenset({Role.SUPERVISOR, Role.MANAGER}),
    Action.VIEW_OUTCOMES: frozenset({Role.COACH, Role.SUPERVISOR, Role.MANAGER, Role.ANALYST}),
    Action.EXPORT_FOR_STUDY: frozenset({Role.MANAGER, Role.ANALYST}),
    Action.PRODUCE_EXTRACT: frozenset({Role.RECORDS_OFFICER}),
    # The coordinator alone issues survey IDs and reads who holds which.
    Action.ISSUE_SURVEY_ID: frozenset({Role.COORDINATOR}),
    Action.READ_SURVEY_KEY: frozenset({Role.COORDINATOR}),
    # Paper surveys carry their survey ID; whoever types them in never learns whose it is.
    Action.ENTER_SURVEY_ANSWERS: frozenset({Role.COACH, Role.SUPERVISOR, Role.COORDINATOR}),
    Action.RUN_SURVEYS: frozenset({Role.SUPERVISOR, Role.MANAGER, Role.COORDINATOR}),
    Action.VIEW_SURVEY_RESULTS: frozenset(
        {Role.SUPERVISOR, Role.MANAGER, Role.ANALYST, Role.COORDINATOR}
    ),
    Action.ANSWER_STAFF_SURVEY: frozenset(Role),
    # A JOM course's organisation model, provider contract and target group: the team leader
    # (the jobcentre's project leader). The work on its participants' cases is CHANGE_PARTICIPANT,
    # further shared out by the course's organisation model (may_do_course_task).
    Action.MANAGE_COURSE: frozenset({Role.SUPERVISOR}),
    # A work-training unit's work units, task catalogue and business plans.
    Action.MANAGE_WORK_UNITS: frozenset({Role.SUPERVISOR, Role.MANAGER}),
    # The monthly compensation basis goes to payroll with every participant's days.
    Action.EXPORT_COMPENSATION: frozenset({Role.SUPERVISOR, Role.MANAGER}),
    # What a unit's programme costs, for its socioeconomic report: its leaders keep it, and
    # analysts read it with them.
    Action.VIEW_PROGRAMME_COSTS: frozenset({Role.SUPERVISOR, Role.MANAGER, Role.ANALYST}),
    Action.EDIT_PROGRAMME_COSTS: frozenset({Role.SUPERVISOR, Role.MANAGER}),
    # An organisation's copies of the parameter sets are seen and used by the same roles in any
    # of its units; managers alone adjust them.
    Action.VIEW_PARAMETER_SETS: frozenset({Role.SUPERVISOR, Role.MANAGER, Role.ANALYST}),
    Action.EDIT_PARAMETER_SETS: frozenset({Role.MANAGER}),
    # A coach's own time log and self-reflection; nobody writes in another's.
    Action.LOG_TIME: frozenset({Role.COACH}),
    # The unit's time use, every coach's figures (staff figures: nothing is suppressed). One
    # coach's log in detail is for those who lead the unit (LEAD_UNIT).
    Action.VIEW_UNIT_TIME_USE: frozenset({Role.SUPERVISOR, Role.MANAGER, Role.ANALYST}),
    # Team practice: the unit's staff see it; coaches and team leaders record the meetings they
    # attend (a coach changes only what they recorded); the team leader keeps the treatment
    # teams, the coaches' attachments and the supervision log.
    Action.VIEW_TEAMWORK: frozenset({Role.COACH, Role.SUPERVISOR, Role.MANAGER}),
    Action.RECORD_MEETINGS: frozenset({Role.COACH, Role.SUPERVISOR}),
    Action.MANAGE_TREATMENT_TEAMS: frozenset({Role.SUPERVISOR}),
    Action.RECORD_SUPERVISION: frozenset({Role.SUPERVISOR}),
    # The unit's improvement register and benchmarking visits: all its staff read them and may
    # propose an improvement; the team leader and the manager decide and edit (a coach edits the
    # improvements they own, see improvement.services).
    Action.VIEW_IMPROVEMENTS: frozenset({Role.COACH, Role.SUPERVISOR, Role.MANAGER}),
    Action.MANAGE_IMPROVEMENTS: frozenset({Role.SUPERVISOR, Role.MANAGER}),
}


# ------------------------------------------------------------------ roles


def unit_ids_for(user: Actor, action: Action, *, day: datetime.date | None = None) -> set[int]:
    """Units where the user's active membership has a role that allows the action."""
    allowed = RULES[action]
    return {unit_id for unit_id, role, _org in _active_roles(user, day) if role in allowed}


def organisation_ids_for(user: Actor, action: Action) -> set[int]:
    """Organisations of the units where the user's role allows the action."""
    allowed = RULES[action]
    return {org for _unit, role, org in _active_roles(user, None) if role in allowed}


def _active_roles(user: Actor, day: datetime.date | None) -> list[tuple[int, str, int]]:
    """(unit, role, unit's organisation) of the user's memberships active on the day, read once
    per user object.

    A request gets a fresh user object, so the cache lives exactly as long as one request.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    day = day or timezone.localdate()
    cache: dict[datetime.date, list[tuple[int, str, int]]] = user.__dict__.setdefault(
        "_lotsa_roles", {}
    )
    if day not in cache:
        cache[day] = list(
            Membership.objects.active_on(day)
            .filter(user=user)
            .values_list("unit_id", "role", "unit__organisation_id")
        )
    return cache[day]


def is_administrator(user: Actor) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser or unit_ids_for(user, Action.ADMINISTER))


def _key(raw: object) -> int | None:
    try:
        return int(str(raw))
    except ValueError:
        return None


def refuse(
    user: Actor,
    action: str,
    *,
    object_type: str,
    object_id: object,
    participant_id: int | None = None,
) -> NoReturn:
    """The one refusal of something reached by id: audited, and the same 404 as a missing one."""
    record(
        AuditEvent.ACCESS_DENIED,
        actor=user,
        object_type=object_type,
        object_id=str(object_id)[:40],
        participant_id=participant_id,
        changes={"action": str(action)},
    )
    raise NotFound(object_type)


def require(
    user: Actor, action: Action, obj: Participant | Unit | Organisation | None = None
) -> None:
    """Refuse unless the user may perform the action: on the object (a 404, as if it did not
    exist), or at all (a 403: the page is not for this role). Both are audited."""
    if can(user, action, obj):
        return
    if obj is not None:
        refuse(
            user,
            action,
            object_type=obj._meta.label_lower,
            object_id=obj.pk,
            participant_id=obj.pk if isinstance(obj, Participant) else None,
        )
    record(AuditEvent.ACCESS_DENIED, actor=user, changes={"action": action.value})
    raise Forbidden(action.value)


def can(user: Actor, action: Action, obj: Participant | Unit | Organisation | None = None) -> bool:
    if action == Action.ADMINISTER:
        return is_administrator(user)
    units = unit_ids_for(user, action)
    if obj is None:
        return bool(units)
    if isinstance(obj, Unit):
        return obj.pk in units
    if isinstance(obj, Organisation):
        return obj.pk in organisation_ids_for(user, action)
    return Enrolment.objects.filter(participant=obj, unit_id__in=units).exists()


# ------------------------------------------------------------------ participants


def participants_visible_to(
    user: Actor, action: Action = Action.VIEW_PARTICIPANT
) -> QuerySet[Participant]:
    """Participants with an enrolment, current or past, in one of the user's units for the action.

    A consent to information sharing shows another organisation's case, not the person's own
    record (identity number, address, consents)."""
    units = unit_ids_for(user, action)
    enrolled_here = Enrolment.objects.filter(participant=OuterRef("pk"), unit_id__in=units)
    return Participant.objects.filter(Exists(enrolled_here))


def get_participant_for(user: Actor, participant_id: object, action: Action) -> Participant:
    """Fetch a participant the user may act on, and log the access; otherwise 404 and log."""
    key = _key(participant_id)
    participant = (
        participants_visible_to(user, action).filter(pk=key).first() if key is not None else None
    )
    if participant is None:
        exists = key is not None and Participant.objects.filter(pk=key).exists()
        refuse(
            user,
            action,
            object_type="people.participant",
            object_id=participant_id,
            participant_id=key if exists else None,
        )
    record(
        AuditEvent.PARTICIPANT_VIEWED, actor=user, obj=participant, participant_id=participant.pk
    )
    return participant


def participants_for_extract(user: Actor) -> QuerySet[Participant]:
    """Participants with an enrolment, current or past, in any unit of an organisation where the
    user is a records officer: whom the user may produce a register extract of."""
    organisations = organisation_ids_for(user, Action.PRODUCE_EXTRACT)
    enrolled_there = Enrolment.objects.filter(
        participant=OuterRef("pk"), unit__organisation_id__in=organisations
    )
    return Participant.objects.filter(Exists(enrolled_there))


def get_participant_for_extract(user: Actor, participant_id: object) -> Participant:
    """A participant the user may produce a register extract of: a 403 for a role that produces
    none, a 404 for someone missing or of another organisation (both logged). The extract
    itself is logged where it is produced, with its format."""
    require(user, Action.PRODUCE_EXTRACT)
    key = _key(participant_id)
    participant = participants_for_extract(user).filter(pk=key).first() if key is not None else None
    if participant is None:
        exists = key is not None and Participant.objects.filter(pk=key).exists()
        refuse(
            user,
            Action.PRODUCE_EXTRACT,
            object_type="people.participant",
            object_id=participant_id,
            participant_id=key if exists else None,
        )
    return participant


# ------------------------------------------------------------------ enrolments


@dataclass(frozen=True)
class CaseAccess:
    """How a viewer reaches an enrolment: as staff of its unit, or through a consent (which one,
    and how much it shares)."""

    own_unit: bool
    scope: str = ""
    consent_id: int | None = None

    @property
    def full(self) -> bool:
        """Notes, plan and documents may be shown, not only the summary."""
        return self.own_unit or self.scope == SharingScope.FULL

    def audited(self) -> dict[str, Any]:
        if self.own_unit:
            return {}
        return {"consent": self.consent_id, "scope": self.scope}


OWN_UNIT = CaseAccess(own_unit=True)


def sharing_consents_for(user: Actor, *, day: datetime.date | None = None) -> QuerySet[Consent]:
    """Consents to information sharing in force on the day that name one of the organisations
    of the user's units (where the user's role lets them see participants)."""
    return Consent.objects.in_force_on(day or timezone.localdate()).filter(
        kind=ConsentKind.INFORMATION_SHARING,
        organisation_id__in=organisation_ids_for(user, Action.VIEW_PARTICIPANT),
    )


def _shared_with(user: Actor, scopes: tuple[str, ...]) -> Exists:
    """An enrolment's participant has shared its unit's organisation's records with the user."""
    return Exists(
        sharing_consents_for(user).filter(
            participant_id=OuterRef("participant_id"),
            given_to_id=OuterRef("unit__organisation_id"),
            sharing_scope__in=scopes,
        )
    )


SUMMARY_OR_FULL = (SharingScope.SUMMARY, SharingScope.FULL)


def enrolments_visible_to(
    user: Actor, action: Action = Action.VIEW_PARTICIPANT, *, summary: bool = False
) -> QuerySet[Enrolment]:
    """Enrolments of the user's units for the action; for seeing, also those of other units
    the participant has shared with the user's organisation: every one shared in full, and with
    ``summary`` also those shared as a summary only. Changing is for the own unit alone."""
    own = Q(unit_id__in=unit_ids_for(user, action))
    if action != Action.VIEW_PARTICIPANT:
        return Enrolment.objects.filter(own)
    scopes = SUMMARY_OR_FULL if summary else (SharingScope.FULL,)
    return Enrolment.objects.filter(own | _shared_with(user, scopes))


def case_access(user: Actor, enrolment: Enrolment) -> CaseAccess | None:
    """How the user reaches the enrolment, or None when they may not see it at all."""
    if enrolment.unit_id in unit_ids_for(user, Action.VIEW_PARTICIPANT):
        return OWN_UNIT
    consent = (
        sharing_consents_for(user)
        .filter(participant_id=enrolment.participant_id, given_to_id=enrolment.unit.organisation_id)
        .order_by(
            Case(When(sharing_scope=SharingScope.FULL, then=Value(0)), default=Value(1)), "pk"
        )
        .values_list("pk", "sharing_scope")
        .first()
    )
    if consent is None:
        return None
    return CaseAccess(own_unit=False, scope=consent[1], consent_id=consent[0])


def _enrolment_refused(user: Actor, enrolment_id: object, action: str) -> NoReturn:
    key = _key(enrolment_id)
    participant_id = (
        Enrolment.objects.filter(pk=key).values_list("participant_id", flat=True).first()
        if key is not None
        else None
    )
    refuse(
        user,
        action,
        object_type="pathways.enrolment",
        object_id=enrolment_id,
        participant_id=participant_id,
    )


def _fetch_enrolment(
    user: Actor, enrolment_id: object, among: QuerySet[Enrolment] | None
) -> Enrolment | None:
    key = _key(enrolment_id)
    if key is None:
        return None
    enrolments = Enrolment.objects.all() if among is None else among
    return (
        enrolments.select_related("participant", "unit__organisation", "responsible_staff")
        .filter(pk=key)
        .first()
    )


def get_case_for(
    user: Actor, enrolment_id: object, *, among: QuerySet[Enrolment] | None = None
) -> tuple[Enrolment, CaseAccess]:
    """Fetch an enrolment for its case page, with how much of it the user may see; the view is
    logged (with the consent it rests on, if any). Otherwise 404, logged."""
    enrolment = _fetch_enrolment(user, enrolment_id, among)
    seen = case_access(user, enrolment) if enrolment is not None else None
    if enrolment is None or seen is None:
        _enrolment_refused(user, enrolment_id, Action.VIEW_PARTICIPANT)
    record_case_view(user, enrolment, seen)
    return enrolment, seen


def get_enrolment_for(
    user: Actor,
    enrolment_id: object,
    action: Action,
    *,
    among: QuerySet[Enrolment] | None = None,
) -> Enrolment:
    """Fetch an enrolment the user may see in full (or, for a change, work on), logging the
    access. Otherwise 404, as for a participant. ``among`` is a queryset of enrolments with what
    the page needs read along (annotations, prefetches)."""
    enrolment, seen = _enrolment_in_full(user, enrolment_id, action, among)
    record_case_view(user, enrolment, seen)
    return enrolment


def get_case_to_work_on(user: Actor, enrolment_id: object) -> Enrolment:
    """Fetch a case for a form of its case page: the form opened, or saved. Refused as
    ``get_enrolment_for`` refuses a change, but no view is recorded here. Saving writes the
    service's own entry, the case page shown again after a refused form records its view, and
    so does a form's page (``core.pages.action_form_page``). Recording a view at each of these
    steps wrote one page view as several identical entries."""
    enrolment, _seen = _enrolment_in_full(user, enrolment_id, Action.CHANGE_PARTICIPANT)
    return enrolment


def record_case_view(user: Actor, enrolment: Enrolment, seen: CaseAccess = OWN_UNIT) -> None:
    """The one entry of a case shown: with the consent it rests on, if another organisation's."""
    record(
        AuditEvent.ENROLMENT_VIEWED,
        actor=user,
        obj=enrolment,
        participant_id=enrolment.participant_id,
        changes=seen.audited(),
    )


def record_case_form_opened(user: Actor, enrolment: Enrolment) -> None:
    """A form opened on the case page (the page fetches it when the user opens it) shows what
    the page's view recorded: covered when the user's latest entry is that view, within a
    session's idle time. Otherwise (asked for on its own, or after the session lay idle) it
    records a view."""
    latest = (
        AuditEntry.objects.filter(actor_id=user.pk)
        .order_by("-sequence")
        .values_list("event", "object_id", "occurred_at")
        .first()
    )
    idle_limit = timezone.now() - datetime.timedelta(minutes=settings.SESSION_IDLE_MINUTES)
    covered = (
        latest is not None
        and latest[:2] == (AuditEvent.ENROLMENT_VIEWED.value, str(enrolment.pk))
        and latest[2] >= idle_limit
    )
    if not covered:
        record_case_view(user, enrolment)


def _enrolment_in_full(
    user: Actor, enrolment_id: object, action: Action, among: QuerySet[Enrolment] | None = None
) -> tuple[Enrolment, CaseAccess]:
    """The enrolment ``get_enrolment_for`` fetches, with how the user reaches it, not yet
    logged; otherwise 404 (logged)."""
    enrolment = _fetch_enrolment(user, enrolment_id, among)
    seen = None
    if enrolment is not None:
        if action == Action.VIEW_PARTICIPANT:
            seen = case_access(user, enrolment)
            seen = seen if seen is not None and seen.full else None
        elif enrolment.unit_id in unit_ids_for(user, action):
            seen = OWN_UNIT
    if enrolment is None or seen is None:
        _enrolment_refused(user, enrolment_id, action)
    return enrolment, seen


def require_enrolment(user: Actor, enrolment: Enrolment) -> None:
    """Work on a case (contacts, phases, plans) is for coaches and team leaders of its unit."""
    if enrolment.unit_id not in unit_ids_for(user, Action.CHANGE_PARTICIPANT):
        refuse(
            user,
            "enrolment.change",
            object_type="pathways.enrolment",
            object_id=enrolment.pk,
            participant_id=enrolment.participant_id,
        )


# ------------------------------------------------------------------ units and organisations


def get_unit_for(user: Actor, unit_id: object, action: Action) -> Unit:
    """A unit where the user's role allows the action; otherwise 404 (logged)."""
    key = _key(unit_id)
    if key is None or key not in unit_ids_for(user, action):
        refuse(user, action, object_type="organisations.unit", object_id=unit_id)
    return Unit.objects.select_related("organisation").get(pk=key)


def get_caseworker_of_unit_for(
    user: Actor, unit: Unit, staff_id: object, day: datetime.date
) -> Membership:
    """A coach's (or supervisor's) membership of a unit the user leads; otherwise 404 (logged),
    whether the staff member is missing, works elsewhere or has another role."""
    key = _key(staff_id)
    membership = (
        Membership.objects.active_on(day)
        .filter(unit=unit, user_id=key, role__in=(Role.COACH, Role.SUPERVISOR))
        .select_related("user")
        .first()
        if key is not None and unit.pk in unit_ids_for(user, Action.LEAD_UNIT)
        else None
    )
    if membership is None:
        refuse(user, Action.LEAD_UNIT, object_type="accounts.user", object_id=staff_id)
    return membership


def get_coach_time_log_for(user: Actor, unit_id: object, staff_id: object) -> Membership:
    """A coach's membership of a unit the user leads (team leader, manager), to read that
    coach's time log; otherwise 404 (logged): another coach asking sees nothing."""
    unit = get_unit_for(user, unit_id, Action.LEAD_UNIT)
    membership = get_caseworker_of_unit_for(user, unit, staff_id, timezone.localdate())
    membership.unit = unit
    return membership


def get_organisation_for(user: Actor, organisation_id: object, action: Action) -> Organisation:
    """An organisation with a unit where the user's role allows the action; otherwise 404."""
    key = _key(organisation_id)
    if key is None or key not in organisation_ids_for(user, action):
        refuse(user, action, object_type="organisations.organisation", object_id=organisation_id)
    return Organisation.objects.get(pk=key)


def get_linking_study_for(user: Actor, code: str) -> int:
    """The organisation of a registered linking study (``LINKING_STUDIES``) the user may export
    for: a manager or analyst of one of its units. An unknown study and another's look the same:
    404 (logged)."""
    organisation_id = settings.LINKING_STUDIES.get(code)
    if organisation_id is None or organisation_id not in organisation_ids_for(
        user, Action.EXPORT_FOR_STUDY
    ):
        refuse(user, Action.EXPORT_FOR_STUDY, object_type="outcomes.study", object_id=code)
    return organisation_id


def linking_studies_for(user: Actor) -> list[str]:
    """The codes of the registered linking studies the user may export for."""
    mine = organisation_ids_for(user, Action.EXPORT_FOR_STUDY)
    return sorted(code for code, org in settings.LINKING_STUDIES.items() if org in mine)


# ------------------------------------------------------------------ records of a unit


def get_unit_record_for(
    user: Actor,
    records: QuerySet[Any],
    record_id: object,
    action: Action,
    unit_path: str = "unit_id",
) -> Any:
    """A record of one of the user's units for the action (reached through ``unit_path``);
    otherwise 404 (logged)."""
    key = _key(record_id)
    found = (
        records.filter(pk=key, **{f"{unit_path}__in": unit_ids_for(user, action)}).first()
        if key is not None
        else None
    )
    if found is None:
        refuse(user, action, object_type=records.model._meta.label_lower, object_id=record_id)
    return found


def get_cohort_for(user: Actor, cohort_id: object, action: Action) -> Cohort:
    """A cohort of one of the user's units for the action; otherwise 404 (logged)."""
    key = _key(cohort_id)
    cohort = (
        Cohort.objects.select_related("unit").filter(pk=key).first() if key is not None else None
    )
    if cohort is None or cohort.unit_id not in unit_ids_for(user, action):
        refuse(user, "cohort.view", object_type="cohorts.cohort", object_id=cohort_id)
    return cohort


def _of_a_case(
    user: Actor,
    record_id: object,
    action: Action,
    records: QuerySet[Any],
    enrolment_path: str,
    opened: AuditEvent | None = None,
) -> tuple[Any, Enrolment]:
    """A record of an enrolment (reached through ``enrolment_path``) that the user may see in
    full (or change), with that enrolment; otherwise 404 (logged). The opening is logged once:
    as ``opened`` of the record, with the consent it rests on, or as a view of the enrolment
    for a record without an event of its own."""
    key = _key(record_id)
    enrolment_id = (
        records.filter(pk=key).values_list(enrolment_path, flat=True).first()
        if key is not None
        else None
    )
    if enrolment_id is None:
        refuse(user, action, object_type=records.model._meta.label_lower, object_id=record_id)
    found = records.get(pk=key)
    if opened is None:
        return found, get_enrolment_for(user, enrolment_id, action)
    enrolment, seen = _enrolment_in_full(user, enrolment_id, action)
    record(
        opened,
        actor=user,
        obj=found,
        participant_id=enrolment.participant_id,
        changes=seen.audited(),
    )
    return found, enrolment


def get_case_record_for(
    user: Actor,
    records: QuerySet[Any],
    record_id: object,
    action: Action,
    *,
    enrolment_path: str = "enrolment_id",
    opened: AuditEvent | None = None,
) -> Any:
    """A record of a case (a course's or a work unit's record of a participant) that the user
    may see in full (or change), with its enrolment set; otherwise 404 (logged). ``opened`` is
    the record's own view event, for records with special-category data."""
    found, enrolment = _of_a_case(user, record_id, action, records, enrolment_path, opened)
    if enrolment_path == "enrolment_id":
        found.enrolment = enrolment
    return found


def get_job_for(user: Actor, job_id: object, action: Action) -> Job:
    """A job of an enrolment the user may see in full (or change)."""
    job, enrolment = _of_a_case(
        user, job_id, action, Job.objects.select_related("employer"), "enrolment_id"
    )
    job.enrolment = enrolment
    return job


def get_meeting_for(user: Actor, meeting_id: object, action: Action) -> Meeting:
    """A meeting of an enrolment the user may see in full (or change), with its attendees and
    reflections; its opening is logged."""
    meetings = Meeting.objects.select_related("contact__staff").prefetch_related(
        "attendees", "reflections__staff"
    )
    meeting, enrolment = _of_a_case(
        user, meeting_id, action, meetings, "contact__enrolment_id", AuditEvent.MEETING_VIEWED
    )
    meeting.contact.enrolment = enrolment
    return meeting


def get_final_document_for(user: Actor, document_id: object, action: Action) -> FinalDocument:
    """A version of a case's final documentation the user may see in full (or change), its
    opening logged."""
    documents = FinalDocument.objects.select_related(
        "written_by", "signature_recorded_by"
    ).prefetch_related("approvals__approved_by", "dispatches__recipient_organisation")
    document, enrolment = _of_a_case(
        user, document_id, action, documents, "enrolment_id", AuditEvent.DOCUMENT_VIEWED
    )
    document.enrolment = enrolment
    return document


def get_employer_for(user: Actor, employer_id: object) -> Employer:
    """An employer, for staff who work with participants (a 403 for other roles, a 404 for
    an unknown one). What units wrote about their contacts with it is their own: see
    ``employment.queries.employer_page``."""
    require(user, Action.VIEW_PARTICIPANT)
    key = _key(employer_id)
    employer = Employer.objects.filter(pk=key).first() if key is not None else None
    if employer is None:
        refuse(user, "employer.view", object_type="employment.employer", object_id=employer_id)
    return employer


# ------------------------------------------------------------------ fidelity


def may_review(user: Actor, unit: Unit) -> bool:
    """Fidelity reviewers review any unit; a unit's team leaders and managers may self-assess."""
    return bool(unit_ids_for(user, Action.REVIEW_FIDELITY)) or unit.pk in unit_ids_for(
        user, Action.LEAD_UNIT
    )


def may_see_fidelity_of(user: Actor, unit_id: int) -> bool:
    """Staff of the unit, its leads and every fidelity reviewer see the unit's reviews."""
    units = unit_ids_for(user, Action.VIEW_PARTICIPANT) | unit_ids_for(user, Action.LEAD_UNIT)
    return unit_id in units or bool(unit_ids_for(user, Action.REVIEW_FIDELITY))


def get_fidelity_unit_for(user: Actor, unit_id: object) -> Unit:
    """A unit whose fidelity reviews the user may see; otherwise 404 (logged)."""
    key = _key(unit_id)
    unit = (
        Unit.objects.select_related("organisation").filter(pk=key).first()
        if key is not None
        else None
    )
    if unit is None or not may_see_fidelity_of(user, unit.pk):
        refuse(user, "fidelity.view", object_type="organisations.unit", object_id=unit_id)
    return unit


def get_review_for(user: Actor, review_id: object) -> FidelityReview:
    """A review of a unit the user may see, or one the user is a reviewer of; otherwise 404."""
    key = _key(review_id)
    review = (
        FidelityReview.objects.select_related("unit__organisation").filter(pk=key).first()
        if key is not None
        else None
    )
    if review is None or not (
        may_see_fidelity_of(user, review.unit_id) or review.reviewers.filter(pk=user.pk).exists()
    ):
        refuse(user, "fidelity.view", object_type="fidelity.fidelityreview", object_id=review_id)
    return review


# ------------------------------------------------------------------ referrals


class Side(StrEnum):
    SENDER = "sender"
    RECEIVER = "receiver"


def get_review_evidence_for(user: Actor, review_id: object) -> FidelityReview:
    """A review whose evidence from the records the user may read: only its reviewers, whoever
    else may see the review; otherwise 404, audited as a refusal."""
    review = get_review_for(user, review_id)
    if not review.reviewers.filter(pk=user.pk).exists():
        refuse(
            user, "fidelity.evidence", object_type="fidelity.fidelityreview", object_id=review_id
        )
    return review


def referrals_visible_to(user: Actor) -> QuerySet[Referral]:
    """Referrals sent from or to one of the user's units (where they may see participants)."""
    units = unit_ids_for(user, Action.VIEW_PARTICIPANT)
    return Referral.objects.filter(Q(from_unit_id__in=units) | Q(to_unit_id__in=units))


def may_open_referral(user: Actor, referral: Referral) -> bool:
    """Whether the referral was sent from or to one of the user's units (where they may see
    participants): the referrals ``get_referral_for`` opens."""
    return bool(
        {referral.from_unit_id, referral.to_unit_id} & unit_ids_for(user, Action.VIEW_PARTICIPANT)
    )


def get_referral_for(user: Actor, referral_id: object) -> tuple[Referral, Side]:
    """A referral of one of the user's units, with the side the user is on (the receiving side
    where both are theirs), its opening logged; otherwise 404 (logged)."""
    key = _key(referral_id)
    referral = (
        Referral.objects.select_related(
            "from_unit__organisation", "to_unit__organisation", "referred_by", "decided_by"
        )
        .filter(pk=key)
        .first()
        if key is not None
        else None
    )
    if referral is None or not may_open_referral(user, referral):
        refuse(
            user,
            "referral.view",
            object_type="referrals.referral",
            object_id=referral_id,
            participant_id=referral.participant_id if referral is not None else None,
        )
    units = unit_ids_for(user, Action.VIEW_PARTICIPANT)
    side = Side.RECEIVER if referral.to_unit_id in units else Side.SENDER
    record(
        AuditEvent.REFERRAL_VIEWED,
        actor=user,
        obj=referral,
        participant_id=referral.participant_id,
        changes={"side": side.value},
    )
    return referral, side


# ------------------------------------------------------------------ a participant's own records
#
# A participant signed in to their own space reaches only the records their account holds: the
# participant records matched to them, and what hangs on those. Anything else answers 404, like
# a record that does not exist, and the attempt is logged.


def own_participant_ids(user: Actor) -> list[int]:
    """The participant records of a participant's account; none for anyone else."""
    if not getattr(user, "is_participant", False):
        return []
    return list(
        ParticipantAccount.participants.through.objects.filter(
            participantaccount__user_id=user.pk
        ).values_list("participant_id", flat=True)
    )


def _own_record(
    user: Actor, records: QuerySet[Any], record_id: object, action: str, object_type: str
) -> Any:
    """A record of one of the participant's own participant records; otherwise 404 (logged)."""
    key = _key(record_id)
    found = (
        records.filter(pk=key, participant_id__in=own_participant_ids(user)).first()
        if key is not None
        else None
    )
    if found is None:
        refuse(user, action, object_type=object_type, object_id=record_id)
    return found


def get_own_consent(user: Actor, consent_id: object) -> Consent:
    """One of the participant's own consents; otherwise 404 (logged)."""
    records = Consent.objects.select_related("given_to", "organisation")
    consent = _own_record(user, records, consent_id, "consent.own", "people.consent")
    assert isinstance(consent, Consent)
    return consent


def get_own_enrolment(user: Actor, enrolment_id: object) -> Enrolment:
    """One of the participant's own enrolments, to write to its responsible staff; otherwise
    404 (logged)."""
    records = Enrolment.objects.select_related("responsible_staff", "unit")
    enrolment = _own_record(user, records, enrolment_id, "enrolment.own", "pathways.enrolment")
    assert isinstance(enrolment, Enrolment)
    return enrolment


def get_message_for(user: Actor, message_id: object) -> Message:
    """A participant's message, for staff who may see its case in full; otherwise 404 (logged).
    Its reading is logged where it is marked read."""
    key = _key(message_id)
    message = (
        Message.objects.select_related(
            "enrolment__participant", "enrolment__unit__organisation", "read_by"
        )
        .filter(pk=key)
        .first()
        if key is not None
        else None
    )
    seen = case_access(user, message.enrolment) if message is not None else None
    if message is None or seen is None or not seen.full:
        refuse(
            user,
            "message.read",
            object_type="participant_space.message",
            object_id=message_id,
            participant_id=message.enrolment.participant_id if message is not None else None,
        )
    return message


# ------------------------------------------------------------------ surveys


def get_survey_key_for(user: Actor, survey_id: object) -> SurveyKey:
    """Who holds a survey ID, for the coordinator of the unit that issued it; for everyone else
    the same 404 as an ID that does not exist (logged). The caller logs the read."""
    key = _key(survey_id)
    survey_key = (
        SurveyKey.objects.select_related("survey_id__unit", "participant")
        .filter(survey_id_id=key, survey_id__unit_id__in=unit_ids_for(user, Action.READ_SURVEY_KEY))
        .first()
        if key is not None
        else None
    )
    if survey_key is None:
        refuse(user, Action.READ_SURVEY_KEY, object_type="surveys.surveyid", object_id=survey_id)
    return survey_key


def get_survey_round_for(user: Actor, round_id: object, action: Action) -> SurveyRound:
    """A survey round of a unit where the user's role allows the action; otherwise 404 (logged)."""
    rounds = SurveyRound.objects.select_related("unit__organisation")
    return get_unit_record_for(user, rounds, round_id, action)


def get_finding_for(user: Actor, finding_id: object) -> Finding:
    """A finding of a unit where the user runs surveys; otherwise 404 (logged)."""
    findings = Finding.objects.select_related("unit", "owner", "round", "focus_group")
    return get_unit_record_for(user, findings, finding_id, Action.RUN_SURVEYS)


def get_enrolment_for_survey_id(user: Actor, enrolment_id: object) -> Enrolment:
    """A case of a unit where the user issues survey IDs (the coordinator); otherwise 404
    (logged). The coordinator sees only the case's name and programme, not the record."""
    key = _key(enrolment_id)
    found = (
        Enrolment.objects.select_related("participant", "unit")
        .filter(pk=key, unit_id__in=unit_ids_for(user, Action.ISSUE_SURVEY_ID))
        .first()
        if key is not None
        else None
    )
    if found is None:
        refuse(
            user, Action.ISSUE_SURVEY_ID, object_type="pathways.enrolment", object_id=enrolment_id
        )
    return found


# ------------------------------------------------------------------ JOM courses


def get_course_for(user: Actor, course_id: object, action: Action) -> Course:
    """A JOM course of one of the user's units for the action; otherwise 404 (logged)."""
    courses = Course.objects.select_related("cohort__unit__organisation")
    return get_unit_record_for(user, courses, course_id, action, "cohort__unit_id")


# Which staff of a party do a task, by their function in the course's unit. The jobcentre's
# project leader takes part in admission (model 1) and may stand in for any jobcentre task;
# its company consultants make and follow up internship agreements; mentors mentor.
_FUNCTIONS_FOR_TASK: dict[CourseTask, frozenset[str]] = {
    CourseTask.ADMISSION: frozenset({StaffFunction.PROJECT_LEADER}),
    CourseTask.TEACHING: frozenset(),
    CourseTask.MENTORING: frozenset({StaffFunction.MENTOR, StaffFunction.CASEWORKER}),
    CourseTask.INTERNSHIP_AGREEMENTS: frozenset({StaffFunction.COMPANY_CONSULTANT}),
    CourseTask.INTERNSHIP_FOLLOW_UP: frozenset({StaffFunction.COMPANY_CONSULTANT}),
}


def course_parties_of(user: Actor, course: Course) -> dict[Party, set[str]]:
    """The parties the user acts for in the course's unit (by the employer of each membership
    that lets them work on cases there), each with the user's functions for it."""
    unit = course.cohort.unit
    if unit.pk not in unit_ids_for(user, Action.CHANGE_PARTICIPANT):
        return {}
    parties: dict[Party, set[str]] = {}
    memberships = (
        Membership.objects.active_on(timezone.localdate())
        .filter(user=user, unit=unit, role__in=RULES[Action.CHANGE_PARTICIPANT])
        .values_list("employer_id", "employer__kind", "function")
    )
    for employer_id, employer_kind, function in memberships:
        parties.setdefault(party_of_employer(unit, employer_id, employer_kind), set()).add(function)
    return parties


def may_do_course_task(user: Actor, course: Course, task: CourseTask) -> bool:
    """Whether the course's organisation model gives the task to a party the user acts for:
    any staff member of the provider or a partner, and of the jobcentre those whose function
    does the task (the project leader always)."""
    return any(
        party_does_task(course, task, party, functions)
        for party, functions in course_parties_of(user, course).items()
    )


def require_course_task(user: Actor, course: Course, task: CourseTask) -> None:
    """Refuse (403, logged) a task the organisation model gives to another party."""
    if may_do_course_task(user, course, task):
        return
    record(
        AuditEvent.ACCESS_DENIED,
        actor=user,
        object_type="jom.course",
        object_id=str(course.pk),
        changes={"action": f"course.{task}"},
    )
    raise Forbidden(f"course.{task}")


def party_of_employer(unit: Unit, employer_id: int, employer_kind: str) -> Party:
    """The party a member of a course's unit acts for, by who employs them."""
    if employer_id == unit.organisation_id:
        return Party.JOBCENTRE
    if employer_kind == Organisation.Kind.PROVIDER:
        return Party.PROVIDER
    return Party.PARTNER


def party_does_task(course: Course, task: CourseTask, party: Party, functions: set[str]) -> bool:
    """Whether staff of the party with these functions do the task under the course's model."""
    if party not in course.parties_for(task):
        return False
    if party != Party.JOBCENTRE:
        return True
    return bool(functions & (_FUNCTIONS_FOR_TASK[task] | {StaffFunction.PROJECT_LEADER}))


def get_provider_contract_for(user: Actor, contract_id: object, action: Action) -> ProviderContract:
    """A provider contract of one of the user's units for the action; otherwise 404 (logged)."""
    contracts = ProviderContract.objects.select_related("unit__organisation", "provider")
    return get_unit_record_for(user, contracts, contract_id, action)


def get_target_group_for(user: Actor, target_group_id: object, action: Action) -> TargetGroup:
    """A JOM target group of one of the user's units for the action; otherwise 404 (logged)."""
    target_groups = TargetGroup.objects.select_related("unit__organisation")
    return get_unit_record_for(user, target_groups, target_group_id, action)


def get_session_plan_for(
    user: Actor, course: Course, plan_id: object, action: Action
) -> SessionPlan:
    """A planned session of the course's timetable; otherwise 404 (logged)."""
    plans = SessionPlan.objects.select_related("session__cohort", "teacher").filter(
        session__cohort_id=course.cohort_id
    )
    key = _key(plan_id)
    plan = plans.filter(pk=key).first() if key is not None else None
    if plan is None:
        refuse(user, action, object_type="jom.sessionplan", object_id=plan_id)
    plan.session.cohort.course = course
    return plan


def get_admission_for(user: Actor, assessment_id: object, action: Action) -> AdmissionAssessment:
    """An admission assessment of a case the user may see in full (or change), with its
    enrolment and course; otherwise 404 (logged)."""
    assessments = AdmissionAssessment.objects.select_related(
        "course__cohort__unit__organisation", "course__target_group", "decided_by"
    )
    return get_case_record_for(user, assessments, assessment_id, action)


# -- jom: internship


def course_of_case(enrolment: Enrolment) -> Course | None:
    """The course of the participant's current JOM cohort, if they are in one."""
    return (
        Course.objects.select_related("cohort__unit")
        .filter(cohort__members__enrolment=enrolment, cohort__members__left_on__isnull=True)
        .order_by("-cohort__members__joined_on")
        .first()
    )


def may_do_case_task(user: Actor, enrolment: Enrolment, task: CourseTask) -> bool:
    """A course task on one participant: routed by the organisation model of their course; a
    case in no course is the jobcentre's own, so any of its staff who work on the case may."""
    if enrolment.unit_id not in unit_ids_for(user, Action.CHANGE_PARTICIPANT):
        return False
    course = course_of_case(enrolment)
    if course is not None:
        return may_do_course_task(user, course, task)
    return (
        Membership.objects.active_on(timezone.localdate())
        .filter(
            user=user,
            unit_id=enrolment.unit_id,
            role__in=RULES[Action.CHANGE_PARTICIPANT],
            employer_id=enrolment.unit.organisation_id,
        )
        .exists()
    )


def require_case_task(user: Actor, enrolment: Enrolment, task: CourseTask) -> None:
    """Refuse a case outside the user's units (404) and a task the organisation model gives to
    another party (403), both logged."""
    require_enrolment(user, enrolment)
    if may_do_case_task(user, enrolment, task):
        return
    record(
        AuditEvent.ACCESS_DENIED,
        actor=user,
        object_type="pathways.enrolment",
        object_id=str(enrolment.pk),
        participant_id=enrolment.participant_id,
        changes={"action": f"course.{task}"},
    )
    raise Forbidden(f"course.{task}")


def get_agreement_for(user: Actor, agreement_id: object, action: Action) -> InternshipAgreement:
    """A version of a participant's agreement guide; opening it is logged as its own read (its
    warning signs and crisis plan are health data)."""
    agreements = InternshipAgreement.objects.select_related(
        "employer", "company_signatory", "written_by", "jobcentre_signed_by"
    )
    found: InternshipAgreement = get_case_record_for(
        user, agreements, agreement_id, action, opened=AuditEvent.AGREEMENT_VIEWED
    )
    return found


def get_internship_for(user: Actor, internship_id: object, action: Action) -> Internship:
    """A participant's internship, with its enrolment."""
    internships = Internship.objects.select_related(
        "employer", "contact_person", "company_consultant"
    )
    found: Internship = get_case_record_for(user, internships, internship_id, action)
    return found


# ------------------------------------------------------------------ work-training units


def get_work_unit_for(user: Actor, work_unit_id: object, action: Action) -> WorkUnit:
    """A work unit of one of the user's units for the action; otherwise 404 (logged)."""
    work_units = WorkUnit.objects.select_related("unit__organisation", "cohort")
    return get_unit_record_for(user, work_units, work_unit_id, action)


def get_target_behaviour_for(user: Actor, behaviour_id: object, action: Action) -> TargetBehaviour:
    """A target behaviour of a case the user may see in full (or change), its opening logged."""
    return get_case_record_for(
        user,
        TargetBehaviour.objects.all(),
        behaviour_id,
        action,
        opened=AuditEvent.MOTIVATION_VIEWED,
    )


def get_report_back_for(user: Actor, report_id: object, action: Action) -> ReportBack:
    """A version of a case's report back to the commissioner the user may see in full (or
    change), its opening logged."""
    reports = ReportBack.objects.select_related(
        "written_by", "reviewed_by", "sent_by", "sent_to_organisation"
    )
    return get_case_record_for(
        user, reports, report_id, action, opened=AuditEvent.REPORT_BACK_VIEWED
    )


def get_work_task_for(user: Actor, task_id: object, action: Action) -> WorkTask:
    """A task of a work unit of one of the user's units for the action; otherwise 404 (logged)."""
    tasks = WorkTask.objects.select_related("work_unit__unit__organisation")
    return get_unit_record_for(user, tasks, task_id, action, "work_unit__unit_id")


def get_work_training_case_for(
    user: Actor, enrolment_id: object, action: Action, *, opened: AuditEvent | None
) -> Enrolment:
    """A work-training (KNUT-PV) case for a page of its records, that the user may see in full
    (or change); otherwise 404 (logged). The page's opening is logged as ``opened``, the
    records' own event (self-ratings and observations are health data), with the consent it
    rests on; None for a form whose saving writes the service's entry."""
    enrolment, seen = _enrolment_in_full(user, enrolment_id, action)
    if enrolment.programme_model != "knut_pv":
        _enrolment_refused(user, enrolment_id, action)
    if opened is not None:
        record(
            opened,
            actor=user,
            obj=enrolment,
            participant_id=enrolment.participant_id,
            changes=seen.audited(),
        )
    return enrolment


def get_work_analysis_for(user: Actor, analysis_id: object, action: Action) -> WorkAnalysis:
    """A work analysis of a case the user may see in full (or change), its opening logged."""
    analyses = WorkAnalysis.objects.select_related("task__work_unit", "recorded_by")
    return get_case_record_for(
        user, analyses, analysis_id, action, opened=AuditEvent.WORK_ANALYSIS_VIEWED
    )


def get_schedule_entry_for(user: Actor, entry_id: object, action: Action) -> ScheduleEntry:
    """A line of a work unit's weekly schedule in one of the user's units; otherwise 404
    (logged)."""
    entries = ScheduleEntry.objects.select_related(
        "schedule__work_unit__unit", "schedule__work_unit__cohort", "enrolment"
    )
    return get_unit_record_for(user, entries, entry_id, action, "schedule__work_unit__unit_id")


def get_incident_for(user: Actor, incident_id: object, action: Action) -> Incident:
    """An incident of a case the user may see in full, its opening logged on its own (it may
    tell of health or substance use); otherwise 404 (logged)."""
    incidents = Incident.objects.select_related("work_unit__unit", "recorded_by")
    return get_case_record_for(
        user, incidents, incident_id, action, opened=AuditEvent.INCIDENT_VIEWED
    )


# -- worktraining: planning


def require_in_unit(user: Actor, unit: Unit, action: Action) -> None:
    """Refuse (403, logged) an action the user's role in a unit they see does not allow: a
    work supervisor reads the business plan their leader writes."""
    if unit.pk in unit_ids_for(user, action):
        return
    record(
        AuditEvent.ACCESS_DENIED,
        actor=user,
        object_type="organisations.unit",
        object_id=str(unit.pk),
        changes={"action": action.value},
    )
    raise Forbidden(action.value)


def get_business_plan_for(user: Actor, plan_id: object, action: Action) -> BusinessPlan:
    """A business plan of a work unit of one of the user's units for the action; otherwise 404
    (logged)."""
    plans = BusinessPlan.objects.select_related("work_unit__unit__organisation")
    return get_unit_record_for(user, plans, plan_id, action, "work_unit__unit_id")


def get_activity_offer_for(user: Actor, offer_id: object, action: Action) -> ActivityOffer:
    """An activity offer of a case the user may see in full (or change); otherwise 404 (logged)."""
    offers = ActivityOffer.objects.select_related("work_unit", "offered_by")
    return get_case_record_for(user, offers, offer_id, action)


# ------------------------------------------------------------------ socioeconomic value


def get_programme_cost_for(user: Actor, cost_id: object, action: Action) -> UnitProgrammeCost:
    """A version of a programme cost of one of the user's units for the action; otherwise 404
    (logged)."""
    costs = UnitProgrammeCost.objects.select_related("unit__organisation", "saved_by")
    return get_unit_record_for(user, costs, cost_id, action)


def parameter_copies_visible_to(user: Actor, action: Action) -> QuerySet[ParameterSetCopy]:
    """The copies of the organisations where the user's role, in any of their units, allows the
    action."""
    return ParameterSetCopy.objects.filter(organisation_id__in=organisation_ids_for(user, action))


def get_parameter_copy_for(user: Actor, copy_id: object, action: Action) -> ParameterSetCopy:
    """An organisation's copy of a parameter set the user may act on; otherwise 404 (logged)."""
    key = _key(copy_id)
    found = (
        parameter_copies_visible_to(user, action)
        .select_related("organisation")
        .filter(pk=key)
        .first()
        if key is not None
        else None
    )
    if found is None:
        refuse(user, action, object_type="socioeconomics.parametersetcopy", object_id=copy_id)
    return found


# ------------------------------------------------------------------ team practice


def get_treatment_team_for(user: Actor, team_id: object, action: Action) -> TreatmentTeam:
    """A treatment team of one of the user's units for the action; otherwise 404 (logged)."""
    teams = TreatmentTeam.objects.select_related("unit__organisation")
    return get_unit_record_for(user, teams, team_id, action)


def _recorded_or_led(user: Actor, records: QuerySet[Any], action: Action, unit_path: str) -> Any:
    """Who changes a meeting: a team leader anything of their unit, a coach what they
    recorded. Seeing is for all of the unit's staff."""
    if action == Action.VIEW_TEAMWORK:
        return records
    led = unit_ids_for(user, Action.LEAD_UNIT)
    return records.filter(Q(recorded_by_id=user.pk) | Q(**{f"{unit_path}__in": led}))


def get_team_meeting_for(user: Actor, meeting_id: object, action: Action) -> TeamMeeting:
    """A treatment-team meeting of one of the user's units: to see, or to change (their own, or
    any for a team leader); otherwise 404 (logged). What it says of participants is read apart,
    through the access to each case (``teamwork.queries.discussions_shown``)."""
    meetings = TeamMeeting.objects.select_related("team__unit", "recorded_by")
    meetings = _recorded_or_led(user, meetings, action, "team__unit_id")
    return get_unit_record_for(user, meetings, meeting_id, action, "team__unit_id")


def get_unit_meeting_for(user: Actor, meeting_id: object, action: Action) -> UnitMeeting:
    """A meeting of one of the user's vocational units: to see, or to change (their own, or any
    for a team leader); otherwise 404 (logged)."""
    meetings = UnitMeeting.objects.select_related("unit", "recorded_by")
    meetings = _recorded_or_led(user, meetings, action, "unit_id")
    return get_unit_record_for(user, meetings, meeting_id, action)


def supervision_visible_to(user: Actor, unit: Unit) -> QuerySet[SupervisionEntry]:
    """The unit's supervision log as the user may read it: whole for its team leaders and
    managers, and for a coach the entries that concern them."""
    entries = SupervisionEntry.objects.filter(unit=unit)
    if unit.pk in unit_ids_for(user, Action.LEAD_UNIT):
        return entries
    if unit.pk in unit_ids_for(user, Action.VIEW_TEAMWORK):
        return entries.filter(coaches=user)
    return entries.none()


def get_supervision_entry_for(user: Actor, entry_id: object) -> SupervisionEntry:
    """A supervision entry of a unit where the user keeps the log; otherwise 404 (logged)."""
    entries = SupervisionEntry.objects.select_related("unit", "supervisor")
    return get_unit_record_for(user, entries, entry_id, Action.RECORD_SUPERVISION)
