"""The rows of motivational interviewing and of the report back to the commissioner."""

from __future__ import annotations

from typing import Any

from lotsa import access
from lotsa.audit.tests.audited.rows import TODAY, Call, Case, E, World, on_case, one
from lotsa.people.models import Consent, ConsentKind
from lotsa.testing.factories import OrganisationFactory
from lotsa.worktraining.models import Stage
from lotsa.worktraining.services import motivation, report_back

TEXT = report_back.ReportBackText(
    period_from=TODAY,
    period_to=TODAY,
    development="Kommer i tid varje dag.",
    next_steps="Fortsatt arbetsträning.",
)


def _behaviour(w: World) -> Any:
    return motivation.save_target_behaviour(
        actor=w.knut.work_supervisor,
        enrolment=w.knut.enrolment,
        problem="Dålig närvaro",
        behaviour="Närvara varje dag",
        day=TODAY,
    )


def _on_behaviour(w: World, **kwargs: Any) -> Call:
    return Call(
        {"actor": w.knut.work_supervisor, "behaviour": _behaviour(w), **kwargs},
        w.knut.enrolment.participant_id,
    )


def _report(w: World, *, reviewed: bool = False) -> Any:
    report = report_back.write_report_back(
        actor=w.knut.work_supervisor, enrolment=w.knut.enrolment, text=TEXT
    )
    if reviewed:
        report_back.review_report_back(actor=w.knut.team_leader, report=report, day=TODAY)
    return report


def _on_report(w: World, report: Any, **kwargs: Any) -> Call:
    return Call(
        {"actor": w.knut.work_supervisor, "report": report, **kwargs},
        w.knut.enrolment.participant_id,
    )


def _commissioner(w: World) -> Any:
    """An organisation the participant consented to the unit sharing with."""
    commissioner = OrganisationFactory.create(name="Arbetsmarknadsenheten Testvik")
    Consent.objects.create(
        participant=w.knut.enrolment.participant,
        kind=ConsentKind.INFORMATION_SHARING,
        given_on=TODAY,
        given_to=w.knut.municipality,
        organisation=commissioner,
        sharing_scope="summary",
        recorded_by=w.knut.work_supervisor,
    )
    return commissioner


def _read(w: World, record_id: str, made: Any) -> Call:
    return Call(
        {"user": w.knut.manager, record_id: made.pk, "action": access.Action.VIEW_PARTICIPANT},
        w.knut.enrolment.participant_id,
    )


WORKTRAINING_MOTIVATION_WRITES: list[Case] = [
    one(
        motivation.save_target_behaviour,
        E.TARGET_BEHAVIOUR_SAVED,
        lambda w: on_case(
            w.knut.enrolment,
            w.knut.work_supervisor,
            problem="Dålig närvaro",
            behaviour="Närvara varje dag",
            day=TODAY,
        ),
    ),
    one(
        motivation.assess_motivation,
        E.MOTIVATION_ASSESSED,
        lambda w: _on_behaviour(
            w, values=motivation.MotivationInput(assessed_on=TODAY, stage=Stage.CONTEMPLATION)
        ),
    ),
    one(
        motivation.make_action_plan,
        E.ACTION_PLAN_MADE,
        lambda w: _on_behaviour(w, made_on=TODAY, steps="Ringa in vid frånvaro."),
    ),
    one(
        report_back.write_report_back,
        E.REPORT_BACK_SAVED,
        lambda w: on_case(w.knut.enrolment, w.knut.work_supervisor, text=TEXT),
    ),
    one(
        report_back.review_report_back,
        E.REPORT_BACK_REVIEWED,
        lambda w: _on_report(w, _report(w), day=TODAY),
    ),
    one(
        report_back.send_report_back,
        E.REPORT_BACK_SENT,
        lambda w: _on_report(
            w,
            _report(w, reviewed=True),
            recipient_organisation=_commissioner(w),
            recipient="Enhetschef",
            day=TODAY,
        ),
    ),
]

WORKTRAINING_MOTIVATION_READS: list[Case] = [
    one(
        access.get_work_training_case_for,
        E.MOTIVATION_VIEWED,
        lambda w: Call(
            {
                "user": w.knut.manager,
                "enrolment_id": w.knut.enrolment.pk,
                "action": access.Action.VIEW_PARTICIPANT,
                "opened": E.MOTIVATION_VIEWED,
            },
            w.knut.enrolment.participant_id,
        ),
        "motivation page",
    ),
    one(
        access.get_target_behaviour_for,
        E.MOTIVATION_VIEWED,
        lambda w: _read(w, "behaviour_id", _behaviour(w)),
    ),
    one(
        access.get_report_back_for,
        E.REPORT_BACK_VIEWED,
        lambda w: _read(w, "report_id", _report(w)),
    ),
]
