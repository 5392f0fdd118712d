"""The survey results page, its PDF and XLSX, the response-level export and the API: who may
see them, what they audit, and what they never give out."""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

import pytest
from django.utils.html import escape
from openpyxl import load_workbook

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.organisations.models import Role
from lotsa.pathways.models import Enrolment
from lotsa.people.services import record_consent
from lotsa.surveys.instruments import CHOICES, STAFF_AUDIENCES, instruments
from lotsa.surveys.models import Channel, SurveyKey, SurveyRound
from lotsa.surveys.services.ids import issue_survey_id
from lotsa.testing.factories import (
    EnrolmentFactory,
    MembershipFactory,
    ParticipantFactory,
    ResponseFactory,
    SurveyIdFactory,
)
from lotsa.testing.spreadsheets import read_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

PAGE = "/surveys/results/"
API = "/api/surveys/results"
YEAR = "instrument=amia_participant&start=2026-01-01&end=2026-12-31"
# The session and user, the viewer's roles, the units, the grouped reads of the results, the
# filter's options and the audit entry: the same for one response as for many.
QUERIES = 15
# The token, the throttle's count and the same reads, without the page's filter options.
API_QUERIES = 14


@pytest.fixture
def analyst(personas: Any) -> Any:
    """An analyst of the joint team: survey results, never people."""
    MembershipFactory(user=personas.analyst, unit=personas.joint_team, role=Role.ANALYST)
    return personas.analyst


def _answers(unit: Any, count: int, wave: str = "t1") -> None:
    for _ in range(count):
        ResponseFactory(
            survey_id=SurveyIdFactory(unit=unit),
            wave=wave,
            answers={"meaningful": 3, "work_capacity_chances": 1, "comments": "Bra"},
        )


def _entries(event: AuditEvent) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(event=event).order_by("sequence"))


def test_the_results_page_shows_the_figures_and_is_audited_naming_no_one(
    client_for: Any, analyst: Any, personas: Any
) -> None:
    _answers(personas.joint_team, 6)

    response = client_for(analyst).get(f"{PAGE}?{YEAR}")

    assert response.status_code == 200
    content = response.content.decode()
    (export,) = re.findall(r'href="/surveys/results/results\.xlsx\?([^"]+)"', content)
    assert {"instrument=amia_participant", "version=1"} <= set(export.split("&amp;"))
    assert 'id="definitions-heading"' in content
    (entry,) = _entries(AuditEvent.SURVEY_RESULTS_VIEWED)
    assert entry.actor == analyst
    assert entry.participant_id is None
    assert entry.changes["instrument"] == "amia_participant"
    assert entry.changes["version"] == 1
    assert entry.changes["units"] == [personas.joint_team.pk]


def test_a_role_without_survey_results_is_refused_the_page_and_the_api(
    client_for: Any, api_for: Any, personas: Any
) -> None:
    assert client_for(personas.coach_a).get(PAGE).status_code == 403
    assert api_for(personas.coach_a).get(API).status_code == 403
    assert len(_entries(AuditEvent.ACCESS_DENIED)) == 2
    assert _entries(AuditEvent.SURVEY_RESULTS_VIEWED) == []


def test_a_unit_outside_the_viewers_scope_answers_as_an_unknown_one(
    client_for: Any, personas: Any
) -> None:
    response = client_for(personas.manager_a).get(f"{PAGE}?unit={personas.joint_team.pk}")

    assert response.status_code == 404
    (refusal,) = _entries(AuditEvent.ACCESS_DENIED)
    assert refusal.object_id == str(personas.joint_team.pk)
    assert _entries(AuditEvent.SURVEY_RESULTS_VIEWED) == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("instrument=no_such_survey", "instrument"),
        ("instrument=amia_participant&version=99", "version"),
        ("start=2026-13-01&end=2026-12-31", "start"),
        ("start=2026-06-01&end=2026-01-01", "end"),
        ("unit=abc", "unit"),
    ],
)
def test_bad_choices_answer_400_next_to_their_fields(
    client_for: Any, analyst: Any, query: str, field: str
) -> None:
    response = client_for(analyst).get(f"{PAGE}?{query}")

    assert response.status_code == 400
    assert f'id="f-{field}-error"' in response.content.decode()
    assert response.context["errors"][field]


