"""Staff answers are shown only from the instrument's threshold up, and so is every group."""

from __future__ import annotations

import pytest
from django.utils import timezone

from lotsa.surveys.anonymity import may_show_round, suppressed
from lotsa.surveys.instruments import current_instrument
from lotsa.surveys.models import SurveyRound

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("round_instruments")]


def test_a_round_is_shown_from_five_answers(personas) -> None:
    survey = current_instrument("test_staff")
    assert survey.anonymous_below == 5
    today = timezone.localdate()
    survey_round = SurveyRound.objects.create(
        unit=personas.joint_team,
        instrument=survey.code,
        version=survey.version,
        title="Autumn",
        opens_on=today,
        closes_on=today,
        invited=8,
        created_by=personas.coordinator,
    )
    assert not may_show_round(survey_round, 4)
    assert may_show_round(survey_round, 5)


def test_a_group_below_five_is_suppressed() -> None:
    survey = current_instrument("test_staff")
    assert suppressed(4, survey)
    assert not suppressed(5, survey)
    assert suppressed(0, survey)
