"""The rows of the participant's own space: their page views, their time report, and signing."""

from __future__ import annotations

from decimal import Decimal

from lotsa.audit.tests.audited.rows import Call, Case, E, World, one
from lotsa.casework import services as casework
from lotsa.casework.models import PlanRevision
from lotsa.documents import services as documents
from lotsa.documents.models import FinalDocument
from lotsa.participant_space import queries as space_queries
from lotsa.participant_space import services as space
from lotsa.participant_space.models import ParticipantAccount
from lotsa.participant_space.signing import (
    content_hash,
    final_document_content,
    plan_content,
    time_report_content,
)
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import Enrolment
from lotsa.testing.clock import TODAY
from lotsa.testing.factories import ParticipantAccountFactory
from lotsa.timereports.models import TimeReport
from lotsa.timereports.queries import month_form
from lotsa.timereports.services import WeekHours, first_of_month

MONTH = first_of_month(TODAY)


def _own_case(w: World) -> tuple[ParticipantAccount, Enrolment]:
    enrolment = w.started("amia")
    return ParticipantAccountFactory(participants=[enrolment.participant]), enrolment


def _weeks(enrolment: Enrolment) -> list[WeekHours]:
    programme = registry().get("amia")
    assert programme is not None
    shown = month_form(enrolment, programme, MONTH)["weeks"]
    return [WeekHours(Decimal(10), Decimal(8)) for _ in shown]


def _time_report(w: World) -> Call:
    account, enrolment = _own_case(w)
    return Call(
        {
            "actor": account.user,
            "enrolment": enrolment,
            "month": MONTH,
            "weeks": _weeks(enrolment),
        },
        enrolment.participant_id,
    )


def _plan(w: World) -> Call:
    account, enrolment = _own_case(w)
    revision = casework.revise_plan(
        actor=w.personas.coach_a,
        enrolment=enrolment,
        plan=casework.PlanInput(long_term_goal="Work with animals", sub_goals=["Try it out"]),
    )
    shown = PlanRevision.objects.prefetch_related("sub_goals", "items").get(pk=revision.pk)
    return Call(
        {
            "actor": account.user,
            "revision": revision,
            "shown_hash": content_hash(plan_content(shown)),
            "sign_in_method": "passkey",
        },
        enrolment.participant_id,
    )


def _submitted(w: World) -> Call:
    account, enrolment = _own_case(w)
    space.save_own_time_report(
        actor=account.user, enrolment=enrolment, month=MONTH, weeks=_weeks(enrolment)
    )
    report = TimeReport.objects.prefetch_related("weeks").get(enrolment=enrolment)
    return Call(
        {
            "actor": account.user,
            "report": report,
            "shown_hash": content_hash(time_report_content(report)),
            "sign_in_method": "password",
        },
        enrolment.participant_id,
    )


def _final_documentation(w: World) -> Call:
    enrolment = Enrolment.objects.get(participant=w.personas.joint)
    account = ParticipantAccountFactory(participants=[w.personas.joint])
    document = documents.write_final_document(
        actor=w.personas.fk_caseworker,
        enrolment=enrolment,
        text=documents.FinalText("The joint planning", "Work training", "yes", "Ready for more"),
    )
    for caseworker in (w.personas.fk_caseworker, w.personas.af_caseworker):
        documents.approve_final_document(actor=caseworker, document=document, day=TODAY)
    shown = FinalDocument.objects.prefetch_related("approvals").get(pk=document.pk)
    return Call(
        {
            "actor": account.user,
            "document": document,
            "shown_hash": content_hash(final_document_content(shown)),
            "sign_in_method": "passkey",
        },
        enrolment.participant_id,
    )


def _viewed(w: World) -> Call:
    account, enrolment = _own_case(w)
    return Call(
        {"user": account.user, "page": "plan", "participant_ids": [enrolment.participant_id]},
        enrolment.participant_id,
    )


OWN_SPACE_WRITES: list[Case] = [
    one(space.save_own_time_report, E.TIME_REPORT_SAVED, _time_report),
    one(space.sign_plan, E.PARTICIPANT_SIGNED, _plan),
    one(space.submit_time_report, E.PARTICIPANT_SIGNED, _submitted),
    one(space.sign_final_documentation, E.PARTICIPANT_SIGNED, _final_documentation),
    one(space_queries.record_own_view, E.OWN_RECORD_VIEWED, _viewed),
    one(
        space.refuse_sign_in_without_enrolment,
        E.ACCESS_DENIED,
        lambda w: Call({"person": ParticipantAccountFactory().user}),
    ),
]
