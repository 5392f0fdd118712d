"""Reads of the socioeconomic records: the pages' lists and histories, and two functions the
socioeconomic report calls.

``parameter_sets_for(user, country) -> list[OfferedParameterSet]``
    The parameter sets a report for ``country`` may be computed with: the shipped sets of the
    country (defaults, newest price year first, then the worked examples) and the latest version
    of every copy the user's organisations keep (seen by those with VIEW_PARAMETER_SETS in one
    of the organisation's units). Each comes as the engine's ``ParameterSet`` with a ``key`` to
    put in a URL (``se-2025``; ``copy-12-v3`` for version 3 of copy 12) and a ``title`` naming
    the set and its version. ``parameter_set_for_key(user, key)`` reads one back from its key,
    an earlier version of a copy included, and answers None for a key the user may not use.

``programme_cost_for(unit_ids, year, years_per_participant=None) -> FoundCost | None``
    What the units' programme costs in ``year``, as the engine's ``ProgrammeCost``, with
    ``description`` (for the report's list of assumptions: which record and version, how the
    cost per participant was reached, what it includes and its source). The caller has checked
    that the user may see the units. For several units the cost per participant is their mean
    weighted by the participants (or place-years) each serves, and the split the mean weighted
    by each unit's cost; a unit without a record for the year leaves the answer None, as a cost
    that leaves one out would understate it. A budget of place-years gives a cost per
    place-year: ``years_per_participant`` turns it into one per participant (without it a
    participant counts as one place-year, and the description says so).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Max, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.organisations.models import Unit
from lotsa.socioeconomics.copies import copy_parameters
from lotsa.socioeconomics.inputs import ProgrammeCost
from lotsa.socioeconomics.models import (
    CostBasis,
    ParameterSetCopy,
    ParameterSetCopyVersion,
    UnitProgrammeCost,
)
from lotsa.socioeconomics.names import parameter_set_title
from lotsa.socioeconomics.parameter_set import ParameterSet
from lotsa.socioeconomics.registry import parameter_sets

CENT = Decimal("0.01")
_COPY_KEY = re.compile(r"^copy-(?P<copy>\d+)-v(?P<version>\d+)$")


# ------------------------------------------------------------------ programme costs


def _latest_version() -> Subquery:
    return Subquery(
        UnitProgrammeCost.objects.filter(unit_id=OuterRef("unit_id"), year=OuterRef("year"))
        .values("unit_id", "year")
        .annotate(latest=Max("version"))
        .values("latest")
    )


def current_costs() -> QuerySet[UnitProgrammeCost]:
    """The version in force of every unit's cost per year."""
    return UnitProgrammeCost.objects.annotate(latest=_latest_version()).filter(version=F("latest"))


def costs_of_unit(unit: Unit) -> QuerySet[UnitProgrammeCost]:
    """The unit's years, each with the version in force and who saved it: one query."""
    return current_costs().filter(unit=unit).select_related("saved_by").order_by("-year")


def cost_history(cost: UnitProgrammeCost) -> QuerySet[UnitProgrammeCost]:
    """Every version of the unit's cost for the year, the newest first."""
    return (
        UnitProgrammeCost.objects.filter(unit_id=cost.unit_id, year=cost.year)
        .select_related("saved_by")
        .order_by("-version")
    )


@dataclass(frozen=True)
class FoundCost:
    cost: ProgrammeCost
    description: str
    records: tuple[tuple[int, int], ...]  # (record id, version) of each unit's cost


def programme_cost_for(
    unit_ids: Iterable[int], year: int, years_per_participant: Decimal | None = None
) -> FoundCost | None:
    wanted = set(unit_ids)
    found = list(
        current_costs()
        .filter(unit_id__in=wanted, year=year)
        .select_related("unit")
        .order_by("unit__name")
    )
    if not found or {cost.unit_id for cost in found} != wanted:
        return None
    weights, per_participant, lines = [], [], []
    for cost in found:
        unit_cost = cost.unit_cost or Decimal(0)
        explained = _explained(cost, unit_cost, years_per_participant)
        if cost.basis == CostBasis.BUDGET_PER_PLACE_YEAR:
            unit_cost *= years_per_participant or Decimal(1)
        per_participant.append(unit_cost)
        weights.append(Decimal(cost.volume or 1))
        lines.append(explained)
    total_weight = sum(weights, Decimal(0))
    mean = sum((c * w for c, w in zip(per_participant, weights, strict=True)), Decimal(0))
    mean = (mean / total_weight).quantize(CENT)
    split = _weighted_split(found, per_participant, weights)
    return FoundCost(
        ProgrammeCost(per_participant=mean, split=split),
        " ".join(lines),
        tuple((cost.pk, cost.version) for cost in found),
    )


def _explained(cost: UnitProgrammeCost, unit_cost: Decimal, years: Decimal | None) -> str:
    values = {
        "unit": cost.unit.name,
        "year": cost.year,
        "version": cost.version,
        "amount": unit_cost,
        "currency": cost.currency,
        "budget": cost.budget,
        "volume": cost.volume,
        "years": years or 1,
    }
    if cost.basis == CostBasis.PER_PARTICIPANT:
        text = gettext(
            "%(unit)s, %(year)s (version %(version)s): %(amount)s %(currency)s per participant."
        )
    elif cost.basis == CostBasis.BUDGET_PER_PARTICIPANT:
        text = gettext(
            "%(unit)s, %(year)s (version %(version)s): a budget of %(budget)s %(currency)s for "
            "%(volume)s participants, %(amount)s %(currency)s each."
        )
    else:
        text = gettext(
            "%(unit)s, %(year)s (version %(version)s): a budget of %(budget)s %(currency)s for "
            "%(volume)s place-years, %(amount)s %(currency)s a place-year, counted as "
            "%(years)s years per participant."
        )
    parts = [text % values]
    if cost.includes:
        parts.append(gettext("Includes: %(what)s.") % {"what": cost.includes})
    if cost.source:
        parts.append(gettext("Source: %(source)s.") % {"source": cost.source})
    return " ".join(parts)


