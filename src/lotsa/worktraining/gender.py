"""The gender statistics of a work-training unit for a year: what the four-step gender review
maps. Every figure is defined once here, with the text the page shows beside it, split by the
participant's recorded sex (by the staff member's, for staff), and read in one grouped query
per figure, whatever the number of people and work units.

Small counts are hidden for viewers who may not see the people behind them, by the rule and
limit of the outcome reports (``outcomes.tables.suppress``, ``SMALL_CELL_LIMIT``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import ExtractMonth
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.casework.models import Contact
from lotsa.cohorts.models import CohortMember
from lotsa.organisations.models import Membership, Unit
from lotsa.outcomes import metrics as m
from lotsa.outcomes.dimensions import DIMENSIONS
from lotsa.outcomes.periods import Period
from lotsa.outcomes.tables import TOTAL, Cell, Row, Table, suppress
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import Enrolment
from lotsa.people.identity import Sex
from lotsa.worktraining import codes
from lotsa.worktraining.models import ActivityOffer, OfferOutcome, WorkUnit
from lotsa.worktraining.queries.planning import year_period

# The columns: the participant's sex as recorded (anonymous participants too), staff alike;
# a staff member's blank sex is counted as not known.
SEXES: tuple[tuple[str, Any], ...] = (
    (Sex.FEMALE, pgettext_lazy("gender statistics column", "Women")),
    (Sex.MALE, pgettext_lazy("gender statistics column", "Men")),
    (Sex.UNKNOWN, pgettext_lazy("gender statistics column", "Sex not recorded")),
)
_SEX_KEYS = [key for key, _label in SEXES]


def _sex(value: str | None) -> str:
    return value if value in (Sex.FEMALE, Sex.MALE) else Sex.UNKNOWN


def _count_row(code: str, label: Any) -> m.Count:
    return m.Count(code, label, "", lambda ctx: Q())


def _mean_row(code: str, label: Any) -> m.Mean:
    return m.Mean(code, label, "", lambda ctx: Value(0), lambda ctx: Q())


@dataclass(frozen=True)
class Figure:
    code: str
    name: Any
    definition: Any
    table: Table


@dataclass(frozen=True)
class GenderStatistics:
    unit: Unit
    year: int
    figures: list[Figure]
    limit: int | None  # the small-cell limit, None for a viewer who may see the people

    @property
    def columns(self) -> list[tuple[Any, Any]]:
        return self.figures[0].table.columns if self.figures else []


def _table(lines: list[tuple[m.Metric, dict[str, int]]], limit: int | None) -> Table:
    """Count rows: one per line, a cell per sex and the total."""
    rows = []
    for metric, by_sex in lines:
        cells = [Cell(int(by_sex.get(key, 0))) for key in _SEX_KEYS]
        cells.append(Cell(sum(c.value for c in cells if isinstance(c.value, int))))
        rows.append(Row(metric, cells))
    return _finished(rows, limit)


def _finished(rows: list[Row], limit: int | None) -> Table:
    table = Table(
        DIMENSIONS["sex"],
        [*SEXES, (TOTAL, pgettext_lazy("outcome report column", "Total"))],
        rows,
        limit or 0,
    )
    if limit is not None:
        suppress(table, limit)
    return table


def _grouped(
    rows: Iterable[Mapping[str, Any]], key: str, sex: str, value: str
) -> dict[Any, dict[str, int]]:
    grouped: dict[Any, dict[str, int]] = {}
    for row in rows:
        by_sex = grouped.setdefault(row[key], {})
        column = _sex(row[sex])
        by_sex[column] = by_sex.get(column, 0) + int(row[value] or 0)
    return grouped


def _participants(
    unit: Unit, work_units: list[WorkUnit], period: Period, limit: int | None
) -> Table:
    members = (
        CohortMember.objects.filter(cohort__work_unit__unit=unit, joined_on__lte=period.end)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=period.start))
        .values("cohort__work_unit", "enrolment__participant__sex")
        .annotate(n=Count("enrolment__participant", distinct=True))
        .order_by()
    )
    grouped = _grouped(members, "cohort__work_unit", "enrolment__participant__sex", "n")
    return _table(
        [(_count_row(f"wu{w.pk}", w.name), grouped.get(w.pk, {})) for w in work_units], limit
    )


_OFFER_COUNTS: tuple[tuple[str, Any, Q], ...] = (
    ("presented", gettext_lazy("presented"), Q()),
    ("recommended", gettext_lazy("recommended"), Q(recommended=True)),
    ("chosen", gettext_lazy("chosen"), Q(outcome=OfferOutcome.CHOSEN)),
    ("themselves", gettext_lazy("chosen by the participant themselves"), Q(chose_themselves=True)),
    ("declined", gettext_lazy("declined"), Q(outcome=OfferOutcome.DECLINED)),
    ("pending", gettext_lazy("not decided yet"), Q(outcome=OfferOutcome.PENDING)),
)


def _offers_in(unit: Unit, period: Period) -> QuerySet[ActivityOffer]:
    return ActivityOffer.objects.filter(
        work_unit__unit=unit, offered_on__gte=period.start, offered_on__lte=period.end
    )


def _offers(unit: Unit, work_units: list[WorkUnit], period: Period, limit: int | None) -> Table:
    rows = list(
        _offers_in(unit, period)
        .values("work_unit", "enrolment__participant__sex")
        .annotate(**{code: Count("pk", filter=where) for code, _label, where in _OFFER_COUNTS})
        .order_by()
    )
    lines: list[tuple[m.Metric, dict[str, int]]] = []
    for work_unit in work_units:
        for code, label, _where in _OFFER_COUNTS:
            grouped = _grouped(
                (r for r in rows if r["work_unit"] == work_unit.pk),
                "work_unit",
                "enrolment__participant__sex",
                code,
            )
            lines.append(
                (
                    _count_row(f"wu{work_unit.pk}_{code}", f"{work_unit.name}: {label}"),
                    grouped.get(work_unit.pk, {}),
                )
            )
    return _table(lines, limit)


_PRESENTERS: tuple[tuple[str, Any], ...] = (
    (Sex.FEMALE, gettext_lazy("by a woman")),
    (Sex.MALE, gettext_lazy("by a man")),
    (Sex.UNKNOWN, gettext_lazy("by staff whose sex is not recorded")),
)


def _presenters(unit: Unit, period: Period, limit: int | None) -> Table:
    rows = list(
        _offers_in(unit, period)
        .values("offered_by__sex", "enrolment__participant__sex")
        .annotate(presented=Count("pk"), recommended=Count("pk", filter=Q(recommended=True)))
        .order_by()
    )
    for row in rows:
        row["offered_by__sex"] = _sex(row["offered_by__sex"])
    lines: list[tuple[m.Metric, dict[str, int]]] = []
    for value, verb in (
        ("presented", gettext_lazy("Presented")),
        ("recommended", gettext_lazy("Recommended")),
    ):
        grouped = _grouped(rows, "offered_by__sex", "enrolment__participant__sex", value)
        lines.extend(
            (_count_row(f"{value}_{sex}", f"{verb} {who}"), grouped.get(sex, {}))
            for sex, who in _PRESENTERS
        )
    return _table(lines, limit)


def _exits(unit: Unit, period: Period, limit: int | None) -> Table:
    programme = registry().get(codes.PROGRAMME)
    assert programme is not None
    rows = (
        Enrolment.objects.filter(
            unit=unit,
            programme_model=codes.PROGRAMME,
            end_date__gte=period.start,
            end_date__lte=period.end,
        )
        .values("exit_reason", "participant__sex")
        .annotate(n=Count("pk"))
        .order_by()
    )
    grouped = _grouped(rows, "exit_reason", "participant__sex", "n")
    return _table(
        [
            (_count_row(f"exit_{code}", reason.name), grouped.get(code, {}))
            for code, reason in programme.exit_reasons.items()
        ],
        limit,
    )


def _staff(unit: Unit, period: Period, limit: int | None) -> Table:
    rows = (
        Membership.objects.filter(unit=unit, starts_on__lte=period.end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=period.start))
        .values("title", "user__sex")
        .annotate(n=Count("user", distinct=True))
        .order_by("title")
    )
    grouped = _grouped(rows, "title", "user__sex", "n")
    return _table(
        [
            (_count_row(f"title_{i}", title or _("No title given")), by_sex)
            for i, (title, by_sex) in enumerate(sorted(grouped.items()))
        ],
        limit,
    )


def _contacts_in(unit: Unit, period: Period) -> QuerySet[Contact]:
    """The contacts recorded on the unit's KNUT-PV cases in the period."""
    return Contact.objects.filter(
        enrolment__unit=unit,
        enrolment__programme_model=codes.PROGRAMME,
        occurred_on__gte=period.start,
        occurred_on__lte=period.end,
    )


