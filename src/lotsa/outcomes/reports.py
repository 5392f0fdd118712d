"""The outcome reports: which figures each shows, its headline, trend and chart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy

from lotsa.errors import NotFound
from lotsa.outcomes import metrics as m
from lotsa.outcomes.metrics.contacts import CONTACT_STATISTICS
from lotsa.outcomes.metrics.flow import flow_metrics, transition_metrics
from lotsa.outcomes.metrics.ips import IPS_QUARTERLY
from lotsa.outcomes.metrics.throughput import throughput_metrics
from lotsa.pathways.definitions.programme import Programme


@dataclass(frozen=True)
class Report:
    code: str
    title: Any
    description: Any
    metrics: Callable[[Programme], list[m.Metric]]
    programme: str = ""  # fixed programme model, or "" where the viewer chooses
    headline: tuple[str, ...] = ()
    trend: tuple[str, ...] = ()  # figures shown over the last quarters
    chart: str = ""  # figure compared across units in a chart
    # Every enrolment figure counts only enrolments open at some time in the period (referred
    # by its end, not ended before its start), so the others need not be read at all.
    open_in_period: bool = False

    @property
    def trend_chart(self) -> str:
        """The figure drawn over the quarters: the unit chart's where the trend has it."""
        return self.chart if self.chart in self.trend else self.trend[-1] if self.trend else ""

    def dimensions(self, programme: Programme) -> tuple[str, ...]:
        base = ("unit", "sex", "age_band", "referral_source")
        return (*base, "cohort") if programme.group else base


REPORTS = {
    report.code: report
    for report in (
        Report(
            "ips",
            gettext_lazy("IPS quarterly outcomes"),
            gettext_lazy(
                "Participants served, referrals, job starts and the employment rate of IPS "
                "services, against the published benchmarks."
            ),
            lambda programme: IPS_QUARTERLY,
            programme="ips",
            headline=("served", "employment_rate", "job_starts", "caseload_per_fte"),
            trend=("served", "rate_numerator", "rate_denominator", "employment_rate"),
            chart="employment_rate",
            open_in_period=True,
        ),
        Report(
            "flow",
            gettext_lazy("Programme flow"),
            gettext_lazy(
                "Referred, admitted, started, completed, dropped out and re-referred, with the "
                "status at the end and at the follow-ups the model defines."
            ),
            flow_metrics,
            headline=("referred", "admitted", "started", "completed"),
            trend=("referred", "started", "dropped_out", "completed"),
        ),
        Report(
            "amia",
            gettext_lazy("AMiA transition indicator"),
            gettext_lazy(
                "The share in work, studies or an Arbetsförmedlingen programme 90 days after "
                "the Work-Life Introduction, against the project target and the national level."
            ),
            transition_metrics,
            programme="amia",
            headline=("through_ali", "transition_recorded", "transition_rate"),
            trend=("transition_recorded", "transitioned", "transition_rate"),
            chart="transition_rate",
        ),
        Report(
            "knut",
            gettext_lazy("KNUT-PV throughput"),
            gettext_lazy(
                "Inflow, outflow, time on each step of the staircase, places used and exits by reason."
            ),
            throughput_metrics,
            programme="knut_pv",
            headline=("inflow", "outflow", "places_used", "occupancy"),
            trend=("inflow", "outflow", "places_used"),
            chart="occupancy",
            open_in_period=True,
        ),
        Report(
            "contacts",
            gettext_lazy("Contacts and services"),
            gettext_lazy(
                "Contacts per participant-month, the community-based share of contacts and "
                "whether job starts got support on time."
            ),
            lambda programme: CONTACT_STATISTICS,
            headline=(
                "contacts_per_participant_month",
                "community_share",
                "support_first_days_share",
                "supported_every_week_share",
            ),
            trend=(
                "contacts_held",
                "participant_months",
                "contacts_per_participant_month",
                "community_share",
            ),
            chart="contacts_per_participant_month",
            open_in_period=True,
        ),
    )
}


def report_of(code: str) -> Report:
    report = REPORTS.get(code)
    if report is None:
        raise NotFound("report")
    return report
