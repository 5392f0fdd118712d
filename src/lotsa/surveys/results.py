"""Survey results, computed in the database for one instrument version, a set of units and a
period: response rates, the distribution of the answers to each item, the paired change from the
first wave under each survey ID, the instrument's indicators against their targets, trends by
half-year, and the response rates of rounds.

Every figure comes from a handful of grouped queries whatever the number of responses, and goes
through the small-cell suppression of the outcome reports (``outcomes.tables.suppress``, with
``SMALL_CELL_LIMIT``): a count below the limit is hidden, and so is one more count of a row where
the hidden one could be worked out from the total. Answers are pseudonymous, but the people who
work with a participant could still recognise a small group, so the suppression applies to every
viewer. Nothing here reads the key from a survey ID to its person.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lotsa.organisations.models import Unit
from lotsa.outcomes import metrics as m
from lotsa.outcomes.dimensions import DIMENSIONS, Dimension
from lotsa.outcomes.periods import Period
from lotsa.outcomes.tables import TOTAL, Cell, Row, Table, suppress
from lotsa.people.identity import Sex
from lotsa.surveys.instruments import (
    FREE_TEXT,
    STAFF_AUDIENCES,
    Indicator,
    Instrument,
    Item,
)
from lotsa.surveys.models import Answer, Response, SurveyId, SurveyRound

# Below this many answers a share moves by several percentage points with a single answer, so
# the page warns that the figures are uncertain even where they may be shown.
FEW_ANSWERS = 30
TOTAL_LABEL = pgettext_lazy("outcome report column", "Total")
ANSWERED = _("Answered")

DEFINITIONS: tuple[tuple[Any, Any], ...] = (
    (
        _("Response rate (survey IDs)"),
        _(
            "Of the survey IDs issued in the chosen units during the period (for this survey's "
            "programme), the share that have answered the wave with this version of the survey, "
            "whenever they answered. A later wave is counted against every ID issued, also those "
            "for whom it is not yet due, so its rate is a lower bound while people are still in "
            "the programme."
        ),
    ),
    (
        _("Response rate (rounds)"),
        _(
            "Responses to a round divided by the number asked, as entered when the round was "
            "made; rounds open at some time in the period."
        ),
    ),
    (
        _("Distribution"),
        _(
            "Responses answered in the period with this version of the survey, per wave: how many "
            "gave each answer, and their share of those who answered the question."
        ),
    ),
    (
        _("Paired change"),
        _(
            "Survey IDs that answered a question both at the first wave and at a later one (the "
            "later answer given in the period): the mean answer at each, the mean change, and "
            "how many answered higher, the same or lower on the scale. For yes/no questions, "
            "higher means a positive answer where there was none."
        ),
    ),
    (
        _("Indicator"),
        _(
            "The share of those who answered the question at the wave who gave a positive "
            "answer, against the target; met when the share reaches the target."
        ),
    ),
    (
        _("Suppression"),
        _(
            "Counts below %(limit)s are hidden, and so is one more count where the hidden one "
            "could be worked out from the total; shares and means of fewer than %(limit)s "
            "answers are not shown."
        ),
    ),
)


def anonymity_limit(instrument: Instrument) -> int:
    """The fewest answers a figure may rest on: the small-cell limit of every report, raised to
    the instrument's own group size for staff and steering-group surveys, whose results the
    unit's managers see only from that many answers up."""
    if instrument.audience in STAFF_AUDIENCES:
        return max(settings.SMALL_CELL_LIMIT, instrument.anonymous_below)
    return int(settings.SMALL_CELL_LIMIT)


def _unused_condition(ctx: m.Context) -> Q:
    """Survey figures are counted here, not by the outcome reports' queries."""
    return Q()


def _count(code: str, name: Any) -> m.Count:
    return m.Count(code, name, "", _unused_condition)


def _ratio(code: str, name: Any, numerator: str, denominator: str) -> m.Ratio:
    return m.Ratio(code, name, "", numerator, denominator)


