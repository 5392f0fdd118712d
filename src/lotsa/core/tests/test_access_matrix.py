"""The access rules as a matrix: persona × action × relation to the participant.

Relations: ``own`` (the persona's unit A, another coach responsible: ``same_unit``), a
participant of ``other_unit`` (unit B), one of the FK–AF ``joint`` team, and one with no
enrolment at all. Missing and forbidden look the same: 404.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.casework.models import PlanRevision
from lotsa.participant_space.models import Signature
from lotsa.pathways.models import Enrolment
from lotsa.people.services import record_consent
from lotsa.surveys.services.ids import issue_survey_id
from lotsa.testing.factories import ParticipantAccountFactory
from lotsa.testing.surveys import staff_round_and_finding

pytestmark = pytest.mark.django_db

RELATIONS = ("own", "same_unit", "other_unit", "joint", "unenrolled")

# persona -> (relations it may see, relations it may change)
EXPECTED: dict[str, tuple[set[str], set[str]]] = {
    "coach_a": ({"own", "same_unit"}, {"own", "same_unit"}),
    "colleague_a": ({"own", "same_unit"}, {"own", "same_unit"}),
    "team_leader_a": ({"own", "same_unit"}, {"own", "same_unit"}),
    "manager_a": ({"own", "same_unit"}, set()),
    "coach_b": ({"other_unit"}, {"other_unit"}),
    "fk_caseworker": ({"joint"}, {"joint"}),
    "af_caseworker": ({"joint"}, {"joint"}),
    "former_coach_a": (set(), set()),
    "reviewer": (set(), set()),
    "analyst": (set(), set()),
    "administrator": (set(), set()),
    "records_officer": (set(), set()),
}


def strip_tokens(content: bytes) -> bytes:
    """The page without what differs per request: the CSRF token and the current address."""
    content = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)
    return re.sub(rb'name="next" type="hidden" value="[^"]+"', b"", content)


def denied_for(user, participant) -> int:  # type: ignore[no-untyped-def]
    return AuditEntry.objects.filter(
        event=AuditEvent.ACCESS_DENIED, actor=user, participant_id=participant.pk
    ).count()


@pytest.mark.parametrize("persona", EXPECTED)
def test_participant_page(personas, client_for, persona) -> None:
    user = getattr(personas, persona)
    client = client_for(user)
    visible, changeable = EXPECTED[persona]
    for relation in RELATIONS:
        participant = getattr(personas, relation)
        response = client.get(f"/participants/{participant.pk}/")
        assert response.status_code == (200 if relation in visible else 404), relation
        if relation in visible:
            assert participant.last_name in response.content.decode()
        else:
            assert participant.last_name not in response.content.decode()
            assert denied_for(user, participant) == 1
        edit = client.get(f"/participants/{participant.pk}/edit/")
        assert edit.status_code == (200 if relation in changeable else 404), relation


@pytest.mark.parametrize("persona", EXPECTED)
def test_invitation_code(personas, client_for, persona) -> None:
    """Making a participant's invitation code is a change of their record. (These participants
    have identity numbers, so those who may are told to use eID instead.)"""
    client = client_for(getattr(personas, persona))
    _visible, changeable = EXPECTED[persona]
    for relation in RELATIONS:
        participant = getattr(personas, relation)
        response = client.post(f"/participants/{participant.pk}/invitation/")
        assert response.status_code == (302 if relation in changeable else 404), relation
        if relation in changeable:
            assert response.url == f"/participants/{participant.pk}/"


@pytest.mark.parametrize("persona", EXPECTED)
def test_participant_api(personas, api_for, persona) -> None:
    user = getattr(personas, persona)
    api = api_for(user)
    visible, changeable = EXPECTED[persona]
    for relation in RELATIONS:
        participant = getattr(personas, relation)
        response = api.get(f"/api/participants/{participant.pk}")
        assert response.status_code == (200 if relation in visible else 404), relation
        if relation in visible:
            assert response.json()["last_name"] == participant.last_name
        else:
            assert response.json() == {"detail": "Not found."}
        patch = api.patch(
            f"/api/participants/{participant.pk}",
            {"city": "Nyby", "version": participant.version},
            content_type="application/json",
        )
        assert patch.status_code == (200 if relation in changeable else 404), relation
        participant.refresh_from_db()
        assert (participant.city == "Nyby") == (relation in changeable)
        consents = api.get(f"/api/participants/{participant.pk}/consents")
        assert consents.status_code == (200 if relation in visible else 404), relation


@pytest.mark.parametrize("persona", EXPECTED)
def test_search_finds_only_visible_participants(personas, client_for, api_for, persona) -> None:
    user = getattr(personas, persona)
    visible, _changeable = EXPECTED[persona]
    client, api = client_for(user), api_for(user)
    for relation in RELATIONS:
        participant = getattr(personas, relation)
        number = participant.identity_display
        if not visible:
            assert client.get("/participants/", {"q": number}).status_code == 403
            assert api.get("/api/participants", {"q": number}).status_code == 403
            continue
        page = client.get("/participants/", {"q": number})
        listed = page.context["participants"]
        assert (participant in listed) == (relation in visible), relation
        by_name = client.get("/participants/", {"q": participant.last_name})
        assert (participant in by_name.context["participants"]) == (relation in visible)
        found = api.get("/api/participants", {"q": number}).json()
        assert [p["id"] for p in found] == ([participant.pk] if relation in visible else [])


def test_a_coach_cannot_reach_another_units_participant_and_the_attempt_is_logged(
    personas, client_for, api_for
) -> None:
    stranger = personas.other_unit
    assert client_for(personas.coach_a).get(f"/participants/{stranger.pk}/").status_code == 404
    assert api_for(personas.coach_a).get(f"/api/participants/{stranger.pk}").status_code == 404
    attempts = AuditEntry.objects.filter(event=AuditEvent.ACCESS_DENIED, actor=personas.coach_a)
    assert attempts.count() == 2
    assert {entry.participant_id for entry in attempts} == {stranger.pk}
    assert all(entry.changes == {"action": "participant.view"} for entry in attempts)


def test_an_unknown_participant_looks_like_a_forbidden_one(personas, client_for) -> None:
    client = client_for(personas.coach_a)
    missing = client.get("/participants/999999/")
    forbidden = client.get(f"/participants/{personas.other_unit.pk}/")
    assert missing.status_code == forbidden.status_code == 404
    assert strip_tokens(missing.content) == strip_tokens(forbidden.content)
    entry = AuditEntry.objects.filter(event=AuditEvent.ACCESS_DENIED, object_id="999999").get()
    assert entry.participant_id is None


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coach_a", 200),
        ("team_leader_a", 200),
        ("manager_a", 200),
        ("analyst", 403),
        ("reviewer", 403),
        ("records_officer", 403),
    ],
)
def test_the_own_work_pages_need_a_role_with_participants(
    personas, client_for, persona, status
) -> None:
    client = client_for(getattr(personas, persona))
    for url in ("/today/", "/caseload/"):
        assert client.get(url).status_code == status, url


UNIT_PAGES = (
    "/units/{}/board/",
    "/units/{}/unassigned/",
    "/units/{}/cohorts/",
    "/units/{}/jobs/",
    "/units/{}/fidelity/",
    "/units/{}/activity-report/",
    "/teamwork/units/{}/teams/",
    "/teamwork/units/{}/team-meetings/",
    "/teamwork/units/{}/unit-meetings/",
    "/teamwork/units/{}/supervision/",
    "/improvement/units/{}/",
    "/improvement/units/{}/matrix/",
    "/improvement/units/{}/benchmarking/",
    "/improvement/units/{}/competence/",
)


@pytest.mark.parametrize("page", UNIT_PAGES)
def test_a_unit_page_refused_or_missing_answers_404_and_is_logged(
    personas, client_for, page
) -> None:
    client = client_for(personas.coach_a)
    assert client.get(page.format(personas.unit_a.pk)).status_code in (200, 404)
    for unit_id in (personas.unit_b.pk, 999999):
        assert client.get(page.format(unit_id)).status_code == 404
        refused = AuditEntry.objects.filter(
            event=AuditEvent.ACCESS_DENIED, actor=personas.coach_a, object_id=str(unit_id)
        )
        assert refused.filter(object_type="organisations.unit").count() == 1, unit_id


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("administrator", 200),
        ("coach_a", 403),
        ("manager_a", 403),
        ("analyst", 403),
        ("reviewer", 403),
    ],
)
def test_only_administrators_reach_administration(personas, client_for, persona, status) -> None:
    client = client_for(getattr(personas, persona))
    for url in (
        "/administration/",
        "/administration/staff/",
        "/administration/audit/",
        "/administration/units/new/",
        "/administration/identity-providers/new/",
        "/administration/retention/",
        "/administration/retention/new/",
    ):
        assert client.get(url).status_code == status, url


def test_signed_out_visitors_are_sent_to_sign_in(personas, client) -> None:
    response = client.get(f"/participants/{personas.own.pk}/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert client.get(f"/api/participants/{personas.own.pk}").status_code == 401
    invitation = client.post(f"/participants/{personas.own.pk}/invitation/")
    assert invitation.url.startswith("/accounts/login/")
    # The page where a participant enters an invitation code is open.
    assert client.get("/me/invitation/").status_code == 200


def test_a_deactivated_account_loses_access(personas, client_for) -> None:
    client = client_for(personas.coach_a)
    personas.coach_a.is_active = False
    personas.coach_a.save()
    response = client.get(f"/participants/{personas.own.pk}/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


# persona -> the relations whose register extract it may produce; None: the page is not for it.
EXTRACTS: dict[str, set[str] | None] = dict.fromkeys(EXPECTED) | {
    "records_officer": {"own", "same_unit"},
}


@pytest.mark.parametrize("persona", EXPECTED)
def test_register_extract(personas, client_for, api_for, persona) -> None:
    user = getattr(personas, persona)
    client, api = client_for(user), api_for(user)
    allowed = EXTRACTS[persona]
    assert client.get("/register-extracts/").status_code == (403 if allowed is None else 200)
    for relation in RELATIONS:
        participant = getattr(personas, relation)
        expected = 403 if allowed is None else 200 if relation in allowed else 404
        for suffix in ("", "extract.json", "extract.pdf"):
            response = client.get(f"/register-extracts/{participant.pk}/{suffix}")
            assert response.status_code == expected, (relation, suffix)
        response = api.get(f"/api/participants/{participant.pk}/extract")
        assert response.status_code == expected, relation
        if expected == 200:
            assert response.json()["participant"]["last_name"] == participant.last_name


def test_a_participant_reaches_by_id_only_what_is_their_own(personas, client_for) -> None:
    """The participant ``own`` signed in to their own space: a plan of their own case is
    reached (and a wrong hash refused, 409); every other relation's plan is 404, logged, and
    every staff page and the API is 404, their own record's included."""
    account = ParticipantAccountFactory(participants=[personas.own])
    client = client_for(account.user)
    for relation in RELATIONS:
        participant = getattr(personas, relation)
        enrolment = Enrolment.objects.filter(participant=participant).first()
        if enrolment is not None:
            revision = PlanRevision.objects.create(
                enrolment=enrolment,
                number=1,
                long_term_goal="A goal",
                created_by=personas.coach_a,
            )
            response = client.post(f"/me/plan/{revision.pk}/sign/", {"content_hash": "0" * 64})
            assert response.status_code == (409 if relation == "own" else 404), relation
            assert denied_for(account.user, participant) == (0 if relation == "own" else 1)
            assert client.get(f"/cases/{enrolment.pk}/").status_code == 404, relation
        assert client.get(f"/participants/{participant.pk}/").status_code == 404, relation
        # The API answers a participant's session as it answers a stranger's record.
        assert client.get(f"/api/participants/{participant.pk}").status_code == 404, relation
    assert not Signature.objects.exists()
    # Nor can they make an API token, or reach the staff's own account pages.
    for staff_page in ("/accounts/tokens/", "/accounts/password/", "/api/docs"):
        assert client.get(staff_page).status_code == 404, staff_page


