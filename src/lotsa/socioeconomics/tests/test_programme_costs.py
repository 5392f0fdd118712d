"""A unit's programme cost: recorded and revised in versions, refused field by field, kept by
the unit's leaders, read by analysts, and found by the report."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lotsa.accounts.services import save_language
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import DomainError, Forbidden
from lotsa.socioeconomics.models import CostBasis, UnitProgrammeCost
from lotsa.socioeconomics.queries_costs import programme_cost_for
from lotsa.socioeconomics.services import CostDetails, record_programme_cost, revise_programme_cost
from lotsa.testing.factories import MembershipFactory

pytestmark = pytest.mark.django_db

FINSAM = {"staten_fk": Decimal("0.5"), "region": Decimal("0.25"), "kommun": Decimal("0.25")}


def budget(**overrides: object) -> CostDetails:
    values: dict[str, object] = {
        "basis": CostBasis.BUDGET_PER_PARTICIPANT,
        "split": FINSAM,
        "budget": Decimal(3_000_000),
        "volume": 40,
        "includes": "Personal, lokaler och 10 % overhead",
        "source": "Budgetbeslut 2025",
    }
    return CostDetails(**(values | overrides))  # type: ignore[arg-type]


def refusal(error: pytest.ExceptionInfo[DomainError]) -> set[str]:
    return set(error.value.errors)


def test_a_budget_gives_the_cost_per_participant_and_an_edit_keeps_the_earlier_version(
    personas,
) -> None:
    first = record_programme_cost(
        actor=personas.manager_a, unit=personas.unit_a, year=2025, details=budget()
    )
    assert (first.version, first.unit_cost, first.currency) == (1, Decimal("75000.00"), "SEK")
    second = revise_programme_cost(
        actor=personas.team_leader_a, cost=first, details=budget(volume=50)
    )
    assert (second.version, second.unit_cost) == (2, Decimal("60000.00"))
    assert second.changes == {"volume": ["40", "50"]}
    first.refresh_from_db()
    assert (first.volume, first.saved_by) == (40, personas.manager_a)
    assert second.saved_by == personas.team_leader_a
    entries = AuditEntry.objects.filter(event=AuditEvent.PROGRAMME_COST_SAVED).order_by("sequence")
    assert [e.changes["version"] for e in entries] == [1, 2]


@pytest.mark.parametrize(
    ("overrides", "year", "field"),
    [
        ({}, 1999, "year"),
        ({}, 2101, "year"),
        ({"budget": Decimal(-1)}, 2025, "budget"),
        ({"volume": 0}, 2025, "volume"),
        (
            {"basis": CostBasis.PER_PARTICIPANT, "cost_per_participant": Decimal(-5)},
            2025,
            "cost_per_participant",
        ),
        ({"split": {"kommun": Decimal("0.9")}}, 2025, "split"),
        ({"split": {"kommune": Decimal(1)}}, 2025, "split"),
        ({"split": {"kommun": Decimal("1.5"), "region": Decimal("-0.5")}}, 2025, "split.kommun"),
    ],
)
def test_a_cost_that_does_not_hold_is_refused_at_its_field(
    personas, overrides, year, field
) -> None:
    with pytest.raises(DomainError) as error:
        record_programme_cost(
            actor=personas.manager_a, unit=personas.unit_a, year=year, details=budget(**overrides)
        )
    assert field in refusal(error)
    assert not UnitProgrammeCost.objects.exists()


def test_a_second_cost_for_the_same_year_is_refused_and_a_stale_edit_too(personas) -> None:
    first = record_programme_cost(
        actor=personas.manager_a, unit=personas.unit_a, year=2025, details=budget()
    )
    with pytest.raises(DomainError) as error:
        record_programme_cost(
            actor=personas.manager_a, unit=personas.unit_a, year=2025, details=budget()
        )
    assert refusal(error) == {"year"}
    revise_programme_cost(actor=personas.manager_a, cost=first, details=budget(volume=30))
    with pytest.raises(DomainError) as error:
        revise_programme_cost(actor=personas.manager_a, cost=first, details=budget(volume=20))
    assert refusal(error) == {"version"}


def test_a_coach_may_not_record_a_cost_and_the_refusal_is_logged(personas) -> None:
    with pytest.raises(Forbidden):
        record_programme_cost(
            actor=personas.coach_a, unit=personas.unit_a, year=2025, details=budget()
        )
    assert AuditEntry.objects.filter(
        event=AuditEvent.ACCESS_DENIED, actor=personas.coach_a
    ).exists()


def test_the_form_shows_the_split_problem_at_the_shares(personas, client_for) -> None:
    client = client_for(personas.manager_a)
    response = client.post(
        reverse("socioeconomics:cost-create", args=[personas.unit_a.pk]),
        {
            "year": 2025,
            "basis": CostBasis.PER_PARTICIPANT,
            "cost_per_participant": "90000",
            "split.kommun": "0.5",
            "split.region": "0.25",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "split.kommun" in form.errors
    assert not UnitProgrammeCost.objects.exists()


def test_the_coordination_association_preset_fills_the_split(personas, client_for) -> None:
    client = client_for(personas.manager_a)
    response = client.post(
        reverse("socioeconomics:cost-create", args=[personas.unit_a.pk]),
        {
            "year": 2025,
            "basis": CostBasis.BUDGET_PER_PLACE_YEAR,
            "budget": "1200000",
            "volume": "10",
            "preset": "coordination_association",
        },
    )
    assert response.status_code == 302
    cost = UnitProgrammeCost.objects.get()
    assert cost.shares == FINSAM
    assert cost.unit_cost == Decimal("120000.00")


@pytest.mark.parametrize(
    ("persona", "list_status", "edit_status"),
    [
        ("manager_a", 200, 200),
        ("team_leader_a", 200, 200),
        ("coach_a", 403, 403),
        ("reviewer", 403, 403),
        ("coach_b", 403, 403),
        ("administrator", 403, 403),
    ],
)
def test_who_sees_and_edits_a_units_costs(
    personas, client_for, persona, list_status, edit_status
) -> None:
    cost = record_programme_cost(
        actor=personas.manager_a, unit=personas.unit_a, year=2025, details=budget()
    )
    client = client_for(getattr(personas, persona))
    before = AuditEntry.objects.filter(event=AuditEvent.ACCESS_DENIED).count()
    assert client.get(reverse("socioeconomics:costs", args=[personas.unit_a.pk])).status_code == (
        list_status
    )
    assert client.get(reverse("socioeconomics:cost", args=[cost.pk])).status_code == list_status
    assert client.get(reverse("socioeconomics:cost-edit", args=[cost.pk])).status_code == (
        edit_status
    )
    refused = AuditEntry.objects.filter(event=AuditEvent.ACCESS_DENIED).count() - before
    assert refused == (3 if list_status == 403 else 0)


def test_another_units_cost_is_not_found_and_the_attempt_is_logged(personas, client_for) -> None:
    cost = record_programme_cost(
        actor=personas.manager_a, unit=personas.unit_a, year=2025, details=budget()
    )
    # The analyst reads costs, of the administration's unit: unit A's is not theirs.
    client = client_for(personas.analyst)
    assert client.get(reverse("socioeconomics:cost", args=[cost.pk])).status_code == 404
    assert client.get(reverse("socioeconomics:costs", args=[personas.unit_a.pk])).status_code == 404
    denied = AuditEntry.objects.filter(event=AuditEvent.ACCESS_DENIED, actor=personas.analyst)
    assert {(e.object_type, e.object_id) for e in denied} == {
        ("socioeconomics.unitprogrammecost", str(cost.pk)),
        ("organisations.unit", str(personas.unit_a.pk)),
    }


def test_the_unit_list_reads_the_same_number_of_queries_at_one_and_many_years(
    personas, client_for
) -> None:
    client = client_for(personas.team_leader_a)
    url = reverse("socioeconomics:costs", args=[personas.unit_a.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    cost = record_programme_cost(
        actor=personas.manager_a, unit=personas.unit_a, year=2020, details=budget()
    )
    one = queries()
    revise_programme_cost(actor=personas.manager_a, cost=cost, details=budget(volume=41))
    for year in range(2021, 2026):
        record_programme_cost(
            actor=personas.manager_a, unit=personas.unit_a, year=year, details=budget()
        )
    assert queries() == one
    assert one <= 8
    page = client.get(url).content.decode()
    assert page.count(reverse("socioeconomics:cost", args=[cost.pk + 1])) == 1


def test_the_report_finds_a_units_cost_with_where_it_came_from(personas) -> None:
    cost = record_programme_cost(
        actor=personas.manager_a, unit=personas.unit_a, year=2025, details=budget()
    )
    cost = revise_programme_cost(actor=personas.manager_a, cost=cost, details=budget(volume=60))
    found = programme_cost_for([personas.unit_a.pk], 2025)
    assert found is not None
    assert found.cost.per_participant == Decimal("50000.00")
    assert found.cost.split == FINSAM
    assert found.records == ((cost.pk, 2),)
    assert "version 2" in found.description
    assert "Budgetbeslut 2025" in found.description
    assert programme_cost_for([personas.unit_a.pk], 2024) is None
    assert programme_cost_for([personas.unit_a.pk, personas.unit_b.pk], 2025) is None


def test_the_cost_of_several_units_is_weighted_by_the_participants_each_serves(personas) -> None:
    record_programme_cost(
        actor=personas.manager_a, unit=personas.unit_a, year=2025, details=budget()
    )
    staff_unit = personas.analyst.memberships.get().unit
    MembershipFactory(user=personas.manager_a, unit=staff_unit, role="manager")
    # A fresh user object: roles are read once per object (once per request).
    manager = type(personas.manager_a).objects.get(pk=personas.manager_a.pk)
    record_programme_cost(
        actor=manager,
        unit=staff_unit,
        year=2025,
        details=budget(budget=Decimal(600_000), volume=10, split={"kommun": Decimal(1)}),
    )
    found = programme_cost_for([personas.unit_a.pk, staff_unit.pk], 2025)
    assert found is not None
    # (75,000 × 40 + 60,000 × 10) / 50 participants
    assert found.cost.per_participant == Decimal("72000.00")
    # Of 3.6 million: FK pays 1.5, the region 0.75, the municipality 0.75 + 0.6.
    assert found.cost.split == {
        "staten_fk": Decimal("0.416667"),
        "region": Decimal("0.208333"),
        "kommun": Decimal("0.375000"),
    }
    assert sum(found.cost.split.values()) == 1


def test_the_pages_speak_swedish_and_danish(personas, client_for) -> None:
    cost = record_programme_cost(
        actor=personas.manager_a, unit=personas.unit_a, year=2025, details=budget()
    )
    client = client_for(personas.manager_a)
    page = client.get(reverse("socioeconomics:cost", args=[cost.pk])).content.decode()
    assert "Programkostnad 2025" in page
    assert "Fördelning per betalare" in page
    save_language(user=personas.manager_a, language="da")
    danish = client.get(reverse("socioeconomics:cost", args=[cost.pk])).content.decode()
    assert "Programomkostning 2025" in danish
    assert "Fordeling på betalere" in danish