def _dimension(code: str, name: Any) -> Dimension:
    return Dimension(code, name, name, lambda prefix, ctx: None)


ANSWER_DIMENSION = _dimension("answer", _("Answer"))


def wave_label(wave: str) -> str:
    """A wave as the instrument names it (T1, D90, EXIT); responses of a round have none."""
    return wave.replace("_", " ").upper() if wave else str(ANSWERED)


def _share(part: Cell, whole: int) -> Cell:
    """A count's share of the whole, hidden where the count is."""
    value = Decimal(_int(part)) * 100 / whole if whole and not part.suppressed else None
    return Cell(value, percent=True, suppressed=part.suppressed, limit=part.limit)


def _int(cell: Cell) -> int:
    assert isinstance(cell.value, int)
    return cell.value


def counted_row(metric: m.Metric, counts: list[int], total: int, limit: int) -> Row:
    """A row of counts and their total, suppressed as the outcome reports suppress theirs."""
    row = Row(metric, [Cell(count) for count in counts] + [Cell(total)])
    suppress(Table(ANSWER_DIMENSION, [], [row], limit), limit)
    return row


@dataclass
class ItemResult:
    """The distribution of one item's answers: a row of counts per wave (and the total who
    answered it) and a row of shares; for a ten-step scale the same by its three groups too."""

    item: Item
    table: Table
    groups: Table | None = None
    texts: list[str] = field(default_factory=list)
    texts_hidden: bool = False


@dataclass
class ChangeRow:
    item: Item
    n: Cell
    mean_before: Cell
    mean_after: Cell
    mean_change: Cell
    counts: list[Cell]  # higher, the same, lower


@dataclass
class PairedChange:
    before: str
    after: str
    rows: list[ChangeRow]

    @property
    def title(self) -> str:
        return f"{wave_label(self.before)} → {wave_label(self.after)}"


@dataclass
class IndicatorResult:
    indicator: Indicator
    n: int
    share: Cell
    limit: int

    @property
    def few(self) -> bool:
        return self.n < FEW_ANSWERS

    @property
    def wave(self) -> str:
        return wave_label(self.indicator.wave)

    @property
    def target_percent(self) -> Decimal:
        return self.indicator.target * 100

    @property
    def met(self) -> bool | None:
        """Whether the target is met; None where too few answered to say."""
        if self.share.suppressed or self.share.value is None:
            return None
        return Decimal(self.share.value) >= self.target_percent


@dataclass
class RoundResult:
    round: SurveyRound
    responses: int
    rate: Cell
    groups: list[tuple[str, Cell]]


@dataclass
class SurveyResults:
    instrument: Instrument
    period: Period
    units: list[Unit]
    limit: int
    responses: int
    rates: list[Table] = field(default_factory=list)
    items: list[ItemResult] = field(default_factory=list)
    changes: list[PairedChange] = field(default_factory=list)
    indicators: list[IndicatorResult] = field(default_factory=list)
    trend_columns: list[str] = field(default_factory=list)
    trend: list[tuple[str, list[Cell]]] = field(default_factory=list)
    rounds: list[RoundResult] = field(default_factory=list)
    scope_label: str = ""

    @property
    def few(self) -> bool:
        """Enough responses to show figures, but so few that they are uncertain."""
        return 0 < self.responses < FEW_ANSWERS

    @property
    def few_answers(self) -> int:
        return FEW_ANSWERS

    @property
    def too_few(self) -> bool:
        """A staff or steering-group survey with too few responses in all to show any answer
        without revealing who gave it: its managers see no answers at all."""
        return self.instrument.audience in STAFF_AUDIENCES and self.responses < self.limit

    @property
    def definitions(self) -> list[tuple[str, str]]:
        return [(str(term), str(text) % {"limit": self.limit}) for term, text in DEFINITIONS]


# ------------------------------------------------------------------ the queries


