"""The scope of an outcome report: the units a viewer chose and may report on, the options
of the filter form, and the condition that keeps a report's records to its units.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.core.choices import Country
from lotsa.errors import DomainError
from lotsa.organisations.models import Unit
from lotsa.outcomes import metrics as m
from lotsa.outcomes.reports import Report
from lotsa.pathways.definitions.programme import Programme
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import UnitProgramme


@dataclass(frozen=True)
class Scope:
    units: list[Unit]
    label: str
    sees_people: bool
    params: dict[str, str]  # what selected it, to repeat in links

    @property
    def unit_ids(self) -> set[int]:
        return {unit.pk for unit in self.units}


def _whole(raw: str, field: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise DomainError({field: _("Choose one from the list.")}) from None


def resolve_scope(
    user: Actor,
    params: dict[str, str],
    programme: Programme | None,
    action: access.Action = access.Action.VIEW_OUTCOMES,
) -> Scope:
    """The units a report covers: one unit, an organisation, a country or all the viewer's units
    (that run the programme model, where one is given), among those where the viewer's role
    allows the ``action`` (outcome reports, or survey results).

    A unit or organisation the viewer may not report on answers as an unknown one: 404, logged."""
    allowed = access.unit_ids_for(user, action)
    if not allowed:
        access.require(user, action)
    unit_raw = params.get("unit", "").strip()
    organisation_raw = params.get("organisation", "").strip()
    country = params.get("country", "").strip().upper()
    chosen = {k: v for k, v in (("unit", unit_raw), ("organisation", organisation_raw)) if v}
    if country:
        chosen["country"] = country
    if len(chosen) > 1:
        raise DomainError({"unit": _("Choose a unit, an organisation or a country, not several.")})
    if unit_raw:
        unit = access.get_unit_for(user, _whole(unit_raw, "unit"), action)
        chosen_units, label = [unit], unit.name
    else:
        units = (
            Unit.objects.select_related("organisation")
            .order_by("organisation__name", "name")
            .filter(pk__in=allowed)
        )
        if programme is not None:
            running = UnitProgramme.objects.filter(programme_code=programme.code)
            units = units.filter(pk__in=running.values("unit_id"))
        if organisation_raw:
            organisation = access.get_organisation_for(
                user, _whole(organisation_raw, "organisation"), action
            )
            units = units.filter(organisation=organisation)
            label = organisation.name
        elif country:
            if country not in Country.values:
                raise DomainError({"country": _("Choose one from the list.")})
            units = units.filter(organisation__country=country)
            label = str(Country(country).label)
        else:
            label = _("All your units")
        chosen_units = list(units)
    people = access.unit_ids_for(user, access.Action.VIEW_PARTICIPANT)
    return Scope(
        chosen_units,
        label,
        sees_people={u.pk for u in chosen_units} <= people,
        params=chosen,
    )


def filter_choices(
    user: Actor,
    report: Report | None,
    params: dict[str, str],
    action: access.Action = access.Action.VIEW_OUTCOMES,
) -> dict[str, Any]:
    """The options of a report's filter form, as (value, label, selected): the viewer's units
    (where their role allows the ``action``), their organisations and countries, and the
    programme models where the report (if any) lets the viewer choose one. A national manager
    has hundreds of units, so this reads plain rows."""
    allowed = access.unit_ids_for(user, action)
    rows = (
        Unit.objects.filter(pk__in=allowed)
        .order_by("organisation__name", "name", "pk")
        .values_list("pk", "name", "organisation_id", "organisation__name", "organisation__country")
    )
    units, organisations, countries = [], {}, set()
    for pk, name, organisation_id, organisation_name, country in rows:
        units.append((pk, f"{organisation_name} – {name}", str(pk) == params.get("unit")))
        organisations[organisation_id] = (
            organisation_id,
            organisation_name,
            str(organisation_id) == params.get("organisation"),
        )
        countries.add(country)
    return {
        "params": params,
        "unit_options": units,
        "organisation_options": list(organisations.values()),
        "country_options": [
            (value, label, value == params.get("country"))
            for value, label in Country.choices
            if value in countries
        ],
        "programmes": (
            programmes_run_by(user, action, also=params.get("programme", ""))
            if report and not report.programme
            else []
        ),
    }


def programmes_run_by(
    user: Actor, action: access.Action = access.Action.VIEW_OUTCOMES, *, also: str = ""
) -> list[Programme]:
    """The programme models the viewer's units run, in the registry's order, and ``also`` (the
    one chosen, so the form keeps it); every model for a viewer whose units run none (an
    administration's analyst)."""
    run = set(
        UnitProgramme.objects.filter(unit_id__in=access.unit_ids_for(user, action))
        .values_list("programme_code", flat=True)
        .distinct()
    )
    programmes = list(registry().programmes.values())
    if not run:
        return programmes
    return [p for p in programmes if p.code in run or p.code == also]


def programme_for(
    user: Actor,
    report: Report,
    params: dict[str, str],
    action: access.Action = access.Action.VIEW_OUTCOMES,
) -> Programme:
    """The report's own model, the one chosen, or else the first the viewer's units run: a
    jobcentre's JOM team opens the flow report on JOM, not on IPS."""
    code = (
        report.programme
        or params.get("programme", "").strip()
        or programmes_run_by(user, action)[0].code
    )
    programme = registry().get(code)
    if programme is None:
        raise DomainError({"programme": _("Choose one of the programme models.")})
    return programme


def scope_filter(prefix: str, ctx: m.Context, unit_ids: set[int]) -> Q:
    """The records (of enrolments, or of records with an ``enrolment`` at ``prefix``) of
    the units and programme model a report is computed for."""
    return Q(**{f"{prefix}unit_id__in": unit_ids, f"{prefix}programme_model": ctx.programme.code})
