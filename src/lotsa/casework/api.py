"""The case workspace in the API: enrolments and their lifecycle, transitions, milestones,
contacts and plans, and the caseload."""

from __future__ import annotations

import datetime

from ninja import Field, Router, Schema, Status

from lotsa import access
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.casework import queries
from lotsa.casework.models import Contact, PlanRevision
from lotsa.casework.services import PlanInput, PlanItemInput, record_contact, revise_plan
from lotsa.core.apischema import ErrorOut, StrictSchema
from lotsa.pathways.deadlines import DeadlineStatus
from lotsa.pathways.models import Enrolment
from lotsa.pathways.services import enrolment_records, lifecycle
from lotsa.pathways.services.enrolment_changes import programme_of

router = Router(tags=["enrolments"])
Action = access.Action


class DeadlineOut(Schema):
    code: str
    name: str
    due_on: datetime.date
    state: str = Field(
        description="met, overdue, due (within a week), upcoming, missed (the case ended before "
        "it was met) or not_applicable (the person moved on: met_on is the day it stopped "
        "applying)"
    )
    met_on: datetime.date | None
    owner: str = Field(
        "responsible",
        description="responsible (the case's staff) or team_leader (the unit's flag, e.g. a "
        "referral nobody has taken up)",
    )

    @classmethod
    def of(cls, status: DeadlineStatus) -> DeadlineOut:
        return cls(
            code=status.code,
            name=str(status.name),
            due_on=status.due_on,
            state=status.state,
            met_on=status.met_on,
            owner=status.owner,
        )


class MilestoneOut(Schema):
    code: str
    occurred_on: datetime.date
    derived: bool
    note: str


class EnrolmentOut(Schema):
    id: int
    participant_id: int
    unit_id: int
    programme_model: str
    status: str
    phase: str
    phase_since: datetime.date | None
    referral_date: datetime.date
    referral_source: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    decline_reason: str
    exit_reason: str
    outcome: str
    responsible_staff_id: int | None
    previous_enrolment_id: int | None


class CaseOut(EnrolmentOut):
    shared: str = Field(
        "",
        description="Empty for a case of the token user's own unit; 'full' or 'summary' for "
        "one another organisation shares under the participant's consent (a summary leaves "
        "out deadlines and milestones).",
    )
    active: bool
    next_phases: list[str]
    deadlines: list[DeadlineOut]
    milestones: list[MilestoneOut]


class EnrolmentIn(StrictSchema):
    participant_id: int
    unit_id: int
    programme_model: str = Field(..., max_length=32)
    referral_date: datetime.date
    referral_source: str = Field("", max_length=32)
    referrer: str = Field("", max_length=200)


class DayIn(StrictSchema):
    day: datetime.date
    note: str = Field("", max_length=2000)


class DeclineIn(DayIn):
    reason: str = Field(..., max_length=64)


class TransitionIn(DayIn):
    to_phase: str = Field(..., max_length=64)


class ExitIn(DayIn):
    reason: str = Field(..., max_length=64)
    income_sources: list[str] = Field(default_factory=list, max_length=9)
    employment_status: str = Field("", max_length=16)
    education_level: str = Field("", max_length=32)


class MilestoneIn(DayIn):
    code: str = Field(..., max_length=64)


class ContactIn(StrictSchema):
    occurred_at: datetime.datetime
    mode: str = Field(..., max_length=16)
    place: str = Field(..., max_length=16)
    parties: list[str] = Field(..., min_length=1, max_length=7)
    duration_minutes: int = Field(0, ge=0, le=1440)
    note: str = Field("", max_length=4000)
    outcome: str = Field("held", max_length=16)


class ContactOut(Schema):
    id: int
    occurred_at: datetime.datetime
    mode: str
    place: str
    parties: list[str]
    duration_minutes: int
    note: str
    staff_id: int


class PlanItemIn(StrictSchema):
    activity: str = Field(..., max_length=300)
    purpose: str = Field("", max_length=500)
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    responsible: str = Field("", max_length=200)
    status: str = Field("planned", max_length=16)


class PlanIn(StrictSchema):
    long_term_goal: str = Field(..., max_length=2000)
    sub_goals: list[str] = Field(default_factory=list, max_length=50)
    items: list[PlanItemIn] = Field(default_factory=list, max_length=100)
    version: int | None = Field(
        None,
        ge=0,
        description="The number of the newest plan version this one was written from (0 if "
        "there was none). If another version was saved since, the plan is refused (422 on "
        "'version') instead of replacing it unseen.",
    )


class PlanItemOut(Schema):
    activity: str
    purpose: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    responsible: str
    status: str


class PlanOut(Schema):
    id: int
    number: int
    long_term_goal: str
    sub_goals: list[str]
    items: list[PlanItemOut]
    signed_by_participant_on: datetime.date | None