# ------------------------------------------------------------------ surveys

# Who runs the joint team's surveys, and who merely answers them (its staff).
SURVEY_RUNNERS_ELSEWHERE = {"team_leader_a", "manager_a"}
JOINT_STAFF = {"fk_caseworker", "af_caseworker", "coordinator"}


def survey_page_status(persona: str, page: str) -> int:
    """The answer a persona gets on a survey page about the joint team's records: a page is 403
    for a role that may do nothing there, a record 404 for a role of another unit."""
    if persona == "coordinator":
        return 200
    if page == "key":
        # The key looks the same missing or refused, to every role.
        return 404
    if persona == "former_coach_a" or page == "ids":
        return 403
    if page == "index":
        return 200
    if page == "answer":
        return 200 if persona in JOINT_STAFF else 404
    return 404 if persona in SURVEY_RUNNERS_ELSEWHERE else 403


@pytest.mark.usefixtures("round_instruments")
@pytest.mark.parametrize("persona", [*EXPECTED, "coordinator"])
def test_survey_pages(personas, client_for, persona) -> None:
    joint = Enrolment.objects.get(participant=personas.joint)
    today = timezone.localdate()
    record_consent(
        actor=personas.fk_caseworker, participant=personas.joint, kind="survey", given_on=today
    )
    survey_id = issue_survey_id(actor=personas.coordinator, enrolment=joint)
    unit = personas.joint_team
    survey_round, finding = staff_round_and_finding(personas)
    pages = {
        "index": "/surveys/",
        "ids": "/surveys/ids/",
        "key": f"/surveys/ids/{survey_id.pk}/",
        "rounds": f"/surveys/rounds/unit/{unit.pk}/",
        "round": f"/surveys/rounds/{survey_round.pk}/",
        "answer": f"/surveys/rounds/{survey_round.pk}/answer/",
        "findings": f"/surveys/findings/unit/{unit.pk}/",
        "focus_group": f"/surveys/findings/unit/{unit.pk}/focus-group/",
        "finding": f"/surveys/findings/{finding.pk}/",
    }
    client = client_for(getattr(personas, persona))
    for page, url in pages.items():
        status = client.get(url).status_code
        assert status == survey_page_status(persona, page), page


