"""The breakdowns of an outcome report: the groups (unit, sex, age band, referral source,
cohort) its figures are counted by, each computed by the database from the records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, F, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy

from lotsa.cohorts.models import Cohort, CohortMember
from lotsa.core.choices import choices_for_countries
from lotsa.organisations.models import Unit
from lotsa.outcomes import metrics as m
from lotsa.pathways.models import ReferralSource
from lotsa.people.identity import Sex

AGE_BANDS = (
    ("under_25", gettext_lazy("Under 25"), 0, 24),
    ("25_34", gettext_lazy("25–34"), 25, 34),
    ("35_44", gettext_lazy("35–44"), 35, 44),
    ("45_54", gettext_lazy("45–54"), 45, 54),
    ("55_plus", gettext_lazy("55 and over"), 55, 200),
)


def _age_band(prefix: str, ctx: m.Context) -> Any:
    """Age in whole years at the end of the period, from the birth year alone."""
    year = ctx.period.end.year
    birth = f"{prefix}participant__birth_year"
    return Case(
        *[
            When(
                **{f"{birth}__gte": year - oldest, f"{birth}__lte": year - youngest},
                then=Value(code),
            )
            for code, _name, youngest, oldest in AGE_BANDS
        ],
        default=Value("55_plus"),
    )


def _cohort(prefix: str, ctx: m.Context) -> Any:
    enrolment = OuterRef("pk") if not prefix else OuterRef("enrolment_id")
    first = CohortMember.objects.filter(enrolment=enrolment).order_by("joined_on", "id")
    return Coalesce(Subquery(first.values("cohort_id")[:1]), Value(0), output_field=IntegerField())


@dataclass(frozen=True)
class Dimension:
    code: str
    name: Any
    heading: Any
    key: Callable[[str, m.Context], Any]
    parse: Callable[[str], Any] = str
    # Groups that only ever add up (one per cohort, hundreds across units): a table shows those
    # with something counted, and says so in ``note``.
    counted_only: bool = False
    note: Any = ""


DIMENSIONS = {
    "unit": Dimension(
        "unit",
        gettext_lazy("Unit"),
        gettext_lazy("By unit"),
        lambda p, ctx: F(f"{p}unit_id"),
        int,
    ),
    "sex": Dimension(
        "sex",
        gettext_lazy("Sex"),
        gettext_lazy("By sex"),
        lambda p, ctx: F(f"{p}participant__sex"),
    ),
    "age_band": Dimension("age_band", gettext_lazy("Age"), gettext_lazy("By age"), _age_band),
    "referral_source": Dimension(
        "referral_source",
        gettext_lazy("Referred by"),
        gettext_lazy("By referral source"),
        lambda p, ctx: F(f"{p}referral_source"),
    ),
    "cohort": Dimension(
        "cohort",
        gettext_lazy("Cohort"),
        gettext_lazy("By cohort"),
        _cohort,
        int,
        counted_only=True,
        note=gettext_lazy(
            "The cohorts with someone counted in the period, each by the first cohort the "
            "participant joined; cohorts with nothing to count are left out."
        ),
    ),
}


def dimension_columns(dimension: str, ctx: m.Context, units: list[Unit]) -> list[tuple[Any, Any]]:
    """Every group of the dimension, in order, whether or not it has records."""
    if dimension == "unit":
        return [(unit.pk, unit.name) for unit in units]
    if dimension == "sex":
        return list(Sex.choices)
    if dimension == "age_band":
        return [(code, name) for code, name, _y, _o in AGE_BANDS]
    if dimension == "referral_source":
        # A Danish report has no column for Swedish agencies, nor a Swedish one for jobcentres.
        countries = {unit.organisation.country for unit in units}
        sources = choices_for_countries(ReferralSource.choices, countries)
        return [*sources, ("", gettext_lazy("Not recorded"))]
    cohorts = Cohort.objects.filter(unit__in=units, programme_code=ctx.programme.code).order_by(
        "starts_on", "name"
    )
    return [(c.pk, f"{c.name} ({c.unit.name})") for c in cohorts.select_related("unit")] + [
        (0, gettext_lazy("In no cohort"))
    ]
