"""The rows of a work-training unit's records of a participant: the commissioner's referral, work units and tasks, work analysis, motivational interviewing."""

from __future__ import annotations

import datetime
from typing import Any

from lotsa import access
from lotsa.audit.tests.audited.rows import TODAY, Call, Case, E, World, on_case, one, refused
from lotsa.errors import Forbidden
from lotsa.worktraining.models import WorkAnalysis, WorkTask
from lotsa.worktraining.services import analysis, referral, units
from lotsa.worktraining.services._checks import require_managing

DAY = TODAY - datetime.timedelta(days=7)


def _task(w: World) -> WorkTask:
    work_unit = units.save_work_unit(
        actor=w.knut.team_leader,
        unit=w.knut.unit,
        details=units.WorkUnitDetails(name="Snickeriet", financing="mixed"),
    )
    return units.save_work_task(
        actor=w.knut.team_leader,
        work_unit=work_unit,
        details=units.TaskDetails(name="Slipning", requirements={"punctuality": 2}),
    )


def _analysis(w: World) -> WorkAnalysis:
    return analysis.record_work_analysis(**_analysis_call(w).kwargs)


def _analysis_call(w: World) -> Call:
    return on_case(
        w.knut.enrolment,
        w.knut.work_supervisor,
        task=_task(w),
        observed_on=DAY,
        purpose="rehabilitation",
        entries=[analysis.EntryInput("punctuality", self_rating=6, observed_level=2)],
    )


def _referral_call(w: World) -> Call:
    details = referral.ReferralDetails(
        commissioner="af",
        received_on=DAY,
        stated_needs="Komma igång.",
        requested_services=["work_training"],
        to_train_or_test="Passa tider.",
        participant_category="regular",
    )
    return on_case(w.knut.enrolment, w.knut.work_supervisor, details=details)


def _summary_call(w: World) -> Call:
    return on_case(
        w.knut.enrolment,
        w.knut.work_supervisor,
        written_on=DAY,
        text="Passar tider.",
        analyses=[_analysis(w)],
    )


def _work_unit_call(w: World) -> Call:
    return Call(
        {
            "actor": w.knut.team_leader,
            "unit": w.knut.unit,
            "details": units.WorkUnitDetails(name="Caféet", financing="revenue"),
        }
    )


def _task_call(w: World) -> Call:
    task = _task(w)
    return Call(
        {
            "actor": w.knut.manager,
            "work_unit": task.work_unit,
            "task": task,
            "details": units.TaskDetails(name="Slipning", requirements={"strength": 1}),
        }
    )


def _case_opened(w: World, event: Any) -> Call:
    return Call(
        {
            "user": w.knut.work_supervisor,
            "enrolment_id": w.knut.enrolment.pk,
            "action": access.Action.VIEW_PARTICIPANT,
            "opened": event,
        },
        w.knut.enrolment.participant_id,
    )


WORKTRAINING_RECORDS_WRITES: list[Case] = [
    one(referral.save_work_referral, E.WORK_REFERRAL_SAVED, _referral_call),
    one(units.save_work_unit, E.WORK_UNIT_SAVED, _work_unit_call),
    one(units.save_work_task, E.WORK_TASK_SAVED, _task_call),
    one(analysis.record_work_analysis, E.WORK_ANALYSIS_RECORDED, _analysis_call),
    one(analysis.write_analysis_summary, E.ANALYSIS_SUMMARY_WRITTEN, _summary_call),
    refused(
        require_managing,
        E.ACCESS_DENIED,
        lambda w: Call({"actor": w.knut.work_supervisor, "unit": w.knut.unit}),
        Forbidden,
        "a coach managing work units",
    ),
]
WORKTRAINING_RECORDS_READS: list[Case] = [
    one(
        access.get_work_training_case_for,
        E.WORK_REFERRAL_VIEWED,
        lambda w: _case_opened(w, E.WORK_REFERRAL_VIEWED),
        "referral page",
    ),
    one(
        access.get_work_training_case_for,
        E.WORK_ANALYSIS_VIEWED,
        lambda w: _case_opened(w, E.WORK_ANALYSIS_VIEWED),
        "work analyses page",
    ),
    one(
        access.get_work_analysis_for,
        E.WORK_ANALYSIS_VIEWED,
        lambda w: Call(
            {
                "user": w.knut.work_supervisor,
                "analysis_id": _analysis(w).pk,
                "action": access.Action.VIEW_PARTICIPANT,
            },
            w.knut.enrolment.participant_id,
        ),
    ),
]
