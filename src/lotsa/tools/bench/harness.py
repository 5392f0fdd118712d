"""The benchmark: the pages users wait for, timed over repeated runs on a synthetic dataset,
with the SQL time and query count of each, and the reports against their floors."""

from __future__ import annotations

import cProfile
import datetime
import pstats
import statistics
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Count
from django.http import StreamingHttpResponse
from django.test import Client, override_settings
from django.utils import timezone
from django.utils.http import urlencode

from lotsa import access
from lotsa.accounts.models import User
from lotsa.accounts.types import Actor
from lotsa.casework.models import Contact
from lotsa.cohorts.models import Attendance, CohortMember
from lotsa.dates import add_months
from lotsa.employment.queries import stale_first_employer_contacts
from lotsa.errors import DomainError
from lotsa.fidelity.models import FidelityReview
from lotsa.organisations.models import Organisation, Unit
from lotsa.outcomes import queries, reports, tables
from lotsa.outcomes.periods import Period, parse_period
from lotsa.outcomes.scope import resolve_scope
from lotsa.pathways.definitions.programme import Programme
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import Enrolment, UnitProgramme
from lotsa.socioeconomics.registry import parameter_sets as socioeconomic_sets
from lotsa.socioeconomics.report import socioeconomic_report
from lotsa.surveys.instruments import FREE_TEXT, Instrument, current_instrument
from lotsa.surveys.models import Response
from lotsa.surveys.results import SurveyResults, default_period, survey_results
from lotsa.timereports.models import TimeReport
from lotsa.timereports.queries import activity_report
from lotsa.tools.bench import floors
from lotsa.tools.bench import socioeconomic_floors as se_floors
from lotsa.tools.bench import work_training_floors as wt_floors
from lotsa.tools.synth.models import SyntheticDataset
from lotsa.worktraining import codes as work_training_codes
from lotsa.worktraining.gender import gender_statistics_for
from lotsa.worktraining.models import WorkUnit
from lotsa.worktraining.queries.daily import compensation_basis
from lotsa.worktraining.queries.planning import year_period


