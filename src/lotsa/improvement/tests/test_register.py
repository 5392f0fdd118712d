from __future__ import annotations

import datetime
from typing import Any

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import DomainError, Forbidden
from lotsa.improvement import queries
from lotsa.improvement.models import (
    Improvement,
    ImprovementStatus,
    Level,
    Quadrant,
    Source,
    quadrant_of,
)
from lotsa.improvement.services import record_visit, update_improvement
from lotsa.testing.queries import page_queries

pytestmark = pytest.mark.django_db


def saved_entries(improvement: Improvement) -> list[dict[str, Any]]:
    return [
        entry.changes
        for entry in AuditEntry.objects.filter(
            event=AuditEvent.IMPROVEMENT_SAVED, object_id=str(improvement.pk)
        ).order_by("sequence")
    ]


@pytest.mark.parametrize(
    ("impact", "effort", "quadrant"),
    [
        (Level.HIGH, Level.LOW, Quadrant.LOW_HANGING_FRUIT),
        (Level.HIGH, Level.HIGH, Quadrant.MAJOR_PROJECT),
        (Level.LOW, Level.LOW, Quadrant.QUICK_FIX),
        (Level.LOW, Level.HIGH, Quadrant.QUESTIONABLE),
        ("", Level.LOW, Quadrant.NOT_ASSESSED),
        (Level.HIGH, "", Quadrant.NOT_ASSESSED),
    ],
)
def test_impact_and_effort_place_an_improvement_in_the_matrix(
    personas, propose, impact, effort, quadrant
) -> None:
    improvement = propose(impact=impact, effort=effort)
    assert improvement.quadrant == quadrant == quadrant_of(impact, effort)
    assert queries.matrix_for(personas.unit_a)[quadrant] == [improvement]
    filtered = queries.register_for(personas.unit_a, queries.RegisterFilter(quadrant=quadrant))
    assert [i.pk for i in filtered] == [improvement.pk]


def test_closed_improvements_leave_the_matrix_but_stay_in_the_register(personas, propose) -> None:
    done = propose(status=ImprovementStatus.DONE)
    open_one = propose()
    assert queries.matrix_for(personas.unit_a)[Quadrant.LOW_HANGING_FRUIT] == [open_one]
    assert {i.pk for i in queries.register_for(personas.unit_a)} == {done.pk, open_one.pk}


def test_a_coach_proposes_and_may_own_but_not_decide(personas, propose) -> None:
    improvement = propose(
        actor=personas.coach_a, status=ImprovementStatus.DONE, owner=personas.coach_a
    )
    assert improvement.status == ImprovementStatus.PROPOSED
    assert improvement.owner == personas.coach_a
    assert improvement.proposed_by == personas.coach_a
    assert saved_entries(improvement) == [
        {"created": True, "status": "proposed", "impact": "high", "effort": "low",
         "owner": personas.coach_a.pk}
    ]  # fmt: skip
    with pytest.raises(DomainError) as error:
        propose(actor=personas.coach_a, owner=personas.colleague_a)
    assert set(error.value.errors) == {"owner"}


def test_the_team_leader_names_any_of_the_units_staff_as_owner(personas, propose) -> None:
    assert propose(owner=personas.colleague_a).owner == personas.colleague_a
    with pytest.raises(DomainError) as error:
        propose(owner=personas.coach_b)
    assert set(error.value.errors) == {"owner"}


def test_outside_the_mandate_someone_else_decides(personas, propose) -> None:
    with pytest.raises(DomainError) as error:
        propose(within_mandate=False, decided_by=" ")
    assert set(error.value.errors) == {"decided_by"}
    improvement = propose(within_mandate=False, decided_by="The psychiatric clinic's head")
    assert improvement.decided_by == "The psychiatric clinic's head"


def test_a_benchmarking_source_names_a_visit_of_the_unit(personas, propose) -> None:
    with pytest.raises(DomainError) as error:
        propose(source=Source.BENCHMARKING)
    assert set(error.value.errors) == {"benchmarking_visit"}
    visit = record_visit(
        actor=personas.team_leader_a,
        unit=personas.unit_a,
        we_visited=True,
        visited_on=datetime.date(2025, 3, 14),
        topic="Cover between coaches",
        partner_name="IPS Storstad",
    )
    improvement = propose(source=Source.BENCHMARKING, benchmarking_visit=visit)
    assert improvement.benchmarking_visit == visit
    assert [i.pk for i in queries.visits_for(personas.unit_a)[0].improvements.all()] == [
        improvement.pk
    ]


def test_fidelity_recommendations_are_not_typed_in_by_hand(propose) -> None:
    with pytest.raises(DomainError) as error:
        propose(source=Source.FIDELITY)
    assert set(error.value.errors) == {"source"}


def test_another_units_staff_may_not_propose(personas, propose) -> None:
    with pytest.raises(Forbidden):
        propose(actor=personas.coach_b)
    assert AuditEntry.objects.filter(
        event=AuditEvent.ACCESS_DENIED, actor=personas.coach_b, object_id=str(personas.unit_a.pk)
    ).exists()
    assert not Improvement.objects.exists()


