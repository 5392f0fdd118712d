from __future__ import annotations

import datetime

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import Forbidden
from lotsa.fidelity.models import FidelityReview, ImprovementAction
from lotsa.improvement.models import Improvement, Source
from lotsa.improvement.queries import recommendation_follow_up
from lotsa.improvement.services import (
    plan_cycle,
    record_step,
    take_in_fidelity_actions,
    update_improvement,
)

pytestmark = pytest.mark.django_db

NEXT_PERIOD_END = datetime.date(2026, 6, 30)


def test_a_reviews_recommendations_come_into_the_register_once(personas, final_review) -> None:
    taken = take_in_fidelity_actions(actor=personas.team_leader_a, unit=personas.unit_a)
    assert [(i.source, i.fidelity_action.item_number, i.status) for i in taken] == [
        (Source.FIDELITY, 2, "planned"),
        (Source.FIDELITY, 7, "planned"),
    ]
    assert taken[1].title == "Fidelity item 7: Weekly unit meeting"
    assert taken[1].fidelity_action.review == final_review
    assert take_in_fidelity_actions(actor=personas.team_leader_a, unit=personas.unit_a) == []
    assert Improvement.objects.count() == 2
    assert AuditEntry.objects.filter(event=AuditEvent.IMPROVEMENT_SAVED).count() == 2


def test_only_the_team_leader_or_manager_takes_them_in(personas, final_review) -> None:
    for outsider in (personas.coach_a, personas.coach_b, personas.reviewer):
        with pytest.raises(Forbidden):
            take_in_fidelity_actions(actor=outsider, unit=personas.unit_a)
    assert not Improvement.objects.exists()


def test_the_review_sees_the_registers_progress(personas, final_review) -> None:
    first, _second = take_in_fidelity_actions(actor=personas.manager_a, unit=personas.unit_a)
    update_improvement(
        actor=personas.team_leader_a, improvement=first, status="done", owner=personas.coach_a
    )
    action = ImprovementAction.objects.get(pk=first.fidelity_action_id)
    assert (action.status, action.owner) == ("done", personas.coach_a)
    # The source stays the review's recommendation whatever the form sends.
    update_improvement(actor=personas.team_leader_a, improvement=first, source="other")
    first.refresh_from_db()
    assert first.source == Source.FIDELITY


def test_recommendation_follow_up_counts_what_was_taken_in_tried_and_done(
    personas, propose, final_review
) -> None:
    assert recommendation_follow_up(personas.unit_a, final_review.period_end).review is None
    first, second = take_in_fidelity_actions(actor=personas.team_leader_a, unit=personas.unit_a)
    ImprovementAction.objects.create(
        unit=personas.unit_a, review=final_review, item_number=10, description="Not taken in"
    )
    cycle = plan_cycle(
        actor=personas.team_leader_a,
        improvement=second,
        what="Meet weekly",
        prediction="Meetings in 12 of 13 weeks",
        measure="Weeks with a meeting",
        planned_on=datetime.date(2025, 9, 1),
    )
    record_step(actor=personas.team_leader_a, cycle=cycle, step="do", on=datetime.date(2025, 9, 2))
    update_improvement(actor=personas.team_leader_a, improvement=first, status="done")
    propose()  # not from the review: not counted
    follow_up = recommendation_follow_up(personas.unit_a, NEXT_PERIOD_END)
    assert follow_up.review == final_review
    assert (follow_up.actions, follow_up.in_register, follow_up.tried, follow_up.done) == (
        3, 2, 1, 1
    )  # fmt: skip
    assert follow_up.improvement_ids == (first.pk, second.pk)
    # A cycle done after the period's end is not evidence for that period.
    assert recommendation_follow_up(personas.unit_a, datetime.date(2025, 9, 1)).tried == 0


def test_recommendation_follow_up_reads_the_latest_final_review(
    personas, final_review, django_assert_num_queries
) -> None:
    later = FidelityReview.objects.create(
        unit=personas.unit_a, scale_code="ips25", scale_version=1, mode="self",
        period_start=datetime.date(2025, 7, 1), period_end=datetime.date(2025, 12, 31),
        status="final", created_by=personas.reviewer,
    )  # fmt: skip
    FidelityReview.objects.create(
        unit=personas.unit_a, scale_code="ips25", scale_version=1, mode="self",
        period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 3, 31),
        status="rating", created_by=personas.reviewer,
    )  # fmt: skip
    with django_assert_num_queries(2):
        follow_up = recommendation_follow_up(personas.unit_a, NEXT_PERIOD_END)
    assert (follow_up.review, follow_up.actions) == (later, 0)


def test_the_team_leader_takes_them_in_from_the_register_page(
    personas, client_for, final_review
) -> None:
    url = f"/improvement/units/{personas.unit_a.pk}/"
    leader = client_for(personas.team_leader_a)
    assert [a.item_number for a in leader.get(url).context["to_take_in"]] == [2, 7]
    coach = client_for(personas.coach_a)
    assert coach.get(url).context["to_take_in"] == []
    assert coach.post(url, {"form": "take_in"}).status_code == 403
    assert leader.post(url, {"form": "take_in"}).status_code == 302
    assert Improvement.objects.filter(source=Source.FIDELITY).count() == 2