class SqlTimer:
    """Counts and times every query while installed as the connection's execute wrapper."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute: Callable, sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - began
            self.count += 1


PRIMARY, REPLICA = "primary", "replica"
# Timed runs a p95 needs: of ten runs or fewer the p95 would be the slowest run.
P95_RUNS = 20


@dataclass
class Result:
    code: str
    title: str
    runs: list[float] = field(default_factory=list)  # milliseconds
    sql: list[float] = field(default_factory=list)
    queries: int = 0
    calls: int = 0  # Python function calls of one request (see python_calls)
    floors: dict[str, list[float]] = field(default_factory=dict)
    matches: bool | None = None  # whether Lotsa's figures equal the floors'
    figures: int = 0  # how many figures were compared
    differences: list[str] = field(default_factory=list)  # the first of them, where some differ
    database: str = PRIMARY  # which database the page read from: PRIMARY or REPLICA

    @staticmethod
    def p(values: list[float], share: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def p95(self) -> float | None:
        """None for fewer than ``P95_RUNS`` runs, where it would be the slowest run or next
        to it; ``slowest`` says what those runs can."""
        return self.p(self.runs, 0.95) if len(self.runs) >= P95_RUNS else None

    @property
    def slowest(self) -> float:
        return max(self.runs)

    def ratio(self, floor: str) -> float | None:
        times = self.floors.get(floor)
        return self.median / statistics.median(times) if times else None

    def summary(self) -> dict[str, Any]:
        data = asdict(self)
        data |= {
            "median_ms": round(self.median, 2),
            "p95_ms": None if self.p95 is None else round(self.p95, 2),
            "slowest_ms": round(self.slowest, 2),
            "sql_median_ms": round(statistics.median(self.sql), 2),
            "floor_median_ms": {k: round(statistics.median(v), 2) for k, v in self.floors.items()},
            "ratio": {k: round(self.ratio(k) or 0, 2) for k in self.floors},
        }
        return data


@dataclass
class Scenario:
    code: str
    title: str
    user: Actor
    url: str
    floor: Callable[[], list[tuple[str, str]]] | None = None
    figures: Callable[[], floors.Figures] | None = None
    streamed: bool = False
    # How the floor's rows become figures: the outcome reports' way unless the report is
    # another kind.
    floor_figures: Callable[[floors.Results], floors.Figures] = floors.figures_of


def stale_summaries() -> int:
    """How many enrolments keep a summary that differs from a recomputation from the records."""
    return stale_first_employer_contacts(Enrolment.objects.all()).count()


def last_full_quarter(today: datetime.date) -> Period:
    return parse_period({}, today)


def find_setting() -> list[Scenario]:
    """The scenarios on the data at hand: a long case, its coach, its unit, and the staff who
    see every unit."""
    if connection.vendor != "postgresql":
        raise DomainError({"database": "The benchmark runs on PostgreSQL."})
    if not SyntheticDataset.objects.exists():
        raise DomainError({"database": "Load a synthetic dataset first: lotsa synth."})
    period = last_full_quarter(timezone.localdate())
    quarter = f"{period.start.year}Q{(period.start.month - 1) // 3 + 1}"
    ips_units = set(
        UnitProgramme.objects.filter(programme_code="ips").values_list("unit_id", flat=True)
    )
    longest = (
        Contact.objects.filter(enrolment__unit_id__in=ips_units, enrolment__status="active")
        .values("enrolment")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    if longest is None:
        raise DomainError({"database": "The synthetic dataset has no active IPS case."})
    case = Enrolment.objects.select_related("participant", "responsible_staff").get(
        pk=longest["enrolment"]
    )
    coach, unit, person = case.responsible_staff, case.unit_id, case.participant
    if coach is None:
        raise DomainError({"database": "The longest IPS case has no responsible coach."})
    manager = User.objects.get(username="synth-manager")
    registrar = User.objects.get(username="synth-registrar")
    administrator = User.objects.get(username="synth-administrator")
    reviewer = User.objects.get(username="synth-reviewer-1")
    review = FidelityReview.objects.filter(unit_id=unit).order_by("-period_end").first()
    if review is None:
        raise DomainError({"database": "The unit of the longest IPS case has no fidelity review."})
    county = Organisation.objects.order_by("pk").first()
    if county is None:
        raise DomainError({"database": "The synthetic dataset has no organisation."})
    flow_model = _installed("jom")
    flow_units = set(
        UnitProgramme.objects.filter(programme_code="jom").values_list("unit_id", flat=True)
    )

    def lotsa_figures(report: str, params: dict[str, str]) -> Callable[[], floors.Figures]:
        return lambda: report_figures(manager, report, params, period)

    month = add_months(timezone.localdate().replace(day=1), -1)
    amia, settings = busiest_reporting_unit(month)
    survey = current_instrument(PARTICIPANT_SURVEY)
    # The period the page opens with, written out so that the floor's cannot differ from it.
    survey_period = default_period(timezone.localdate())
    survey_params = {
        "instrument": survey.code,
        "version": str(survey.version),
        "start": survey_period.start.isoformat(),
        "end": survey_period.end.isoformat(),
    }
    survey_unit = busiest_survey_unit(survey, survey_period)
    # The units the page shows the manager, who sees every unit: those running the programme.
    survey_units = set(
        UnitProgramme.objects.filter(programme_code__in=survey.programmes).values_list(
            "unit_id", flat=True
        )
    )

    def survey_scenario(code: str, title: str, units: set[int], chosen: dict[str, str]) -> Scenario:
        params = survey_params | chosen
        return Scenario(
            code, title, manager, f"/surveys/results/?{urlencode(params)}",
            floor=lambda: floors.survey_sql(units, survey, survey_period),
            figures=lambda: survey_figures(manager, survey, params, survey_period),
        )  # fmt: skip

    return [
        Scenario("search_number", "Participant search by identity number", coach,
                 f"/participants/?q={person.identity_number}"),
        Scenario("search_name", "Participant search by name prefix", coach,
                 f"/participants/?q={person.last_name[:3]}"),
        Scenario("case_page", "Case page of a long enrolment", coach, f"/cases/{case.pk}/"),
        Scenario("caseload", "A coach's caseload page", coach, "/caseload/"),
        Scenario("today", "A coach's Today page", coach, "/today/"),
        Scenario("unit_board", "The unit board", coach, f"/units/{unit}/board/"),
        Scenario("coach_supervision", "A coach's overdue cases and last eight weeks, as the "
                 "unit's manager sees them", manager, f"/units/{unit}/staff/{coach.pk}/?show=overdue"),
        Scenario("ips_unit", "IPS quarterly report, one unit", manager,
                 f"/outcomes/ips/?quarter={quarter}&unit={unit}",
                 floor=lambda: floors.ips_sql({unit}, period, timezone.localdate()),
                 figures=lotsa_figures("ips", {"quarter": quarter, "unit": str(unit)})),
        Scenario("ips_all", "IPS quarterly report, all units", manager,
                 f"/outcomes/ips/?quarter={quarter}",
                 floor=lambda: floors.ips_sql(ips_units, period, timezone.localdate()),
                 figures=lotsa_figures("ips", {"quarter": quarter})),
        Scenario("fidelity_evidence", "Fidelity evidence of one unit", reviewer,
                 f"/fidelity/{review.pk}/"),
        Scenario("flow_jom", "Programme flow report, JOM", manager,
                 f"/outcomes/flow/?quarter={quarter}&programme=jom",
                 floor=lambda: floors.flow_sql(flow_units, period, flow_model),
                 figures=lotsa_figures("flow", {"quarter": quarter, "programme": "jom"})),
        Scenario("export_county", "CSV export of all enrolments of a county", manager,
                 f"/outcomes/enrolments.csv?organisation={county.pk}", streamed=True),
        Scenario("activity_report", "Monthly report of participant activities, one AMiA unit",
                 manager, f"/units/{amia.pk}/activity-report/?month={month:%Y-%m}",
                 floor=lambda: floors.activity_sql(amia.pk, month, "amia"),
                 figures=lambda: activity_figures(manager, amia, month, settings)),
        survey_scenario("survey_unit", "Results of the AMiA participant survey, one unit",
                        {survey_unit}, {"unit": str(survey_unit)}),
        survey_scenario("survey_all", "Results of the AMiA participant survey, all units",
                        survey_units, {}),
        *work_training_scenarios(manager),
        *socioeconomic_scenarios(manager, ips_units),
        Scenario("referrals", "The referrals page of a coach", coach, "/referrals/"),
        Scenario("register_extract", "Register extract of the person with the longest case",
                 registrar, f"/register-extracts/{person.pk}/extract.json"),
        Scenario("retention_rules", "Retention rules, with the closed cases the next run erases",
                 administrator, "/administration/retention/"),
        Scenario("audit_review", "The audit log review, its latest page", administrator,
                 "/administration/audit/"),
    ]  # fmt: skip


def work_training_scenarios(manager: User) -> list[Scenario]:
    """The gender statistics of the work-training unit with the most people in its work groups
    this year, and the last month's compensation basis of the work unit with the most
    attendance then."""
    today = timezone.localdate()
    year = year_period(today.year)
    busiest_unit = (
        CohortMember.objects.filter(cohort__work_unit__isnull=False, joined_on__lte=year.end)
        .exclude(left_on__lt=year.start)
        .values("cohort__work_unit__unit")
        .annotate(n=Count("pk"))
        .order_by("-n", "cohort__work_unit__unit")
        .first()
    )
    month = add_months(today.replace(day=1), -1)
    busiest_work_unit = (
        Attendance.objects.filter(
            session__cohort__work_unit__isnull=False,
            session__starts_at__date__gte=month,
            session__starts_at__date__lt=today.replace(day=1),
        )
        .values("session__cohort__work_unit")
        .annotate(n=Count("pk"))
        .order_by("-n", "session__cohort__work_unit")
        .first()
    )
    if busiest_unit is None or busiest_work_unit is None:
        raise DomainError({"database": "The synthetic dataset has no work-training work groups."})
    unit = int(busiest_unit["cohort__work_unit__unit"])
    work_unit = WorkUnit.objects.get(pk=busiest_work_unit["session__cohort__work_unit"])
    assert work_unit.cohort_id is not None, "a work unit with attendance has a work group"
    exit_codes = list(_installed(work_training_codes.PROGRAMME).exit_reasons)
    return [
        Scenario("gender_statistics", "Gender statistics of a work-training unit, one year",
                 manager, f"/work-training/units/{unit}/gender-statistics/?year={today.year}",
                 floor=lambda: wt_floors.gender_sql(unit, year, exit_codes),
                 figures=lambda: gender_figures(manager, unit, today.year),
                 floor_figures=wt_floors.gender_figures_of),
        Scenario("compensation_basis", "Compensation basis of a work unit, one month", manager,
                 f"/work-training/work-units/{work_unit.pk}/compensation/?month={month:%Y-%m}",
                 floor=lambda: wt_floors.compensation_sql(
                     work_unit.pk, work_unit.cohort_id or 0, work_unit.daily_rate, month),
                 figures=lambda: compensation_figures(work_unit, month),
                 floor_figures=wt_floors.compensation_figures_of),
    ]  # fmt: skip


def socioeconomic_scenarios(manager: User, ips_units: set[int]) -> list[Scenario]:
    """The socioeconomic value of last year's IPS outcomes, for the Swedish IPS unit with the
    most enrolments and for every Swedish IPS unit, with a cost per participant and a
    counterfactual typed in (the Swedish parameter set: a report covers one country)."""
    last_year = timezone.localdate().year - 1
    period = Period(datetime.date(last_year, 1, 1), datetime.date(last_year, 12, 31))
    parameters = socioeconomic_sets().default_for("SE")
    assert parameters is not None, "the Swedish default parameter set is shipped"
    swedish = set(
        Unit.objects.filter(pk__in=ips_units, organisation__country="SE").values_list(
            "pk", flat=True
        )
    )
    busiest = (
        Enrolment.objects.filter(unit__in=swedish, programme_model=se_floors.PROGRAMME)
        .values("unit")
        .annotate(n=Count("pk"))
        .order_by("-n", "unit")
        .first()
    )
    if busiest is None:
        raise DomainError({"database": "The synthetic dataset has no Swedish IPS case."})
    unit = int(busiest["unit"])
    form = {
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "programme": se_floors.PROGRAMME,
        "cost_per_participant": "60000",
        "counterfactual_arbete_heltid": "10",
        "counterfactual_source": "Jämförelsegrupp",
    }

    def scenario(code: str, title: str, units: set[int], chosen: dict[str, str]) -> Scenario:
        params = form | chosen
        return Scenario(
            code, title, manager, f"/socioeconomics/report/?{urlencode(params)}",
            floor=lambda: se_floors.socioeconomic_sql(units, period, parameters),
            figures=lambda: socioeconomic_figures(manager, params, period),
            floor_figures=se_floors.socioeconomic_figures_of,
        )  # fmt: skip

    return [
        scenario("socioeconomic_unit", "Socioeconomic value of IPS, one unit, last year",
                 {unit}, {"unit": str(unit)}),
        scenario("socioeconomic_all", "Socioeconomic value of IPS, every Swedish unit, last year",
                 swedish, {"country": "SE"}),
    ]  # fmt: skip


def socioeconomic_figures(user: Actor, params: dict[str, str], period: Period) -> floors.Figures:
    """What the report read from the records, keyed like the floor's: the enrolments, the
    starting states, the people not valued by source, the rule that gave each outcome and the
    outcomes by state (valued or not)."""
    mapped = socioeconomic_report(user, params, period).mapped
    figures: floors.Figures = {("enrolments", "total", "n"): mapped.enrolments}
    figures |= {("baseline", state, "n"): n for state, n in mapped.baseline.items()}
    figures |= {("not_valued", source, "n"): n for source, n in mapped.not_valued.items()}
    figures |= {("rule", rule, "n"): n for rule, n in mapped.outcome_sources.items()}
    for outcomes in (mapped.outcomes, mapped.outcomes_not_valued):
        figures |= {("outcome", state, "n"): n for state, n in outcomes.items()}
    return figures


def gender_figures(user: Actor, unit: int, year: int) -> floors.Figures:
    """Lotsa's gender statistics as (figure, line, sex) -> value, keyed like the floor's: each
    line by its code (a staff line by its title), counts as computed even where hidden."""
    statistics = gender_statistics_for(user, unit, year)
    figures: floors.Figures = {}
    for figure in statistics.figures:
        name = f"gender_{figure.code}"
        for row in figure.table.rows:
            line = str(row.metric.name) if figure.code == "staff" else row.metric.code
            if figure.code == "supervisor_time":
                line = {"participants": "people"}.get(line, line)
            for (key, _label), cell in zip(figure.table.columns, row.cells, strict=True):
                figures[(name, line, str(key))] = cell.value
    return figures


def compensation_figures(work_unit: WorkUnit, month: datetime.date) -> floors.Figures:
    """Lotsa's compensation basis, keyed like the floor's."""
    basis = compensation_basis(work_unit, month)
    figures: floors.Figures = {("compensation", "total", "lines"): len(basis)}
    for row in basis:
        line = str(row.enrolment_id)
        figures |= {
            ("compensation", line, code): getattr(row, code) for code in wt_floors.BASIS_FIGURES
        }
    return figures


def _installed(code: str) -> Programme:
    programme = registry().get(code)
    if programme is None:
        raise DomainError({"database": f"The programme model {code} is not installed."})
    return programme


def busiest_reporting_unit(month: datetime.date) -> tuple[Unit, dict[str, Any]]:
    """The AMiA unit with the most time reports in the month, with its settings."""
    busiest = (
        TimeReport.objects.filter(month=month)
        .values("enrolment__unit")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    if busiest is None:
        raise DomainError({"database": "The synthetic dataset has no time reports."})
    unit = Unit.objects.get(pk=busiest["enrolment__unit"])
    settings = UnitProgramme.objects.get(unit=unit, programme_code="amia").settings
    return unit, settings


PARTICIPANT_SURVEY = "amia_participant"


def busiest_survey_unit(instrument: Instrument, period: Period) -> int:
    """The unit with the most responses to the survey's version in the period."""
    busiest = (
        Response.objects.filter(
            instrument=instrument.code,
            version=instrument.version,
            answered_on__range=(period.start, period.end),
        )
        .values("unit")
        .annotate(n=Count("pk"))
        .order_by("-n", "unit")
        .first()
    )
    if busiest is None:
        raise DomainError(
            {"database": f"The synthetic dataset has no {instrument.code} responses."}
        )
    return int(busiest["unit"])


