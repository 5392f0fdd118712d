"""Writes of the socioeconomic records: a unit's programme cost for a year (recorded, then
revised in versions) and an organisation's copies of the parameter sets (copied from a shipped
set, then adjusted in versions). Each write checks the actor's right, keeps the earlier versions
as they were, and is written to the audit trail with what it changed.

Programme costs are kept by a unit's managers and team leaders (EDIT_PROGRAMME_COSTS); an
organisation's parameter sets by its managers (EDIT_PARAMETER_SETS).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.errors import NON_FIELD, DomainError, check_version
from lotsa.organisations.models import Organisation, Unit
from lotsa.socioeconomics.adjusting import values_of
from lotsa.socioeconomics.copies import copy_parameters, field_of_problem
from lotsa.socioeconomics.costs import cost_payers
from lotsa.socioeconomics.models import (
    CostBasis,
    ParameterSetCopy,
    ParameterSetCopyVersion,
    UnitProgrammeCost,
)
from lotsa.socioeconomics.registry import parameter_sets
from lotsa.socioeconomics.validation import problems_of
from lotsa.socioeconomics.vocabulary import CURRENCIES, DEFAULT

FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class CostDetails:
    """What a version of a programme cost says. ``volume`` is the participants the budget
    serves or the place-years it buys, as ``basis`` says; ``split`` each payer's share."""

    basis: str
    split: Mapping[str, Decimal]
    budget: Decimal | None = None
    volume: int | None = None
    cost_per_participant: Decimal | None = None
    includes: str = ""
    source: str = ""


def _cost_problems(country: str, year: int, details: CostDetails) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not FIRST_YEAR <= year <= LAST_YEAR:
        problems["year"] = _("Give a year between 2000 and 2100.")
    if details.basis not in CostBasis.values:
        problems["basis"] = _("Choose how the cost is given.")
    elif details.basis == CostBasis.PER_PARTICIPANT:
        if details.cost_per_participant is None:
            problems["cost_per_participant"] = _("Give the cost per participant.")
    else:
        if details.budget is None:
            problems["budget"] = _("Give the budget.")
        if not details.volume:
            problems["volume"] = _("Give how many participants or place-years, at least 1.")
    for name in ("budget", "cost_per_participant"):
        amount = getattr(details, name)
        if amount is not None and amount < 0:
            problems[name] = _("An amount cannot be negative.")
    payers = cost_payers(country)
    for payer, share in details.split.items():
        if payer not in payers:
            problems["split"] = _("%(payer)s is not a payer in this country.") % {"payer": payer}
        elif not 0 <= share <= 1:
            problems[f"split.{payer}"] = _("A share lies between 0 and 1.")
    if "split" not in problems and sum(details.split.values(), Decimal(0)) != 1:
        problems["split"] = _("The shares add up to %(total)s; they must add up to 1.") % {
            "total": format(sum(details.split.values(), Decimal(0)).normalize(), "f")
        }
    return problems


def _cost_fields(details: CostDetails) -> dict[str, Any]:
    fields = asdict(details)
    # Only the amounts the basis uses are kept, so a version never carries a stale one.
    if details.basis == CostBasis.PER_PARTICIPANT:
        fields.update(budget=None, volume=None)
    else:
        fields.update(cost_per_participant=None)
    fields["split"] = {payer: str(share) for payer, share in details.split.items() if share}
    return fields


def _comparable(cost: UnitProgrammeCost) -> dict[str, Any]:
    return {
        "basis": cost.basis,
        "budget": cost.budget,
        "volume": cost.volume,
        "cost_per_participant": cost.cost_per_participant,
        "split": {payer: str(Decimal(share).normalize()) for payer, share in cost.split.items()},
        "includes": cost.includes,
        "source": cost.source,
    }


def _check_cost(actor: Actor, unit: Unit, year: int, details: CostDetails) -> None:
    # Checked before the transaction: a refusal's audit entry must outlive the rollback.
    access.require_in_unit(actor, unit, access.Action.EDIT_PROGRAMME_COSTS)
    problems = _cost_problems(unit.organisation.country, year, details)
    if problems:
        raise DomainError(problems)


def _save_cost(
    actor: Actor, unit: Unit, year: int, version: int, details: CostDetails, before: Any
) -> UnitProgrammeCost:
    country = unit.organisation.country
    cost = UnitProgrammeCost(
        unit=unit,
        year=year,
        version=version,
        currency=CURRENCIES[country],
        saved_by=actor,
        **_cost_fields(details),
    )
    if before is not None:
        earlier, now = _comparable(before), _comparable(cost)
        cost.changes = {
            name: [str(earlier[name]), str(now[name])] for name in now if earlier[name] != now[name]
        }
        if not cost.changes:
            raise DomainError({NON_FIELD: _("Nothing has changed.")})
    cost.save()
    record(
        AuditEvent.PROGRAMME_COST_SAVED,
        actor=actor,
        obj=cost,
        changes={"year": year, "version": version, "changed": sorted(cost.changes)},
    )
    return cost


