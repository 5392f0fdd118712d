"""Survey rounds: creating one, one-time links shown once, and staff answering a round
anonymously, once, while it is open."""

from __future__ import annotations

import datetime
import hashlib
import re

import pytest
from django.utils import timezone

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import DomainError
from lotsa.surveys.models import Response, RoundParticipation, SurveyLink, SurveyRound
from lotsa.surveys.services import rounds
from lotsa.testing.queries import page_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("round_instruments")]

DAY = datetime.timedelta(days=1)


def make_round(personas, code: str = "test_staff", **overrides) -> SurveyRound:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    values = {
        "instrument_code": code,
        "title": f"Round of {code}",
        "opens_on": today - DAY,
        "closes_on": today + 14 * DAY,
        "invited": 6,
        **overrides,
    }
    return rounds.create_round(actor=personas.coordinator, unit=personas.joint_team, **values)


def test_a_round_takes_the_current_version_and_is_audited(personas) -> None:
    survey_round = make_round(personas)
    assert (survey_round.instrument, survey_round.version) == ("test_staff", 1)
    entry = AuditEntry.objects.get(event=AuditEvent.SURVEY_ROUND_SAVED)
    assert entry.object_id == str(survey_round.pk)
    assert entry.changes["invited"] == 6


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"code": "amia_participant"}, "instrument_code"),
        ({"closes_on": timezone.localdate() - 2 * DAY}, "closes_on"),
        ({"invited": 0}, "invited"),
    ],
)
def test_a_round_refuses_bad_input_field_by_field(personas, overrides, field) -> None:
    with pytest.raises(DomainError) as refused:
        make_round(personas, **overrides)
    assert set(refused.value.errors) == {field}
    assert not SurveyRound.objects.exists()


def test_the_rounds_page_creates_a_round_or_names_the_field(personas, client_for) -> None:
    client = client_for(personas.coordinator)
    url = f"/surveys/rounds/unit/{personas.joint_team.pk}/"
    today = timezone.localdate()
    form = {
        "instrument_code": "test_staff",
        "title": "Spring",
        "opens_on": today.isoformat(),
        "closes_on": (today - DAY).isoformat(),
        "invited": "5",
    }
    refused = client.post(url, form)
    assert refused.status_code == 400
    assert 'id="id_closes_on_error"' in refused.content.decode()
    created = client.post(url, {**form, "closes_on": today.isoformat()})
    assert created.status_code == 302
    survey_round = SurveyRound.objects.get()
    assert created["Location"] == f"/surveys/rounds/{survey_round.pk}/"


def test_links_are_shown_once_and_only_their_hashes_kept(personas, client_for) -> None:
    survey_round = make_round(personas, "test_user")
    client = client_for(personas.coordinator)
    response = client.post(f"/surveys/rounds/{survey_round.pk}/", {"count": "3"})
    assert response.status_code == 200
    tokens = re.findall(r"/survey/([A-Za-z0-9_-]+)/", response.content.decode())
    assert len(set(tokens)) == 3
    stored = set(SurveyLink.objects.filter(round=survey_round).values_list("token_hash", flat=True))
    assert stored == {hashlib.sha256(token.encode()).hexdigest() for token in tokens}
    again = client.get(f"/surveys/rounds/{survey_round.pk}/").content.decode()
    assert not any(token in again for token in tokens)
    entry = AuditEntry.objects.get(event=AuditEvent.SURVEY_LINKS_CREATED)
    assert entry.changes == {"count": 3}


def test_staff_surveys_have_no_links(personas) -> None:
    with pytest.raises(DomainError):
        rounds.create_links(actor=personas.coordinator, survey_round=make_round(personas), count=2)


def test_a_link_count_out_of_range_is_a_field_error(personas, client_for) -> None:
    survey_round = make_round(personas, "test_user")
    response = client_for(personas.coordinator).post(
        f"/surveys/rounds/{survey_round.pk}/", {"count": "0"}
    )
    assert response.status_code == 400
    assert 'id="id_count_error"' in response.content.decode()
    assert not SurveyLink.objects.exists()


def test_staff_answer_under_their_group_and_never_their_name(personas, client_for) -> None:
    survey_round = make_round(personas)
    client = client_for(personas.fk_caseworker)
    response = client.post(f"/surveys/rounds/{survey_round.pk}/answer/", {"item_cooperation": "4"})
    assert response.status_code == 302
    answer = Response.objects.get()
    assert (answer.channel, answer.respondent_group, answer.entered_by) == (
        "staff",
        "forsakringskassan",
        None,
    )
    assert answer.answers.get().value == 4
    assert RoundParticipation.objects.filter(
        round=survey_round, user=personas.fk_caseworker
    ).exists()
    entry = AuditEntry.objects.get(event=AuditEvent.SURVEY_RESPONSE_RECORDED)
    assert (entry.object_type, entry.object_id) == ("surveys.surveyround", str(survey_round.pk))
    assert str(answer.pk) not in str(entry.changes)


