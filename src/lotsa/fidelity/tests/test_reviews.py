from __future__ import annotations

import datetime

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import DomainError, Forbidden
from lotsa.fidelity.models import ImprovementAction
from lotsa.fidelity.queries import review_view, totals
from lotsa.fidelity.scale import current_scale
from lotsa.fidelity.services import (
    agree_item,
    finalise_review,
    plan_review,
    rate_item,
    submit_ratings,
)
from lotsa.organisations.models import Role
from lotsa.testing.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def review(personas):  # type: ignore[no-untyped-def]
    second = UserFactory(username="reviewer_two")
    MembershipFactory(user=second, unit=personas.joint_team, role=Role.FIDELITY_REVIEWER)
    personas.second_reviewer = second
    return plan_review(
        actor=personas.reviewer,
        unit=personas.unit_a,
        mode="external",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        reviewers=[personas.reviewer, second],
    )


def rate_all(actor, review, score: int = 4) -> None:  # type: ignore[no-untyped-def]
    for number in current_scale().items:
        rate_item(
            actor=actor, review=review, item_number=number, score=score, notes=f"note {number}"
        )


def test_the_scale_has_25_items_in_three_sections() -> None:
    scale = current_scale()
    assert len(scale.items) == 25
    sections = [item.section for item in scale.items.values()]
    assert (
        sections.count("staffing"),
        sections.count("organisation"),
        sections.count("services"),
    ) == (3, 8, 14)
    assert all(len(item.anchors) == 5 for item in scale.items.values())


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (125, "exemplary"),
        (115, "exemplary"),
        (114, "good"),
        (100, "good"),
        (99, "fair"),
        (74, "fair"),
        (73, "not_supported_employment"),
        (25, "not_supported_employment"),
    ],
)
def test_totals_and_bands_at_every_boundary(total: int, band: str) -> None:
    scale = current_scale()
    scores = dict.fromkeys(scale.items, 1)
    remaining = total - 25
    for number in scores:
        step = min(4, remaining)
        scores[number] += step
        remaining -= step
    computed, computed_band, sections = totals(scale, scores)
    assert computed == total and computed_band.code == band
    assert sum(sections.values()) == total
    assert totals(scale, {1: 5})[0] is None  # no total while an item is missing


def test_reviewers_see_each_others_scores_only_after_submitting(
    personas, review, client_for, api_for
) -> None:
    first, second = personas.reviewer, personas.second_reviewer
    rate_item(actor=second, review=review, item_number=1, score=2, notes="Hemlig anteckning")
    page = client_for(first).get(f"/fidelity/{review.pk}/").content.decode()
    assert "Hemlig anteckning" not in page
    body = api_for(first).get(f"/api/fidelity-reviews/{review.pk}").json()
    assert body["items"][0]["other_ratings"] == []
    rate_all(first, review)
    submit_ratings(actor=first, review=review)
    assert "Hemlig anteckning" in client_for(first).get(f"/fidelity/{review.pk}/").content.decode()
    body = api_for(first).get(f"/api/fidelity-reviews/{review.pk}").json()
    assert body["items"][0]["other_ratings"][0]["score"] == 2
    # Staff of the unit who are not reviewers never see individual ratings.
    assert (
        "Hemlig anteckning"
        not in client_for(personas.team_leader_a).get(f"/fidelity/{review.pk}/").content.decode()
    )


def test_consensus_lists_differences_first_and_marks_decisive_ones(personas, review) -> None:
    first, second = personas.reviewer, personas.second_reviewer
    rate_all(first, review, 4)
    for number in current_scale().items:
        rate_item(
            actor=second, review=review, item_number=number, score={3: 3, 9: 5}.get(number, 4)
        )
    submit_ratings(actor=first, review=review)
    submit_ratings(actor=second, review=review)
    review.refresh_from_db()
    assert review.status == "consensus"
    view = review_view(first, review, with_evidence=False)
    ordered = [v.item.number for v in view.differences_first]
    assert ordered[:2] == [3, 9]  # the decisive difference (3 versus 4) first, then 4 versus 5
    assert {v.item.number for v in view.items if v.decisive} == {3}
    differs = {v.item.number for v in view.items if v.differs}
    assert differs == {3, 9}