@pytest.mark.parametrize("responses", [1, 30])
def test_the_page_reads_as_many_queries_for_one_response_as_for_many(
    client_for: Any, analyst: Any, personas: Any, responses: int, django_assert_max_num_queries: Any
) -> None:
    _answers(personas.joint_team, responses)
    _answers(personas.joint_team, responses, wave="t3")
    client = client_for(analyst)
    with django_assert_max_num_queries(QUERIES):
        assert client.get(f"{PAGE}?{YEAR}").status_code == 200


@pytest.mark.parametrize(("path", "kind"), [("results.xlsx", "xlsx"), ("results.pdf", "pdf")])
def test_the_results_export_is_audited_with_its_format(
    client_for: Any, analyst: Any, personas: Any, path: str, kind: str
) -> None:
    _answers(personas.joint_team, 6)

    response = client_for(analyst).get(f"{PAGE}{path}?{YEAR}")

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{kind}"')
    (entry,) = _entries(AuditEvent.SURVEY_RESULTS_EXPORTED)
    assert entry.changes["format"] == kind
    assert entry.participant_id is None


def test_the_results_workbook_holds_the_suppressed_cells_as_the_page_shows_them(
    client_for: Any, analyst: Any, personas: Any
) -> None:
    _answers(personas.joint_team, 6)
    _answers(personas.joint_team, 4, wave="t3")

    content = client_for(analyst).get(f"{PAGE}results.xlsx?{YEAR}").content
    sheet = load_workbook(io.BytesIO(content)).worksheets[1]
    rows = list(sheet.iter_rows(values_only=True))

    # Every question's counts at T3 rest on four answers; "meaningful" had six 3s at T1.
    assert {value for row in rows if row[0] == "T3" for value in row[1:4]} == {"< 5"}
    assert ("< 5", "< 5", 6, 6) in [row[1:5] for row in rows if row[0] == "T1"]


def _named_people(personas: Any) -> list[Enrolment]:
    """AMiA cases of people with names and numbers, each given a survey ID by the coordinator."""
    enrolments = []
    for number in range(6):
        participant = ParticipantFactory(pk=900_001 + number, last_name=f"Namnsson{number}")
        enrolment = EnrolmentFactory(
            pk=800_001 + number,
            participant=participant,
            unit=personas.joint_team,
            programme_model="amia",
            phase="mapping",
        )
        record_consent(
            actor=personas.fk_caseworker,
            participant=participant,
            kind="survey",
            given_on=datetime.date(2026, 3, 1),
        )
        held = issue_survey_id(actor=personas.coordinator, enrolment=enrolment)
        ResponseFactory(
            survey_id=held,
            wave="t1",
            answered_on=datetime.date(2026, 3, 2),
            answers={"meaningful": 2, "comments": "Lugnt"},
        )
        enrolments.append(enrolment)
    return enrolments


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_response_export_has_no_link_from_an_id_to_its_person(
    client_for: Any, analyst: Any, personas: Any, kind: str
) -> None:
    enrolments = _named_people(personas)

    response = client_for(analyst).get(f"{PAGE}responses.{kind}?{YEAR}")

    assert response.status_code == 200
    if kind == "csv":
        rows = read_csv(response.getvalue())
    else:
        book = load_workbook(io.BytesIO(response.content))
        rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    text = "\n".join(";".join(str(value) for value in row) for row in rows)
    assert len(rows) == 1 + len(enrolments)
    codes = {held.code for held in _survey_ids(enrolments)}
    assert {row[0] for row in rows[1:]} == codes
    for enrolment in enrolments:
        person = enrolment.participant
        for shown in (
            person.first_name + " " + person.last_name,
            person.last_name,
            person.identity_number,
            person.code_name,
            str(person.pk),
            str(enrolment.pk),
        ):
            assert shown not in text
    # The month each was answered, not the day its tick on the case also carries.
    assert {row[6] for row in rows[1:]} == {"2026-03"}
    assert "2026-03-02" not in text
    (entry,) = _entries(AuditEvent.SURVEY_RESULTS_EXPORTED)
    assert entry.participant_id is None
    assert entry.changes["responses"] is True


def _survey_ids(enrolments: list[Enrolment]) -> list[Any]:
    return [
        key.survey_id
        for key in SurveyKey.objects.filter(
            participant__in=[e.participant_id for e in enrolments]
        ).select_related("survey_id")
    ]


