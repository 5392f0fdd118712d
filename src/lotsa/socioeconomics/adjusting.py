"""An adjusted parameter set: the shipped set with some of its numbers replaced, each by the key
``parameter_set.sourced_values`` gives it (``states.forsorjningsstod.benefit``,
``states.arbete_heltid.wage_tax.shares.kommun``, ``discount.rate``, ``refusion.steps[1].state_share``).

A replaced number carries the provenance it is given (an organisation's own value is its
assumption, with its reason as the note); the rest keep their own. Nothing here touches a file:
the shipped set stays as it was, and the result is checked by ``validation.problems_of`` like any
other set.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from lotsa.socioeconomics.parameter_set import (
    PaidQuantity,
    ParameterSet,
    Provenance,
    Quantity,
    Shares,
    State,
    sourced_values,
)

_STEP = re.compile(r"^(?P<table>refusion|discount)\.steps\[(?P<index>\d+)\]\.(?:state_share|rate)$")


class UnknownKey(KeyError):
    """The key names no number of the set."""


def values_of(parameters: ParameterSet) -> dict[str, Decimal]:
    """Every number of the set by its key."""
    return {value.key: value.value for value in sourced_values(parameters)}


def adjusted(
    parameters: ParameterSet,
    values: Mapping[str, Decimal],
    provenance: Mapping[str, Provenance],
    *,
    set_id: str | None = None,
    version: int | None = None,
) -> ParameterSet:
    """The set with ``values`` in place of its own; a key in ``provenance`` takes that
    provenance with its value. A key the set does not have is refused (``UnknownKey``)."""
    known = values_of(parameters)
    for key, value in values.items():
        if key not in known:
            raise UnknownKey(key)
        if value == known[key] and key not in provenance:
            continue
        parameters = _with_value(parameters, key, value, provenance.get(key))
    return replace(
        parameters,
        id=set_id or parameters.id,
        version=version if version is not None else parameters.version,
    )


def _quantity(item: Quantity, value: Decimal, provenance: Provenance | None) -> Quantity:
    return replace(item, value=value, provenance=provenance or item.provenance)


def _paid_or_quantity(item: Any, value: Decimal, provenance: Provenance | None) -> Any:
    if isinstance(item, PaidQuantity):
        return replace(item, quantity=_quantity(item.quantity, value, provenance))
    assert isinstance(item, Quantity)
    return _quantity(item, value, provenance)


def _with_value(
    parameters: ParameterSet, key: str, value: Decimal, provenance: Provenance | None
) -> ParameterSet:
    parts = key.split(".")
    if parts[0] == "states":
        code = parts[1]
        state = parameters.states[code]
        states = dict(parameters.states)
        states[code] = _state_with_value(state, parts[2:], value, provenance)
        return replace(parameters, states=states)
    if parts[0] == "income_tax":
        tax = parameters.danish_tax
        assert tax is not None
        item = getattr(tax, parts[1])
        return replace(
            parameters,
            danish_tax=replace(tax, **{parts[1]: _paid_or_quantity(item, value, provenance)}),
        )
    if key == "horizon_years":
        return replace(
            parameters, horizon_years=_quantity(parameters.horizon_years, value, provenance)
        )
    if key == "displacement":
        return replace(
            parameters, displacement=_quantity(parameters.displacement, value, provenance)
        )
    if key == "equalisation.retention_share":
        equalisation = parameters.equalisation
        assert equalisation.retention_share is not None
        return replace(
            parameters,
            equalisation=replace(
                equalisation,
                retention_share=_quantity(equalisation.retention_share, value, provenance),
            ),
        )
    if key == "discount.rate":
        return _with_discount_rate(parameters, 0, value, provenance)
    step = _STEP.match(key)
    if step is None:
        raise UnknownKey(key)
    index = int(step["index"])
    if step["table"] == "discount":
        return _with_discount_rate(parameters, index, value, provenance)
    refusion = parameters.refusion
    assert refusion is not None
    steps = list(refusion.steps)
    steps[index] = replace(steps[index], state_share=value)
    return replace(
        parameters,
        refusion=replace(
            refusion, steps=tuple(steps), provenance=provenance or refusion.provenance
        ),
    )


def _with_discount_rate(
    parameters: ParameterSet, index: int, value: Decimal, provenance: Provenance | None
) -> ParameterSet:
    discount = parameters.discount
    steps = list(discount.steps)
    steps[index] = replace(steps[index], rate=value)
    return replace(
        parameters,
        discount=replace(
            discount, steps=tuple(steps), provenance=provenance or discount.provenance
        ),
    )


def _state_with_value(
    state: State, path: list[str], value: Decimal, provenance: Provenance | None
) -> State:
    name = path[0]
    if name == "services":
        services = dict(state.services)
        services[path[1]] = _quantity(services[path[1]], value, provenance)
        return replace(state, services=services)
    item = getattr(state, name)
    if isinstance(item, Shares):
        shares = dict(item.shares)
        shares[path[2]] = value
        changed: dict[str, Any] = {name: Shares(shares, provenance or item.provenance)}
        return replace(state, **changed)
    return replace(state, **{name: _paid_or_quantity(item, value, provenance)})