def test_a_review_is_final_only_with_every_item_agreed(personas, review) -> None:
    first, second = personas.reviewer, personas.second_reviewer
    rate_all(first, review, 5)
    rate_all(second, review, 5)
    submit_ratings(actor=first, review=review)
    submit_ratings(actor=second, review=review)
    for number in list(current_scale().items)[:-1]:
        agree_item(
            actor=first,
            review=review,
            item_number=number,
            score=4,
            recommendations="Öka arbetsgivarkontakterna" if number == 17 else "",
        )
    with pytest.raises(DomainError, match="25"):
        finalise_review(actor=first, review=review)
    agree_item(actor=second, review=review, item_number=25, score=5)
    finalise_review(actor=second, review=review)
    review.refresh_from_db()
    assert (review.status, review.total) == ("final", 24 * 4 + 5)
    action = ImprovementAction.objects.get(review=review)
    assert (action.item_number, action.unit) == (17, personas.unit_a)
    with pytest.raises(DomainError):
        agree_item(actor=first, review=review, item_number=1, score=1)
    assert AuditEntry.objects.filter(
        event=AuditEvent.FIDELITY_FINALISED, actor=personas.second_reviewer
    ).exists()


def test_bad_ratings_are_refused(personas, review, api_for, client_for) -> None:
    first = personas.reviewer
    with pytest.raises(DomainError):
        rate_item(actor=first, review=review, item_number=1, score=6)
    with pytest.raises(DomainError):
        rate_item(actor=first, review=review, item_number=26, score=3)
    rate_item(actor=first, review=review, item_number=1, score=3)
    with pytest.raises(DomainError, match="already rated"):
        rate_item(actor=first, review=review, item_number=1, score=4)
    api = api_for(first)
    assert (
        api.post(
            f"/api/fidelity-reviews/{review.pk}/ratings",
            {"item_number": 2, "score": 0},
            content_type="application/json",
        ).status_code
        == 422
    )
    assert (
        api.post(
            f"/api/fidelity-reviews/{review.pk}/ratings",
            {"item_number": 1, "score": 3},
            content_type="application/json",
        ).status_code
        == 422
    )
    with pytest.raises(Forbidden):
        finalise_review(actor=personas.team_leader_a, review=review)
    assert (
        client_for(personas.team_leader_a).post(f"/fidelity/{review.pk}/finalise/").status_code
        == 403
    )
    assert client_for(personas.coach_b).get(f"/fidelity/{review.pk}/").status_code == 404
    with pytest.raises(DomainError, match="Missing"):
        submit_ratings(actor=first, review=review)


def test_planning_needs_reviewers_who_may_review(personas) -> None:
    with pytest.raises(Forbidden):
        plan_review(
            actor=personas.coach_a,
            unit=personas.unit_a,
            mode="self",
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 6, 30),
            reviewers=[personas.coach_a],
        )
    with pytest.raises(DomainError) as error:
        plan_review(
            actor=personas.team_leader_a,
            unit=personas.unit_a,
            mode="self",
            period_start=datetime.date(2026, 6, 1),
            period_end=datetime.date(2026, 1, 1),
            reviewers=[personas.coach_a],
        )
    assert {"period_end", "reviewers"} <= set(error.value.errors)