def responses_of(
    instrument: Instrument, unit_ids: Iterable[int], period: Period
) -> QuerySet[Response]:
    """The responses given in the period, in the units, with exactly this version."""
    return Response.objects.filter(
        instrument=instrument.code,
        version=instrument.version,
        unit_id__in=list(unit_ids),
        answered_on__range=(period.start, period.end),
    )


def half_year(field_name: str) -> Any:
    """The half-year of a date as year * 10 + 1 or 2, computed by the database."""
    return ExtractYear(field_name) * 10 + Case(
        When(**{f"{field_name}__month__lte": 6}, then=1),
        default=2,
        output_field=IntegerField(),
    )


def half_year_label(key: int) -> str:
    return f"{key // 10} H{key % 10}"


def _half_years(period: Period) -> list[int]:
    keys = []
    year, half = period.start.year, 1 if period.start.month <= 6 else 2
    last = period.end.year * 10 + (1 if period.end.month <= 6 else 2)
    while year * 10 + half <= last:
        keys.append(year * 10 + half)
        year, half = (year, 2) if half == 1 else (year + 1, 1)
    return keys


def survey_results(
    instrument: Instrument, units: list[Unit], period: Period, scope_label: str = ""
) -> SurveyResults:
    """Every figure of the results page for the instrument version, units and period."""
    unit_ids = [unit.pk for unit in units]
    limit = anonymity_limit(instrument)
    responses = responses_of(instrument, unit_ids, period)
    # (half-year, wave) -> responses
    counted: dict[tuple[int, str], int] = {
        (row["half"], row["wave"]): row["n"]
        for row in responses.annotate(half=half_year("answered_on"))
        .values("half", "wave")
        .annotate(n=Count("pk"))
        .order_by()
    }
    results = SurveyResults(instrument, period, units, limit, sum(counted.values()))
    results.scope_label = scope_label
    waves = list(instrument.waves) or [""]
    answers = _answer_counts(instrument, responses)
    results.items = _items(instrument, waves, answers, responses, limit, results.too_few)
    results.indicators = [_indicator(each, answers, limit) for each in instrument.indicators]
    results.trend_columns, results.trend = _trend(
        instrument, waves, period, counted, answers, limit
    )
    if instrument.audience == "participant":
        results.rates = _id_rates(instrument, units, period, limit)
        results.changes = _changes(instrument, responses, limit)
    else:
        results.rounds = _rounds(instrument, unit_ids, period, limit)
    return results


# (half-year, wave, item, value or choice) -> answers
AnswerCounts = dict[tuple[int, str, str, Any], int]


