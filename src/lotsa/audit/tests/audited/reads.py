"""The rows of the reads, exports, access rules and sign-ins that write to the audit trail, and
the event types written where pages are served."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from lotsa import access
from lotsa.accounts import services as accounts
from lotsa.accounts.signin import LockScope, Refusal
from lotsa.audit.models import AuditEvent
from lotsa.audit.tests.audited.rows import (
    DAYS,
    LAST_MONTH,
    TODAY,
    Call,
    Case,
    E,
    World,
    final_document,
    one,
    recorded_meeting,
    refused,
    sent_referral,
)
from lotsa.casework import queries as case_queries
from lotsa.core import backup
from lotsa.errors import Forbidden, NotFound
from lotsa.jom.models import CourseTask
from lotsa.outcomes import enrolments as outcome_exports
from lotsa.outcomes import queries as outcome_queries
from lotsa.outcomes import reports
from lotsa.outcomes.periods import parse_period
from lotsa.pathways.definitions.registry import registry
from lotsa.people import queries as people_queries
from lotsa.referrals import queries as referral_queries
from lotsa.socioeconomics.report import socioeconomic_report
from lotsa.testing.factories import CourseFactory
from lotsa.timereports import queries as timereport_queries


def _outcome_report(w: World) -> dict[str, Any]:
    params: dict[str, str] = {}
    return {
        "user": w.personas.manager_a,
        "report": reports.REPORTS["ips"],
        "params": params,
        "period": parse_period(params, TODAY),
    }


# Reads and exports that show several people write one entry naming them under
# ``participants``, not in the entry's participant.
READS: list[Case] = [
    one(
        people_queries.participants_listed_for,
        E.PARTICIPANTS_LISTED,
        lambda w: Call({"user": w.personas.coach_a}),
    ),
    one(
        case_queries.caseload_shown_to,
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
        socioeconomic_report,
        E.OUTCOMES_VIEWED,
        lambda w: Call(
            {
                "user": w.personas.manager_a,
                "params": {"cost_per_participant": "60000", "effect_net": "1"},
                "period": parse_period({}, TODAY),
            }
        ),
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
        people_queries.participants_found_for_extract,
        E.PARTICIPANTS_LISTED,
        lambda w: Call({"user": w.personas.records_officer, "text": "TST-0000"}),
    ),
    one(
        outcome_exports.enrolments_for_export,
        E.OUTCOMES_EXPORTED,
        lambda w: Call({"user": w.personas.manager_a, "params": {}}),
    ),
    # A backup copies everyone's records: the operator's command, in no one's name.
    one(
        backup.back_up,
        E.DATABASE_BACKED_UP,
        # Into the test's own temporary folder, which holds its checkpoint file.
        lambda w: Call({"target": Path(settings.AUDIT_CHECKPOINT_FILE).parent / "lotsa.backup"}),
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
        access.record_case_view,
        E.ENROLMENT_VIEWED,
        lambda w: Call({"user": w.personas.coach_a, "enrolment": w.own}, w.personas.own.pk),
    ),
    one(
        access.get_meeting_for,
        E.MEETING_VIEWED,
        lambda w: Call(
            {
                "user": w.personas.af_caseworker,
                "meeting_id": recorded_meeting(w).pk,
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
                "document_id": final_document(w).pk,
                "action": access.Action.VIEW_PARTICIPANT,
            },
            w.personas.joint.pk,
        ),
    ),
    one(
        access.get_referral_for,
        E.REFERRAL_VIEWED,
        lambda w: Call({"user": w.personas.fk_caseworker, "referral_id": sent_referral(w).pk}),
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
    refused(
        access.require_course_task,
        E.ACCESS_DENIED,
        lambda w: Call(
            {
                "user": w.jom.caseworker,
                "course": CourseFactory.create(cohort__unit=w.jom.unit),
                "task": CourseTask.ADMISSION,
            }
        ),
        Forbidden,
        "task of another party",
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
    E.AUDIT_EXPORTED: "audit log review export",
    E.DATABASE_RESTORED: "lotsa backup restore, into the restored database; core/tests/test_backup",
    E.PARTICIPANT_EXTRACTED: "register extract pages and API; people/tests/test_register_extract.py",
    E.TIME_USE_VIEWED: "time-use pages of a unit and of a coach; timeuse/tests/test_pages.py",
}
