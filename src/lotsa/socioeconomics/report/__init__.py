"""The socioeconomic report: a programme's value per payer, computed from the outcomes Lotsa
recorded for a scope and period (``mapping``), the programme cost and counterfactual of the
form, and a shipped parameter set. An audited read; nothing is saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.core import numbers
from lotsa.errors import DomainError
from lotsa.outcomes.periods import Period
from lotsa.pathways.models import IncomeSource
from lotsa.socioeconomics import names
from lotsa.socioeconomics.engine import Result, calculate
from lotsa.socioeconomics.inputs import (
    Cohort,
    EffectProfile,
    Inputs,
    Outcome,
    ProgrammeCost,
    inputs_for,
)
from lotsa.socioeconomics.mapping import FULL_TIME_HOURS, MappedCohort, map_cohort
from lotsa.socioeconomics.queries import ReportScope, countries_of, enrolment_rows, report_scope
from lotsa.socioeconomics.queries_costs import programme_cost_for
from lotsa.socioeconomics.report.form import (
    HUNDRED,
    Choices,
    outcome_states,
    parameter_set_for,
    read_choices,
)
from lotsa.socioeconomics.sensitivity import varied

REPORT_CODE = "socioeconomics"
# Below this many valued participants one person more or less in work moves every share by
# more than three percentage points: the result says little, and the page says so.
MEANINGFUL_COHORT = 30


@dataclass(frozen=True)
class CountLine:
    """One line of the mapped cohort: a count, its share of the valued participants, and
    whether it is hidden from this viewer (a small count)."""

    label: str
    count: int
    share: Decimal | None
    suppressed: bool
    limit: int

    @property
    def count_text(self) -> str:
        return f"< {self.limit}" if self.suppressed else str(self.count)

    @property
    def share_text(self) -> str:
        if self.suppressed or self.share is None:
            return "–"
        return numbers.percent(self.share * HUNDRED)


@dataclass(frozen=True)
class SocioeconomicReport:
    scope: ReportScope
    period: Period
    choices: Choices
    mapped: MappedCohort
    inputs: Inputs | None
    result: Result | None
    limit: int | None  # the small-cell limit, for viewers who may not see the people

    @property
    def parameters(self) -> Any:
        return self.choices.parameters

    @property
    def hidden(self) -> bool:
        """Too few people for this viewer to be shown anything computed from them."""
        return self.limit is not None and self.mapped.participants < self.limit

    @property
    def too_small(self) -> bool:
        return self.mapped.participants < MEANINGFUL_COHORT

    @property
    def meaningful_cohort(self) -> int:
        return MEANINGFUL_COHORT

    @property
    def full_time_hours(self) -> Decimal:
        return FULL_TIME_HOURS

    def _line(self, label: str, count: int, of: int | None) -> CountLine:
        limit = self.limit or 0
        suppressed = self.limit is not None and 0 < count < self.limit
        share = Decimal(count) / of if of else None
        return CountLine(label, count, share, suppressed, limit)

    @property
    def baseline_lines(self) -> list[CountLine]:
        n = self.mapped.participants
        return [
            self._line(names.state_name(state), count, n)
            for state, count in self.mapped.baseline.items()
        ]

    @property
    def outcome_lines(self) -> list[CountLine]:
        n = self.mapped.participants
        return [
            self._line(names.state_name(state), self.mapped.outcomes.get(state, 0), n)
            for state in outcome_states(self.parameters)
        ]

    @property
    def not_valued_lines(self) -> list[CountLine]:
        lines = [
            self._line(income_source_name(source), count, None)
            for source, count in sorted(self.mapped.not_valued.items())
        ]
        lines += [
            self._line(
                _("Outcome without a state in this set: %(state)s")
                % {"state": names.state_name(state)},
                count,
                None,
            )
            for state, count in sorted(self.mapped.outcomes_not_valued.items())
        ]
        return lines

    @property
    def columns(self) -> list[tuple[str, str, Any]]:
        """(code, name, column result) of every column the report shows."""
        if self.result is None:
            return []
        return [(c, names.column_name(c), self.result[c]) for c in self.result.columns]

    @property
    def assumptions(self) -> list[str]:
        choices = self.choices
        texts = [
            _(
                "Participants are those served in the period: started by its end and not ended "
                "before it began. Their outcome is their situation at the end of the period."
            ),
            _(
                "Work of %(hours)s hours a week or more counts as full-time, less as part-time; "
                "work without a job on record counts as part-time."
            )
            % {"hours": numbers.decimal(FULL_TIME_HOURS, 0)},
            _("Every effect lasts in full for %(years)s years after the programme.")
            % {"years": numbers.decimal(choices.duration_years, 1)},
            _("The programme lasts 12 months and its whole cost falls in its first year."),
            *(
                [_("Programme cost: %(how)s") % {"how": choices.recorded_cost}]
                if choices.recorded_cost
                else []
            ),
            _("Shares without the programme: %(source)s")
            % {"source": choices.counterfactual_source},
        ]
        if self.parameters.country == "DK":
            texts.append(
                _(
                    "The Danish set has one job state: part-time and subsidised jobs are valued as it."
                )
            )
        return texts

    @property
    def what_if(self) -> bool:
        return bool(self.choices.changed)


def income_source_name(source: str) -> str:
    if source in IncomeSource.values:
        return str(IncomeSource(source).label)
    return _("No income source recorded")


def inputs_of(mapped: MappedCohort, choices: Choices) -> Inputs:
    """The engine's inputs: the mapped cohort (one cohort starting in year 0 with a 12-month
    programme), the recorded outcome shares unless the form replaces them, the counterfactual,
    cost and what-if choices of the form."""
    parameters = choices.parameters
    recorded = mapped.outcome_shares()
    outcomes = tuple(
        Outcome(
            state,
            choices.shares.get(state, recorded.get(state, Decimal(0))),
            choices.counterfactual.get(state, Decimal(0)),
            EffectProfile.step(choices.duration_years),
        )
        for state in outcome_states(parameters)
    )
    inputs = inputs_for(
        parameters,
        cohorts=(Cohort(participants=mapped.participants, baseline=mapped.baseline_mix()),),
        cost=ProgrammeCost(choices.cost_per_participant, split=choices.cost_split),
        outcomes=outcomes,
        counterfactual_source=choices.counterfactual_source,
        discount=choices.discount(),
        displacement=choices.displacement,
    )
    for name, level in (("wage", choices.wage_level), ("benefit", choices.benefit_level)):
        if level != HUNDRED:
            changed = varied(inputs, name, level / HUNDRED)
            assert changed is not None
            inputs = changed
    return inputs


_OUTCOME_FIELD = re.compile(r"outcomes\[(\d+)\]\.(share|counterfactual_share)")


def form_errors(errors: dict[str, list[str]], states: tuple[str, ...]) -> dict[str, list[str]]:
    """The engine's input problems under the form's field names."""
    named = {
        "cost.per_participant": "cost_per_participant",
        "cost.split": "split",
        "displacement": "displacement",
        "discount": "discount_rate",
        "horizon_years": "discount_rate",
        "outcomes.share": "share",
        "outcomes.counterfactual_share": "counterfactual",
    }
    mapped: dict[str, list[str]] = {}
    for key, messages in errors.items():
        match = _OUTCOME_FIELD.fullmatch(key)
        if match:
            prefix = "share" if match[2] == "share" else "counterfactual"
            field = f"{prefix}_{states[int(match[1])]}"
        else:
            field = named.get(key, "cohort")
        mapped.setdefault(field, []).extend(messages)
    return mapped


def socioeconomic_report(
    user: Actor, params: dict[str, str], period: Period
) -> SocioeconomicReport:
    """The report for the scope, period and choices in ``params``; a ``DomainError`` with
    messages under the form's fields when they do not hold."""
    scope = report_scope(user, params)
    countries = countries_of(scope)
    country = next(iter(countries)) if len(countries) == 1 else None
    parameters = parameter_set_for(user, params, country)
    if countries - {parameters.country}:
        raise DomainError(
            {
                "parameter_set": _(
                    "The units chosen are not all in the parameter set's country: choose units "
                    "of one country and a set of that country."
                )
            }
        )
    recorded = programme_cost_for(scope.scope.unit_ids, period.start.year)
    choices = read_choices(params, parameters, recorded)
    mapped = map_cohort(
        enrolment_rows(scope, period),
        country=parameters.country,
        states=parameters.states,
        period_end=period.end,
    )
    limit = None if scope.scope.sees_people else settings.SMALL_CELL_LIMIT
    inputs = result = None
    if mapped.participants and not (limit is not None and mapped.participants < limit):
        inputs = inputs_of(mapped, choices)
        try:
            result = calculate(inputs)
        except DomainError as error:
            raise DomainError(form_errors(error.errors, outcome_states(parameters))) from None
    record(
        AuditEvent.OUTCOMES_VIEWED,
        actor=user,
        changes={
            "report": REPORT_CODE,
            "programme": scope.programme.code if scope.programme else "",
            "period": [period.start.isoformat(), period.end.isoformat()],
            "units": sorted(scope.scope.unit_ids),
            "cohort": scope.cohort_id,
            "parameter_set": [parameters.id, parameters.version],
        },
    )
    return SocioeconomicReport(scope, period, choices, mapped, inputs, result, limit)