def record_programme_cost(
    *, actor: Actor, unit: Unit, year: int, details: CostDetails
) -> UnitProgrammeCost:
    """The first version of a unit's programme cost for the year."""
    _check_cost(actor, unit, year, details)
    with transaction.atomic(durable=True):
        if UnitProgrammeCost.objects.filter(unit=unit, year=year).exists():
            raise DomainError(
                {"year": _("The unit has a cost for this year already: change that one.")}
            )
        return _save_cost(actor, unit, year, 1, details, None)


def revise_programme_cost(
    *, actor: Actor, cost: UnitProgrammeCost, details: CostDetails
) -> UnitProgrammeCost:
    """The next version of a unit's cost for the year, made from ``cost``: refused if a later
    version has been saved since it was opened."""
    _check_cost(actor, cost.unit, cost.year, details)
    with transaction.atomic(durable=True):
        latest = (
            UnitProgrammeCost.objects.select_for_update()
            .filter(unit_id=cost.unit_id, year=cost.year)
            .order_by("-version")
            .first()
        )
        assert latest is not None
        check_version(cost.version, latest.version)
        return _save_cost(actor, cost.unit, cost.year, latest.version + 1, details, latest)


def _require_editing(actor: Actor, organisation: Organisation) -> None:
    """A 403 for a role that adjusts no parameter sets, a 404 for another organisation's."""
    access.require(actor, access.Action.EDIT_PARAMETER_SETS)
    access.require(actor, access.Action.EDIT_PARAMETER_SETS, organisation)


def copy_parameter_set(
    *, actor: Actor, organisation: Organisation, set_id: str, name: str
) -> ParameterSetCopy:
    """An organisation's own copy of one of its country's shipped default sets, its first
    version holding the shipped values."""
    _require_editing(actor, organisation)
    shipped = parameter_sets().get(set_id)
    problems: dict[str, str] = {}
    if shipped is None or shipped.kind != DEFAULT or shipped.country != organisation.country:
        problems["set_id"] = _("Choose one of the default sets of the organisation's country.")
    if not name.strip():
        problems["name"] = _("Give the copy a name.")
    if problems:
        raise DomainError(problems)
    assert shipped is not None
    with transaction.atomic(durable=True):
        copy = ParameterSetCopy.objects.create(
            organisation=organisation,
            name=name.strip()[:200],
            based_on=shipped.id,
            based_on_version=shipped.version,
            created_by=actor,
        )
        ParameterSetCopyVersion.objects.create(
            copy=copy,
            version=1,
            values={key: str(value) for key, value in values_of(shipped).items()},
            saved_by=actor,
        )
        record(
            AuditEvent.PARAMETER_SET_COPIED,
            actor=actor,
            obj=copy,
            changes={"from": shipped.id, "from_version": shipped.version},
        )
    return copy


def adjust_parameter_set(
    *,
    actor: Actor,
    copy: ParameterSetCopy,
    values: Mapping[str, Decimal],
    note: str,
    based_on_version: int | None,
) -> ParameterSetCopyVersion:
    """The copy's next version with ``values`` (key → number; keys not given keep their
    value). The adjusted set must hold together (``validation.problems_of``): every problem is
    refused at the key it concerns. Refused too if someone saved a version since
    ``based_on_version`` was opened."""
    _require_editing(actor, copy.organisation)
    with transaction.atomic(durable=True):
        latest = copy.versions.select_for_update().order_by("-version").first()
        assert latest is not None
        check_version(based_on_version, latest.version)
        unknown = sorted(set(values) - set(latest.values))
        if unknown:
            raise DomainError({NON_FIELD: _("Unknown values: %(keys)s") % {"keys": unknown}})
        changes = {
            key: [latest.values[key], str(value)]
            for key, value in values.items()
            if Decimal(latest.values[key]) != value
        }
        if not changes:
            raise DomainError({NON_FIELD: _("Nothing has changed.")})
        reason = note.strip()
        adjusted = {**latest.adjusted, **dict.fromkeys(changes, reason)}
        new_values = {**latest.values, **{key: after for key, (_b, after) in changes.items()}}
        version = latest.version + 1
        problems = problems_of(copy_parameters(copy, new_values, adjusted, version))
        if problems:
            refused: dict[str, list[str]] = {}
            for problem in problems:
                refused.setdefault(field_of_problem(problem.key, new_values), []).append(
                    problem.message
                )
            raise DomainError(refused)
        saved = ParameterSetCopyVersion.objects.create(
            copy=copy,
            version=version,
            values=new_values,
            adjusted=adjusted,
            changes=changes,
            note=reason,
            saved_by=actor,
        )
        record(
            AuditEvent.PARAMETER_SET_ADJUSTED,
            actor=actor,
            obj=copy,
            changes={"version": version, "changed": changes},
        )
    return saved
