"""A unit's programme settings: which programme models the unit runs, with its own deadline
days, number of places and choices of the model's unit settings."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import diff, record
from lotsa.errors import DomainError
from lotsa.organisations.models import Unit
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import UnitProgramme


def save_unit_programme(
    *,
    actor: Actor,
    unit: Unit,
    programme_code: str,
    deadline_days: dict[str, int],
    places: int | None = None,
    settings: dict[str, Any] | None = None,
) -> UnitProgramme:
    """Let a unit run a programme model, with its own deadline days where they differ and its
    choices of the model's unit settings (a choice may come as text, as from a form)."""
    access.require(actor, access.Action.ADMINISTER)
    programme = registry().get(programme_code)
    if programme is None:
        raise DomainError({"programme_code": _("Choose one of the programme models.")})
    errors = {}
    for code, days in deadline_days.items():
        if code not in programme.deadlines:
            errors[f"deadline_days.{code}"] = _("Unknown deadline for this programme model.")
        elif not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 3650:
            errors[f"deadline_days.{code}"] = _("Enter a number of days between 0 and 3650.")
    if places is not None and not 0 <= places <= 100000:
        errors["places"] = _("Enter a number of places between 0 and 100000.")
    chosen = {}
    for code, value in (settings or {}).items():
        setting = programme.unit_settings.get(code)
        match = (
            next((c for c in setting.choices if str(c) == str(value)), None) if setting else None
        )
        if match is None:
            errors[f"settings.{code}"] = _("Choose one of the setting's choices.")
        else:
            chosen[code] = match
    if errors:
        raise DomainError(errors)
    with transaction.atomic(durable=True):
        unit_programme, _created = UnitProgramme.objects.get_or_create(
            unit=unit, programme_code=programme_code
        )
        before = {
            "deadline_days": unit_programme.deadline_days,
            "places": unit_programme.places,
            "settings": unit_programme.settings,
        }
        unit_programme.deadline_days = deadline_days
        unit_programme.places = places
        if settings is not None:
            unit_programme.settings = chosen
        unit_programme.save(update_fields=["deadline_days", "places", "settings"])
        record(
            AuditEvent.UNIT_PROGRAMME_SAVED,
            actor=actor,
            obj=unit_programme,
            changes=diff(
                before,
                {
                    "deadline_days": deadline_days,
                    "places": places,
                    "settings": unit_programme.settings,
                },
                hide_values=False,
            ),
        )
    return unit_programme
