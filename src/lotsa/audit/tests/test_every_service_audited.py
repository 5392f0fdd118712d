"""Every public service and every audited read writes exactly the audit entries it promises.

One case per service (or per path of a service that writes different events): the least data
it needs is arranged, the service is called, and the entries it wrote are held against the
table, event by event and participant by participant. Almost every service writes one entry; a
service that writes several (one per participant, or one per record it creates) says so in its
row. The meta-tests below discover the services and the audited reads by looking at the code,
so a new one without a row fails here, and they keep every event type accounted for.
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from types import ModuleType
from typing import Any

import pytest
from django.db.models import Max
from django.utils import timezone

import lotsa
from lotsa import access
from lotsa.accounts import services as accounts
from lotsa.accounts.signin import LockScope, Refusal
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.audit.services import record as write_audit_entry
from lotsa.casework import services as casework
from lotsa.cohorts import services as cohorts
from lotsa.documents import services as documents
from lotsa.employment import services as employment
from lotsa.employment.occupations import occupations
from lotsa.errors import Forbidden, NotFound
from lotsa.fidelity import services as fidelity
from lotsa.fidelity.models import ImprovementAction
from lotsa.fidelity.scale import current_scale
from lotsa.organisations import services as organisations
from lotsa.organisations.models import Organisation, Role
from lotsa.outcomes import enrolments as outcome_exports
from lotsa.outcomes import queries as outcome_queries
from lotsa.outcomes import reports
from lotsa.outcomes.periods import parse_period
from lotsa.pathways import queries as pathway_queries
from lotsa.pathways import services as pathways
from lotsa.pathways.definitions import registry
from lotsa.pathways.models import Enrolment, UnitProgramme
from lotsa.people import queries as people_queries
from lotsa.people import services as people
from lotsa.people.models import Consent
from lotsa.referrals import queries as referral_queries
from lotsa.referrals import services as referrals
from lotsa.testing.factories import (
    MembershipFactory,
    OrganisationFactory,
    UnitFactory,
    UserFactory,
    swedish_number,
    swedish_org_number,
)
from lotsa.testing.personas import Personas
from lotsa.timereports import queries as timereport_queries
from lotsa.timereports import services as timereports
from lotsa.timereports.services import WeekHours, first_of_month, report_weeks

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAYS = datetime.timedelta
NEW_PASSWORD = "a fresh passphrase of some length"


@dataclass
class World:
    """The personas, and the makers of the records a service acts on."""

    personas: Personas
    case: Callable[..., Enrolment]

    def started(self, model: str = "ips") -> Enrolment:
        return self.case(model, referred_on=TODAY - DAYS(60), started_on=TODAY - DAYS(50))

    def exited(self, model: str = "ips", *, ended: datetime.date = TODAY) -> Enrolment:
        enrolment = self.case(model, referred_on=ended - DAYS(120), started_on=ended - DAYS(110))
        reason = next(iter(registry().get(model).exit_reasons))  # type: ignore[union-attr]
        return pathways.exit_enrolment(
            actor=self.personas.coach_a, enrolment=enrolment, day=ended, reason=reason
        )

    @property
    def own(self) -> Enrolment:
        return Enrolment.objects.get(participant=self.personas.own)

    @property
    def joint(self) -> Enrolment:
        """The joint team's AMiA case, run by a Försäkringskassan and an
        Arbetsförmedlingen caseworker."""
        return Enrolment.objects.get(participant=self.personas.joint)


@dataclass(frozen=True)
class Call:
    """The arguments of one call, and the participant the entries concern: a number, None
    (the service concerns nobody in particular), one per entry, or a function of the result
    (for a participant the call creates)."""

    kwargs: dict[str, Any]
    participant: int | None | tuple[int | None, ...] | Callable[[Any], int | None] = None


@dataclass(frozen=True)
class Case:
    service: Callable[..., Any]
    arrange: Callable[[World], Call]
    events: tuple[AuditEvent, ...]
    path: str = ""
    why_several: str = field(default="", compare=False)
    # A refusal: the service raises this, and its entry stays.
    raises: type[Exception] | None = None

    @property
    def id(self) -> str:
        name = f"{self.service.__module__.removeprefix('lotsa.')}.{self.service.__name__}"
        return f"{name}[{self.path}]" if self.path else name


def one(
    service: Callable[..., Any], event: AuditEvent, arrange: Callable[[World], Call], path: str = ""
) -> Case:
    return Case(service, arrange, (event,), path)


def refused(
    service: Callable[..., Any],
    event: AuditEvent,
    arrange: Callable[[World], Call],
    raises: type[Exception],
    path: str,
) -> Case:
    return Case(service, arrange, (event,), path, raises=raises)


def several(
    service: Callable[..., Any],
    events: tuple[AuditEvent, ...],
    arrange: Callable[[World], Call],
    why: str,
) -> Case:
    return Case(service, arrange, events, why_several=why)


E = AuditEvent


# ------------------------------------------------------------------ arrangements


def _details(**overrides: Any) -> people.ParticipantDetails:
    values: dict[str, Any] = {
        "identity_country": "SE",
        "identity_number": swedish_number(datetime.date(1988, 8, 8), 412),
        "first_name": "Nyss",
        "last_name": "Registrerad",
    }
    return people.ParticipantDetails(**(values | overrides))


def _referral_values(w: World) -> dict[str, Any]:
    office = UnitFactory(organisation=w.personas.fk, name="Lokalt försäkringscenter", runs=[])
    sender = UserFactory(username="fk_personal")
    MembershipFactory(user=sender, unit=office, role=Role.COACH)
    return {
        "actor": sender,
        "from_unit": office,
        "to_unit": w.personas.joint_team,
        "programme_model": "amia",
        "person": _details(),
        "stated_needs": "Stöd tillbaka till arbete.",
        "requested_service": "AMiA.",
        "consent_given_on": TODAY,
        "shared_with_receiver": "full",
    }


def _sent_referral(w: World) -> Any:
    return referrals.send_referral(**_referral_values(w))


def _staff_save(w: World) -> Call:
    return Call(
        {
            "actor": w.personas.administrator,
            "staff": None,
            "username": "new_staff",
            "first_name": "Ny",
            "last_name": "Anställd",
            "email": "ny@example.org",
            "password": NEW_PASSWORD,
        }
    )


def _staff_change(w: World) -> Call:
    coach = w.personas.coach_a
    return Call(
        {
            "actor": w.personas.administrator,
            "staff": coach,
            "username": coach.username,
            "first_name": coach.first_name,
            "last_name": coach.last_name,
            "email": coach.email,
            "title": "Arbetsspecialist",
        }
    )


def _token_revocation(w: World) -> Call:
    token, _key = accounts.create_api_token(actor=w.personas.coach_a, name="old")
    return Call({"actor": w.personas.coach_a, "token": token})


def _organisation(w: World, organisation: Organisation | None) -> Call:
    return Call(
        {
            "actor": w.personas.administrator,
            "organisation": organisation,
            "name": "Nyby kommun",
            "kind": Organisation.Kind.MUNICIPALITY,
            "country": "SE",
            "organisation_number": organisation.organisation_number
            if organisation
            else swedish_org_number(4711),
        }
    )


def _unit(w: World, *, existing: bool) -> Call:
    return Call(
        {
            "actor": w.personas.administrator,
            "unit": w.personas.unit_b if existing else None,
            "organisation": w.personas.municipality,
            "name": "Nya enheten",
        }
    )


def _membership(w: World, *, existing: bool) -> Call:
    membership = w.personas.coach_b.memberships.get() if existing else None  # type: ignore[attr-defined]
    return Call(
        {
            "actor": w.personas.administrator,
            "membership": membership,
            "user": w.personas.coach_b,
            "unit": w.personas.unit_b if existing else w.personas.unit_a,
            "employer": w.personas.unit_b.organisation if existing else w.personas.municipality,
            "role": Role.COACH,
            "fte": Decimal("0.50"),
            "starts_on": datetime.date(2020, 1, 1),
        }
    )


def _known_person(w: World) -> Call:
    own = w.personas.own
    return Call(
        {
            "actor": w.personas.coach_a,
            "details": people.details_of(own),
            "unit": w.personas.unit_a,
            "programme_model": "ips",
            "referral_date": TODAY,
        },
        own.pk,
    )


def _participant_change(w: World) -> Call:
    own = w.personas.own
    details = replace(people.details_of(own), first_name="Ändrad")
    return Call({"actor": w.personas.coach_a, "participant": own, "details": details}, own.pk)


def _participant_found(w: World) -> Call:
    own = w.personas.own
    return Call({"actor": w.personas.coach_a, "details": people.details_of(own)}, own.pk)


def _consent(w: World) -> Call:
    own = w.personas.own
    return Call(
        {"actor": w.personas.coach_a, "participant": own, "kind": "survey", "given_on": TODAY},
        own.pk,
    )


def _consent_withdrawal(w: World) -> Call:
    consent = people.record_consent(**_consent(w).kwargs)
    return Call(
        {
            "actor": w.personas.coach_a,
            "consent": consent,
            "withdrawn_on": TODAY,
            "reason": "Vill inte längre.",
        },
        consent.participant_id,
    )


def _on(enrolment: Enrolment, actor: Any, **kwargs: Any) -> Call:
    return Call({"actor": actor, "enrolment": enrolment, **kwargs}, enrolment.participant_id)


def _new_referral(w: World) -> Call:
    return Call(
        {
            "actor": w.personas.coach_a,
            "participant": w.personas.unenrolled,
            "unit": w.personas.unit_a,
            "programme_model": "ips",
            "referral_date": TODAY,
        },
        w.personas.unenrolled.pk,
    )


def _second_model(w: World) -> Call:
    UnitProgramme.objects.get_or_create(unit=w.personas.unit_a, programme_code="jom")
    return Call(
        {
            "actor": w.personas.coach_a,
            "participant": w.personas.own,
            "unit": w.personas.unit_a,
            "programme_model": "jom",
            "referral_date": TODAY,
        },
        w.personas.own.pk,
    )


def _decline(w: World) -> Call:
    enrolment = w.case("ips", referred_on=TODAY - DAYS(3))
    return _on(enrolment, w.personas.coach_a, day=TODAY, reason="moved")


def _paused(w: World) -> Enrolment:
    enrolment = w.started()
    return pathways.pause_enrolment(
        actor=w.personas.coach_a, enrolment=enrolment, day=TODAY - DAYS(10)
    )


def _follow_up(w: World) -> Call:
    enrolment = w.exited("jom", ended=TODAY - DAYS(200))
    return _on(
        enrolment,
        w.personas.coach_a,
        code="six_months_after_end",
        status="job",
        day=TODAY,
    )


def _when_and_where() -> dict[str, Any]:
    return {"occurred_at": timezone.now() - DAYS(1), "mode": "face_to_face", "place": "office"}


def _meeting(w: World) -> Any:
    return casework.record_meeting(**_meeting_call(w).kwargs)


def _meeting_call(w: World) -> Call:
    return _on(
        w.joint,
        w.personas.fk_caseworker,
        meeting_type="joint_follow_up",
        attendees=[casework.AttendeeInput("participant")],
        **_when_and_where(),
    )


def _plan(w: World) -> Call:
    return _on(w.own, w.personas.coach_a, plan=casework.PlanInput("Arbete i handeln"))


def _plan_sign_off(w: World) -> Call:
    revision = casework.revise_plan(**_plan(w).kwargs)
    return Call(
        {"actor": w.personas.coach_a, "revision": revision, "day": TODAY},
        w.personas.own.pk,
    )


def _cohort(w: World) -> Any:
    return cohorts.create_cohort(**_cohort_call(w).kwargs)


def _cohort_call(w: World) -> Call:
    UnitProgramme.objects.get_or_create(unit=w.personas.unit_a, programme_code="jom")
    return Call(
        {
            "actor": w.personas.coach_a,
            "unit": w.personas.unit_a,
            "programme_code": "jom",
            "name": "Hold 1",
            "starts_on": TODAY - DAYS(30),
        }
    )


def _member(w: World, cohort: Any) -> Any:
    enrolment = w.started("jom")
    return cohorts.add_member(
        actor=w.personas.coach_a, cohort=cohort, enrolment=enrolment, joined_on=TODAY - DAYS(20)
    )


def _new_member(w: World) -> Call:
    cohort = _cohort(w)
    enrolment = w.started("jom")
    return _on(enrolment, w.personas.coach_a, cohort=cohort, joined_on=TODAY - DAYS(20))


def _member_leaving(w: World) -> Call:
    member = _member(w, _cohort(w))
    return Call(
        {"actor": w.personas.coach_a, "member": member, "left_on": TODAY},
        member.enrolment.participant_id,
    )


def _session(w: World, cohort: Any = None) -> Call:
    return Call(
        {
            "actor": w.personas.coach_a,
            "cohort": cohort or _cohort(w),
            "starts_at": timezone.now() - DAYS(2),
            "duration_minutes": 120,
        }
    )


def _attendance(w: World) -> Call:
    cohort = _cohort(w)
    members = [_member(w, cohort) for _ in range(2)]
    session = cohorts.schedule_session(**_session(w, cohort).kwargs)
    return Call(
        {
            "actor": w.personas.coach_a,
            "session": session,
            "statuses": {m.enrolment_id: "present" for m in members},
        },
        tuple(m.enrolment.participant_id for m in members),
    )


FINAL_TEXT = documents.FinalText(
    joint_planning="Mål: arbete.",
    activities="Arbetsträning.",
    prerequisites="yes",
    assessment="Kan delta i arbetsförberedande insatser.",
)


def _document(w: World, *, approved: bool = False, signed: bool = False) -> Any:
    document = documents.write_final_document(
        actor=w.personas.fk_caseworker, enrolment=w.joint, text=FINAL_TEXT
    )
    if approved or signed:
        for caseworker in (w.personas.fk_caseworker, w.personas.af_caseworker):
            documents.approve_final_document(actor=caseworker, document=document, day=TODAY)
    if signed:
        documents.sign_final_document(actor=w.personas.fk_caseworker, document=document, day=TODAY)
    return document


def _on_document(w: World, document: Any, **kwargs: Any) -> Call:
    return Call(
        {"actor": w.personas.fk_caseworker, "document": document, **kwargs},
        w.personas.joint.pk,
    )


def _dispatch(w: World) -> Call:
    document = _document(w, signed=True)
    region = OrganisationFactory(name="Region Testland", kind=Organisation.Kind.REGION)
    Consent.objects.create(
        participant=w.personas.joint, kind="information_sharing", given_to=w.personas.fk,
        organisation=region, sharing_scope="full", given_on=TODAY,
        recorded_by=w.personas.fk_caseworker,
    )  # fmt: skip
    return _on_document(w, document, recipient_organisation=region, recipient="Läkaren", day=TODAY)


def _employer(w: World) -> Any:
    return employment.register_employer(**_employer_call(w).kwargs)


def _employer_call(w: World) -> Call:
    return Call(
        {
            "actor": w.personas.coach_a,
            "name": "Testbolaget AB",
            "country": "SE",
            "organisation_number": swedish_org_number(815),
            "sector": "private",
        }
    )


def _employer_contact(w: World) -> Call:
    enrolment = w.started()
    return Call(
        {
            "actor": w.personas.coach_a,
            "employer": _employer(w),
            "unit": w.personas.unit_a,
            "occurred_on": TODAY,
            "purpose": "present_candidate",
            "enrolments": [enrolment],
        },
        enrolment.participant_id,
    )


def _job(w: World) -> Call:
    return _on(
        w.started(),
        w.personas.coach_a,
        employer=_employer(w),
        title="Lagerarbetare",
        occupation_code=next(iter(occupations("SE"))),
        starts_on=TODAY - DAYS(5),
        hours_per_week=Decimal("20"),
        hourly_wage=Decimal("150"),
        currency="SEK",
        form="open_market",
    )


def _review(w: World) -> Any:
    return fidelity.plan_review(**_review_call(w).kwargs)


def _review_call(w: World) -> Call:
    return Call(
        {
            "actor": w.personas.reviewer,
            "unit": w.personas.unit_a,
            "mode": "external",
            "period_start": TODAY - DAYS(180),
            "period_end": TODAY,
            "reviewers": [w.personas.reviewer],
        }
    )


def _rated(w: World) -> Any:
    review = _review(w)
    for number in current_scale().items:
        fidelity.rate_item(actor=w.personas.reviewer, review=review, item_number=number, score=4)
    return review


def _in_consensus(w: World) -> Any:
    review = _rated(w)
    fidelity.submit_ratings(actor=w.personas.reviewer, review=review)
    return review


def _agreed(w: World) -> Any:
    review = _in_consensus(w)
    for number in current_scale().items:
        fidelity.agree_item(actor=w.personas.reviewer, review=review, item_number=number, score=4)
    return review


def _on_review(w: World, review: Any, **kwargs: Any) -> Call:
    return Call({"actor": w.personas.reviewer, "review": review, **kwargs})


def _rating_change(w: World) -> Call:
    review = _review(w)
    rating = fidelity.rate_item(actor=w.personas.reviewer, review=review, item_number=1, score=2)
    return Call({"actor": w.personas.reviewer, "rating": rating, "score": 3})


def _action(w: World) -> Call:
    review = _review(w)
    action = ImprovementAction.objects.create(
        unit=w.personas.unit_a, review=review, item_number=17, description="Fler arbetsgivare"
    )
    return Call({"actor": w.personas.team_leader_a, "action": action, "status": "in_progress"})


def _accepted_participant(enrolment: Enrolment) -> int:
    return enrolment.participant_id


def _receiving(w: World) -> Call:
    return Call({"actor": w.personas.fk_caseworker, "referral": _sent_referral(w), "day": TODAY})


def _withdrawal(w: World) -> Call:
    referral = _sent_referral(w)
    return Call({"actor": referral.referred_by, "referral": referral, "day": TODAY})


def _handover(w: World) -> Call:
    enrolment = w.joint
    pathways.exit_enrolment(
        actor=w.personas.fk_caseworker, enrolment=enrolment, day=TODAY, reason="work"
    )
    return _on(
        enrolment,
        w.personas.fk_caseworker,
        to_organisation=w.personas.af,
        to_caseworker="Ordinarie handläggare",
        day=TODAY,
        summary="Slutdokumentationen.",
    )


LAST_MONTH = first_of_month(first_of_month(TODAY) - DAYS(1))


def _time_report(w: World) -> Call:
    weeks = [WeekHours(Decimal(4), Decimal(3)) for _ in report_weeks(LAST_MONTH)]
    return _on(w.joint, w.personas.fk_caseworker, month=LAST_MONTH, weeks=weeks)


def _time_report_signature(w: World) -> Call:
    report = timereports.save_time_report(**_time_report(w).kwargs)
    return Call(
        {"actor": w.personas.fk_caseworker, "report": report, "day": TODAY},
        w.personas.joint.pk,
    )


def _staff_time_report(w: World) -> Call:
    return Call(
        {
            "actor": w.personas.af_caseworker,
            "unit": w.personas.joint_team,
            "month": LAST_MONTH,
            "hours": Decimal("120"),
        }
    )


def _cosignature(w: World) -> Call:
    report = timereports.submit_staff_time_report(**_staff_time_report(w).kwargs)
    office = UnitFactory(organisation=w.personas.af, name="Arbetsförmedlingen Testby", runs=[])
    manager = UserFactory(username="af_manager")
    MembershipFactory(user=manager, unit=office, role=Role.MANAGER, employer=w.personas.af)
    return Call({"actor": manager, "report": report, "day": TODAY})


def _outcome_report(w: World) -> dict[str, Any]:
    params: dict[str, str] = {}
    return {
        "user": w.personas.manager_a,
        "report": reports.REPORTS["ips"],
        "params": params,
        "period": parse_period(params, TODAY),
    }


SERVICES: list[Case] = [
    # accounts
    one(accounts.save_staff, E.USER_CREATED, _staff_save, "new"),
    one(accounts.save_staff, E.USER_UPDATED, _staff_change, "changed"),
    one(
        accounts.change_password,
        E.PASSWORD_CHANGED,
        lambda w: Call(
            {"actor": w.personas.coach_a, "user": w.personas.coach_a, "password": NEW_PASSWORD}
        ),
    ),
    one(
        accounts.create_api_token,
        E.API_TOKEN_CREATED,
        lambda w: Call({"actor": w.personas.coach_a, "name": "Rapporter"}),
    ),
    one(accounts.revoke_api_token, E.API_TOKEN_REVOKED, _token_revocation),
    # organisations
    one(
        organisations.save_organisation,
        E.ORGANISATION_CREATED,
        lambda w: _organisation(w, None),
        "new",
    ),
    one(
        organisations.save_organisation,
        E.ORGANISATION_UPDATED,
        lambda w: _organisation(w, w.personas.municipality),
        "changed",
    ),
    one(organisations.save_unit, E.UNIT_CREATED, lambda w: _unit(w, existing=False), "new"),
    one(organisations.save_unit, E.UNIT_UPDATED, lambda w: _unit(w, existing=True), "changed"),
    one(
        organisations.save_membership,
        E.MEMBERSHIP_CREATED,
        lambda w: _membership(w, existing=False),
        "new",
    ),
    one(
        organisations.save_membership,
        E.MEMBERSHIP_UPDATED,
        lambda w: _membership(w, existing=True),
        "changed",
    ),
    # people
    several(
        people.register_participant,
        (E.PARTICIPANT_CREATED, E.ENROLMENT_CREATED),
        lambda w: Call(
            {
                "actor": w.personas.coach_a,
                "details": _details(),
                "unit": w.personas.unit_a,
                "programme_model": "ips",
                "referral_date": TODAY,
            },
            lambda participant: participant.pk,
        ),
        "the person and their referral are two records, each with its entry",
    ),
    refused(
        people.register_participant,
        E.PARTICIPANT_DUPLICATE_REFUSED,
        _known_person,
        people.DuplicateParticipant,
        "known person",
    ),
    one(people.update_participant, E.PARTICIPANT_UPDATED, _participant_change),
    one(people.participant_described, E.PARTICIPANT_LINKED, _participant_found, "known"),
    one(
        people.participant_described,
        E.PARTICIPANT_CREATED,
        lambda w: Call(
            {"actor": w.personas.coach_a, "details": _details()},
            lambda participant: participant.pk,
        ),
        "new",
    ),
    one(people.record_consent, E.CONSENT_CREATED, _consent),
    one(people.withdraw_consent, E.CONSENT_WITHDRAWN, _consent_withdrawal),
    # pathways
    one(pathways.create_enrolment, E.ENROLMENT_CREATED, _new_referral),
    one(pathways.enrol_participant, E.ENROLMENT_CREATED, _second_model),
    one(
        pathways.re_enrol,
        E.ENROLMENT_CREATED,
        lambda w: _on(w.exited(ended=TODAY - DAYS(5)), w.personas.coach_a, referral_date=TODAY),
    ),
    one(pathways.decline_referral, E.ENROLMENT_UPDATED, _decline),
    one(
        pathways.start_enrolment,
        E.ENROLMENT_UPDATED,
        lambda w: _on(w.case("ips", referred_on=TODAY - DAYS(3)), w.personas.coach_a, day=TODAY),
    ),
    one(
        pathways.transition_phase,
        E.ENROLMENT_UPDATED,
        lambda w: _on(w.started(), w.personas.coach_a, to_phase="engagement", day=TODAY),
    ),
    one(
        pathways.pause_enrolment,
        E.ENROLMENT_UPDATED,
        lambda w: _on(w.started(), w.personas.coach_a, day=TODAY),
    ),
    one(
        pathways.resume_enrolment,
        E.ENROLMENT_UPDATED,
        lambda w: _on(_paused(w), w.personas.coach_a, day=TODAY),
    ),
    one(
        pathways.exit_enrolment,
        E.ENROLMENT_UPDATED,
        lambda w: _on(w.started(), w.personas.coach_a, day=TODAY, reason="education"),
    ),
    one(
        pathways.record_baseline,
        E.ENROLMENT_UPDATED,
        lambda w: _on(
            w.started(),
            w.personas.coach_a,
            income_sources=[],
            employment_status="",
            education_level="",
        ),
    ),
    one(
        pathways.record_milestone,
        E.MILESTONE_RECORDED,
        lambda w: _on(w.started(), w.personas.coach_a, code="plan_agreed", day=TODAY),
    ),
    one(pathways.record_follow_up, E.FOLLOW_UP_RECORDED, _follow_up),
    one(
        pathways.hand_over,
        E.ENROLMENT_UPDATED,
        lambda w: _on(w.own, w.personas.coach_a, to_staff=w.personas.colleague_a, day=TODAY),
    ),
    one(
        pathways.save_unit_programme,
        E.UNIT_PROGRAMME_SAVED,
        lambda w: Call(
            {
                "actor": w.personas.administrator,
                "unit": w.personas.unit_a,
                "programme_code": "ips",
                "deadline_days": {},
                "places": 40,
            }
        ),
    ),
    one(
        pathways.tick_checklist_item,
        E.MILESTONE_RECORDED,
        lambda w: _on(w.own, w.personas.coach_a, item_code="ips_information", day=TODAY),
    ),
    one(
        pathways.record_benefit_facts,
        E.BENEFIT_FACTS_SAVED,
        lambda w: _on(
            w.joint,
            w.personas.fk_caseworker,
            benefit_type="sickness_benefit",
            extent="0.50",
            ends_on=TODAY + DAYS(90),
        ),
    ),
    # casework
    one(
        casework.record_contact,
        E.CONTACT_CREATED,
        lambda w: _on(w.own, w.personas.coach_a, parties=["participant"], **_when_and_where()),
    ),
    one(casework.record_meeting, E.MEETING_RECORDED, _meeting_call),
    one(
        casework.write_reflection,
        E.REFLECTION_WRITTEN,
        lambda w: Call(
            {"actor": w.personas.fk_caseworker, "meeting": _meeting(w), "text": "Bra möte."},
            w.personas.joint.pk,
        ),
    ),
    one(casework.revise_plan, E.PLAN_REVISED, _plan),
    one(casework.record_plan_sign_off, E.PLAN_SIGNED, _plan_sign_off),
    # cohorts
    one(
        cohorts.create_cohort,
        E.COHORT_SAVED,
        _cohort_call,
    ),
    refused(
        cohorts.require_unit,
        E.ACCESS_DENIED,
        lambda w: Call({"actor": w.personas.coach_b, "unit_id": w.personas.unit_a.pk}),
        Forbidden,
        "another unit",
    ),
    one(cohorts.add_member, E.COHORT_MEMBER_ADDED, _new_member),
    one(cohorts.remove_member, E.COHORT_MEMBER_LEFT, _member_leaving),
    one(cohorts.schedule_session, E.SESSION_SCHEDULED, _session),
    several(
        cohorts.record_attendance,
        (E.ATTENDANCE_RECORDED, E.ATTENDANCE_RECORDED),
        _attendance,
        "one entry for each member, naming them",
    ),
    # documents
    one(
        documents.write_final_document,
        E.DOCUMENT_SAVED,
        lambda w: _on(w.joint, w.personas.fk_caseworker, text=FINAL_TEXT),
    ),
    one(
        documents.approve_final_document,
        E.DOCUMENT_APPROVED,
        lambda w: _on_document(w, _document(w), day=TODAY),
    ),
    one(
        documents.sign_final_document,
        E.DOCUMENT_SIGNED,
        lambda w: _on_document(w, _document(w, approved=True), day=TODAY),
    ),
    one(documents.send_final_document, E.DOCUMENT_SENT, _dispatch),
    # employment
    one(employment.register_employer, E.EMPLOYER_SAVED, _employer_call),
    one(
        employment.add_contact_person,
        E.EMPLOYER_SAVED,
        lambda w: Call({"actor": w.personas.coach_a, "employer": _employer(w), "name": "Eva"}),
    ),
    one(employment.record_employer_contact, E.EMPLOYER_CONTACT_CREATED, _employer_contact),
    one(employment.save_job, E.JOB_SAVED, _job),
    one(
        employment.save_profile,
        E.PROFILE_SAVED,
        lambda w: _on(w.started(), w.personas.coach_a, written_on=TODAY, strengths="Noggrann"),
    ),
    one(
        employment.record_benefits_counselling,
        E.COUNSELLING_SAVED,
        lambda w: _on(w.started(), w.personas.coach_a, offered_on=TODAY, provider="coach"),
    ),
    # fidelity
    one(fidelity.plan_review, E.FIDELITY_REVIEW_SAVED, _review_call),
    one(
        fidelity.rate_item,
        E.FIDELITY_RATED,
        lambda w: _on_review(w, _review(w), item_number=1, score=4),
    ),
    one(fidelity.change_rating, E.FIDELITY_RATED, _rating_change),
    one(fidelity.submit_ratings, E.FIDELITY_SUBMITTED, lambda w: _on_review(w, _rated(w))),
    one(
        fidelity.agree_item,
        E.FIDELITY_AGREED,
        lambda w: _on_review(w, _in_consensus(w), item_number=1, score=4),
    ),
    one(fidelity.finalise_review, E.FIDELITY_FINALISED, lambda w: _on_review(w, _agreed(w))),
    one(fidelity.update_action, E.FIDELITY_ACTION_SAVED, _action),
    # referrals
    one(referrals.send_referral, E.REFERRAL_SENT, lambda w: Call(_referral_values(w))),
    several(
        referrals.accept_referral,
        (E.PARTICIPANT_CREATED, E.ENROLMENT_CREATED, E.REFERRAL_ACCEPTED),
        lambda w: replace(_receiving(w), participant=_accepted_participant),
        "the person, their enrolment and the answer are three records, each with its entry",
    ),
    one(
        referrals.decline_referral,
        E.REFERRAL_DECLINED,
        lambda w: Call(_receiving(w).kwargs | {"reason": "not_reached"}),
    ),
    one(
        referrals.withdraw_referral,
        E.REFERRAL_WITHDRAWN,
        _withdrawal,
    ),
    one(referrals.record_exit_handover, E.EXIT_HANDOVER_RECORDED, _handover),
    # time reports
    one(timereports.save_time_report, E.TIME_REPORT_SAVED, _time_report),
    one(timereports.record_time_report_signature, E.TIME_REPORT_SIGNED, _time_report_signature),
    one(
        timereports.mark_activity_report_sent,
        E.ACTIVITY_REPORT_SENT,
        lambda w: Call(
            {
                "actor": w.personas.fk_caseworker,
                "unit": w.personas.joint_team,
                "programme_code": "amia",
                "month": LAST_MONTH,
                "day": TODAY,
                "sent_to": "Delprojektledaren",
            }
        ),
    ),
    one(timereports.submit_staff_time_report, E.STAFF_TIME_REPORT_SAVED, _staff_time_report),
    one(timereports.cosign_staff_time_report, E.STAFF_TIME_REPORT_COSIGNED, _cosignature),
]

# Reads and exports that show several people write one entry naming them under
# ``participants``, not in the entry's participant.
READS: list[Case] = [
    one(
        people_queries.participants_listed_for,
        E.PARTICIPANTS_LISTED,
        lambda w: Call({"user": w.personas.coach_a}),
    ),
    one(
        pathway_queries.caseload_shown_to,
        E.CASELOAD_VIEWED,
        lambda w: Call({"user": w.personas.coach_a}),
    ),
    one(
        referral_queries.referrals_for,
        E.REFERRALS_LISTED,
        lambda w: Call({"user": w.personas.fk_caseworker}),
    ),
    one(
        timereport_queries.activity_report,
        E.ACTIVITY_REPORT_VIEWED,
        lambda w: Call(
            {
                "user": w.personas.fk_caseworker,
                "unit": w.personas.joint_team,
                "programme": registry().get("amia"),
                "month": LAST_MONTH,
                "settings": {},
            }
        ),
    ),
    one(
        outcome_queries.report_view,
        E.OUTCOMES_VIEWED,
        lambda w: Call(_outcome_report(w)),
    ),
    one(
        outcome_queries.records_behind,
        E.OUTCOME_RECORDS_VIEWED,
        lambda w: Call(
            _outcome_report(w)
            | {"metric_code": "in_competitive_work", "dimension_code": "unit", "group": "total"}
        ),
    ),
    one(
        outcome_exports.enrolments_for_export,
        E.OUTCOMES_EXPORTED,
        lambda w: Call({"user": w.personas.manager_a, "params": {}}),
    ),
]

# The fetch-and-check helpers record each opening of a person's record, and each refusal.
ACCESS: list[Case] = [
    one(
        access.get_participant_for,
        E.PARTICIPANT_VIEWED,
        lambda w: Call(
            {
                "user": w.personas.coach_a,
                "participant_id": w.personas.own.pk,
                "action": access.Action.VIEW_PARTICIPANT,
            },
            w.personas.own.pk,
        ),
    ),
    one(
        access.get_case_for,
        E.ENROLMENT_VIEWED,
        lambda w: Call({"user": w.personas.coach_a, "enrolment_id": w.own.pk}, w.personas.own.pk),
    ),
    one(
        access.get_enrolment_for,
        E.ENROLMENT_VIEWED,
        lambda w: Call(
            {
                "user": w.personas.coach_a,
                "enrolment_id": w.own.pk,
                "action": access.Action.CHANGE_PARTICIPANT,
            },
            w.personas.own.pk,
        ),
    ),
    one(
        access.get_meeting_for,
        E.MEETING_VIEWED,
        lambda w: Call(
            {
                "user": w.personas.af_caseworker,
                "meeting_id": _meeting(w).pk,
                "action": access.Action.VIEW_PARTICIPANT,
            },
            w.personas.joint.pk,
        ),
    ),
    one(
        access.get_final_document_for,
        E.DOCUMENT_VIEWED,
        lambda w: Call(
            {
                "user": w.personas.af_caseworker,
                "document_id": _document(w).pk,
                "action": access.Action.VIEW_PARTICIPANT,
            },
            w.personas.joint.pk,
        ),
    ),
    one(
        access.get_referral_for,
        E.REFERRAL_VIEWED,
        lambda w: Call({"user": w.personas.fk_caseworker, "referral_id": _sent_referral(w).pk}),
    ),
    refused(
        access.refuse,
        E.ACCESS_DENIED,
        lambda w: Call(
            {
                "user": w.personas.coach_b,
                "action": access.Action.VIEW_PARTICIPANT,
                "object_type": "people.participant",
                "object_id": w.personas.own.pk,
                "participant_id": w.personas.own.pk,
            },
            w.personas.own.pk,
        ),
        NotFound,
        "object",
    ),
    refused(
        access.require,
        E.ACCESS_DENIED,
        lambda w: Call({"user": w.personas.coach_a, "action": access.Action.ADMINISTER}),
        Forbidden,
        "action",
    ),
]


class _SignInRequest:
    """A sign-in request that a sign-in limit refused without checking the password."""

    lotsa_sign_in_refused = True
    lotsa_sign_in_refusal = Refusal(LockScope.ACCOUNT, 10, timezone.now() + DAYS(minutes=15))


# Signing in is recorded by receivers of Django's sign-in signals, which name no actor.
SIGN_IN: list[Case] = [
    one(
        accounts.record_login,
        E.LOGIN_SUCCEEDED,
        lambda w: Call({"sender": None, "request": None, "user": w.personas.coach_a}),
    ),
    one(
        accounts.record_login_failure,
        E.LOGIN_FAILED,
        lambda w: Call({"sender": None, "credentials": {"username": "coach_a"}}),
        "wrong password",
    ),
    one(
        accounts.record_login_failure,
        E.LOGIN_REFUSED,
        lambda w: Call(
            {"sender": None, "credentials": {"username": "coach_a"}, "request": _SignInRequest()}
        ),
        "refused under a limit",
    ),
    one(
        accounts.record_sign_in_lock,
        E.LOGIN_LOCKED,
        lambda w: Call(
            {
                "username": "coach_a",
                "refusal": _SignInRequest.lotsa_sign_in_refusal,
                "now": timezone.now(),
            }
        ),
    ),
]

# Event types written outside the services and the reads above, and where they are proved.
WRITTEN_ELSEWHERE: dict[AuditEvent, str] = {
    E.COHORT_VIEWED: "cohort pages",
    E.EMPLOYER_VIEWED: "employer page",
    E.JOB_DEVELOPMENT_VIEWED: "job-development week sheet",
    E.FIDELITY_VIEWED: "fidelity review pages",
    E.OUTCOMES_STUDY_EXPORTED: "the export for a linking study; outcomes/tests",
    E.ACTIVITY_REPORT_EXPORTED: "activity report download",
    E.AUDIT_REVIEWED: "audit log review page",
}


TABLE = SERVICES + READS + ACCESS + SIGN_IN

# ------------------------------------------------------------------ the tests


@pytest.fixture
def world(personas: Personas, case: Callable[..., Enrolment]) -> World:
    return World(personas, case)


def _last_sequence() -> int:
    return AuditEntry.objects.aggregate(last=Max("sequence"))["last"] or 0


def _expected_participants(call: Call, result: Any, count: int) -> list[int | None]:
    participant = call.participant
    if callable(participant):
        participant = participant(result)
    if isinstance(participant, tuple):
        return list(participant)
    return [participant] * count


@pytest.mark.parametrize("row", TABLE, ids=lambda row: row.id)
def test_the_service_writes_exactly_the_entries_it_promises(world: World, row: Case) -> None:
    call = row.arrange(world)
    before = _last_sequence()
    result = None
    if row.raises is None:
        result = row.service(**call.kwargs)
    else:
        with pytest.raises(row.raises):
            row.service(**call.kwargs)
    written = AuditEntry.objects.filter(sequence__gt=before).order_by("sequence")
    assert [(entry.event, entry.participant_id) for entry in written] == list(
        zip(
            [event.value for event in row.events],
            _expected_participants(call, result, len(row.events)),
            strict=True,
        )
    )
    actor = call.kwargs.get("actor", call.kwargs.get("user"))
    assert {entry.actor_id for entry in written} == {getattr(actor, "pk", None)}


def _modules() -> Iterator[ModuleType]:
    """Lotsa's modules, tests and migrations apart."""
    for info in pkgutil.walk_packages(lotsa.__path__, "lotsa."):
        if not {"tests", "migrations"} & set(info.name.split(".")):
            yield importlib.import_module(info.name)