def _answer_counts(instrument: Instrument, responses: QuerySet[Response]) -> AnswerCounts:
    """How many gave each answer to each item at each wave in each half-year, in one query: the
    groups are scale values and combinations of choices, never single answers."""
    counted_items = [item.code for item in instrument.items if item.kind != FREE_TEXT]
    rows = (
        Answer.objects.filter(response__in=responses, item__in=counted_items)
        .annotate(half=half_year("response__answered_on"), wave=F("response__wave"))
        .values("half", "wave", "item", "value", "choices")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: AnswerCounts = defaultdict(int)
    for row in rows:
        picked = row["choices"] or []
        keys = [row["value"]] if not picked else list(picked)
        for key in keys:
            counts[(row["half"], row["wave"], row["item"], key)] += row["n"]
        # Who answered the item at all (a response that picked several choices counts once).
        counts[(row["half"], row["wave"], row["item"], TOTAL)] += row["n"]
    return counts


def _summed(answers: AnswerCounts, wave: str, item: str, key: Any) -> int:
    return sum(n for (_h, w, i, k), n in answers.items() if (w, i, k) == (wave, item, key))


# A column of a distribution: its key, its label and the stored answers it adds up.
AnswerColumn = tuple[Any, Any, tuple[Any, ...]]


def _answer_columns(item: Item) -> list[AnswerColumn]:
    if item.scale is not None:
        return [
            (value, label, (value,))
            for value, label in zip(item.scale.values, item.scale.labels, strict=True)
        ]
    return [(choice.code, choice.text, (choice.code,)) for choice in item.choices]


def _group_columns(item: Item) -> list[AnswerColumn]:
    """A ten-step scale's three groups (low, neutral, high), or none."""
    if item.scale is None:
        return []
    return [(i, group.name, group.values) for i, group in enumerate(item.scale.groups)]


def _distribution(
    item: Item, columns: list[AnswerColumn], waves: list[str], answers: AnswerCounts, limit: int
) -> Table:
    """Counts per wave (rows) and answer (columns), the total who answered, then the shares."""
    rows, shares = [], []
    for wave in waves:
        code = f"count_{wave}"
        values = [
            sum(_summed(answers, wave, item.code, stored) for stored in adds_up)
            for _key, _label, adds_up in columns
        ]
        total = _summed(answers, wave, item.code, TOTAL)
        row = counted_row(_count(code, wave_label(wave)), values, total, limit)
        rows.append(row)
        share_name = _("Share, %(wave)s") % {"wave": wave_label(wave)}
        whole = _int(row.cells[-1]) if not row.cells[-1].suppressed else 0
        shares.append(
            Row(
                _ratio(f"share_{wave}", share_name, code, code),
                [_share(cell, whole) for cell in row.cells],
            )
        )
    header = [(key, label) for key, label, _adds_up in columns]
    return Table(ANSWER_DIMENSION, [*header, (TOTAL, TOTAL_LABEL)], rows + shares, limit)


def _items(
    instrument: Instrument,
    waves: list[str],
    answers: AnswerCounts,
    responses: QuerySet[Response],
    limit: int,
    too_few: bool,
) -> list[ItemResult]:
    if too_few:
        return []
    texts = _texts(instrument, responses)
    results = []
    for item in instrument.items:
        if item.kind == FREE_TEXT:
            written = texts.get(item.code, [])
            shown = len(written) >= limit
            results.append(
                ItemResult(
                    item,
                    Table(ANSWER_DIMENSION, [], [], limit),
                    texts=sorted(written) if shown else [],
                    texts_hidden=bool(written) and not shown,
                )
            )
            continue
        table = _distribution(item, _answer_columns(item), waves, answers, limit)
        grouped = _group_columns(item)
        groups = _distribution(item, grouped, waves, answers, limit) if grouped else None
        results.append(ItemResult(item, table, groups))
    return results


def _texts(instrument: Instrument, responses: QuerySet[Response]) -> dict[str, list[str]]:
    """The free-text answers, without anything about who gave them or when."""
    codes = [item.code for item in instrument.items if item.kind == FREE_TEXT]
    found: dict[str, list[str]] = defaultdict(list)
    for item, text in (
        Answer.objects.filter(response__in=responses, item__in=codes)
        .exclude(text="")
        .values_list("item", "text")
    ):
        found[item].append(text)
    return found


def _indicator(indicator: Indicator, answers: AnswerCounts, limit: int) -> IndicatorResult:
    n = _summed(answers, indicator.wave, indicator.item, TOTAL)
    positive = sum(_summed(answers, indicator.wave, indicator.item, v) for v in indicator.positive)
    share = Cell(Decimal(positive) * 100 / n if n else None, n=n, percent=True, limit=limit)
    share.suppressed = n < limit
    return IndicatorResult(indicator, n, share, limit)


def _trend(
    instrument: Instrument,
    waves: list[str],
    period: Period,
    counted: dict[tuple[int, str], int],
    answers: AnswerCounts,
    limit: int,
) -> tuple[list[str], list[tuple[str, list[Cell]]]]:
    """Per half-year of the period: responses per wave and in all, then each indicator's share."""
    columns = [wave_label(wave) for wave in waves] + [str(TOTAL_LABEL)]
    columns += [str(indicator.name) for indicator in instrument.indicators]
    trend = []
    for half in _half_years(period):
        values = [counted.get((half, wave), 0) for wave in waves]
        row = counted_row(_count("responses", ""), values, sum(values), limit)
        cells = list(row.cells)
        for indicator in instrument.indicators:
            n = answers.get((half, indicator.wave, indicator.item, TOTAL), 0)
            positive = sum(
                answers.get((half, indicator.wave, indicator.item, v), 0)
                for v in indicator.positive
            )
            share = Cell(Decimal(positive) * 100 / n if n else None, n=n, percent=True)
            share.suppressed, share.limit = n < limit, limit
            cells.append(share)
        trend.append((half_year_label(half), cells))
    return columns, trend


def _id_rates(instrument: Instrument, units: list[Unit], period: Period, limit: int) -> list[Table]:
    """Response rates per wave of the survey IDs issued in the period, by unit and by sex, from
    one grouped query over the IDs (never their key)."""
    of_version = Q(responses__instrument=instrument.code, responses__version=instrument.version)
    ids = SurveyId.objects.filter(unit__in=units, issued_on__range=(period.start, period.end))
    if instrument.programmes:
        ids = ids.filter(programme__in=instrument.programmes)
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in ids.values("unit_id", "sex")
        .annotate(
            ids=Count("pk", distinct=True),
            **{
                f"w_{wave}": Count("responses", filter=of_version & Q(responses__wave=wave))
                for wave in instrument.waves
            },
        )
        .order_by()
    ]
    by_unit = _rate_table(
        DIMENSIONS["unit"], [(unit.pk, unit.name) for unit in units], "unit_id", rows, instrument
    )
    by_sex = _rate_table(DIMENSIONS["sex"], list(Sex.choices), "sex", rows, instrument)
    for table in (by_unit, by_sex):
        suppress(table, limit)
    return [by_unit, by_sex]


