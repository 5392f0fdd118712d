"""The export of all enrolments for viewers who may not see the people: generalised so that no
row stands out on unit, sex and age, dated by month, under pseudonyms that no other export
shares unless a registered linking study needs them linked."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.organisations.models import Role
from lotsa.outcomes import enrolments
from lotsa.outcomes.tests.data import D, enrolment
from lotsa.people import pseudonyms
from lotsa.testing.factories import (
    EnrolmentFactory,
    MembershipFactory,
    OrganisationFactory,
    UnitFactory,
    UserFactory,
)
from lotsa.testing.queries import statements
from lotsa.testing.spreadsheets import read_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

# Born so that the age in the year of referral (2026) falls in each of the reports' bands.
BORN = {"under_25": 2005, "25_34": 1995, "35_44": 1986, "45_54": 1976, "55_plus": 1966}
SHAPE = re.compile(r"E-[A-Z2-7]{20}")


@dataclass
class Thirty:
    organisation: Any
    big: Any  # 21 enrolments: kept as a unit of its own
    mid: Any  # 6: merged into "other units"
    small: Any  # 3: merged too
    analyst: Any
    twice: Any  # the participant enrolled twice at the big unit


def _add(unit: Any, sex: str, band: str, count: int, serial: list[int]) -> list[Any]:
    made = []
    for _n in range(count):
        serial[0] += 1
        day = D(2026, 1 + serial[0] % 12, 1 + serial[0] % 27)
        made.append(
            enrolment(
                unit,
                sex=sex,
                born=BORN[band],
                referred=day,
                start_date=day,
                end_date=D(2026, 12, 1 + serial[0] % 27),
                status="exited",
                phase="closed",
            )
        )
    return made


@pytest.fixture
def thirty(settings: Any) -> Thirty:
    """30 enrolments in three units of one organisation, for the limit 5 and a unit minimum of
    10 enrolments:

    big unit   9 female 25–34                          shown as they are
               5 male 35–44, by 4 people (one twice)    fewer than 5 people: sex and age hidden
               3 female 45–54, 2 female 55+            age hidden: 5 women together
               2 sex not known, under 25               sex and age hidden, with the 4 men
    other      5 female 35–44 (3 mid, 2 small)          shown as they are, under "other units"
               2 male 45–54, 1 male under 25 (mid),    4 people even with sex and age hidden:
               1 female 55+ (small)                    left out
    """
    settings.SMALL_CELL_LIMIT = 5
    settings.EXPORT_UNIT_MINIMUM = 10
    organisation = OrganisationFactory(name="Storby kommun")
    big = UnitFactory(organisation=organisation, name="IPS Storby")
    mid = UnitFactory(organisation=organisation, name="IPS Mellanby")
    small = UnitFactory(organisation=organisation, name="IPS Lillby")
    serial = [0]
    _add(big, "female", "25_34", 9, serial)
    men = _add(big, "male", "35_44", 4, serial)
    again = EnrolmentFactory(
        unit=big,
        participant=men[0].participant,
        referral_date=D(2026, 11, 3),
        start_date=D(2026, 11, 4),
        phase_since=D(2026, 11, 4),
    )
    _add(big, "female", "45_54", 3, serial)
    _add(big, "female", "55_plus", 2, serial)
    _add(big, "unknown", "under_25", 2, serial)
    _add(mid, "female", "35_44", 3, serial)
    _add(small, "female", "35_44", 2, serial)
    _add(mid, "male", "45_54", 2, serial)
    _add(mid, "male", "under_25", 1, serial)
    _add(small, "female", "55_plus", 1, serial)
    analyst = UserFactory(username="analyst_storby")
    for unit in (big, mid, small):
        MembershipFactory(user=analyst, unit=unit, role=Role.ANALYST)
    return Thirty(organisation, big, mid, small, analyst, again.participant)


def _export(client: Any, query: str) -> tuple[list[str], list[dict[str, str]]]:
    response = client.get(f"/outcomes/enrolments.csv?{query}")
    assert response.status_code == 200, response.content
    header, *rows = read_csv(response.streaming_content)
    return header, rows


def _records(client: Any, query: str, *, study: bool = False) -> list[dict[str, str]]:
    header, rows = _export(client, query)
    keys = [key for key, _heading in enrolments.generalised_columns(study=study)]
    assert len(header) == len(keys)
    return [dict(zip(keys, row, strict=True)) for row in rows]


def _quasi(record: dict[str, str]) -> tuple[str, str, str, str]:
    return (record["organisation"], record["unit"], record["sex"], record["age_band"])


def test_no_row_stands_out_on_unit_sex_and_age(thirty: Thirty, client_for: Any) -> None:
    records = _records(client_for(thirty.analyst), f"organisation={thirty.organisation.pk}")
    assert len(records) == 26  # four left out
    classes = Counter(_quasi(record) for record in records)
    assert min(classes.values()) >= 5, classes
    logged = AuditEntry.objects.filter(event="outcomes.export", actor=thirty.analyst).last()
    assert logged.changes == {
        "report": "enrolments",
        "format": "csv",
        "units": sorted([thirty.big.pk, thirty.mid.pk, thirty.small.pk]),
        "generalised": True,
        "left_out": 4,
    }


def test_small_units_are_merged_and_rare_combinations_generalised_step_by_step(
    thirty: Thirty, client_for: Any
) -> None:
    records = _records(client_for(thirty.analyst), f"organisation={thirty.organisation.pk}")
    with translation.override("sv"):  # the file is in the page's language
        other = str(enrolments.OTHER_UNITS)
    classes = Counter(_quasi(record) for record in records)
    assert classes == {
        ("Storby kommun", "IPS Storby", "female", "25_34"): 9,
        ("Storby kommun", "IPS Storby", "female", ""): 5,
        ("Storby kommun", "IPS Storby", "", ""): 7,
        ("", other, "female", "35_44"): 5,
    }
    text = repr(records)
    assert "IPS Mellanby" not in text and "IPS Lillby" not in text


def test_dates_are_months_and_birth_years_age_bands(thirty: Thirty, client_for: Any) -> None:
    client = client_for(thirty.analyst)
    header, rows = _export(client, f"organisation={thirty.organisation.pk}")
    text = "\n".join(",".join(row) for row in rows)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
    assert not any(str(born) in text for born in BORN.values())
    records = _records(client, f"organisation={thirty.organisation.pk}")
    for record in records:
        assert re.fullmatch(r"2026-\d{2}", record["referral_month"])
        assert re.fullmatch(r"2026-\d{2}", record["start_month"])
        assert record["age_band"] in ("", *BORN)


def test_two_exports_cannot_be_linked(thirty: Thirty, client_for: Any) -> None:
    client = client_for(thirty.analyst)
    query = f"organisation={thirty.organisation.pk}"
    first = {record["enrolment"] for record in _records(client, query)}
    second = {record["enrolment"] for record in _records(client, query)}
    assert len(first) == len(second) == 26
    assert all(SHAPE.fullmatch(code) for code in first | second)
    assert not first & second
    stable = {pseudonyms.pseudonym(e.pk, "enrolment") for e in thirty.big.enrolments.all()}
    assert not stable & (first | second)


def test_staff_who_see_the_people_keep_their_export(thirty: Thirty, client_for: Any) -> None:
    manager = UserFactory()
    MembershipFactory(user=manager, unit=thirty.big, role=Role.MANAGER)
    header, rows = _export(client_for(manager), f"unit={thirty.big.pk}")
    assert len(rows) == 21
    by_pseudonym = {row[0]: row for row in rows}
    again = thirty.twice.enrolments.order_by("pk").last()
    row = by_pseudonym[pseudonyms.pseudonym(again.pk, "enrolment")]
    assert row[1] == pseudonyms.pseudonym(thirty.twice.pk)
    assert "2026-11-03" in row and str(thirty.twice.birth_year) in row


def test_the_export_costs_the_same_queries_whatever_its_size(
    thirty: Thirty, client_for: Any
) -> None:
    client = client_for(thirty.analyst)
    query = f"organisation={thirty.organisation.pk}"

    def cost() -> int:
        with CaptureQueriesContext(connection) as captured:
            _export(client, query)
        return statements(captured)

    before = cost()
    serial = [100]
    for unit in (thirty.big, thirty.mid):
        _add(unit, "male", "45_54", 6, serial)
    assert cost() == before


# ------------------------------------------------------------------ linking studies


@pytest.fixture
def study(thirty: Thirty, settings: Any) -> str:
    settings.LINKING_STUDIES = {"ips-uppfoljning": thirty.organisation.pk}
    return "ips-uppfoljning"


def test_a_linking_study_gets_the_same_pseudonyms_in_every_export(
    thirty: Thirty, study: str, client_for: Any
) -> None:
    client = client_for(thirty.analyst)
    query = f"organisation={thirty.organisation.pk}&study={study}"
    first = _records(client, query, study=True)
    second = _records(client, query, study=True)
    assert {r["enrolment"] for r in first} == {r["enrolment"] for r in second}
    people = Counter(record["participant"] for record in first)
    assert people.most_common(1)[0][1] == 2  # the person enrolled twice, linked
    # and generalised as any other export
    assert min(Counter(_quasi(record) for record in first).values()) >= 5
    assert not {r["enrolment"] for r in first} & {
        r["enrolment"] for r in _records(client, f"organisation={thirty.organisation.pk}")
    }
    logged = AuditEntry.objects.filter(event=AuditEvent.OUTCOMES_STUDY_EXPORTED).last()
    assert logged.actor == thirty.analyst
    assert logged.changes["study"] == study and logged.changes["left_out"] == 4


def test_staff_who_see_the_people_get_a_generalised_export_for_a_study(
    thirty: Thirty, study: str, client_for: Any
) -> None:
    manager = UserFactory()
    for unit in (thirty.big, thirty.mid, thirty.small):
        MembershipFactory(user=manager, unit=unit, role=Role.MANAGER)
    query = f"organisation={thirty.organisation.pk}&study={study}"
    records = _records(client_for(manager), query, study=True)
    assert len(records) == 26


def test_a_study_is_refused_to_whom_it_is_not_for(
    thirty: Thirty, study: str, client_for: Any, personas: Any
) -> None:
    coach = UserFactory()
    MembershipFactory(user=coach, unit=thirty.big, role=Role.COACH)
    elsewhere = UserFactory()
    MembershipFactory(user=elsewhere, unit=UnitFactory(), role=Role.ANALYST)
    for user, code in (
        (thirty.analyst, "no-such-study"),
        (coach, study),  # a coach's role does not export for studies
        (elsewhere, study),  # another organisation's study
    ):
        response = client_for(user).get(f"/outcomes/enrolments.csv?study={code}")
        assert response.status_code == 404, user
        assert AuditEntry.objects.filter(event="access.denied", actor=user).exists()
    assert not AuditEntry.objects.filter(event=AuditEvent.OUTCOMES_STUDY_EXPORTED).exists()


def test_a_study_covers_only_its_organisations_units(
    thirty: Thirty, study: str, client_for: Any
) -> None:
    MembershipFactory(user=thirty.analyst, unit=UnitFactory(), role=Role.ANALYST)
    response = client_for(thirty.analyst).get(f"/outcomes/enrolments.csv?study={study}")
    assert response.status_code == 400
    assert "study" in response.context["errors"]
    page = client_for(thirty.analyst).get("/outcomes/")
    assert f'<option value="{study}">' in page.content.decode()
