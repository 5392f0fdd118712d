from __future__ import annotations

import datetime

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import Forbidden
from lotsa.fidelity.models import FidelityReview, ImprovementAction, ReviewStatus
from lotsa.fidelity.services import finalise_review
from lotsa.improvement import services
from lotsa.improvement.models import Improvement, ImprovementStatus, Source
from lotsa.improvement.queries import recommendation_follow_up
from lotsa.improvement.services import (
    leads,
    plan_cycle,
    record_step,
    take_in_fidelity_actions,
    update_improvement,
)
from lotsa.testing.fidelity import agree_every_item, review_in_consensus

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


# ------------------------------------------------------------------ as a review is finalised

FINALISED_PERIOD_END = datetime.date(2026, 6, 30)


@pytest.fixture
def agreed(personas, clock) -> FidelityReview:  # type: ignore[no-untyped-def]
    """A review of unit A in consensus, every item agreed, recommendations for items 7 and 17."""
    review = review_in_consensus(personas, FINALISED_PERIOD_END)
    agree_every_item(
        personas,
        review,
        {17: "Två personliga arbetsgivarbesök i veckan", 7: "Veckovisa möten i arbetsgruppen"},
    )
    return review


def test_finalising_a_review_brings_its_recommendations_into_the_register(personas, agreed) -> None:
    # The external reviewer finalises; they are not the unit's team leader.
    assert not leads(personas.reviewer, personas.unit_a.pk)
    finalise_review(actor=personas.reviewer, review=agreed)
    taken = list(Improvement.objects.select_related("fidelity_action").order_by("pk"))
    assert [
        (i.fidelity_action.review_id, i.fidelity_action.item_number, i.source, i.status)
        for i in taken
    ] == [
        (agreed.pk, 7, Source.FIDELITY, ImprovementStatus.PLANNED),
        (agreed.pk, 17, Source.FIDELITY, ImprovementStatus.PLANNED),
    ]
    assert taken[0].title == "Fidelity item 7: Veckovisa möten i arbetsgruppen"
    assert taken[1].description == "Två personliga arbetsgivarbesök i veckan"
    assert {(i.unit_id, i.proposed_by_id, i.owner_id) for i in taken} == {
        (personas.unit_a.pk, personas.reviewer.pk, None)
    }
    entries = AuditEntry.objects.filter(event=AuditEvent.IMPROVEMENT_SAVED).order_by("sequence")
    assert [
        (e.object_id, e.actor_id, e.changes["created"], e.changes["status"]) for e in entries
    ] == [(str(i.pk), personas.reviewer.pk, True, "planned") for i in taken]
    # The finalising comes first in the trail, then what came of it.
    finalised = AuditEntry.objects.get(event=AuditEvent.FIDELITY_FINALISED)
    assert finalised.sequence < entries[0].sequence


def test_finalising_a_review_without_recommendations_adds_nothing(personas, clock) -> None:
    review = review_in_consensus(personas, FINALISED_PERIOD_END)
    agree_every_item(personas, review, {})
    finalise_review(actor=personas.reviewer, review=review)
    assert not Improvement.objects.exists()
    assert not AuditEntry.objects.filter(event=AuditEvent.IMPROVEMENT_SAVED).exists()


def test_if_the_register_cannot_take_them_in_the_review_stays_open(
    personas, agreed, monkeypatch
) -> None:
    def fail(*args: object) -> None:
        raise RuntimeError("the register failed")

    monkeypatch.setattr(services, "_take_in", fail)
    with pytest.raises(RuntimeError):
        finalise_review(actor=personas.reviewer, review=agreed)
    assert FidelityReview.objects.get(pk=agreed.pk).status == ReviewStatus.CONSENSUS
    assert not ImprovementAction.objects.exists()
    assert not Improvement.objects.exists()


def test_taking_in_after_finalising_adds_nothing(personas, client_for, agreed) -> None:
    finalise_review(actor=personas.reviewer, review=agreed)
    assert take_in_fidelity_actions(actor=personas.team_leader_a, unit=personas.unit_a) == []
    leader = client_for(personas.team_leader_a)
    assert leader.get(f"/improvement/units/{personas.unit_a.pk}/").context["to_take_in"] == []
    assert Improvement.objects.count() == 2
    assert AuditEntry.objects.filter(event=AuditEvent.IMPROVEMENT_SAVED).count() == 2


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ((7,), "1 rekommendation finns nu i registret."),
        ((2, 7), "2 rekommendationer finns nu i registret."),
    ],
)
def test_the_button_says_in_swedish_how_many_came_in(personas, client_for, items, message) -> None:
    """For reviews finalised before the register took their recommendations in by itself."""
    review = FidelityReview.objects.create(
        unit=personas.unit_a, scale_code="ips25", scale_version=1, mode="external",
        period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 6, 30),
        status=ReviewStatus.FINAL, created_by=personas.reviewer,
    )  # fmt: skip
    for item in items:
        ImprovementAction.objects.create(
            unit=personas.unit_a, review=review, item_number=item, description="Åtgärd"
        )
    leader = client_for(personas.team_leader_a)
    page = leader.post(
        f"/improvement/units/{personas.unit_a.pk}/", {"form": "take_in"}, follow=True
    )
    assert message in page.content.decode()
    assert Improvement.objects.filter(fidelity_action__review=review).count() == len(items)