def _case(enrolment: Enrolment, *, shared: str = "") -> CaseOut:
    facts = queries.case_record(enrolment, timeline_pages=0)
    return CaseOut(
        **EnrolmentOut.from_orm(enrolment).dict(),
        shared=shared,
        active=facts["active"],
        next_phases=[code for code, _phase, _note in facts["next_phases"]],
        deadlines=[DeadlineOut.of(d) for d in facts["deadlines"]],
        milestones=[MilestoneOut.from_orm(m) for m in facts["milestones"]],
    )


# What a summary shares of an enrolment (the programme, unit, phase and responsible staff);
# reasons, outcomes and referral details are the full record's.
SUMMARY_FIELDS = (
    "id", "participant_id", "unit_id", "programme_model", "status", "phase", "phase_since",
    "referral_date", "start_date", "end_date", "responsible_staff_id",
)  # fmt: skip


def _summary(enrolment: Enrolment) -> CaseOut:
    return CaseOut(
        **{name: getattr(enrolment, name) for name in SUMMARY_FIELDS},
        referral_source="",
        decline_reason="",
        exit_reason="",
        outcome="",
        previous_enrolment_id=None,
        shared="summary",
        active=False,
        next_phases=[],
        deadlines=[],
        milestones=[],
    )


def _changed(request: AuthenticatedHttpRequest, enrolment_id: int) -> Enrolment:
    return access.get_enrolment_for(request.user, enrolment_id, Action.CHANGE_PARTICIPANT)


@router.get(
    "",
    response={200: list[EnrolmentOut], 404: ErrorOut},
    summary="Enrolments of a participant",
)
def list_enrolments(request: AuthenticatedHttpRequest, participant_id: int) -> list[Enrolment]:
    participant = access.get_participant_for(request.user, participant_id, Action.VIEW_PARTICIPANT)
    return list(
        access.enrolments_visible_to(request.user, summary=True)
        .filter(participant=participant)
        .order_by("-referral_date", "-id")
    )


@router.get(
    "/caseload",
    response={200: list[CaseOut], 403: ErrorOut},
    summary="The token user's caseload",
)
def caseload(request: AuthenticatedHttpRequest) -> list[CaseOut]:
    rows = queries.caseload_shown_to(request.user)
    return [
        CaseOut(
            **EnrolmentOut.from_orm(row.enrolment).dict(),
            active=row.active,
            next_phases=list(programme_of(row.enrolment).next_phases(row.enrolment.phase))
            if row.enrolment.status == "active"
            else [],
            deadlines=[DeadlineOut.of(d) for d in row.deadlines],
            milestones=[MilestoneOut.from_orm(m) for m in row.enrolment.milestones.all()],
        )
        for row in rows
    ]


@router.post("", response={201: CaseOut, 404: ErrorOut}, summary="Refer a participant to a unit")
def refer(request: AuthenticatedHttpRequest, payload: EnrolmentIn) -> Status:
    participant = access.get_participant_for(
        request.user, payload.participant_id, Action.CHANGE_PARTICIPANT
    )
    unit = access.get_unit_for(request.user, payload.unit_id, Action.REGISTER_PARTICIPANT)
    enrolment = lifecycle.enrol_participant(
        actor=request.user,
        participant=participant,
        unit=unit,
        programme_model=payload.programme_model,
        referral_date=payload.referral_date,
        referral_source=payload.referral_source,
        referrer=payload.referrer,
    )
    return Status(201, _case(enrolment))


@router.get("/{enrolment_id}", response=CaseOut, summary="An enrolment with its deadlines")
def get_enrolment(request: AuthenticatedHttpRequest, enrolment_id: int) -> CaseOut:
    enrolment, seen = access.get_case_for(request.user, enrolment_id)
    if not seen.full:
        return _summary(enrolment)
    return _case(enrolment, shared=seen.scope)


@router.post("/{enrolment_id}/start", response=CaseOut, summary="Start (accept the referral)")
def start(request: AuthenticatedHttpRequest, enrolment_id: int, payload: DayIn) -> CaseOut:
    enrolment = lifecycle.start_enrolment(
        actor=request.user, enrolment=_changed(request, enrolment_id), day=payload.day
    )
    return _case(enrolment)


@router.post("/{enrolment_id}/decline", response=CaseOut, summary="Decline the referral")
def decline(request: AuthenticatedHttpRequest, enrolment_id: int, payload: DeclineIn) -> CaseOut:
    enrolment = lifecycle.decline_referral(
        actor=request.user,
        enrolment=_changed(request, enrolment_id),
        day=payload.day,
        reason=payload.reason,
        note=payload.note,
    )
    return _case(enrolment)


@router.post("/{enrolment_id}/transitions", response=CaseOut, summary="Move to another phase")
def transition(
    request: AuthenticatedHttpRequest, enrolment_id: int, payload: TransitionIn
) -> CaseOut:
    enrolment = lifecycle.transition_phase(
        actor=request.user,
        enrolment=_changed(request, enrolment_id),
        to_phase=payload.to_phase,
        day=payload.day,
        note=payload.note,
    )
    return _case(enrolment)


