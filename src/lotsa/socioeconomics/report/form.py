"""The report form: the parameter set, the programme's cost, the counterfactual and the "what if"
changes, read from the query string. Nothing here is saved: every figure is recomputed from the
form on each request.

Shares, rates and levels are typed in per cent (``35`` or ``3,5``); amounts in the set's
currency. A field that does not read gets a message beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from lotsa.accounts.types import Actor
from lotsa.errors import DomainError
from lotsa.socioeconomics.mapping import OUTCOME_STATES
from lotsa.socioeconomics.parameter_set import ONE, ZERO, DiscountScheme, ParameterSet
from lotsa.socioeconomics.queries_costs import FoundCost, parameter_set_for_key
from lotsa.socioeconomics.registry import parameter_sets
from lotsa.socioeconomics.vocabulary import Role, role_of

HUNDRED = Decimal(100)
# How long every effect lasts in full unless the form says otherwise: the horizon of the
# follow-up studies IPS results come from; the sensitivity grid shows 1 to 5 years.
DEFAULT_EFFECT_YEARS = Decimal(2)
# The largest amount and level a field takes: past these a figure is a typing error.
MAX_COST = Decimal(10_000_000)
MAX_LEVEL = Decimal(1000)

FORM_KEYS = (
    "parameter_set",
    "cost_per_participant",
    "counterfactual_source",
    "effect_net",
    "duration_years",
    "discount_rate",
    "displacement",
    "wage_level",
    "benefit_level",
)
PREFIXES = ("split_", "counterfactual_", "share_")


def outcome_states(parameters: ParameterSet) -> tuple[str, ...]:
    """The set's states a participant may move into (work, studies), in the mapping's order."""
    found = dict.fromkeys(OUTCOME_STATES.get(parameters.country, {}).values())
    return tuple(state for state in found if state in parameters.states)


def public_payers(parameters: ParameterSet) -> tuple[str, ...]:
    return tuple(p for p in parameters.payers if role_of(parameters.country, p) == Role.PUBLIC)


def default_split(parameters: ParameterSet) -> dict[str, Decimal]:
    """Who pays the programme unless the form says otherwise: the worked example's split, or
    else the municipality alone (the usual payer of a municipal service)."""
    if parameters.scenario is not None:
        return dict(parameters.scenario.cost.split)
    municipality = next(p for p in parameters.payers if p in ("kommun", "kommune"))
    return {municipality: ONE}


@dataclass(frozen=True)
class Choices:
    """What the form chose. ``shares``: the outcome shares to use instead of the recorded
    ones (what if); ``None`` keeps a state's recorded share."""

    parameters: ParameterSet
    cost_per_participant: Decimal
    cost_split: dict[str, Decimal]
    # Where the cost came from when the form gave none: the units' recorded programme cost.
    recorded_cost: str
    counterfactual: dict[str, Decimal]
    counterfactual_source: str
    effect_net: bool
    duration_years: Decimal
    shares: dict[str, Decimal]
    discount_rate: Decimal | None
    displacement: Decimal | None
    wage_level: Decimal
    benefit_level: Decimal

    @property
    def changed(self) -> list[str]:
        """The what-if changes made, by field, for the page to list."""
        changed = [f"share_{state}" for state in self.shares]
        if self.discount_rate is not None:
            changed.append("discount_rate")
        if self.displacement is not None:
            changed.append("displacement")
        if self.wage_level != HUNDRED:
            changed.append("wage_level")
        if self.benefit_level != HUNDRED:
            changed.append("benefit_level")
        return changed

    def discount(self) -> DiscountScheme | None:
        if self.discount_rate is None:
            return None
        return DiscountScheme.constant(self.discount_rate / HUNDRED)


class _Reader:
    """Reads the form's fields, collecting a message per field that does not read."""

    def __init__(self, params: dict[str, str]) -> None:
        self.params = params
        self.errors: dict[str, str] = {}

    def raw(self, key: str) -> str:
        return self.params.get(key, "").strip()

    def number(
        self, key: str, *, low: Decimal = ZERO, high: Decimal = HUNDRED, required: bool = False
    ) -> Decimal | None:
        raw = self.raw(key).replace(" ", "").replace("\u00a0", "").replace(",", ".")
        if not raw:
            if required:
                self.errors[key] = _("Enter a number.")
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            self.errors[key] = _("Enter a number.")
            return None
        if not value.is_finite() or not low <= value <= high:
            self.errors[key] = _("Give a number from %(low)s to %(high)s.") % {
                "low": low,
                "high": high,
            }
            return None
        return value


def parameter_set_for(user: Actor, params: dict[str, str], country: str | None) -> ParameterSet:
    """The set chosen (a shipped one, or a version of a copy of the viewer's organisations),
    or else the newest default of the scope's country."""
    chosen = params.get("parameter_set", "").strip()
    if chosen:
        offered = parameter_set_for_key(user, chosen)
        if offered is None:
            raise DomainError({"parameter_set": _("Choose one from the list.")})
        return offered.parameters
    default = parameter_sets().default_for(country or "SE")
    assert default is not None
    return default


def read_choices(
    params: dict[str, str], parameters: ParameterSet, recorded: FoundCost | None = None
) -> Choices:
    """The form's choices for ``parameters``; a ``DomainError`` with a message per field that
    does not read. Without a cost in the form, the units' recorded programme cost is used,
    and its split unless the form gives one."""
    read = _Reader(params)
    cost = read.number("cost_per_participant", high=MAX_COST, required=recorded is None)
    split_given = {p: read.number(f"split_{p}") for p in public_payers(parameters)}
    if any(value is not None for value in split_given.values()):
        split = {p: v / HUNDRED for p, v in split_given.items() if v}
    elif cost is None and recorded is not None:
        split = dict(recorded.cost.split)
    else:
        split = default_split(parameters)
    if cost is None and recorded is not None:
        cost = recorded.cost.per_participant
    effect_net = read.raw("effect_net") == "1"
    source = read.raw("counterfactual_source")
    counterfactual: dict[str, Decimal] = {}
    shares: dict[str, Decimal] = {}
    for state in outcome_states(parameters):
        value = read.number(f"counterfactual_{state}")
        if value is not None and not effect_net:
            counterfactual[state] = value / HUNDRED
        share = read.number(f"share_{state}")
        if share is not None:
            shares[state] = share / HUNDRED
    if effect_net:
        source = _("The effect is taken as already net: no outcome without the programme.")
    elif not source:
        read.errors["counterfactual_source"] = _(
            "Say where the shares without the programme come from (a comparison group, register "
            "data, a study), or tick that the effect is already net."
        )
    duration = read.number("duration_years", high=Decimal(50))
    discount_rate = read.number("discount_rate", high=Decimal(20))
    displacement = read.number("displacement")
    wage = read.number("wage_level", high=MAX_LEVEL)
    benefit = read.number("benefit_level", high=MAX_LEVEL)
    if read.errors:
        raise DomainError(read.errors)
    assert cost is not None
    return Choices(
        parameters=parameters,
        cost_per_participant=cost,
        cost_split=split,
        recorded_cost=(
            recorded.description
            if recorded is not None and not read.raw("cost_per_participant")
            else ""
        ),
        counterfactual=counterfactual,
        counterfactual_source=source,
        effect_net=effect_net,
        duration_years=DEFAULT_EFFECT_YEARS if duration is None else duration,
        shares=shares,
        discount_rate=discount_rate,
        displacement=None if displacement is None else displacement / HUNDRED,
        wage_level=HUNDRED if wage is None else wage,
        benefit_level=HUNDRED if benefit is None else benefit,
    )