@dataclass
class _Time:
    """Minutes of contact and the participants with contacts, by sex, of one group of contacts."""

    minutes: dict[str, int] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)

    def add(self, row: Mapping[str, Any]) -> None:
        sex = _sex(row["enrolment__participant__sex"])
        self.minutes[sex] = self.minutes.get(sex, 0) + int(row["minutes"] or 0)
        # A participant has one recorded sex, so the sexes' participants add up to the total.
        self.people[sex] = self.people.get(sex, 0) + int(row["people"])

    def columns(self) -> list[tuple[int, int]]:
        """(minutes, participants) per sex and in total, in the table's column order."""
        by_sex = [(self.minutes.get(k, 0), self.people.get(k, 0)) for k in _SEX_KEYS]
        return [*by_sex, (sum(m for m, _n in by_sex), sum(n for _m, n in by_sex))]

    def per_participant(self) -> list[Cell]:
        return [
            Cell(_per(minutes, n), n=n, total=Decimal(minutes)) for minutes, n in self.columns()
        ]


_TIME_PER_GROUP = {
    "minutes": Sum("duration_minutes"),
    "people": Count("enrolment__participant", distinct=True),
}


def _supervisor_time(unit: Unit, period: Period, limit: int | None) -> Table:
    time = _Time()
    for row in (
        _contacts_in(unit, period)
        .values("enrolment__participant__sex")
        .annotate(**_TIME_PER_GROUP)
        .order_by()
    ):
        time.add(row)
    columns = time.columns()
    return _finished(
        [
            Row(
                _count_row("participants", gettext_lazy("Participants with contacts")),
                [Cell(n) for _minutes, n in columns],
            ),
            Row(
                _mean_row("minutes", gettext_lazy("Minutes of contact")),
                [Cell(minutes, n=n) for minutes, n in columns],
            ),
            Row(
                _mean_row("per_participant", gettext_lazy("Minutes per participant")),
                time.per_participant(),
            ),
        ],
        limit,
    )


