"""What staff record on an enrolment besides its lifecycle: milestones (observed, or derived
from other records as the programme model says), the model's follow-ups, checklist items, the
participant's situation at the start, and the benefit facts the model's timeline counts from.

Every public function checks access first (so a refusal stays in the audit trail), then writes
the record, the enrolment's history where it has one and the audit entry in one transaction.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import diff, record, snapshot
from lotsa.errors import DomainError
from lotsa.pathways.definitions.programme import FollowUp as FollowUpDefinition
from lotsa.pathways.definitions.programme import Programme
from lotsa.pathways.models import (
    BenefitExtent,
    BenefitFacts,
    BenefitType,
    ChecklistEntry,
    EducationLevel,
    EmploymentStatus,
    Enrolment,
    EnrolmentStatus,
    EventKind,
    FollowUp,
    IncomeSource,
    Milestone,
)
from lotsa.pathways.services.enrolment_changes import (
    ENROLMENT_AUDITED_FIELDS,
    add_history_event,
    check_day,
    lock_enrolment,
    lock_enrolment_row,
    programme_of,
    require_participation,
)


def derive_milestone(
    actor: Actor, enrolment: Enrolment, programme: Programme, source: str, day: datetime.date
) -> None:
    """Record the milestone the definition derives from ``source``, unless an earlier one exists."""
    code = programme.derived_milestone(source)
    if code is None:
        return
    lock_enrolment_row(enrolment)  # two first contacts at once derive one milestone
    existing = Milestone.objects.filter(enrolment=enrolment, code=code).first()
    if existing is None:
        Milestone.objects.create(enrolment=enrolment, code=code, occurred_on=day, derived=True)
    elif existing.derived and day < existing.occurred_on:
        existing.occurred_on = day
        existing.save(update_fields=["occurred_on"])


def note_milestone(actor: Actor, enrolment: Enrolment, code: str, day: datetime.date) -> None:
    """Record a milestone another record marks (a meeting, a follow-up), unless it is recorded
    already; inside the caller's transaction."""
    lock_enrolment_row(enrolment)
    if not Milestone.objects.filter(enrolment=enrolment, code=code).exists():
        Milestone.objects.create(enrolment=enrolment, code=code, occurred_on=day, recorded_by=actor)
        add_history_event(actor, enrolment, EventKind.MILESTONE, day, note=code)


def record_milestone(
    *, actor: Actor, enrolment: Enrolment, code: str, day: datetime.date, note: str = ""
) -> Milestone:
    """Record a milestone the staff observe (derived ones are recorded by the services)."""
    access.require_enrolment(actor, enrolment)
    if enrolment.is_open:
        require_participation(enrolment)
    programme = programme_of(enrolment)
    definition = programme.milestones.get(code)
    if definition is None:
        raise DomainError({"code": _("Unknown milestone for this programme model.")})
    if definition.derived:
        raise DomainError({"code": _("This milestone is recorded automatically.")})
    if enrolment.status == EnrolmentStatus.DECLINED:
        raise DomainError({"code": _("The referral was declined.")})
    check_day(
        day,
        "day",
        not_before=enrolment.referral_date,
        before_text=_("A milestone cannot come before the referral."),
    )
    with transaction.atomic(durable=True):
        lock_enrolment(enrolment, None)
        if Milestone.objects.filter(enrolment=enrolment, code=code).exists():
            raise DomainError({"code": _("This milestone is already recorded.")})
        milestone = Milestone.objects.create(
            enrolment=enrolment, code=code, occurred_on=day, note=note, recorded_by=actor
        )
        add_history_event(actor, enrolment, EventKind.MILESTONE, day, note=code)
        record(
            AuditEvent.MILESTONE_RECORDED,
            actor=actor,
            obj=milestone,
            participant_id=enrolment.participant_id,
            changes={"code": code, "occurred_on": day.isoformat()},
        )
    return milestone


