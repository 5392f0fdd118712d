"""The consent to statistics use: research exports and pseudonymous record lists leave out the
people who declined it, while the reports' counts stay complete; and a pseudonymous record list
does not say which unit a record belongs to, which could undo suppressed counts."""

from __future__ import annotations

from typing import Any

import pytest

from lotsa.organisations.models import Role
from lotsa.outcomes.tests.data import D, ips_quarter
from lotsa.people.models import Consent
from lotsa.people.pseudonyms import pseudonym
from lotsa.testing.factories import MembershipFactory
from lotsa.testing.spreadsheets import read_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def _statistics(enrolment: Any, coach: Any, *, withdrawn: bool) -> None:
    Consent.objects.create(
        participant=enrolment.participant,
        kind="statistics",
        given_to=enrolment.unit.organisation,
        given_on=D(2026, 5, 1),
        withdrawn_on=D(2026, 6, 1) if withdrawn else None,
        withdrawal_reason="Vill inte ingå i statistiken." if withdrawn else "",
        recorded_by=coach,
    )


def _exported(client: Any, unit: Any) -> set[str]:
    response = client.get(f"/outcomes/enrolments.csv?unit={unit.pk}")
    assert response.status_code == 200
    _header, *rows = read_csv(response.streaming_content)
    return {row[0] for row in rows}


def test_the_research_export_leaves_out_those_who_declined(personas: Any, client_for: Any) -> None:
    data = ips_quarter()
    _statistics(data.e1, data.coach, withdrawn=True)  # declined
    _statistics(data.e2, data.coach, withdrawn=False)  # agreed
    client = client_for(data.coach)
    exported = _exported(client, data.unit)
    assert pseudonym(data.e1.pk, "enrolment") not in exported
    assert pseudonym(data.e2.pk, "enrolment") in exported
    assert pseudonym(data.e3.pk, "enrolment") in exported  # never asked
    assert len(exported) == 6


def test_the_counts_stay_complete_and_only_pseudonymous_lists_leave_out_decliners(
    personas: Any, client_for: Any, api_for: Any
) -> None:
    data = ips_quarter()
    _statistics(data.e1, data.coach, withdrawn=True)
    MembershipFactory(user=personas.analyst, unit=data.unit, role=Role.ANALYST)
    query = f"quarter=2026Q3&unit={data.unit.pk}&metric=served&dimension=unit&group=total"
    for user in (data.coach, personas.analyst):
        page = client_for(user).get(f"/outcomes/ips/?quarter=2026Q3&unit={data.unit.pk}")
        assert page.context["view"].tables[0].row("served").cells[-1].value == 5
    staff = api_for(data.coach).get(f"/api/outcomes/ips/records?{query}").json()
    assert staff["count"] == 5
    assert data.e1.pk in {r["enrolment"] for r in staff["records"]}
    assert {r["unit"] for r in staff["records"]} == {data.unit.name}
    analyst = api_for(personas.analyst).get(f"/api/outcomes/ips/records?{query}").json()
    assert analyst["count"] == 4
    assert {r["unit"] for r in analyst["records"]} == {None}
    page = client_for(personas.analyst).get(f"/outcomes/ips/records/?{query}")
    assert len(page.context["lines"]) == 4
    listed = {line.enrolment.participant_id for line in page.context["lines"]}
    assert data.e2.participant_id in listed and data.e1.participant_id not in listed
    assert data.unit.name not in page.content.decode().split("<table")[1]