def survey_figures(
    user: Actor, instrument: Instrument, params: dict[str, str], period: Period
) -> floors.Figures:
    """Lotsa's figures of a survey's results, for the units the page chooses, keyed like the
    floor's. Counts are compared as computed: a count the page hides keeps its value."""
    programme = _installed(instrument.programmes[0]) if len(instrument.programmes) == 1 else None
    scope = resolve_scope(user, params, programme, access.Action.VIEW_SURVEY_RESULTS)
    return results_figures(survey_results(instrument, scope.units, period))


def results_figures(results: SurveyResults) -> floors.Figures:
    """Every figure of survey results: the responses in all and per half-year and wave, each
    answer's count per wave, the response rates per unit and sex, the paired changes, and the
    indicators in all and per half-year. The distributions' shares are left out: each is a
    compared count divided by its compared total."""
    instrument = results.instrument
    figures: floors.Figures = {("responses", "total", "n"): results.responses}
    for table in results.rates:
        for row in table.rows:
            for (key, _label), cell in zip(table.columns, row.cells, strict=True):
                figures |= _cell_figures((table.dimension.code, str(key)), row.metric, cell)
    for item in results.items:
        if item.item.kind == FREE_TEXT:
            continue
        for row in item.table.rows:
            if row.metric.kind != "count":
                continue
            answered = f"{item.item.code}:{row.metric.code.removeprefix('count_')}"
            for (key, _label), cell in zip(item.table.columns, row.cells, strict=True):
                figures[("answers", answered, str(key))] = cell.value
    for result in results.indicators:
        measured = f"{result.indicator.item}:{result.indicator.wave}"
        figures[("indicator", measured, "n")] = result.n
        figures[("indicator", measured, "share")] = _rounded(result.share.value)
    waves = list(instrument.waves)
    for label, cells in results.trend:
        for wave, cell in zip(waves, cells[: len(waves)], strict=True):
            figures[("trend", label, f"w_{wave}")] = cell.value
        figures[("trend", label, "responses")] = cells[len(waves)].value
        for indicator, share in zip(instrument.indicators, cells[len(waves) + 1 :], strict=True):
            measured = f"{indicator.item}:{indicator.wave}"
            figures[("trend", label, f"{measured}__n")] = share.n
            figures[("trend", label, f"{measured}__share")] = _rounded(share.value)
    for change in results.changes:
        for line in change.rows:
            paired = f"{line.item.code}:{change.after}"
            higher, same, lower = (cell.value for cell in line.counts)
            figures |= {
                ("change", paired, "n"): line.n.value,
                ("change", paired, "higher"): higher,
                ("change", paired, "same"): same,
                ("change", paired, "lower"): lower,
            }
            if line.mean_before.n:  # a scale read as higher is better: its means are shown
                figures[("change", paired, "sum_before")] = line.mean_before.total
                figures[("change", paired, "sum_after")] = line.mean_after.total
    return figures