def _of_role(module: ModuleType, *roles: str) -> bool:
    """Whether the module is, or is inside, a module named for one of the roles."""
    return bool(set(roles) & set(module.__name__.split(".")[2:]))


def _own_functions(module: ModuleType) -> Iterator[Any]:
    for name, function in vars(module).items():
        if (
            inspect.isfunction(function)
            and function.__module__ == module.__name__
            and not name.startswith("_")
        ):
            yield function


def _name(function: Any) -> str:
    return f"{function.__module__.removeprefix('lotsa.')}.{function.__name__}"


def _takes_actor(function: Any) -> bool:
    parameter = inspect.signature(function).parameters.get("actor")
    return parameter is not None and parameter.kind is inspect.Parameter.KEYWORD_ONLY


def _writes_audit_entries(function: Any) -> bool:
    return inspect.getclosurevars(function).globals.get("record") is write_audit_entry


def test_every_public_service_has_a_case() -> None:
    """A public function of a services module that takes ``actor`` is a service (the audit
    trail's own writer apart); each needs a row in the table."""
    services = {
        _name(function)
        for module in _modules()
        if _of_role(module, "services")
        for function in _own_functions(module)
        if _takes_actor(function) and function is not write_audit_entry
    }
    assert services - {_name(case.service) for case in SERVICES} == set()


def test_everything_but_the_pages_that_writes_audit_entries_has_a_case() -> None:
    """A public function that writes to the audit trail itself (a read, a refusal, a sign-in)
    needs a row. Pages and API operations are held to the people they show by the walk over
    every route in ``core/tests/test_audit_completeness.py``."""
    writers = {
        _name(function)
        for module in _modules()
        if not _of_role(module, "views", "api")
        for function in _own_functions(module)
        if _writes_audit_entries(function)
    }
    assert writers - {_name(case.service) for case in TABLE} == set()


def test_every_event_type_is_proved_by_a_case_or_said_where_it_is_written() -> None:
    proved = {event for case in TABLE for event in case.events}
    assert proved.isdisjoint(WRITTEN_ELSEWHERE)
    assert set(AuditEvent) - proved - set(WRITTEN_ELSEWHERE) == set()


def test_a_case_that_writes_several_entries_says_why() -> None:
    assert [case.id for case in TABLE if len(case.events) > 1 and not case.why_several] == []
