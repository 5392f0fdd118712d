"""Writing, reviewing and sending the report back to the commissioner.

A version is written for a period, its sections generated from the records; while a draft its
texts may be corrected (the sections are generated again). Someone reviews it, then it is sent,
which locks it: a change is a new version. It goes only to the commissioner the referral lets
the unit report back to, or to an organisation the participant consented to share with."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.errors import DomainError
from lotsa.organisations.models import Organisation
from lotsa.outcomes.periods import Period
from lotsa.pathways.models import Enrolment
from lotsa.pathways.services.enrolment_records import note_checklist_item, note_milestone
from lotsa.people.models import Consent
from lotsa.people.queries import sharing_consent
from lotsa.referrals.models import Referral
from lotsa.worktraining import codes
from lotsa.worktraining.models import ReportBack, ReportBackStatus
from lotsa.worktraining.queries.report_back import report_back_content
from lotsa.worktraining.services._checks import require_work_training_case

LIMITS = {"development": 8000, "next_steps": 4000}


@dataclass(frozen=True)
class ReportBackText:
    period_from: datetime.date
    period_to: datetime.date
    development: str
    next_steps: str


def _checked(text: ReportBackText, enrolment: Enrolment) -> dict[str, object]:
    errors: dict[str, str] = {}
    for field, limit in LIMITS.items():
        value = getattr(text, field).strip()
        if not value:
            errors[field] = _("Write this part of the report back.")
        elif len(value) > limit:
            errors[field] = _("Use at most %(limit)s characters.") % {"limit": limit}
    if text.period_to < text.period_from:
        errors["period_to"] = _("The period ends on or after the day it begins.")
    elif text.period_to > timezone.localdate():
        errors["period_to"] = _("The period cannot end in the future.")
    if text.period_from < enrolment.referral_date:
        errors["period_from"] = _("The period begins on or after the referral.")
    if errors:
        raise DomainError(errors)
    return {
        "period_from": text.period_from,
        "period_to": text.period_to,
        "development": text.development.strip(),
        "next_steps": text.next_steps.strip(),
    }


def write_report_back(
    *,
    actor: Actor,
    enrolment: Enrolment,
    text: ReportBackText,
    report: ReportBack | None = None,
) -> ReportBack:
    """Write a new version of the report back for a period, or correct the draft ``report``;
    the sections are generated from the records as they stand."""
    require_work_training_case(actor, enrolment, started=True)
    if report is not None and report.status != ReportBackStatus.DRAFT:
        raise DomainError(
            _("A reviewed or sent report back is not changed: write a new version instead.")
        )
    fields = _checked(text, enrolment)
    content = report_back_content(enrolment, Period(text.period_from, text.period_to))
    with transaction.atomic(durable=True):
        if report is None:
            latest = ReportBack.objects.filter(enrolment=enrolment).aggregate(
                version=Max("version")
            )["version"]
            report = ReportBack(enrolment=enrolment, version=(latest or 0) + 1)
        for name, value in fields.items():
            setattr(report, name, value)
        report.content, report.written_by = content, actor
        report.save()
        record(
            AuditEvent.REPORT_BACK_SAVED,
            actor=actor,
            obj=report,
            participant_id=enrolment.participant_id,
            changes={
                "version": report.version,
                "period": [text.period_from.isoformat(), text.period_to.isoformat()],
            },
        )
    return report


def review_report_back(*, actor: Actor, report: ReportBack, day: datetime.date) -> ReportBack:
    """Record that the draft was read through and may go to the commissioner."""
    enrolment = report.enrolment
    require_work_training_case(actor, enrolment, started=True)
    if report.status != ReportBackStatus.DRAFT:
        raise DomainError({"day": _("Only a draft is reviewed.")})
    if not timezone.localdate(report.updated_at) <= day <= timezone.localdate():
        raise DomainError({"day": _("The date lies between the last change and today.")})
    with transaction.atomic(durable=True):
        report.status, report.reviewed_by, report.reviewed_on = (
            ReportBackStatus.REVIEWED,
            actor,
            day,
        )
        report.save(update_fields=["status", "reviewed_by", "reviewed_on", "updated_at"])
        record(
            AuditEvent.REPORT_BACK_REVIEWED,
            actor=actor,
            obj=report,
            participant_id=enrolment.participant_id,
            changes={"version": report.version, "reviewed_on": day.isoformat()},
        )
    return report


def sending_basis(
    enrolment: Enrolment, organisation: Organisation, day: datetime.date
) -> tuple[Referral | None, Consent | None]:
    """What lets the unit report back to the organisation: the referral from it that allows a
    report back, else the participant's information-sharing consent in force that lets the
    unit's organisation share with it. (None, None) when nothing does."""
    referral = (
        Referral.objects.filter(enrolment=enrolment, from_unit__organisation=organisation)
        .exclude(report_back="")
        .first()
    )
    if referral is not None:
        return referral, None
    consent = sharing_consent(
        enrolment.participant_id,
        shared_by=enrolment.unit.organisation_id,
        shared_with=organisation,
        on=day,
    )
    return None, consent


def send_report_back(
    *,
    actor: Actor,
    report: ReportBack,
    recipient_organisation: Organisation,
    recipient: str,
    day: datetime.date,
) -> ReportBack:
    """Record that the reviewed report back went to the commissioner, which locks it; the first
    one sent marks the milestone and the checklist item."""
    enrolment = report.enrolment
    require_work_training_case(actor, enrolment, started=True)
    referral, consent = sending_basis(enrolment, recipient_organisation, day)
    errors: dict[str, str] = {}
    if report.status != ReportBackStatus.REVIEWED:
        errors["day"] = _("A report back is sent once it has been reviewed.")
    elif not report.reviewed_on or not report.reviewed_on <= day <= timezone.localdate():
        errors["day"] = _("The date lies between the review and today.")
    if referral is None and consent is None:
        errors["recipient_organisation"] = _(
            "Neither the referral nor a consent from the participant lets the unit report "
            "back to this organisation."
        )
    if not recipient.strip() or len(recipient) > 200:
        errors["recipient"] = _("Name the recipient (at most 200 characters).")
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        report.status, report.sent_on, report.sent_by = ReportBackStatus.SENT, day, actor
        report.sent_to_organisation, report.sent_to = recipient_organisation, recipient.strip()
        report.referral, report.consent = referral, consent
        report.save()
        note_milestone(actor, enrolment, codes.FIRST_REPORT_TO_COMMISSIONER, day)
        note_checklist_item(enrolment, codes.REPORT_TO_COMMISSIONER, day)
        record(
            AuditEvent.REPORT_BACK_SENT,
            actor=actor,
            obj=report,
            participant_id=enrolment.participant_id,
            changes={
                "version": report.version,
                "to": recipient_organisation.pk,
                "referral": referral.pk if referral else None,
                "consent": consent.pk if consent else None,
            },
        )
    return report