def activity_figures(
    user: Actor, unit: Unit, month: datetime.date, settings: dict[str, Any]
) -> floors.Figures:
    """Lotsa's figures of the monthly report of participant activities, keyed like the floor's."""
    report = activity_report(user, unit, _installed("amia"), month, settings)
    figures: floors.Figures = {
        ("activity", "total", "lines"): len(report.lines),
        ("activity", "total", "reported"): sum(line.reported for line in report.lines),
        ("activity", "total", "signed"): sum(line.signed for line in report.lines),
    }
    for line in report.lines:
        figures[("activity", str(line.enrolment_id), "reported")] = int(line.reported)
        figures[("activity", str(line.enrolment_id), "signed")] = int(line.signed)
        for agency, hours in line.hours.items():
            figures[("activity", str(line.enrolment_id), agency)] = hours
    for agency, hours in report.totals:
        figures[("activity", "total", agency)] = hours
    return figures


def report_figures(
    user: Actor, report: str, params: dict[str, str], period: Period
) -> floors.Figures:
    """Every figure of a report, keyed like the floor's: each group and the total of every
    breakdown, each quarter of the trend; ratios at the places the floor rounds them to."""
    view = queries.report_view(user, reports.REPORTS[report], params, period)
    figures: floors.Figures = {}
    for table in view.tables:
        for row in table.rows:
            for (key, _label), cell in zip(table.columns, row.cells, strict=True):
                figures |= _cell_figures((table.dimension.code, str(key)), row.metric, cell)
    metrics = {metric.code: metric for metric in view.report.metrics(view.programme)}
    for i, (_quarter, cells) in enumerate(view.trend):
        for code, cell in cells.items():
            figures |= _cell_figures(("trend", str(i)), metrics[code], cell)
    return figures


