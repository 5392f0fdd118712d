"""The report's figures as rows, the same for the page, the PDF and the XLSX file: the indicators
per column, each column's year table, and the parameters with their provenance."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from lotsa.core import numbers, spreadsheets
from lotsa.socioeconomics import names
from lotsa.socioeconomics.projection import ColumnResult, Payback, PaybackStatus
from lotsa.socioeconomics.report import SocioeconomicReport
from lotsa.socioeconomics.report.form import HUNDRED

Value = Decimal | str | None


def payback_text(payback: Payback) -> str:
    if payback.status == PaybackStatus.NO_OUTLAY:
        return _("no outlay")
    if payback.status == PaybackStatus.NOT_WITHIN_HORIZON or payback.years is None:
        return _("not within the horizon")
    return _("%(years)s years") % {"years": numbers.decimal(payback.years, 1)}


def _ratio(value: Decimal | None) -> Value:
    return None if value is None else value


def indicators(report: SocioeconomicReport) -> list[tuple[str, list[Value], int]]:
    """(indicator, value per column, decimals shown); a share is given in per cent."""
    columns: list[ColumnResult] = [result for _c, _n, result in report.columns]

    def each(read: Any) -> list[Value]:
        return [read(result) for result in columns]

    def percent(value: Decimal | None) -> Value:
        return None if value is None else value * HUNDRED

    return [
        (_("Net present value"), each(lambda r: r.npv), 0),
        (_("Present value of benefits"), each(lambda r: r.pv_benefit), 0),
        (_("Present value of costs"), each(lambda r: r.pv_cost), 0),
        (_("Benefit–cost ratio"), each(lambda r: _ratio(r.bcr)), 2),
        (_("Return on investment (%)"), each(lambda r: percent(r.roi)), 1),
        (_("NPV per participant"), each(lambda r: r.npv_per_participant), 0),
        (_("NPV per net success"), each(lambda r: r.npv_per_net_success), 0),
        (_("Payback, undiscounted"), each(lambda r: payback_text(r.payback)), 0),
        (_("Payback, discounted"), each(lambda r: payback_text(r.discounted_payback)), 0),
        (_("Break-even net effect (%)"), each(lambda r: percent(r.break_even_net_effect)), 1),
        (_("Break-even duration (years)"), each(lambda r: r.break_even_duration), 1),
    ]


def shown(value: Value, places: int) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return numbers.decimal(value, places)


def indicator_lines(report: SocioeconomicReport) -> list[tuple[str, list[str]]]:
    return [
        (label, [shown(v, places) for v in values]) for label, values, places in indicators(report)
    ]


def year_headings() -> list[str]:
    return [
        _("Year"),
        _("Cost"),
        _("Benefit"),
        _("Net"),
        _("Cumulative net"),
        _("Discount factor"),
        _("Cumulative net, discounted"),
    ]


def year_values(result: ColumnResult) -> list[list[Any]]:
    return [
        [
            row.year,
            row.cost,
            row.benefit,
            row.net,
            row.cumulative,
            row.discount_factor,
            row.cumulative_discounted,
        ]
        for row in result.years
    ]


def year_lines(result: ColumnResult) -> list[list[str]]:
    return [
        [str(values[0]), *(money_or_factor(i, v) for i, v in enumerate(values[1:], start=1))]
        for values in year_values(result)
    ]


def money_or_factor(index: int, value: Decimal) -> str:
    return numbers.decimal(value, 4 if index == 5 else 0)


def parameter_lines(report: SocioeconomicReport) -> list[list[str]]:
    """Every value of the set as the run used it: key, value, unit, status, source."""
    if report.result is None:
        return []
    return [
        [
            value.key,
            numbers.decimal(value.value, 4).rstrip("0").rstrip(",.") or "0",
            value.unit,
            str(names.STATUS_NAMES.get(value.provenance.status, value.provenance.status)),
            value.source_title or value.provenance.source or "",
        ]
        for value in report.result.echo.values
    ]


def _number(value: Any) -> Any:
    return float(numbers.rounded(value, 4)) if isinstance(value, Decimal) else value


def heading_lines(report: SocioeconomicReport) -> list[list[Any]]:
    parameters = report.parameters
    return [
        [_("Socioeconomic value")],
        [_("Units"), report.scope.label],
        [_("Period"), str(report.period)],
        [
            _("Parameter set"),
            f"{names.parameter_set_title(parameters)} ({parameters.id}, "
            + _("version %(version)s") % {"version": parameters.version}
            + ")",
        ],
        [_("Currency"), parameters.currency],
    ]


def cohort_lines(report: SocioeconomicReport) -> list[list[Any]]:
    rows: list[list[Any]] = [[_("Participants served"), _("valued"), report.mapped.participants]]
    for title, lines in (
        (_("Starting state"), report.baseline_lines),
        (_("Outcome"), report.outcome_lines),
        (_("Not valued"), report.not_valued_lines),
    ):
        rows += [[title, line.label, line.count_text, line.share_text] for line in lines]
    return rows


def workbook(report: SocioeconomicReport) -> bytes:
    """The report as an XLSX file: a summary sheet, a year sheet per column, the parameters."""
    summary: list[list[Any]] = [*heading_lines(report), [], *cohort_lines(report), []]
    sheets: list[tuple[str, list[list[Any]]]] = []
    if report.result is not None:
        summary.append(["", *(name for _c, name, _r in report.columns)])
        summary += [
            [label, *(_number(v) for v in values)] for label, values, _p in indicators(report)
        ]
        summary += [[], [_("Assumptions")], *([text] for text in report.assumptions)]
        for _code, name, result in report.columns:
            rows = [year_headings(), *([_number(v) for v in r] for r in year_values(result))]
            sheets.append((re.sub(r"[\[\]:*?/\\]", "", name), rows))
        sheets.append(
            (
                _("Parameters"),
                [
                    [_("Key"), _("Value"), _("Unit"), _("Status"), _("Source")],
                    *parameter_lines(report),
                ],
            )
        )
    else:
        summary.append([_("Too few participants to compute the value.")])
    return spreadsheets.xlsx([(_("Summary"), summary), *sheets], first_column_width=36)
