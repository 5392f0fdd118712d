"""The Surveys entry of the staff menu, and that no page of rounds or findings shows the key."""

from __future__ import annotations

import pytest
from django.utils import timezone

from lotsa.surveys.services.findings import save_finding
from lotsa.surveys.services.rounds import create_round

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "shown"),
    [
        ("coach_a", True),
        ("coordinator", True),
        ("analyst", True),
        ("former_coach_a", False),
    ],
)
def test_staff_with_a_unit_get_the_surveys_entry(personas, client_for, persona, shown) -> None:
    page = client_for(getattr(personas, persona)).get("/").content.decode()
    assert ('href="/surveys/"' in page) is shown


def test_the_coordinator_finds_the_survey_ids_from_the_surveys_page(personas, client_for) -> None:
    coordinator = client_for(personas.coordinator).get("/surveys/").content.decode()
    coach = client_for(personas.fk_caseworker).get("/surveys/").content.decode()
    assert 'href="/surveys/ids/"' in coordinator
    assert 'href="/surveys/ids/"' not in coach


@pytest.mark.usefixtures("round_instruments")
def test_no_page_of_rounds_or_findings_shows_who_holds_an_id(personas, client_for, issued) -> None:
    today = timezone.localdate()
    unit = personas.joint_team
    survey_round = create_round(
        actor=personas.coordinator,
        unit=unit,
        instrument_code="test_staff",
        title="Staff survey",
        opens_on=today,
        closes_on=today,
        invited=5,
    )
    finding = save_finding(
        actor=personas.coordinator,
        unit=unit,
        text="Long waits.",
        category="can_do_now",
        owner=personas.coordinator,
        follow_up_on=today,
        source_note="Staff survey",
    )
    client = client_for(personas.coordinator)
    for page in (
        "/surveys/",
        f"/surveys/rounds/unit/{unit.pk}/",
        f"/surveys/rounds/{survey_round.pk}/",
        f"/surveys/rounds/{survey_round.pk}/answer/",
        f"/surveys/findings/unit/{unit.pk}/",
        f"/surveys/findings/{finding.pk}/",
    ):
        content = client.get(page).content.decode()
        assert issued.code not in content, page
        assert personas.joint.last_name not in content, page