@router.post("/{enrolment_id}/pause", response=CaseOut, summary="Pause")
def pause(request: AuthenticatedHttpRequest, enrolment_id: int, payload: DayIn) -> CaseOut:
    return _case(
        lifecycle.pause_enrolment(
            actor=request.user,
            enrolment=_changed(request, enrolment_id),
            day=payload.day,
            note=payload.note,
        )
    )


@router.post("/{enrolment_id}/resume", response=CaseOut, summary="Resume")
def resume(request: AuthenticatedHttpRequest, enrolment_id: int, payload: DayIn) -> CaseOut:
    return _case(
        lifecycle.resume_enrolment(
            actor=request.user,
            enrolment=_changed(request, enrolment_id),
            day=payload.day,
            note=payload.note,
        )
    )


@router.post("/{enrolment_id}/exit", response=CaseOut, summary="End the enrolment")
def exit_enrolment(
    request: AuthenticatedHttpRequest, enrolment_id: int, payload: ExitIn
) -> CaseOut:
    enrolment = lifecycle.exit_enrolment(
        actor=request.user, enrolment=_changed(request, enrolment_id), **payload.dict()
    )
    return _case(enrolment)


@router.post(
    "/{enrolment_id}/re-enrolment", response={201: CaseOut}, summary="Re-enrol after an end"
)
def re_enrol(request: AuthenticatedHttpRequest, enrolment_id: int, payload: DayIn) -> Status:
    enrolment = lifecycle.re_enrol(
        actor=request.user, enrolment=_changed(request, enrolment_id), referral_date=payload.day
    )
    return Status(201, _case(enrolment))


@router.post(
    "/{enrolment_id}/milestones", response={201: MilestoneOut}, summary="Record a milestone"
)
def milestone(request: AuthenticatedHttpRequest, enrolment_id: int, payload: MilestoneIn) -> Status:
    recorded = enrolment_records.record_milestone(
        actor=request.user,
        enrolment=_changed(request, enrolment_id),
        code=payload.code,
        day=payload.day,
        note=payload.note,
    )
    return Status(201, MilestoneOut.from_orm(recorded))


def _contact_out(contact: Contact) -> ContactOut:
    return ContactOut(
        id=contact.pk,
        occurred_at=contact.occurred_at,
        mode=contact.mode,
        place=contact.place,
        parties=contact.parties,
        duration_minutes=contact.duration_minutes,
        note=contact.note,
        staff_id=contact.staff_id,
    )


@router.get("/{enrolment_id}/contacts", response=list[ContactOut], summary="Contacts, newest first")
def contacts(
    request: AuthenticatedHttpRequest, enrolment_id: int, limit: int = 100
) -> list[ContactOut]:
    enrolment = access.get_enrolment_for(request.user, enrolment_id, Action.VIEW_PARTICIPANT)
    limit = max(1, min(limit, 500))
    return [_contact_out(c) for c in enrolment.contacts.order_by("-occurred_at")[:limit]]


@router.post("/{enrolment_id}/contacts", response={201: ContactOut}, summary="Record a contact")
def add_contact(request: AuthenticatedHttpRequest, enrolment_id: int, payload: ContactIn) -> Status:
    contact = record_contact(
        actor=request.user, enrolment=_changed(request, enrolment_id), **payload.dict()
    )
    return Status(201, _contact_out(contact))


def _plan_out(revision: PlanRevision) -> PlanOut:
    return PlanOut(
        id=revision.pk,
        number=revision.number,
        long_term_goal=revision.long_term_goal,
        sub_goals=[goal.text for goal in revision.sub_goals.all()],
        items=[PlanItemOut.from_orm(item) for item in revision.items.all()],
        signed_by_participant_on=revision.signed_by_participant_on,
    )


@router.get("/{enrolment_id}/plans", response=list[PlanOut], summary="Plan versions, newest first")
def plans(request: AuthenticatedHttpRequest, enrolment_id: int) -> list[PlanOut]:
    enrolment = access.get_enrolment_for(request.user, enrolment_id, Action.VIEW_PARTICIPANT)
    return [_plan_out(r) for r in enrolment.plan_revisions.prefetch_related("sub_goals", "items")]


@router.post("/{enrolment_id}/plans", response={201: PlanOut}, summary="Save a new plan version")
def add_plan(request: AuthenticatedHttpRequest, enrolment_id: int, payload: PlanIn) -> Status:
    plan = PlanInput(
        long_term_goal=payload.long_term_goal,
        sub_goals=payload.sub_goals,
        items=[PlanItemInput(**item.dict()) for item in payload.items],
    )
    revision = revise_plan(
        actor=request.user,
        enrolment=_changed(request, enrolment_id),
        plan=plan,
        based_on=payload.version,
    )
    return Status(201, _plan_out(revision))
