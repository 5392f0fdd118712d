"""What the work-training services check alike: that a case is a work-training case and that
the actor may manage a unit's work units."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.errors import DomainError, Forbidden
from lotsa.organisations.models import Unit
from lotsa.pathways.models import Enrolment, EnrolmentStatus, UnitProgramme
from lotsa.pathways.services.enrolment_changes import require_participation
from lotsa.worktraining import codes


def require_work_training_case(
    actor: Actor, enrolment: Enrolment, *, started: bool = False, open_only: bool = False
) -> None:
    """Work on a case's records is for coaches and team leaders of its unit, and only a case
    of the work-training model has them; some only once the participant has ``started``, and
    most only while the case is open (``open_only``; a report back also after it ends)."""
    access.require_enrolment(actor, enrolment)
    if enrolment.programme_model != codes.PROGRAMME:
        raise DomainError(_("Only a case in work training (KNUT-PV) has these records."))
    if started and enrolment.status in (EnrolmentStatus.REFERRED, EnrolmentStatus.DECLINED):
        raise DomainError(_("The records are kept once the participant has started."))
    if open_only and not enrolment.is_open:
        raise DomainError(_("The case is closed: nothing new is recorded on it."))
    if started and enrolment.is_open:
        require_participation(enrolment)


def require_managing(actor: Actor, unit: Unit) -> None:
    """Work units and their tasks are for the unit's team leaders and managers (403, logged)."""
    if unit.pk not in access.unit_ids_for(actor, access.Action.MANAGE_WORK_UNITS):
        record(
            AuditEvent.ACCESS_DENIED,
            actor=actor,
            object_type="organisations.unit",
            object_id=str(unit.pk),
            changes={"action": access.Action.MANAGE_WORK_UNITS.value},
        )
        raise Forbidden(access.Action.MANAGE_WORK_UNITS.value)
    if not UnitProgramme.objects.filter(unit=unit, programme_code=codes.PROGRAMME).exists():
        raise DomainError(_("This unit does not run work training (KNUT-PV)."))
