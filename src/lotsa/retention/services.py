"""Retention rules, and the run that erases what has passed its time."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import diff, record, snapshot
from lotsa.casework.models import (
    Contact,
    Meeting,
    MeetingAttendee,
    MeetingReflection,
    PlanItem,
    PlanRevision,
    SubGoal,
)
from lotsa.cohorts.models import Attendance
from lotsa.documents.models import DocumentApproval, DocumentDispatch, FinalDocument
from lotsa.employment.models import BenefitsCounselling, VocationalProfile
from lotsa.errors import DomainError, validate_model
from lotsa.jom.models import ERASED_WITH_CASE as ERASED_WITH_JOM_CASE
from lotsa.organisations.models import Organisation
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import Enrolment, EnrolmentEvent, FollowUp, Milestone
from lotsa.people.models import IDENTIFYING_FIELDS, Participant
from lotsa.referrals.models import ExitHandover, Referral
from lotsa.retention import queries
from lotsa.retention.models import RetentionRule
from lotsa.surveys.models import SurveyKey
from lotsa.timereports.models import TimeReport
from lotsa.worktraining.models import ERASED_WITH_CASE as ERASED_WITH_WORK_TRAINING_CASE

RULE_FIELDS = ("organisation", "programme_code", "years", "keep_research_sample", "decision")
# A referral's ``person`` holds who was referred until the receiver registers them.
REFERRAL_TEXTS: dict[str, object] = {
    "person": {},
    "stated_needs": "",
    "requested_service": "",
    "handover_summary": "",
    "answer_note": "",
}


def save_rule(
    *,
    actor: Actor,
    rule: RetentionRule | None,
    organisation: Organisation,
    programme_code: str,
    years: int,
    keep_research_sample: bool = False,
    decision: str = "",
) -> RetentionRule:
    """Create an organisation's retention rule (``rule=None``) or change one."""
    access.require(actor, access.Action.ADMINISTER)
    if programme_code and registry().get(programme_code) is None:
        raise DomainError({"programme_code": _("Choose a programme model Lotsa knows.")})
    with transaction.atomic(durable=True):
        rule = rule or RetentionRule()
        before = snapshot(rule, RULE_FIELDS) if rule.pk else {}
        same = RetentionRule.objects.filter(
            organisation=organisation, programme_code=programme_code
        ).exclude(pk=rule.pk)
        if same.exists():
            raise DomainError(
                {
                    "programme_code": _(
                        "The organisation has a rule for this already; change that one."
                    )
                }
            )
        rule.organisation, rule.programme_code, rule.years = organisation, programme_code, years
        rule.keep_research_sample, rule.decision = keep_research_sample, decision.strip()
        rule.updated_by = actor
        validate_model(rule, exclude=["updated_by"])
        is_new = rule.pk is None
        rule.save()
        changes = diff(before, snapshot(rule, RULE_FIELDS), hide_values=False)
        if is_new or changes:
            record(AuditEvent.RETENTION_RULE_SAVED, actor=actor, obj=rule, changes=changes)
        return rule


@dataclass
class RetentionRun:
    """What one run found past its time, and (unless a dry run) erased."""

    day: datetime.date
    dry_run: bool
    cases: list[Enrolment] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)

    def summary(self) -> dict[str, object]:
        return {
            "day": self.day,
            "dry_run": self.dry_run,
            "cases": len(self.cases),
            "referrals": len(self.referrals),
            "participants": len(self.participants),
        }


def erase_due(*, today: datetime.date, dry_run: bool) -> RetentionRun:
    """Erase the content of every closed case, unanswered referral and person whose retention
    period has passed; with ``dry_run``, only say what would go.

    Each case and each person is erased in a transaction of its own with its audit entry, so
    that a run stopped half-way leaves every record either whole or erased, and the next run
    goes on where it stopped. The run itself is audited, a dry run too."""
    policy = queries.Policy.current()
    run = RetentionRun(today, dry_run)
    run.cases = list(queries.enrolments_due(policy, today))
    run.referrals = list(queries.unanswered_referrals_due(policy, today))
    run.participants = list(queries.participants_due(policy, today))
    if not dry_run:
        for enrolment in run.cases:
            _erase_case(enrolment, today, policy)
        for referral in run.referrals:
            _erase_referral(referral)
        for participant in run.participants:
            _pseudonymise(participant, today)
    with transaction.atomic():
        record(AuditEvent.RETENTION_RUN, actor=None, changes=run.summary())
    return run


