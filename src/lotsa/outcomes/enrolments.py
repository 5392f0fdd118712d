"""All enrolments for analysis: one CSV row per enrolment of the chosen units.

Who asks decides the form (the rules are set out for readers in docs/outcomes.md):

* Staff who may see the people of every unit in the export get the enrolments as recorded:
  unit, dates, birth year, under the installation's pseudonyms (the same in each of their
  exports). They see these people's records anyway.
* Everyone else, analysts above all, gets the **generalised** export, and so does every export
  for a linking study: no row stands out on what someone who knows a participant is likely to
  know (unit, sex and age), dates are months, and the pseudonyms are the export's own.

The generalised export, with ``k`` the small-cell limit:

1. Units with fewer than ``EXPORT_UNIT_MINIMUM`` enrolments in the export (and never fewer than
   ``k``) are merged into one group, "other units", without an organisation.
2. The birth year becomes the age band (the reports' bands) of the age reached in the year of
   referral; the referral, start and end dates become their months.
3. Rows are grouped by (unit group, sex, age band). A group of fewer than ``k`` people loses its
   age band; what is still fewer than ``k`` people per (unit group, sex) loses its sex as well;
   what is still fewer than ``k`` people per unit group is left out (and counted in the audit
   entry). Every combination of unit group, sex and age band in the file is therefore shared by
   at least ``k`` people; a field left empty was generalised away.
4. Enrolments get pseudonyms under a key drawn for this export alone and never stored, so no two
   exports can be linked; there is no participant column, so one person's enrolments cannot be
   linked within the export either. A registered linking study's exports instead carry the
   study's pseudonyms of both the enrolment and the participant, the same in each of its exports.
5. Rows come in random order, which tells nothing about dates within a month.

Participants who declined the use of their data for statistics are left out of both forms. The
figures needed for step 3 are read in at most four grouped queries before the rows, which are
then read in chunks: memory and query count stay flat however many enrolments there are.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, QuerySet, Value, When
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.errors import DomainError
from lotsa.outcomes.dimensions import AGE_BANDS
from lotsa.outcomes.scope import Scope, resolve_scope
from lotsa.pathways.models import Enrolment
from lotsa.people.identity import Sex
from lotsa.people.pseudonyms import Pseudonymiser
from lotsa.people.queries import declined_statistics

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

EXPORT_CHUNK = 2_000
OTHER_UNITS = gettext_lazy("Other units")

# The staff export: (column heading, value path); participants appear under pseudonyms only.
STAFF_COLUMNS = (
    (gettext_lazy("Enrolment"), "pk"),  # pseudonymised, like the participant
    (gettext_lazy("Pseudonym"), "participant_id"),
    (gettext_lazy("Organisation"), "unit__organisation__name"),
    (gettext_lazy("Unit"), "unit__name"),
    (gettext_lazy("Programme model"), "programme_model"),
    (gettext_lazy("Status"), "status"),
    (gettext_lazy("Phase"), "phase"),
    (gettext_lazy("Referral date"), "referral_date"),
    (gettext_lazy("Referred by"), "referral_source"),
    (gettext_lazy("Start date"), "start_date"),
    (gettext_lazy("End date"), "end_date"),
    (gettext_lazy("Exit reason"), "exit_reason"),
    (gettext_lazy("Outcome"), "outcome"),
    (gettext_lazy("Sex"), "participant__sex"),
    (gettext_lazy("Birth year"), "participant__birth_year"),
    (gettext_lazy("Situation at the start"), "baseline_employment_status"),
)

# The generalised export: (key, column heading); a study's adds the participant's pseudonym.
GENERALISED_COLUMNS = (
    ("enrolment", gettext_lazy("Enrolment")),
    ("organisation", gettext_lazy("Organisation")),
    ("unit", gettext_lazy("Unit")),
    ("programme_model", gettext_lazy("Programme model")),
    ("status", gettext_lazy("Status")),
    ("phase", gettext_lazy("Phase")),
    ("referral_month", gettext_lazy("Referral month")),
    ("referral_source", gettext_lazy("Referred by")),
    ("start_month", gettext_lazy("Start month")),
    ("end_month", gettext_lazy("End month")),
    ("exit_reason", gettext_lazy("Exit reason")),
    ("outcome", gettext_lazy("Outcome")),
    ("sex", gettext_lazy("Sex")),
    ("age_band", gettext_lazy("Age band")),
    ("baseline_employment_status", gettext_lazy("Situation at the start")),
)
PARTICIPANT_COLUMN = ("participant", gettext_lazy("Pseudonym"))
# The values the generalised export reads, in the order of its columns (the classes after them).
GENERALISED_PATHS = (
    "pk",
    "participant_id",
    "unit__organisation__name",
    "unit__name",
    "programme_model",
    "status",
    "phase",
    "referral_date",
    "referral_source",
    "start_date",
    "end_date",
    "exit_reason",
    "outcome",
    "participant__sex",
    "baseline_employment_status",
    "x_group",
    "x_code",
    "x_band",
)
SEXES = [value for value, _label in Sex.choices]


def generalised_columns(*, study: bool) -> list[tuple[str, Any]]:
    columns = list(GENERALISED_COLUMNS)
    if study:
        columns.insert(1, PARTICIPANT_COLUMN)
    return columns


def study_choices(user: Actor, params: dict[str, str]) -> list[tuple[str, str, bool]]:
    """The linking studies the user may export for, as (value, label, selected)."""
    chosen = params.get("study", "")
    return [(code, code, code == chosen) for code in access.linking_studies_for(user)]


def enrolments_for_export(
    user: Actor, params: dict[str, str]
) -> tuple[list[str], Iterator[list[Any]]]:
    """The heading and the rows of the export of all enrolments of the chosen units: as they are
    for staff who see the people, generalised for everyone else and for a linking study.
    Logged as an export of those units, before the first row is read."""
    code = params.get("study", "").strip()
    study_organisation = access.get_linking_study_for(user, code) if code else None
    scope = resolve_scope(user, params, None)
    if study_organisation is not None:
        _check_study_scope(user, scope, study_organisation)
        return _generalised(user, scope, Pseudonymiser.for_study(code), study=code)
    if scope.sees_people:
        return _as_recorded(user, scope)
    return _generalised(user, scope, Pseudonymiser.fresh(), study="")


def _check_study_scope(user: Actor, scope: Scope, organisation_id: int) -> None:
    allowed = access.unit_ids_for(user, access.Action.EXPORT_FOR_STUDY)
    if any(u.organisation_id != organisation_id or u.pk not in allowed for u in scope.units):
        raise DomainError(
            {
                "study": _(
                    "A study's export covers only units of the study's organisation where you "
                    "are a manager or an analyst: choose that organisation or one of them."
                )
            }
        )


def _enrolments(scope: Scope) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(unit_id__in=scope.unit_ids).exclude(declined_statistics())


def _as_recorded(user: Actor, scope: Scope) -> tuple[list[str], Iterator[list[Any]]]:
    """The staff export: every enrolment as recorded, under the installation's pseudonyms."""
    paths = [path for _heading, path in STAFF_COLUMNS]
    at = paths.index("participant_id")
    rows = _enrolments(scope).order_by("pk").values_list(*paths).iterator(chunk_size=EXPORT_CHUNK)
    record(
        AuditEvent.OUTCOMES_EXPORTED,
        actor=user,
        changes={"report": "enrolments", "format": "csv", "units": sorted(scope.unit_ids)},
    )
    pseudonym = Pseudonymiser.installation()

    def lines() -> Iterator[list[Any]]:
        for row in rows:
            line = list(row)
            line[0] = pseudonym(line[0], "enrolment")
            line[at] = pseudonym(line[at])
            yield line

    return [str(heading) for heading, _path in STAFF_COLUMNS], lines()