def _supervisor_time_by_month(unit: Unit, period: Period, limit: int | None) -> Table:
    """Minutes per participant with contacts in each month of the period's year: the months
    are grouped in the one query, so it costs the same for a year of contacts as for one."""
    months = {month: _Time() for month in range(1, 13)}
    for row in (
        _contacts_in(unit, period)
        .annotate(month=ExtractMonth("occurred_on"))
        .values("month", "enrolment__participant__sex")
        .annotate(**_TIME_PER_GROUP)
        .order_by()
    ):
        months[int(row["month"])].add(row)
    return _finished(
        [
            Row(_mean_row(f"month_{month}", MONTHS[month]), time.per_participant())
            for month, time in months.items()
        ],
        limit,
    )


def _per(minutes: int, people: int) -> Decimal | None:
    if not people:
        return None
    return (Decimal(minutes) / people).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


_FIGURES: tuple[tuple[str, Any, Any, Callable[..., Table]], ...] = (
    (
        "participants",
        gettext_lazy("Participants per work unit"),
        gettext_lazy(
            "People who were members of the work unit's daily work group at some time in the "
            "year, by their recorded sex."
        ),
        lambda unit, work_units, period, limit: _participants(unit, work_units, period, limit),
    ),
    (
        "offers",
        gettext_lazy("Activities presented and chosen"),
        gettext_lazy(
            "Activities presented to participants in the year, by work unit: how many were "
            "recommended, chosen (and chosen by the participants themselves), declined or not "
            "decided yet, by the participant's sex."
        ),
        lambda unit, work_units, period, limit: _offers(unit, work_units, period, limit),
    ),
    (
        "presenters",
        gettext_lazy("Who presented the activities"),
        gettext_lazy(
            "Activities presented and recommended in the year, by the sex of the staff member "
            "who presented them (rows) and of the participant (columns)."
        ),
        lambda unit, work_units, period, limit: _presenters(unit, period, limit),
    ),
    (
        "exits",
        gettext_lazy("Exits by reason"),
        gettext_lazy(
            "KNUT-PV enrolments of the unit that ended in the year, by exit reason and the "
            "participant's sex."
        ),
        lambda unit, work_units, period, limit: _exits(unit, period, limit),
    ),
    (
        "staff",
        gettext_lazy("Staff by job title"),
        gettext_lazy(
            "Staff with a membership of the unit at some time in the year, by the job title of "
            "their membership and their sex."
        ),
        lambda unit, work_units, period, limit: _staff(unit, period, limit),
    ),
    (
        "supervisor_time",
        gettext_lazy("Supervisor time per woman and man"),
        gettext_lazy(
            "The minutes of the contacts recorded on the unit's KNUT-PV cases in the year, by "
            "the participant's sex, and the minutes per participant with any contact."
        ),
        lambda unit, work_units, period, limit: _supervisor_time(unit, period, limit),
    ),
    (
        "supervisor_time_by_month",
        gettext_lazy("Supervisor time per participant, month by month"),
        gettext_lazy(
            "For each month of the year: the minutes of the contacts recorded on the unit's "
            "KNUT-PV cases in the month, divided by the participants with any contact in the "
            "month, by the participant's sex. A month without contacts shows –."
        ),
        lambda unit, work_units, period, limit: _supervisor_time_by_month(unit, period, limit),
    ),
)