def _blank(enrolment: Enrolment, tables: Iterable[tuple[Any, str, dict[str, Any]]]) -> int:
    """Blank the listed fields of each (model, path to the case, blanks) of the case's records."""
    return sum(
        model.objects.filter(**{path: enrolment}).update(**blanks) for model, path, blanks in tables
    )


def _erase_case(enrolment: Enrolment, today: datetime.date, policy: queries.Policy) -> None:
    with transaction.atomic(durable=True):
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.content_erased_on is not None:
            return
        of_case = {"enrolment": enrolment}
        meetings = Meeting.objects.filter(contact__enrolment=enrolment)
        plans = PlanRevision.objects.filter(**of_case)
        documents = FinalDocument.objects.filter(**of_case)
        erased = {
            "reflections": MeetingReflection.objects.filter(meeting__in=meetings).delete()[0],
            "plan_items": PlanItem.objects.filter(revision__in=plans).delete()[0]
            + SubGoal.objects.filter(revision__in=plans).delete()[0],
            "plans": plans.delete()[0],
            "documents": DocumentDispatch.objects.filter(document__in=documents).delete()[0]
            + DocumentApproval.objects.filter(document__in=documents).delete()[0]
            + documents.delete()[0],
            "profiles": VocationalProfile.objects.filter(**of_case).delete()[0],
            "notes": Contact.objects.filter(**of_case).exclude(note="").update(note="")
            + meetings.exclude(agreed="").update(agreed="")
            + MeetingAttendee.objects.filter(meeting__in=meetings).update(name="", role="")
            + EnrolmentEvent.objects.filter(**of_case).exclude(note="").update(note="")
            + Milestone.objects.filter(**of_case).exclude(note="").update(note="")
            + FollowUp.objects.filter(**of_case).exclude(note="").update(note="")
            + BenefitsCounselling.objects.filter(**of_case).update(
                counsellor="", topics="", questions_answered=""
            )
            + TimeReport.objects.filter(**of_case).exclude(note="").update(note="")
            + Attendance.objects.filter(**of_case).exclude(note="").update(note="")
            + ExitHandover.objects.filter(**of_case).update(summary="", to_caseworker="")
            + Referral.objects.filter(**of_case).update(**REFERRAL_TEXTS)
            + _blank(enrolment, ERASED_WITH_JOM_CASE),
            "survey_keys": _forget_survey_key(enrolment),
            "work_training": _blank(enrolment, ERASED_WITH_WORK_TRAINING_CASE),
        }
        enrolment.referrer, enrolment.content_erased_on = "", today
        enrolment.save(update_fields=["referrer", "content_erased_on"])
        record(
            AuditEvent.CASE_CONTENT_ERASED,
            actor=None,
            obj=enrolment,
            participant_id=enrolment.participant_id,
            changes={
                "closed_on": enrolment.end_date,
                "years_kept": policy.years_for(
                    enrolment.unit.organisation_id, enrolment.programme_model
                ),
                "erased": erased,
            },
        )


def _forget_survey_key(enrolment: Enrolment) -> int:
    """The survey answers stay for the figures; once no case of the programme is kept, the key
    that said whose they were goes, and the answers are anonymous."""
    kept = (
        Enrolment.objects.filter(
            participant_id=enrolment.participant_id,
            programme_model=enrolment.programme_model,
            content_erased_on__isnull=True,
        )
        .exclude(pk=enrolment.pk)
        .exists()
    )
    if kept:
        return 0
    return SurveyKey.objects.filter(
        participant_id=enrolment.participant_id, programme=enrolment.programme_model
    ).delete()[0]


def _erase_referral(referral: Referral) -> None:
    with transaction.atomic(durable=True):
        Referral.objects.filter(pk=referral.pk).update(**REFERRAL_TEXTS)
        record(
            AuditEvent.REFERRAL_TEXT_ERASED,
            actor=None,
            obj=referral,
            participant_id=referral.participant_id,
            changes={"answered_on": referral.decided_on},
        )


def _pseudonymise(participant: Participant, today: datetime.date) -> None:
    """The person becomes anonymous: the code name, birth year and sex stay for the figures."""
    with transaction.atomic(durable=True):
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        if participant.is_anonymous:
            return
        blank = Participant(code_name=participant.code_name, birth_year=participant.birth_year)
        for name in IDENTIFYING_FIELDS:
            setattr(participant, name, getattr(blank, name))
        participant.identity_number = None
        participant.is_anonymous = True
        participant.version += 1
        participant.save(update_fields=[*IDENTIFYING_FIELDS, "is_anonymous", "version"])
        record(
            AuditEvent.PARTICIPANT_PSEUDONYMISED,
            actor=None,
            obj=participant,
            participant_id=participant.pk,
            changes={"erased_on": today},
        )