# ------------------------------------------------------------------ the generalised export


@dataclass(frozen=True)
class Generalisation:
    """Which rows lose what, by their classes (see ``_classified``): the (unit group, sex, age
    band) codes of fewer than k people, the (unit group, sex) pairs still of fewer than k among
    those, the unit groups still of fewer than k among those, and the rows these leave out."""

    without_age: frozenset[int]
    without_sex: frozenset[int]
    left_out_groups: frozenset[int]
    left_out: int


class Classes(TypedDict):
    x_age: int
    x_group: int
    x_sex: int
    x_band: int
    x_pair: int
    x_code: int


Classified: TypeAlias = "QuerySet[WithAnnotations[Enrolment, Classes]]"


def _classified(rows: QuerySet[Enrolment], merged: set[int]) -> Classified:
    """The rows with their classes as numbers: ``x_group`` the unit (0 for other units),
    ``x_pair`` the group and sex, ``x_code`` the group, sex and age band."""
    bands = [
        When(x_age__lte=oldest, then=Value(i)) for i, (_c, _n, _y, oldest) in enumerate(AGE_BANDS)
    ]
    merging = [When(unit_id__in=merged, then=Value(0))] if merged else []
    return rows.annotate(
        x_age=ExtractYear("referral_date") - F("participant__birth_year")
    ).annotate(
        x_group=Case(*merging, default=F("unit_id"), output_field=IntegerField()),
        x_sex=Case(
            *[When(participant__sex=sex, then=Value(i)) for i, sex in enumerate(SEXES)],
            default=Value(len(SEXES)),
            output_field=IntegerField(),
        ),
        x_band=Case(*bands, default=Value(len(AGE_BANDS) - 1), output_field=IntegerField()),
        x_pair=F("x_group") * 10 + F("x_sex"),
        x_code=F("x_pair") * 10 + F("x_band"),
    )