def _rate_table(
    dimension: Dimension,
    columns: list[tuple[Any, Any]],
    key: str,
    rows: list[dict[str, Any]],
    instrument: Instrument,
) -> Table:
    def totals(name: str) -> list[Cell]:
        per_group = [
            sum(row[name] for row in rows if row[key] == group) for group, _label in columns
        ]
        return [Cell(value) for value in per_group] + [Cell(sum(per_group))]

    issued = Row(_count("ids", _("Survey IDs issued")), totals("ids"))
    table_rows = [issued]
    for wave in instrument.waves:
        answered = Row(
            _count(f"w_{wave}", _("Answered %(wave)s") % {"wave": wave_label(wave)}),
            totals(f"w_{wave}"),
        )
        rate = Row(
            _ratio(
                f"rate_{wave}",
                _("Response rate %(wave)s") % {"wave": wave_label(wave)},
                f"w_{wave}",
                "ids",
            ),
            [
                Cell(Decimal(_int(a)) * 100 / _int(i) if _int(i) else None, percent=True)
                for a, i in zip(answered.cells, issued.cells, strict=True)
            ],
        )
        table_rows += [answered, rate]
    return Table(dimension, [*columns, (TOTAL, TOTAL_LABEL)], table_rows, 0)


def _changes(
    instrument: Instrument, responses: QuerySet[Response], limit: int
) -> list[PairedChange]:
    """The paired change of each scale item from the first wave to each later one, under the
    same survey ID: one grouped query by (later wave, item, answer before, answer after)."""
    if len(instrument.waves) < 2:
        return []
    first = instrument.waves[0]
    scale_items = [item for item in instrument.items if item.scale is not None]
    before = Answer.objects.filter(
        response__survey_id=OuterRef("response__survey_id"),
        response__instrument=instrument.code,
        response__version=instrument.version,
        response__wave=first,
        item=OuterRef("item"),
    ).values("value")[:1]
    pairs: dict[tuple[str, str], dict[tuple[int, int], int]] = defaultdict(dict)
    for row in (
        Answer.objects.filter(
            response__in=responses.exclude(wave=first).filter(survey_id__isnull=False),
            item__in=[item.code for item in scale_items],
            value__isnull=False,
        )
        .annotate(before=Subquery(before))
        .filter(before__isnull=False)
        .values("item", "before", "value", wave=F("response__wave"))
        .annotate(n=Count("pk"))
        .order_by()
    ):
        before_and_after = (int(row["before"]), int(row["value"] or 0))
        pairs[(row["wave"], row["item"])][before_and_after] = row["n"]
    return [
        PairedChange(
            first,
            later,
            [_change_row(item, pairs.get((later, item.code), {}), limit) for item in scale_items],
        )
        for later in instrument.waves[1:]
    ]