def test_the_api_gives_the_same_suppressed_figures(
    api_for: Any, analyst: Any, personas: Any
) -> None:
    _answers(personas.joint_team, 6)
    _answers(personas.joint_team, 4, wave="t3")

    response = api_for(analyst).get(f"{API}?{YEAR}")

    assert response.status_code == 200
    body = response.json()
    assert body["instrument"] == "amia_participant"
    assert body["version"] == 1
    meaningful = next(table for table in body["distributions"] if table["title"] == "meaningful")
    t3 = next(row for row in meaningful["rows"] if row["name"] == "T3")
    assert all(cell["suppressed"] and cell["value"] is None for cell in t3["cells"])
    assert _entries(AuditEvent.SURVEY_RESULTS_VIEWED)[0].actor == analyst


def test_the_api_refuses_a_unit_outside_the_scope_as_an_unknown_one(
    api_for: Any, personas: Any
) -> None:
    response = api_for(personas.manager_a).get(f"{API}?unit={personas.joint_team.pk}")

    assert response.status_code == 404
    assert _entries(AuditEvent.ACCESS_DENIED)[-1].object_id == str(personas.joint_team.pk)


def test_the_api_names_a_bad_choice(api_for: Any, analyst: Any) -> None:
    response = api_for(analyst).get(f"{API}?instrument=amia_participant&version=7")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "version"


@pytest.mark.parametrize("responses", [1, 30])
def test_the_api_reads_as_many_queries_for_one_response_as_for_many(
    api_for: Any, analyst: Any, personas: Any, responses: int, django_assert_max_num_queries: Any
) -> None:
    _answers(personas.joint_team, responses)
    _answers(personas.joint_team, responses, wave="t3")
    client = api_for(analyst)
    with django_assert_max_num_queries(API_QUERIES):
        assert client.get(f"{API}?{YEAR}").status_code == 200


def test_the_response_export_holds_the_chosen_version_only(
    client_for: Any, analyst: Any, personas: Any
) -> None:
    kept = ResponseFactory(survey_id=SurveyIdFactory(unit=personas.joint_team), wave="t1")
    ResponseFactory(survey_id=SurveyIdFactory(unit=personas.joint_team), wave="t1", version=2)

    response = client_for(analyst).get(f"{PAGE}responses.csv?{YEAR}&version=1")

    rows = read_csv(response.getvalue())
    assert [row[0] for row in rows[1:]] == [kept.survey_id.code]


def _an_answer_to_each(chosen: Any) -> dict[str, Any]:
    """The first answer to every question of the survey, as the response form would keep it."""
    answers: dict[str, Any] = {}
    for item in chosen.items:
        if item.scale is not None:
            answers[item.code] = 1
        elif item.kind == CHOICES:
            answers[item.code] = [item.choices[0].code]
        else:
            answers[item.code] = "Bra"
    return answers


def _answered_once(chosen: Any, personas: Any) -> None:
    if chosen.audience == "participant":
        for wave in chosen.waves:
            ResponseFactory(
                instrument=chosen.code,
                version=chosen.version,
                survey_id=SurveyIdFactory(unit=personas.joint_team),
                wave=wave,
                answers=_an_answer_to_each(chosen),
            )
        return
    survey_round = SurveyRound.objects.create(
        unit=personas.joint_team,
        instrument=chosen.code,
        version=chosen.version,
        title="Våren 2026",
        opens_on=datetime.date(2026, 3, 2),
        closes_on=datetime.date(2026, 3, 20),
        invited=12,
        created_by=personas.manager_a,
    )
    ResponseFactory(
        instrument=chosen.code,
        version=chosen.version,
        survey_id=None,
        round=survey_round,
        unit=personas.joint_team,
        wave="",
        channel=Channel.LINK if chosen.audience == "user" else Channel.STAFF,
        answers=_an_answer_to_each(chosen),
    )


@pytest.mark.parametrize("key", sorted(instruments()), ids=lambda key: f"{key[0]}-v{key[1]}")
def test_the_results_of_every_survey_are_shown_and_exported(
    client_for: Any, analyst: Any, personas: Any, key: tuple[str, int]
) -> None:
    chosen = instruments()[key]
    _answered_once(chosen, personas)
    query = f"instrument={chosen.code}&version={chosen.version}&start=2026-01-01&end=2026-12-31"
    client = client_for(analyst)

    page = client.get(f"{PAGE}?{query}")
    assert page.status_code == 200
    assert escape(chosen.name.sv) in page.content.decode()
    sheet = client.get(f"{PAGE}results.xlsx?{query}")
    assert sheet.status_code == 200
    assert load_workbook(io.BytesIO(sheet.content)).worksheets
    responses = client.get(f"{PAGE}responses.csv?{query}")
    # Staff and steering-group answers are never given out one by one.
    assert responses.status_code == (400 if chosen.audience in STAFF_AUDIENCES else 200)