def test_the_owner_and_the_team_leader_edit_others_do_not(personas, propose) -> None:
    improvement = propose(owner=personas.coach_a)
    update_improvement(
        actor=personas.coach_a,
        improvement=improvement,
        status=ImprovementStatus.IN_PROGRESS,
        owner=personas.colleague_a,
    )
    improvement.refresh_from_db()
    # The owner runs it, but handing it on is the team leader's decision.
    assert (improvement.status, improvement.owner) == ("in_progress", personas.coach_a)
    for outsider in (personas.colleague_a, personas.coach_b, personas.analyst):
        with pytest.raises(Forbidden):
            update_improvement(actor=outsider, improvement=improvement, status="done")
    update_improvement(
        actor=personas.manager_a, improvement=improvement, owner=personas.colleague_a
    )
    improvement.refresh_from_db()
    assert improvement.owner == personas.colleague_a
    assert [c["status"] for c in saved_entries(improvement)] == [
        "planned", "in_progress", "in_progress"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coach_a", 200),
        ("team_leader_a", 200),
        ("manager_a", 200),
        ("coach_b", 404),
        ("analyst", 404),
        ("reviewer", 404),
    ],
)
def test_the_units_staff_see_the_register_matrix_and_visits(
    personas, client_for, propose, persona, status
) -> None:
    improvement = propose()
    client = client_for(getattr(personas, persona))
    for url in (
        f"/improvement/units/{personas.unit_a.pk}/",
        f"/improvement/units/{personas.unit_a.pk}/matrix/",
        f"/improvement/units/{personas.unit_a.pk}/benchmarking/",
        f"/improvement/improvements/{improvement.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == status, url
        if status == 200 and "benchmarking" not in url:
            assert improvement.title in response.content.decode()
    assert client.get("/improvement/improvements/999999/").status_code == 404


def test_a_refused_improvement_is_logged(personas, client_for, propose) -> None:
    improvement = propose()
    assert (
        client_for(personas.coach_b).get(f"/improvement/improvements/{improvement.pk}/").status_code
        == 404
    )
    assert AuditEntry.objects.filter(
        event=AuditEvent.ACCESS_DENIED,
        actor=personas.coach_b,
        object_type="improvement.improvement",
        object_id=str(improvement.pk),
    ).exists()


def test_proposing_on_the_page_answers_field_errors(personas, client_for) -> None:
    client = client_for(personas.coach_a)
    url = f"/improvement/units/{personas.unit_a.pk}/"
    response = client.post(
        url, {"title": "", "source": "other", "status": "planned", "within_mandate": ""}
    )
    assert response.status_code == 400
    assert "title" in response.context["form"].errors
    response = client.post(
        url,
        {"title": "Shared job leads list", "source": "other", "status": "planned",
         "within_mandate": "", "decided_by": ""},
    )  # fmt: skip
    assert response.status_code == 400
    assert "decided_by" in response.context["form"].errors
    response = client.post(
        url,
        {"title": "Shared job leads list", "source": "survey", "status": "planned",
         "within_mandate": "on", "impact": "high", "effort": "low",
         "owner": personas.coach_a.pk},
    )  # fmt: skip
    improvement = Improvement.objects.get()
    assert response.status_code == 302
    assert response.url == f"/improvement/improvements/{improvement.pk}/"
    assert (improvement.status, improvement.owner, improvement.source) == (
        "proposed", personas.coach_a, "survey"
    )  # fmt: skip


def test_the_register_filters_by_status_source_and_owner(personas, client_for, propose) -> None:
    mine = propose(owner=personas.coach_a, source=Source.SURVEY)
    propose(title="Another", status=ImprovementStatus.DONE)
    client = client_for(personas.coach_a)
    url = f"/improvement/units/{personas.unit_a.pk}/"
    for query in (
        f"?owner={personas.coach_a.pk}",
        "?source=survey",
        "?status=planned",
    ):
        shown = client.get(url + query).context["improvements"]
        assert [i.pk for i in shown] == [mine.pk], query


def test_register_and_matrix_cost_the_same_for_one_and_many(personas, client_for, propose) -> None:
    client = client_for(personas.team_leader_a)
    propose()
    register = f"/improvement/units/{personas.unit_a.pk}/"
    matrix = f"{register}matrix/"
    one = (page_queries(client, register), page_queries(client, matrix))
    for n in range(4):
        propose(title=f"Improvement {n}", owner=personas.coach_a, impact=Level.LOW)
    assert (page_queries(client, register), page_queries(client, matrix)) == one
    assert one == (REGISTER_QUERIES, MATRIX_QUERIES)


# Sign-in, roles and the unit; the register, the owners offered in the filter and in the form,
# the unit's visits offered as a source, the fidelity recommendations not yet taken in.
REGISTER_QUERIES = 9
MATRIX_QUERIES = 5