def follow_up_anchor(enrolment: Enrolment, follow_up: FollowUpDefinition) -> datetime.date | None:
    """The day a follow-up counts from: the exit, or the milestone the model names."""
    if follow_up.after == "exit":
        return enrolment.end_date if enrolment.status == EnrolmentStatus.EXITED else None
    return (
        Milestone.objects.filter(enrolment=enrolment, code=follow_up.after)
        .values_list("occurred_on", flat=True)
        .first()
    )


def record_follow_up(
    *,
    actor: Actor,
    enrolment: Enrolment,
    code: str,
    status: str,
    day: datetime.date,
    note: str = "",
) -> FollowUp:
    """Record the status observed at one of the model's follow-up points (e.g. six months after
    the end); the follow-up's milestone, where the model names one, is recorded with it."""
    access.require_enrolment(actor, enrolment)
    definition = programme_of(enrolment).follow_ups.get(code)
    if definition is None:
        raise DomainError({"code": _("Unknown follow-up for this programme model.")})
    if status not in definition.statuses:
        raise DomainError({"status": _("Choose one of the statuses of this follow-up.")})
    anchor = follow_up_anchor(enrolment, definition)
    if anchor is None:
        raise DomainError({"code": _("The follow-up counts from a date that is not recorded yet.")})
    check_day(
        day,
        "day",
        not_before=anchor,
        before_text=_("The status cannot be observed before the date the follow-up counts from."),
    )
    with transaction.atomic(durable=True):
        lock_enrolment(enrolment, None)
        if FollowUp.objects.filter(enrolment=enrolment, code=code).exists():
            raise DomainError({"code": _("This follow-up is already recorded.")})
        follow_up = FollowUp.objects.create(
            enrolment=enrolment,
            code=code,
            status=status,
            observed_on=day,
            note=note,
            recorded_by=actor,
        )
        if definition.milestone:
            note_milestone(actor, enrolment, definition.milestone, day)
        record(
            AuditEvent.FOLLOW_UP_RECORDED,
            actor=actor,
            obj=follow_up,
            participant_id=enrolment.participant_id,
            changes={"code": code, "status": status, "observed_on": day.isoformat()},
        )
    return follow_up


def tick_checklist_item(
    *, actor: Actor, enrolment: Enrolment, item_code: str, day: datetime.date
) -> ChecklistEntry:
    """Record that an expected piece of work of the model was done (once per enrolment)."""
    access.require_enrolment(actor, enrolment)
    require_participation(enrolment)
    programme = programme_of(enrolment)
    known = {item.code for phase in programme.phases.values() for item in phase.checklist}
    if item_code not in known:
        raise DomainError({"item_code": _("Unknown checklist item for this programme model.")})
    check_day(
        day,
        "day",
        not_before=enrolment.referral_date,
        before_text=_("A milestone cannot come before the referral."),
    )
    with transaction.atomic(durable=True):
        lock_enrolment(enrolment, None)
        if ChecklistEntry.objects.filter(enrolment=enrolment, item_code=item_code).exists():
            raise DomainError({"item_code": _("This milestone is already recorded.")})
        entry = ChecklistEntry.objects.create(
            enrolment=enrolment, item_code=item_code, done_on=day, recorded_by=actor
        )
        record(
            AuditEvent.MILESTONE_RECORDED,
            actor=actor,
            obj=entry,
            participant_id=enrolment.participant_id,
            changes={"checklist": item_code, "done_on": day.isoformat()},
        )
    return entry


def note_checklist_item(enrolment: Enrolment, item_code: str, day: datetime.date) -> None:
    """Tick a checklist item that another record marks done (a survey answered), unless it is
    ticked already; inside the caller's transaction. Nobody is named as having ticked it and
    nothing points at the record that did, so the tick cannot lead to an anonymous answer."""
    lock_enrolment_row(enrolment)
    ChecklistEntry.objects.get_or_create(
        enrolment=enrolment, item_code=item_code, defaults={"done_on": day}
    )