def _cell_figures(where: tuple[str, str], metric: Any, cell: tables.Cell) -> floors.Figures:
    if metric.kind == "mean":
        return {(*where, f"{metric.code}__n"): cell.n, (*where, f"{metric.code}__sum"): cell.total}
    value = _rounded(cell.value) if metric.kind == "ratio" else cell.value
    return {(*where, metric.code): value}


def _rounded(value: Decimal | int | None) -> Decimal | None:
    """A ratio at the places the floor rounds it to."""
    if value is None:
        return None
    places = Decimal(1).scaleb(-floors.RATIO_PLACES)
    return Decimal(value).quantize(places, rounding=ROUND_HALF_UP)


def comparable(lotsa: floors.Figures, floor: floors.Figures) -> tuple[bool, list[str]]:
    """Whether every figure equals the floor's: each the floor has, and each Lotsa shows that
    the floor has no row for (a group without records, where Lotsa must show zero or none)."""
    differences = []
    for key, value in floor.items():
        mine = lotsa.get(key, 0)
        if Decimal(str(mine or 0)) != Decimal(str(value or 0)):
            differences.append(f"{key}: Lotsa {mine}, floor {value}")
    for key, value in lotsa.items():
        if key not in floor and value:
            differences.append(f"{key}: Lotsa {value}, floor has no row")
    return not differences, differences