def test_the_pdf_report_contains_the_total_and_the_band(personas, review, client_for) -> None:
    import io

    from pypdf import PdfReader

    for reviewer in (personas.reviewer, personas.second_reviewer):
        rate_all(reviewer, review, 4)
        submit_ratings(actor=reviewer, review=review)
    for number in current_scale().items:
        agree_item(actor=personas.reviewer, review=review, item_number=number, score=4)
    finalise_review(actor=personas.reviewer, review=review)
    response = client_for(personas.reviewer).get(f"/fidelity/{review.pk}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "100" in text
    assert current_scale().band_for(100).name.sv in " ".join(text.split())


def test_improvement_actions_are_tracked_by_the_unit(personas, review, client_for) -> None:
    for reviewer in (personas.reviewer, personas.second_reviewer):
        rate_all(reviewer, review, 3)
        submit_ratings(actor=reviewer, review=review)
    for number in current_scale().items:
        agree_item(
            actor=personas.reviewer,
            review=review,
            item_number=number,
            score=3,
            recommendations="Gör mer" if number == 24 else "",
        )
    finalise_review(actor=personas.reviewer, review=review)
    action = ImprovementAction.objects.get()
    client = client_for(personas.team_leader_a)
    response = client.post(
        f"/fidelity/actions/{action.pk}/",
        {"status": "in_progress", "due_on": "2026-12-31", "owner": personas.coach_a.pk},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.due_on, action.owner) == (
        "in_progress",
        datetime.date(2026, 12, 31),
        personas.coach_a,
    )
    # Where to go next is taken only when it is a page of this site.
    for elsewhere in ("https://evil.example/phish", "//evil.example/", "/\\evil.example"):
        away = client.post(f"/fidelity/actions/{action.pk}/", {"status": "open", "next": elsewhere})
        assert away["Location"] == f"/fidelity/{review.pk}/report/", elsewhere
    back = client.post(
        f"/fidelity/actions/{action.pk}/", {"status": "open", "next": f"/fidelity/{review.pk}/"}
    )
    assert back["Location"] == f"/fidelity/{review.pk}/"
    assert (
        client_for(personas.coach_b)
        .post(f"/fidelity/actions/{action.pk}/", {"status": "done"})
        .status_code
        == 404
    )
    assert (
        client_for(personas.coach_a)
        .post(f"/fidelity/actions/{action.pk}/", {"status": "done"})
        .status_code
        == 403
    )
    # The next review of the unit shows the open actions.
    later = plan_review(
        actor=personas.reviewer,
        unit=personas.unit_a,
        mode="external",
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 11, 30),
        reviewers=[personas.reviewer],
    )
    page = client_for(personas.reviewer).get(f"/fidelity/{later.pk}/").content.decode()
    assert "Gör mer" in page


def test_the_report_api_gives_total_band_and_sections(personas, review, api_for) -> None:
    for reviewer in (personas.reviewer, personas.second_reviewer):
        rate_all(reviewer, review, 5)
        submit_ratings(actor=reviewer, review=review)
    for number in current_scale().items:
        agree_item(actor=personas.reviewer, review=review, item_number=number, score=5)
    finalise_review(actor=personas.reviewer, review=review)
    body = api_for(personas.reviewer).get(f"/api/fidelity-reviews/{review.pk}/report").json()
    assert (body["total"], body["band"]) == (125, "exemplary")
    assert body["sections"] == {"staffing": 15, "organisation": 40, "services": 70}
    assert (
        api_for(personas.coach_b).get(f"/api/fidelity-reviews/{review.pk}/report").status_code
        == 404
    )


def test_the_report_page_shows_reviewers_and_the_evidence_used(
    personas, review, client_for
) -> None:
    page = client_for(personas.team_leader_a).get(f"/fidelity/{review.pk}/report/").content.decode()
    assert personas.reviewer.get_full_name() in page
    assert (
        "Active caseload per full-time coach" in page or "Aktiv" in page or "aktiva" in page.lower()
    )


def test_a_reviewer_changes_a_rating_through_the_api(personas, review, api_for) -> None:
    first = personas.reviewer
    rate_item(actor=first, review=review, item_number=1, score=3)
    api = api_for(first)
    url = f"/api/fidelity-reviews/{review.pk}/ratings/1"
    changed = api.put(url, {"score": 4, "notes": "Seen again"}, content_type="application/json")
    assert changed.status_code == 200, changed.content
    assert (changed.json()["score"], changed.json()["notes"]) == (4, "Seen again")
    entry = AuditEntry.objects.filter(event=AuditEvent.FIDELITY_RATED, actor=first).last()
    assert entry is not None and entry.changes == {"item": 1}
    refused = api.put(url, {"score": 6}, content_type="application/json")
    assert refused.status_code == 422
    assert [error["loc"][-1] for error in refused.json()["detail"]] == ["score"]
    # Another reviewer's rating, or an item not rated yet, is not theirs to change.
    other = api_for(personas.second_reviewer)
    assert other.put(url, {"score": 2}, content_type="application/json").status_code == 404
    assert (
        api.put(
            f"/api/fidelity-reviews/{review.pk}/ratings/2",
            {"score": 2},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert (
        api_for(personas.coach_b)
        .put(url, {"score": 2}, content_type="application/json")
        .status_code
        == 404
    )
    for number in current_scale().items:
        if number != 1:
            rate_item(actor=first, review=review, item_number=number, score=4)
    submit_ratings(actor=first, review=review)
    late = api.put(url, {"score": 5}, content_type="application/json")
    assert late.status_code == 422
    assert review.ratings.get(reviewer=first, item_number=1).score == 4
