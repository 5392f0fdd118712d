"""The review page shows, item by item, what the records show and what the reviewers still
gather by interview or observation; the team's own records drill through like enrolments do."""

from __future__ import annotations

import dataclasses

import pytest
from django.conf import settings

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.fidelity.apps import scale_measures_check
from lotsa.fidelity.evidence import MEASURES, PER_SPECIALIST_MEASURES, register_measure
from lotsa.fidelity.models import ItemRating
from lotsa.fidelity.scale import current_scale, measure_problems
from lotsa.fidelity.services import finalise_review, rate_item, submit_ratings
from lotsa.teamwork.evidence import supervisor_role, vocational_unit
from lotsa.teamwork.tests.test_teamwork import (
    DAY,
    QUARTER,
    lead_and_cover,
    supervision,
    unit_meeting,
)
from lotsa.testing.fidelity import agree_every_item, planned_review

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def review(personas):  # type: ignore[no-untyped-def]
    for week in range(13):
        meeting = unit_meeting(personas, QUARTER.first + week * 7 * DAY)
        supervision(personas, "group", QUARTER.first + week * 7 * DAY)
    lead_and_cover(personas, meeting, QUARTER.last)
    return planned_review(personas, QUARTER.first, QUARTER.last)


def english(client):  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def section(page: str, number: int) -> str:
    start = page.index(f'id="item-{number}"')
    end = page.find('<section class="panel" id="item-', start + 1)
    return page[start : end if end > 0 else None]


def test_every_item_says_what_the_records_show_and_what_is_left_to_interview(
    personas, review, client_for
) -> None:
    page = english(client_for(personas.reviewer)).get(f"/fidelity/{review.pk}/").content.decode()
    assert page.count("Still to gather by interview or observation") == 25
    # Item 10 alone has nothing in the records; the other 24 have a definition and a figure.
    without = [n for n in range(1, 26) if "The records cannot speak" in section(page, n)]
    assert without == [10]
    unit = section(page, 7)
    assert "Weeks of the period with a meeting of the vocational unit" in unit
    assert "<strong>13 of 13 weeks</strong>" in unit and "suggests 5" in unit
    supervisor = section(page, 8)
    assert supervisor.count("yes, by the records") == 2  # the ratio and weekly supervision
    # The contact with the treatment teams' leaders is asked about.
    assert supervisor.count("<td>by interview or observation</td>") == 1
    assert "1 element is not in the records." in supervisor
    assert "the score lies between 2 and 3" in supervisor  # no field mentoring, no reviews
    executive = section(page, 11)
    assert "5 elements are not in the records." in executive  # no earlier review
    assert "Team leader:" in section(page, 8)  # the questions by informant group


def test_the_records_behind_item_7_are_the_unit_meetings_and_reading_them_is_audited(
    personas, review, client_for
) -> None:
    client = english(client_for(personas.reviewer))
    page = client.get(f"/fidelity/{review.pk}/evidence/7/").content.decode()
    assert page.count("<tr><td>") == 13  # the meetings; every week had one
    assert "Weeks without a unit meeting" in page and "None in the period." in page
    entry = AuditEntry.objects.filter(event=AuditEvent.FIDELITY_VIEWED).latest("pk")
    assert entry.changes == {"evidence": 7} and entry.actor_id == personas.reviewer.pk


@pytest.mark.parametrize("persona", ["coach_a", "team_leader_a", "coach_b"])
def test_the_records_behind_a_figure_are_for_the_reviewers_only(
    personas, review, client_for, persona: str
) -> None:
    user = getattr(personas, persona)
    response = client_for(user).get(f"/fidelity/{review.pk}/evidence/8/")
    assert response.status_code == 404
    refused = AuditEntry.objects.filter(event=AuditEvent.ACCESS_DENIED, actor=user).latest("pk")
    assert refused.object_id == str(review.pk)


def test_an_item_without_a_measure_has_no_records_page(personas, review, client_for) -> None:
    client = client_for(personas.reviewer)
    assert client.get(f"/fidelity/{review.pk}/evidence/10/").status_code == 404
    assert client.get(f"/fidelity/{review.pk}/evidence/26/").status_code == 404


def test_every_measure_a_scale_names_is_registered_once_the_apps_have_started() -> None:
    assert scale_measures_check() == []
    scale = current_scale()
    renamed = dataclasses.replace(scale.items[7], measure="weekly_meetings")
    broken = dataclasses.replace(scale, items={**scale.items, 7: renamed})
    assert measure_problems(broken, MEASURES, PER_SPECIALIST_MEASURES) == [
        "ips25 v1 item 7: unknown measure 'weekly_meetings'"
    ]


def test_a_measure_name_is_taken_once() -> None:
    assert register_measure("vocational_unit", vocational_unit) is vocational_unit
    with pytest.raises(ValueError, match="already registered"):
        register_measure("vocational_unit", supervisor_role)


def test_the_api_gives_each_figure_with_its_definition_and_elements(
    personas, review, api_for
) -> None:
    body = api_for(personas.reviewer).get(f"/api/fidelity-reviews/{review.pk}").json()
    items = {item["number"]: item for item in body["items"]}
    unit = items[7]
    assert unit["evidence_value"] == "13" and unit["suggested_score"] == 5
    assert unit["evidence_definition"].startswith("Veckor under perioden med möte i arbetsenheten")
    supervisor = items[8]
    assert [e["in_place"] for e in supervisor["evidence_elements"]] == [
        True,
        True,
        None,
        False,
        False,
    ]
    assert supervisor["possible_scores"] == [2, 3] and supervisor["suggested_score"] is None
    assert items[10]["evidence_definition"] is None and items[10]["evidence_elements"] == []


def test_the_report_shows_each_items_figure_from_the_records(personas, review, client_for) -> None:
    for number in current_scale().items:
        rate_item(actor=personas.reviewer, review=review, item_number=number, score=3)
    submit_ratings(actor=personas.reviewer, review=review)
    agree_every_item(personas, review, {})
    finalise_review(actor=personas.reviewer, review=review)
    page = english(client_for(personas.team_leader_a)).get(f"/fidelity/{review.pk}/report/")
    row = next(line for line in page.content.decode().splitlines() if "<td>7. " in line)
    assert "Weeks of the period with a meeting of the vocational unit" in row
    assert "13 of 13 weeks" in row


@pytest.mark.parametrize(("score", "kept"), [(5, True), (4, False)])
def test_a_rating_that_keeps_the_suggestion_is_marked_as_from_the_records(
    personas, review, client_for, score: int, kept: bool
) -> None:
    client = client_for(personas.reviewer)
    response = client.post(f"/fidelity/{review.pk}/rate/", {"item_number": 7, "score": score})
    assert response.status_code == 302
    rating = ItemRating.objects.get(review=review, item_number=7)
    assert rating.from_evidence is kept
