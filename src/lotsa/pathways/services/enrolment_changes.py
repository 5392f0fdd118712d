"""What every change to an enrolment goes through: the installed programme model it follows,
the checks of its state and dates, the row lock that serialises changes, the history event and
the audit entry. The services of the lifecycle, of the records on an enrolment and of other apps
compose these inside their own transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import diff, record, snapshot
from lotsa.errors import NON_FIELD, DomainError
from lotsa.pathways.definitions.programme import Programme
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import Enrolment, EnrolmentEvent
from lotsa.people.models import ConsentKind
from lotsa.people.queries import withdrawn_consent

ENROLMENT_AUDITED_FIELDS = (
    "unit",
    "programme_model",
    "status",
    "phase",
    "referral_date",
    "referral_source",
    "start_date",
    "end_date",
    "decline_reason",
    "exit_reason",
    "outcome",
    "responsible_staff",
)


def require_participation(enrolment: Enrolment) -> None:
    """Nothing new is recorded on a case once the participant has withdrawn consent to take part
    (given to the organisation of the enrolment's unit): the case is to be ended."""
    withdrawn = withdrawn_consent(
        enrolment.participant_id, ConsentKind.PARTICIPATION, enrolment.unit_id
    )
    if withdrawn is not None:
        assert withdrawn.withdrawn_on is not None, "withdrawn_consent answers a withdrawn one"
        raise DomainError(
            _(
                "The participant withdrew the consent to take part on %(date)s: nothing new can "
                "be recorded on the case. End the enrolment."
            )
            % {"date": withdrawn.withdrawn_on.isoformat()}
        )


def programme_of(record: Any) -> Programme:
    """The installed programme model of an enrolment (or a referral, or anything that names
    one in ``programme_model``)."""
    programme = registry().get(record.programme_model)
    if programme is None:
        raise DomainError({"programme_model": _("This programme model is not installed.")})
    return programme


def check_day(
    day: datetime.date,
    field: str,
    *,
    not_before: datetime.date | None = None,
    before_text: str = "",
) -> None:
    if day > timezone.localdate():
        raise DomainError({field: _("The date cannot be in the future.")})
    if not_before is not None and day < not_before:
        raise DomainError({field: before_text or _("The date is before the previous step.")})


def require_status(enrolment: Enrolment, allowed: Iterable[str], field: str = "status") -> None:
    if enrolment.status not in allowed:
        raise DomainError(
            {
                field: _("Not possible while the enrolment is %(status)s.")
                % {"status": enrolment.get_status_display().lower()}
            }
        )


def _state(enrolment: Enrolment) -> tuple[Any, ...]:
    return (
        enrolment.status,
        enrolment.phase,
        enrolment.phase_since,
        enrolment.start_date,
        enrolment.end_date,
        enrolment.responsible_staff_id,
    )


def lock_enrolment(enrolment: Enrolment, field: str | None = NON_FIELD) -> None:
    """Re-read the enrolment under a row lock, inside the caller's transaction, and refuse the
    change (on ``field``) if its status, phase, dates or responsible staff changed since the
    caller read it; ``field=None`` only locks.

    Two requests acting on one enrolment at once both pass their checks on the copy each read.
    The lock makes the second wait until the first has committed, and the comparison then
    refuses it instead of applying it on top (a second start, a move from a phase the case has
    left). A no-key lock lets inserts that only refer to the enrolment (contacts, events) go on,
    so that a service inserting those before it locks cannot deadlock with another."""
    seen = _state(enrolment)
    enrolment.refresh_from_db(from_queryset=Enrolment.objects.select_for_update(no_key=True))
    if field is not None and _state(enrolment) != seen:
        raise DomainError(
            {
                field: _(
                    "Someone else changed this enrolment since you opened it: reload the case "
                    "and try again."
                )
            }
        )


def lock_enrolment_row(enrolment: Enrolment) -> None:
    """Lock the enrolment's row as ``lock_enrolment`` does, leaving the caller's copy (which may
    hold changes not saved yet) as it is."""
    list(Enrolment.objects.select_for_update(no_key=True).filter(pk=enrolment.pk).values("pk"))


def save_audited_change(
    actor: Actor, enrolment: Enrolment, before: dict[str, Any], fields: list[str]
) -> None:
    enrolment.save(update_fields=[*fields, "updated_at"])
    record(
        AuditEvent.ENROLMENT_UPDATED,
        actor=actor,
        obj=enrolment,
        participant_id=enrolment.participant_id,
        changes=diff(before, snapshot(enrolment, ENROLMENT_AUDITED_FIELDS), hide_values=False),
    )


def add_history_event(
    actor: Actor, enrolment: Enrolment, kind: str, day: datetime.date, **fields: Any
) -> EnrolmentEvent:
    return EnrolmentEvent.objects.create(
        enrolment=enrolment,
        kind=kind,
        occurred_on=day,
        recorded_by=actor if actor.is_authenticated else None,
        **fields,
    )