def _people(rows: Classified, key: str) -> dict[int, tuple[int, int]]:
    """{class: (people, rows)} of the rows by the class ``key``."""
    grouped = (
        rows.order_by()
        .values_list(key)
        .annotate(people=Count("participant_id", distinct=True), rows=Count("pk"))
    )
    return {value: (people, count) for value, people, count in grouped}


def _generalisation(rows: Classified, limit: int) -> Generalisation:
    by_code = _people(rows, "x_code")
    without_age = {code for code, (people, _n) in by_code.items() if people < limit}
    by_pair = _people(rows.filter(x_code__in=without_age), "x_pair") if without_age else {}
    small_pairs = {pair for pair, (people, _n) in by_pair.items() if people < limit}
    without_sex = {code for code in without_age if code // 10 in small_pairs}
    by_group = _people(rows.filter(x_code__in=without_sex), "x_group") if without_sex else {}
    left_out = {group for group, (people, _n) in by_group.items() if people < limit}
    return Generalisation(
        frozenset(without_age),
        frozenset(without_sex),
        frozenset(left_out),
        sum(count for group, (_p, count) in by_group.items() if group in left_out),
    )


def _month(day: datetime.date | None) -> str:
    return f"{day:%Y-%m}" if day else ""


def _generalised(
    user: Actor, scope: Scope, pseudonym: Pseudonymiser, *, study: str
) -> tuple[list[str], Iterator[list[Any]]]:
    limit = settings.SMALL_CELL_LIMIT
    minimum = max(settings.EXPORT_UNIT_MINIMUM, limit)
    enrolments = _enrolments(scope)
    sizes = dict(enrolments.order_by().values_list("unit_id").annotate(n=Count("pk")))
    merged = {unit for unit in scope.unit_ids if sizes.get(unit, 0) < minimum}
    classified = _classified(enrolments, merged)
    rule = _generalisation(classified, limit)
    # Random order: the order of registration would tell the day within a month.
    rows = (
        classified.order_by("?").values_list(*GENERALISED_PATHS).iterator(chunk_size=EXPORT_CHUNK)
    )
    record(
        AuditEvent.OUTCOMES_STUDY_EXPORTED if study else AuditEvent.OUTCOMES_EXPORTED,
        actor=user,
        changes={
            "report": "enrolments",
            "format": "csv",
            "units": sorted(scope.unit_ids),
            **({"study": study} if study else {}),
            "generalised": True,
            "left_out": rule.left_out,
        },
    )
    other_units = str(OTHER_UNITS)
    bands = [code for code, _name, _youngest, _oldest in AGE_BANDS]

    def lines() -> Iterator[list[Any]]:
        for row in rows:
            (pk, participant, organisation, unit, model, status, phase, referred, source, start,
             end, exit_reason, outcome, sex, baseline, group, code, band) = row  # fmt: skip
            if code in rule.without_sex:
                if group in rule.left_out_groups:
                    continue
                sex = ""
            if group == 0:
                organisation, unit = "", other_units
            line = [
                pseudonym(pk, "enrolment"),
                organisation,
                unit,
                model,
                status,
                phase,
                _month(referred),
                source,
                _month(start),
                _month(end),
                exit_reason,
                outcome,
                sex,
                "" if code in rule.without_age else bands[band],
                baseline,
            ]
            if study:
                line.insert(1, pseudonym(participant))
            yield line

    headings = [str(heading) for _key, heading in generalised_columns(study=bool(study))]
    return headings, lines()