def _ordinal(item: Item) -> bool:
    """A scale whose positive answers are its highest values reads higher as better; a yes/no
    scale (yes is 1) does not, and changes there are read as into or out of a positive answer."""
    assert item.scale is not None
    return max(item.scale.positive) == len(item.scale.labels)


def _mean(total: int, n: int, limit: int) -> Cell:
    cell = Cell(Decimal(total) / n if n else None, n=n, limit=limit)
    cell.suppressed = n < limit
    return cell


def _change_row(item: Item, pairs: dict[tuple[int, int], int], limit: int) -> ChangeRow:
    assert item.scale is not None
    positive = item.scale.positive
    n = sum(pairs.values())
    higher = same = lower = 0
    for (before, after), count in pairs.items():
        if _ordinal(item):
            step = (after > before) - (after < before)
        else:
            step = (after in positive) - (before in positive)
        if step > 0:
            higher += count
        elif step < 0:
            lower += count
        else:
            same += count
    sum_before = sum(before * count for (before, _a), count in pairs.items())
    sum_after = sum(after * count for (_b, after), count in pairs.items())
    ordinal = _ordinal(item)
    row = counted_row(_count("change", item.code), [higher, same, lower], n, limit)
    return ChangeRow(
        item,
        row.cells[-1],
        _mean(sum_before, n if ordinal else 0, limit),
        _mean(sum_after, n if ordinal else 0, limit),
        _mean(sum_after - sum_before, n if ordinal else 0, limit),
        row.cells[:-1],
    )


def _rounds(
    instrument: Instrument, unit_ids: list[int], period: Period, limit: int
) -> list[RoundResult]:
    """The rounds of this version open at some time in the period, with their response counts
    and rates, and the responses per respondent group (suppressed below the limit)."""
    rounds = list(
        SurveyRound.objects.filter(
            unit_id__in=unit_ids,
            instrument=instrument.code,
            version=instrument.version,
            opens_on__lte=period.end,
            closes_on__gte=period.start,
        )
        .select_related("unit")
        .order_by("opens_on", "pk")
    )
    by_group: dict[int, dict[str, int]] = defaultdict(dict)
    for round_id, group, n in (
        Response.objects.filter(round__in=rounds, version=instrument.version)
        .values("round_id", "respondent_group")
        .annotate(n=Count("pk"))
        .values_list("round_id", "respondent_group", "n")
        .order_by()
    ):
        by_group[round_id][group] = n
    results = []
    for survey_round in rounds:
        groups = by_group.get(survey_round.pk, {})
        names = sorted(groups)
        responses = sum(groups.values())
        row = counted_row(_count("groups", ""), [groups[g] for g in names], responses, limit)
        rate = Cell(
            Decimal(responses) * 100 / survey_round.invited if survey_round.invited else None,
            percent=True,
        )
        labels = [_group_name(instrument, code) for code in names]
        results.append(
            RoundResult(
                survey_round, responses, rate, list(zip(labels, row.cells[:-1], strict=True))
            )
        )
    return results


def _group_name(instrument: Instrument, code: str) -> str:
    group = next((each for each in instrument.respondent_groups if each.code == code), None)
    if group is not None:
        return str(group.name)
    return code or str(_("No group given"))


def period_label(period: Period) -> str:
    return f"{period.start.isoformat()} – {period.end.isoformat()}"


def default_period(today: datetime.date) -> Period:
    """From the first day of last year to today: two half-years and the current one."""
    return Period(datetime.date(today.year - 1, 1, 1), today)