def gender_statistics_for(
    user: Actor, unit_id: object, year: int, *, exported_as: str = ""
) -> GenderStatistics:
    """The unit's gender statistics for the year, for a viewer who may see its outcome reports
    (403 for a role that sees none, 404 for another unit); counts below the small-cell limit are
    hidden unless the viewer may see the unit's participants. Audited as shown or exported."""
    access.require(user, access.Action.VIEW_OUTCOMES)
    unit = access.get_unit_for(user, unit_id, access.Action.VIEW_OUTCOMES)
    sees_people = unit.pk in access.unit_ids_for(user, access.Action.VIEW_PARTICIPANT)
    limit = None if sees_people else settings.SMALL_CELL_LIMIT
    period = year_period(year)
    work_units = list(WorkUnit.objects.filter(unit=unit))
    figures = [
        Figure(code, name, definition, build(unit, work_units, period, limit))
        for code, name, definition, build in _FIGURES
    ]
    record(
        AuditEvent.GENDER_STATISTICS_EXPORTED
        if exported_as
        else AuditEvent.GENDER_STATISTICS_VIEWED,
        actor=user,
        obj=unit,
        changes={"year": year, "suppressed": limit is not None}
        | ({"format": exported_as} if exported_as else {}),
    )
    return GenderStatistics(unit, year, figures, limit)


def as_rows(statistics: GenderStatistics) -> list[list[Any]]:
    """The statistics as spreadsheet rows: each figure's name and definition, its header and
    rows, as shown."""
    lines: list[list[Any]] = []
    for figure in statistics.figures:
        lines.append([str(figure.name)])
        lines.append([str(figure.definition)])
        lines.append(["", *(str(label) for _key, label in figure.table.columns)])
        lines.extend(
            [
                str(row.metric.name),
                *(
                    cell.text if cell.suppressed or cell.value is None else cell.value
                    for cell in row.cells
                ),
            ]
            for row in figure.table.rows
        )
        lines.append([])
    return lines