@dataclass
class Timed:
    ms: float
    sql_ms: float
    queries: int
    database: str  # REPLICA when the page read from the replica


def _timed(client: Client, scenario: Scenario) -> Timed:
    """The page's time, and its queries on the primary and, where reports read from one, on
    the replica."""
    replica = settings.READ_REPLICA
    timers = {alias: SqlTimer() for alias in (DEFAULT_DB_ALIAS, replica) if alias is not None}
    with ExitStack() as wrappers:
        for alias, timer in timers.items():
            wrappers.enter_context(connections[alias].execute_wrapper(timer))
        began = time.perf_counter()
        response = client.get(scenario.url)
        if scenario.streamed:
            assert isinstance(response, StreamingHttpResponse)
            for _chunk in response.streaming_content:
                pass
        elapsed = time.perf_counter() - began
    if response.status_code != 200:
        raise RuntimeError(f"{scenario.url} answered {response.status_code}")
    return Timed(
        ms=elapsed * 1000,
        sql_ms=sum(timer.seconds for timer in timers.values()) * 1000,
        queries=sum(timer.count for timer in timers.values()),
        database=REPLICA if replica is not None and timers[replica].count else PRIMARY,
    )


# Timed as served, without the development setting's query log. Set once for the whole run:
# changing DEBUG discards the compiled templates.
@override_settings(DEBUG=False)
def run(
    scenarios: list[Scenario],
    *,
    repeats: int,
    warmup: int,
    duckdb_folder: Path | None,
    say: Callable[[str], None],
    exported: dict[str, Any] | None = None,
) -> list[Result]:
    """Time every scenario; with ``duckdb_folder``, copy the floors' tables into DuckDB first
    and put how long that took, and how many rows, in ``exported``."""
    results = []
    duck = None
    if duckdb_folder is not None and any(s.floor for s in scenarios):
        duck = floors.DuckDB(duckdb_folder)
        say("Copying the tables the floors read into DuckDB …")
        duck.export()
        say(f"Copied in {duck.export_seconds:.1f} s.")
        if exported is not None:
            exported |= {"seconds": round(duck.export_seconds, 2), "rows": duck.rows}
    for scenario in scenarios:
        client = Client()
        client.force_login(scenario.user)
        result = Result(scenario.code, scenario.title)
        for attempt in range(warmup + repeats):
            timed = _timed(client, scenario)
            if attempt >= warmup:
                result.runs.append(timed.ms)
                result.sql.append(timed.sql_ms)
                result.queries = timed.queries
                result.database = timed.database
        result.calls = python_calls(client, scenario)
        if scenario.floor is not None:
            _floors(scenario, result, duck, repeats=repeats, warmup=warmup)
        on_replica = " on the replica" if result.database == REPLICA else ""
        say(
            f"{scenario.title}: median {result.median:.1f} ms, {result.queries} queries{on_replica}"
        )
        results.append(result)
    return results


