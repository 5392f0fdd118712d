"""The time log answers in Swedish by default and in Danish when chosen, and every activity
says what it holds and how it counts."""

from __future__ import annotations

import pytest
from django.conf import settings

from lotsa.timeuse.models import DEFINITIONS, Activity
from lotsa.timeuse.tests.helpers import LAST_WEEK, log

pytestmark = pytest.mark.django_db


def test_every_activity_has_a_definition_and_other_tasks_alone_are_not_employment_services() -> (
    None
):
    assert set(DEFINITIONS) == set(Activity.values)
    assert [code for code, d in DEFINITIONS.items() if not d.employment_services] == [
        Activity.OTHER_TASKS
    ]
    assert all(str(definition.meaning) for definition in DEFINITIONS.values())


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("sv", ["Minuter per aktivitet och dag", "Spara tidsloggen", "Resor"]),
        ("da", ["Minutter pr. aktivitet og dag", "Gem tidsregistreringen", "Transport"]),
    ],
)
def test_the_week_speaks_the_chosen_language(personas, client_for, clock, language, words) -> None:
    client = client_for(personas.coach_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    content = client.get("/time-use/week/").content.decode()
    for word in words:
        assert word in content


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("sv", ["Andel av tiden i arbetsinriktat stöd", "IPS-25 punkt 2 föreslår poäng 4"]),
        ("da", ["Andel af tiden i beskæftigelsesindsats", "IPS-25 punkt 2 foreslår score 4"]),
    ],
)
def test_the_time_use_page_speaks_the_chosen_language(
    personas, client_for, clock, language, words
) -> None:
    log(personas.coach_a, LAST_WEEK, direct_office=90, other_tasks=10)
    client = client_for(personas.coach_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    content = client.get("/time-use/").content.decode()
    for word in words:
        assert word in content