def checked_situation(
    income_sources: list[str], employment_status: str, education_level: str
) -> tuple[list[str], str, str]:
    errors = {}
    unknown = [source for source in income_sources if source not in IncomeSource.values]
    if unknown:
        errors["income_sources"] = _("Unknown income source: %(codes)s.") % {
            "codes": ", ".join(unknown)
        }
    if employment_status and employment_status not in EmploymentStatus.values:
        errors["employment_status"] = _("Choose one of the employment statuses.")
    if education_level and education_level not in EducationLevel.values:
        errors["education_level"] = _("Choose one of the education levels.")
    if errors:
        raise DomainError(errors)
    return sorted(set(income_sources)), employment_status, education_level


def record_baseline(
    *,
    actor: Actor,
    enrolment: Enrolment,
    income_sources: list[str],
    employment_status: str,
    education_level: str,
) -> Enrolment:
    """The participant's situation at the start: income, employment and education."""
    access.require_enrolment(actor, enrolment)
    situation = checked_situation(income_sources, employment_status, education_level)
    with transaction.atomic(durable=True):
        lock_enrolment(enrolment, None)
        before = snapshot(
            enrolment,
            (
                *ENROLMENT_AUDITED_FIELDS,
                "baseline_income_sources",
                "baseline_employment_status",
                "baseline_education_level",
            ),
        )
        (
            enrolment.baseline_income_sources,
            enrolment.baseline_employment_status,
            enrolment.baseline_education_level,
        ) = situation
        enrolment.save(
            update_fields=[
                "baseline_income_sources",
                "baseline_employment_status",
                "baseline_education_level",
                "updated_at",
            ]
        )
        record(
            AuditEvent.ENROLMENT_UPDATED,
            actor=actor,
            obj=enrolment,
            participant_id=enrolment.participant_id,
            changes=diff(before, snapshot(enrolment, tuple(before)), hide_values=False),
        )
    return enrolment


BENEFIT_AUDITED_FIELDS = ("benefit_type", "extent", "ends_on", "sgi_checked_on")


def record_benefit_facts(
    *,
    actor: Actor,
    enrolment: Enrolment,
    benefit_type: str,
    extent: str,
    ends_on: datetime.date,
    sgi_checked_on: datetime.date | None = None,
) -> BenefitFacts:
    """Record (or correct) the participant's benefit and the day its days run out, from which
    the model's timeline counts."""
    access.require_enrolment(actor, enrolment)
    programme = programme_of(enrolment)
    errors: dict[str, str] = {}
    if not programme.records_benefits:
        errors["benefit_type"] = _("This programme model does not count from a benefit.")
    if benefit_type not in BenefitType.values:
        errors["benefit_type"] = _("Choose the benefit.")
    if extent not in BenefitExtent.values:
        errors["extent"] = _("Choose the extent.")
    if ends_on < enrolment.referral_date - datetime.timedelta(days=366):
        errors["ends_on"] = _("The benefit days ran out more than a year before the referral.")
    if sgi_checked_on is not None and sgi_checked_on > timezone.localdate():
        errors["sgi_checked_on"] = _("The date cannot be in the future.")
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        lock_enrolment(enrolment, None)
        facts = BenefitFacts.objects.filter(enrolment=enrolment).first() or BenefitFacts(
            enrolment=enrolment
        )
        before = snapshot(facts, BENEFIT_AUDITED_FIELDS) if facts.pk else {}
        facts.benefit_type, facts.extent, facts.ends_on = benefit_type, extent, ends_on
        facts.sgi_checked_on, facts.recorded_by = sgi_checked_on, actor
        facts.save()
        record(
            AuditEvent.BENEFIT_FACTS_SAVED,
            actor=actor,
            obj=facts,
            participant_id=enrolment.participant_id,
            changes=diff(before, snapshot(facts, BENEFIT_AUDITED_FIELDS), hide_values=False),
        )
    return facts