def _weighted_split(
    found: list[UnitProgrammeCost], per_participant: list[Decimal], weights: list[Decimal]
) -> dict[str, Decimal]:
    """Each payer's share of the total cost of all the units."""
    paid: dict[str, Decimal] = {}
    for cost, amount, weight in zip(found, per_participant, weights, strict=True):
        for payer, share in cost.shares.items():
            paid[payer] = paid.get(payer, Decimal(0)) + share * amount * weight
    total = sum(paid.values(), Decimal(0))
    if not total:
        return found[0].shares
    shares = {payer: amount / total for payer, amount in paid.items()}
    # Rounded shares that still add up to exactly 1, as the engine requires.
    rounded = {payer: share.quantize(Decimal("0.000001")) for payer, share in shares.items()}
    largest = max(rounded, key=lambda payer: rounded[payer])
    rounded[largest] += Decimal(1) - sum(rounded.values(), Decimal(0))
    return rounded


# ------------------------------------------------------------------ parameter sets


@dataclass(frozen=True)
class OfferedParameterSet:
    key: str
    title: str
    parameters: ParameterSet
    copy: ParameterSetCopy | None = field(default=None, compare=False)


def _copy_title(copy: ParameterSetCopy, version: int) -> str:
    return gettext("%(name)s (%(organisation)s), version %(version)s") % {
        "name": copy.name,
        "organisation": copy.organisation.name,
        "version": version,
    }


def copy_key(copy: ParameterSetCopy, version: int) -> str:
    return f"copy-{copy.pk}-v{version}"


def _offered(copy: ParameterSetCopy, version: ParameterSetCopyVersion) -> OfferedParameterSet:
    return OfferedParameterSet(
        copy_key(copy, version.version),
        _copy_title(copy, version.version),
        copy_parameters(copy, version.values, version.adjusted, version.version),
        copy,
    )


def _shipped_offered(parameters: ParameterSet) -> OfferedParameterSet:
    title = gettext("%(set)s, version %(version)s") % {
        "set": parameter_set_title(parameters),
        "version": parameters.version,
    }
    return OfferedParameterSet(parameters.id, title, parameters)


def shipped_sets(country: str | None = None) -> list[ParameterSet]:
    registry = parameter_sets()
    countries = [country] if country else sorted({p.country for p in registry.sets.values()})
    return [
        parameters
        for each in countries
        for parameters in (
            *registry.defaults(each),
            *(p for p in registry.examples() if p.country == each),
        )
    ]


def copies_with_latest(user: Actor) -> QuerySet[ParameterSetCopy]:
    """The user's organisations' copies, each with its latest version's number and time and
    its number of versions: one query."""
    latest = ParameterSetCopyVersion.objects.filter(copy=OuterRef("pk")).order_by("-version")
    return (
        access.parameter_copies_visible_to(user, access.Action.VIEW_PARAMETER_SETS)
        .select_related("organisation")
        .annotate(
            latest_version=Subquery(latest.values("version")[:1]),
            latest_saved_at=Subquery(latest.values("saved_at")[:1]),
            version_count=Count("versions"),
        )
        .order_by("organisation__name", "name")
    )


def parameter_sets_for(user: Actor, country: str) -> list[OfferedParameterSet]:
    offered = [_shipped_offered(parameters) for parameters in shipped_sets(country)]
    latest = ParameterSetCopyVersion.objects.filter(
        copy__in=access.parameter_copies_visible_to(user, access.Action.VIEW_PARAMETER_SETS),
        copy__organisation__country=country,
    ).annotate(
        newest=Subquery(
            ParameterSetCopyVersion.objects.filter(copy_id=OuterRef("copy_id"))
            .order_by("-version")
            .values("version")[:1]
        )
    )
    newest = (
        latest.filter(version=F("newest"))
        .select_related("copy__organisation")
        .order_by("copy__organisation__name", "copy__name")
    )
    offered.extend(_offered(version.copy, version) for version in newest)
    return offered


def parameter_set_for_key(user: Actor, key: str) -> OfferedParameterSet | None:
    shipped = parameter_sets().get(key)
    if shipped is not None:
        return _shipped_offered(shipped)
    match = _COPY_KEY.match(key)
    if match is None:
        return None
    version = (
        ParameterSetCopyVersion.objects.filter(
            copy__in=access.parameter_copies_visible_to(user, access.Action.VIEW_PARAMETER_SETS),
            copy_id=int(match["copy"]),
            version=int(match["version"]),
        )
        .select_related("copy__organisation")
        .first()
    )
    return _offered(version.copy, version) if version is not None else None


def copy_versions(copy: ParameterSetCopy) -> QuerySet[ParameterSetCopyVersion]:
    return copy.versions.select_related("saved_by").order_by("-version")