# persona -> (unit A's programme costs, the parameter sets page)
SOCIOECONOMIC_PAGES: dict[str, tuple[int, int]] = {
    "coach_a": (403, 403),
    "team_leader_a": (200, 200),
    "manager_a": (200, 200),
    "coach_b": (403, 403),
    "reviewer": (403, 403),
    # The analyst reads costs of the administration's unit, and the municipality's sets.
    "analyst": (404, 200),
    "administrator": (403, 403),
    "records_officer": (403, 403),
}


@pytest.mark.parametrize("persona", SOCIOECONOMIC_PAGES)
def test_socioeconomic_pages(personas, client_for, persona) -> None:
    client = client_for(getattr(personas, persona))
    costs = client.get(f"/socioeconomics/costs/units/{personas.unit_a.pk}/").status_code
    sets = client.get("/socioeconomics/parameters/").status_code
    assert (costs, sets) == SOCIOECONOMIC_PAGES[persona]


# Time use: a coach's own log is theirs alone; their unit's team leader and manager read it;
# the unit's figures are for those who lead it (and its analysts).
COACHES = {"coach_a", "colleague_a", "coach_b", "fk_caseworker", "af_caseworker"}
LEADERS_OF_A = {"team_leader_a", "manager_a"}


@pytest.mark.parametrize("persona", EXPECTED)
def test_time_use_pages(personas, client_for, persona) -> None:
    unit = personas.unit_a.pk
    expected = {
        "/time-use/week/": 200 if persona in COACHES else 403,
        f"/time-use/units/{unit}/coaches/{personas.coach_a.pk}/": (
            200 if persona in LEADERS_OF_A else 404
        ),
        f"/time-use/units/{unit}/": 200 if persona in LEADERS_OF_A else 404,
    }
    client = client_for(getattr(personas, persona))
    for url, status in expected.items():
        assert client.get(url).status_code == status, url