def test_a_second_answer_is_refused(personas, client_for) -> None:
    survey_round = make_round(personas)
    client = client_for(personas.af_caseworker)
    url = f"/surveys/rounds/{survey_round.pk}/answer/"
    assert client.post(url, {"item_cooperation": "2"}).status_code == 302
    again = client.post(url, {"item_cooperation": "5"})
    assert again.status_code == 400
    assert Response.objects.get().respondent_group == "arbetsformedlingen"


def test_a_missing_answer_is_a_field_error(personas, client_for) -> None:
    survey_round = make_round(personas)
    response = client_for(personas.fk_caseworker).post(
        f"/surveys/rounds/{survey_round.pk}/answer/", {"item_comments": "Good"}
    )
    assert response.status_code == 400
    assert 'id="id_item_cooperation_error"' in response.content.decode()
    assert not Response.objects.exists()
    assert not RoundParticipation.objects.exists()


def test_a_closed_round_takes_no_answers(personas, client_for) -> None:
    today = timezone.localdate()
    survey_round = make_round(personas, opens_on=today - 9 * DAY, closes_on=today - DAY)
    response = client_for(personas.fk_caseworker).post(
        f"/surveys/rounds/{survey_round.pk}/answer/", {"item_cooperation": "4"}
    )
    assert response.status_code == 400
    assert not Response.objects.exists()


def test_a_steering_screening_no_ends_the_survey(personas, client_for) -> None:
    survey_round = make_round(personas, "test_steering")
    response = client_for(personas.coordinator).post(
        f"/surveys/rounds/{survey_round.pk}/answer/",
        {"item_knows_enough": "2", "item_goals_met": "9"},
    )
    assert response.status_code == 302
    answer = Response.objects.get()
    assert answer.screened_out
    assert list(answer.answers.values_list("item", flat=True)) == ["knows_enough"]


def test_staff_of_another_unit_cannot_answer(personas, client_for) -> None:
    survey_round = make_round(personas)
    response = client_for(personas.coach_a).post(
        f"/surveys/rounds/{survey_round.pk}/answer/", {"item_cooperation": "4"}
    )
    assert response.status_code == 404
    assert not Response.objects.exists()
    assert AuditEntry.objects.filter(
        event=AuditEvent.ACCESS_DENIED, actor=personas.coach_a, object_type="surveys.surveyround"
    ).exists()


def test_a_user_survey_is_not_answered_by_staff(personas, client_for) -> None:
    survey_round = make_round(personas, "test_user")
    response = client_for(personas.fk_caseworker).post(
        f"/surveys/rounds/{survey_round.pk}/answer/", {"item_helped": "3"}
    )
    assert response.status_code == 400
    assert not Response.objects.exists()


def test_open_rounds_wait_on_the_surveys_page_until_answered(personas, client_for) -> None:
    survey_round = make_round(personas)
    client = client_for(personas.fk_caseworker)
    assert survey_round.title in client.get("/surveys/").content.decode()
    client.post(f"/surveys/rounds/{survey_round.pk}/answer/", {"item_cooperation": "3"})
    assert survey_round.title not in client.get("/surveys/").content.decode()


@pytest.mark.parametrize("persona", ["fk_caseworker", "coach_a", "analyst", "reviewer"])
def test_roles_that_run_no_surveys_are_forbidden_the_rounds(personas, client_for, persona) -> None:
    survey_round = make_round(personas)
    client = client_for(getattr(personas, persona))
    assert client.get(f"/surveys/rounds/unit/{personas.joint_team.pk}/").status_code == 403
    assert client.get(f"/surveys/rounds/{survey_round.pk}/").status_code == 403


def test_a_round_of_another_unit_is_not_found(personas, client_for) -> None:
    survey_round = make_round(personas)
    client = client_for(personas.team_leader_a)
    assert client.get(f"/surveys/rounds/{survey_round.pk}/").status_code == 404
    assert client.get(f"/surveys/rounds/unit/{personas.joint_team.pk}/").status_code == 404
    assert client.get(f"/surveys/rounds/unit/{personas.unit_a.pk}/").status_code == 200


def test_the_round_pages_cost_the_same_however_many_rounds_and_answers(
    personas, client_for
) -> None:
    client = client_for(personas.coordinator)
    first = make_round(personas)
    pages = (f"/surveys/rounds/unit/{personas.joint_team.pk}/", f"/surveys/rounds/{first.pk}/")
    before = [page_queries(client, page) for page in pages]
    for _n in range(3):
        make_round(personas)
    for staff in (personas.fk_caseworker, personas.af_caseworker):
        rounds_answer = client_for(staff)
        rounds_answer.post(f"/surveys/rounds/{first.pk}/answer/", {"item_cooperation": "3"})
    assert [page_queries(client, page) for page in pages] == before
