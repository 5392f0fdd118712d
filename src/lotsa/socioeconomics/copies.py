"""An organisation's copy of a parameter set as the engine reads it: the shipped set it was
copied from, with the copy's numbers in place and the numbers the organisation set itself marked
as its assumptions (status A, its reason as the note)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext

from lotsa.errors import NON_FIELD
from lotsa.socioeconomics.adjusting import adjusted, values_of
from lotsa.socioeconomics.models import ParameterSetCopy
from lotsa.socioeconomics.parameter_set import ParameterSet, Provenance
from lotsa.socioeconomics.registry import parameter_sets

ASSUMPTION = "A"


def copy_set_id(copy: ParameterSetCopy) -> str:
    return f"copy-{copy.pk}"


def copy_parameters(
    copy: ParameterSetCopy,
    values: Mapping[str, str],
    adjusted_keys: Mapping[str, str],
    version: int,
) -> ParameterSet:
    """The copy at one version: ``values`` (key → number as text) over the shipped set, the
    ``adjusted_keys`` (key → reason) with the organisation's provenance."""
    shipped = parameter_sets().get(copy.based_on)
    if shipped is None:
        raise LookupError(f"the shipped set {copy.based_on!r} is gone")
    note = gettext("Set by %(organisation)s") % {"organisation": copy.organisation.name}
    provenance = {
        key: Provenance(ASSUMPTION, note=f"{note}: {reason}" if reason else note)
        for key, reason in adjusted_keys.items()
    }
    # A number the shipped set no longer has cannot be placed; the rest still can.
    known = {key: Decimal(value) for key, value in values.items()}
    present = values_of(shipped)
    return adjusted(
        shipped,
        {key: value for key, value in known.items() if key in present},
        {key: p for key, p in provenance.items() if key in present},
        set_id=copy_set_id(copy),
        version=version,
    )


def field_of_problem(key: str, values: Mapping[str, object]) -> str:
    """The value a problem of ``validation.problems_of`` concerns: its own key (``….value``
    names the value itself), or the first value inside the table it names (the shares that do
    not add up to 1); a problem of nothing the copy holds goes on the whole form."""
    key = key.removesuffix(".value")
    if key in values:
        return key
    inside = [name for name in values if name.startswith(f"{key}.")]
    return inside[0] if inside else NON_FIELD