def python_calls(client: Client, scenario: Scenario) -> int:
    """The Python function calls one request makes. Unlike its time, the count is the same on a
    busy machine as on a quiet one, so two versions of the code can be compared on it."""
    profile = cProfile.Profile()
    profile.enable()
    try:
        _timed(client, scenario)
    finally:
        profile.disable()
    return pstats.Stats(profile).total_calls  # type: ignore[attr-defined]  # set by pstats, not in typeshed


DUCKDB_THREADS = (1, None)  # as PostgreSQL runs a query (no parallel workers), and DuckDB's default


def _floors(
    scenario: Scenario, result: Result, duck: floors.DuckDB | None, *, repeats: int, warmup: int
) -> None:
    assert scenario.floor is not None and scenario.figures is not None, "a floor has figures"
    sql = scenario.floor()
    # On the database the page read from, so that the two are timed alike.
    alias = DEFAULT_DB_ALIAS
    if result.database == REPLICA and settings.READ_REPLICA is not None:
        alias = settings.READ_REPLICA
    expected = scenario.floor_figures(floors.run_on_database(sql, alias))
    result.matches, result.differences = comparable(scenario.figures(), expected)
    result.figures = len(expected)
    result.floors["sql"] = _repeat(lambda: floors.run_on_database(sql, alias), repeats, warmup)
    if duck is None:
        return
    for threads in DUCKDB_THREADS:
        con = duck.connect(threads)
        name = f"duckdb_{floors.DuckDB.threads(con)}t"
        duck_figures = scenario.floor_figures(duck.run(con, sql))
        same, differences = comparable(duck_figures, expected)
        result.matches = result.matches and same
        result.differences += [f"DuckDB {name}: {d}" for d in differences]
        result.floors[name] = _repeat(partial(duck.run, con, sql), repeats, warmup)
        con.close()


def _repeat(work: Callable[[], Any], repeats: int, warmup: int) -> list[float]:
    times = []
    for attempt in range(warmup + repeats):
        began = time.perf_counter()
        work()
        if attempt >= warmup:
            times.append((time.perf_counter() - began) * 1000)
    return times
