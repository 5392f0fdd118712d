"""The answering pages: the participant's surveys in their own space, staff typing in a paper
survey, and the public page of a one-time link."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.participant_space.reading import SESSION_KEY as EASY_READ_KEY
from lotsa.pathways.models import Milestone
from lotsa.surveys.instruments import current_instrument
from lotsa.surveys.models import Channel, Response, SurveyLink
from lotsa.surveys.tests.conftest import DAYS, TOKEN, Answering
from lotsa.testing.clock import TODAY
from lotsa.testing.factories import EnrolmentFactory, ParticipantAccountFactory

pytestmark = pytest.mark.django_db

ANSWER_URL = "/me/surveys/{enrolment}/amia_participant/t1/"
# The survey list: the session and the user, the enrolments with their deadline facts and
# milestones, the unit's rules, checklists and signed months, the survey IDs and their answers,
# and the audit entry of the view.
MOST_QUERIES = 14


def _participant(answering: Answering, client_for, *, language: str, easy: bool) -> Client:
    client = client_for(answering.account.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    session = client.session
    session[EASY_READ_KEY] = easy
    session.save()
    return client


def _all_answered(instrument, value: int = 1) -> dict[str, str]:
    return {f"item_{item.code}": str(value) for item in instrument.items if item.scale}


# ------------------------------------------------------------------ own space


def test_the_participant_sees_the_survey_due_and_the_home_page_leads_there(answering, client_for):
    client = _participant(answering, client_for, language="en", easy=False)

    home = client.get("/me/")
    page = client.get("/me/surveys/")

    assert 'href="/me/surveys/"' in home.content.decode()
    assert page.status_code == 200
    assert ANSWER_URL.format(enrolment=answering.enrolment.pk) in page.content.decode()
    assert "Start survey (T1)" in page.content.decode()
    assert answering.survey_id.code not in page.content.decode()
    entry = AuditEntry.objects.filter(event=AuditEvent.OWN_RECORD_VIEWED).order_by("-sequence")[0]
    assert (entry.participant_id, entry.changes["page"]) == (
        answering.enrolment.participant_id,
        "surveys",
    )


def test_the_participant_answers_t1_in_easy_read_swedish(answering, client_for):
    client = _participant(answering, client_for, language="sv", easy=True)
    url = ANSWER_URL.format(enrolment=answering.enrolment.pk)

    page = client.get(url).content.decode()
    sent = client.post(url, _all_answered(answering.instrument, value=1))

    easy_question = answering.instrument.item("contacts_easier").easy.sv
    assert f"<legend>{easy_question}</legend>" in page
    assert answering.instrument.item("contacts_easier").text.sv not in page
    assert 'class="survey easy-read"' in page
    assert sent.status_code == 302 and sent["Location"] == "/me/surveys/thanks/"
    response = Response.objects.get()
    assert (response.survey_id, response.channel, response.wave) == (
        answering.survey_id,
        Channel.OWN_SPACE,
        "t1",
    )
    assert client.get("/me/surveys/thanks/").status_code == 200
    # Answered, the wave is no longer asked for.
    assert client.get(url).status_code == 404


def test_an_answer_outside_the_scale_is_shown_at_the_question(answering, client_for):
    client = _participant(answering, client_for, language="en", easy=False)
    sent = _all_answered(answering.instrument) | {"item_contacts_easier": "9"}

    answered = client.post(ANSWER_URL.format(enrolment=answering.enrolment.pk), sent)

    assert answered.status_code == 400
    assert "item_contacts_easier" in answered.context["form"].errors
    assert 'class="error-summary"' in answered.content.decode()
    assert not Response.objects.exists()


def test_someone_elses_case_and_an_unscheduled_wave_answer_404(answering, client_for):
    other = ParticipantAccountFactory(participants=[answering.personas.own])
    client = client_for(other.user)
    mine = _participant(answering, client_for, language="en", easy=False)

    assert client.get(ANSWER_URL.format(enrolment=answering.enrolment.pk)).status_code == 404
    assert mine.get(f"/me/surveys/{answering.enrolment.pk}/amia_participant/t9/").status_code == 404
    assert AuditEntry.objects.filter(event=AuditEvent.ACCESS_DENIED, actor=other.user).exists()


def test_staff_do_not_reach_the_participants_survey_pages(answering, client_for):
    client = client_for(answering.personas.coach_a)

    assert client.get("/me/surveys/").status_code == 404
    assert client.get(ANSWER_URL.format(enrolment=answering.enrolment.pk)).status_code == 404


def test_the_survey_list_reads_as_many_queries_for_more_cases(answering, client_for):
    client = _participant(answering, client_for, language="en", easy=False)
    client.get("/me/surveys/")
    with CaptureQueriesContext(connection) as one_case:
        client.get("/me/surveys/")
    again = EnrolmentFactory(
        participant=answering.enrolment.participant,
        unit=answering.personas.joint_team,
        programme_model="amia",
        phase="mapping",
        start_date=TODAY - DAYS(2),
    )
    Milestone.objects.create(enrolment=again, code="enrolled", occurred_on=TODAY - DAYS(2))

    with CaptureQueriesContext(connection) as two_cases:
        shown = client.get("/me/surveys/")

    assert shown.content.decode().count("/amia_participant/t1/") == 2
    assert len(two_cases) == len(one_case) <= MOST_QUERIES


# ------------------------------------------------------------------ paper


PAPER = "/surveys/paper/?survey=amia_participant:t1"


def _paper_form(answering: Answering, code: str, answered_on=TODAY) -> dict[str, str]:
    return {"code": code, "answered_on": answered_on.isoformat()} | _all_answered(
        answering.instrument, value=3
    )


def test_staff_type_in_a_paper_survey(answering, client_for):
    client = client_for(answering.personas.coach_a)

    chooser = client.get("/surveys/paper/")
    form = client.get(PAPER)
    saved = client.post(PAPER, _paper_form(answering, answering.survey_id.code))

    assert chooser.status_code == 200 and 'name="survey"' in chooser.content.decode()
    assert form.status_code == 200 and 'name="code"' in form.content.decode()
    assert saved.status_code == 302 and saved["Location"] == PAPER
    response = Response.objects.get()
    assert (response.channel, response.entered_by, response.survey_id) == (
        Channel.PAPER,
        answering.personas.coach_a,
        answering.survey_id,
    )


def test_an_unknown_survey_id_is_an_error_at_the_code(answering, client_for):
    client = client_for(answering.personas.coach_a)

    refused = client.post(PAPER, _paper_form(answering, "ZZZZZZZZ"))

    assert refused.status_code == 400
    assert "code" in refused.context["entry"].errors
    assert not Response.objects.exists()


def test_a_survey_the_models_do_not_schedule_is_an_error_at_the_choice(answering, client_for):
    client = client_for(answering.personas.coach_a)

    refused = client.get("/surveys/paper/?survey=amia_participant:t9")

    assert refused.status_code == 400
    assert "survey" in refused.context["chosen"].errors


def test_roles_that_do_not_enter_survey_answers_get_403(answering, client_for):
    for user in (answering.personas.analyst, answering.personas.manager_a):
        assert client_for(user).get(PAPER).status_code == 403
        assert (
            client_for(user)
            .post(PAPER, _paper_form(answering, answering.survey_id.code))
            .status_code
            == 403
        )
    assert not Response.objects.exists()


# ------------------------------------------------------------------ one-time link


def test_a_link_is_answered_without_signing_in_and_then_refused(link_round, client):
    url = f"/survey/{TOKEN}/"
    page = client.get(url)

    answered = client.post(url, _all_answered(page.context["form"].instrument))
    again = client.get(url)

    assert page.status_code == 200
    assert answered.status_code == 200
    assert [t.name for t in answered.templates][0] == "surveys/answer_link_thanks.html"
    assert Response.objects.get().channel == Channel.LINK
    assert SurveyLink.objects.get().used_on == TODAY
    assert again.status_code == 410
    refusal = AuditEntry.objects.get(event=AuditEvent.SURVEY_LINK_REFUSED)
    assert (refusal.changes["reason"], refusal.ip_address, refusal.actor) == ("used", None, None)
    recorded = AuditEntry.objects.get(event=AuditEvent.SURVEY_RESPONSE_RECORDED)
    assert (recorded.ip_address, recorded.actor, recorded.participant_id) == (None, None, None)


def test_an_unknown_link_answers_404(link_round, client):
    assert client.get("/survey/not-a-token/").status_code == 404


def test_bad_answers_through_a_link_are_shown_and_the_link_stays_unused(link_round, client):
    refused = client.post(f"/survey/{TOKEN}/", {"item_contacts_easier": "7"})

    assert refused.status_code == 400
    assert "item_contacts_easier" in refused.context["form"].errors
    assert SurveyLink.objects.get().used_on is None


def test_the_link_page_switches_to_easy_read_for_the_session(link_round, client):
    url = f"/survey/{TOKEN}/"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"

    switched = client.post(url, {"easy": "1"})
    page = client.get(url).content.decode()

    assert switched.status_code == 302
    item = current_instrument("amia_participant").item("contacts_easier")
    assert item.easy.sv in page and item.text.sv not in page


def test_a_signed_in_participant_can_open_a_link(link_round, answering, client_for):
    client = client_for(answering.account.user)

    response = client.get(f"/survey/{TOKEN}/")

    assert response.status_code == 200
    assert 'class="survey"' in response.content.decode()


# ------------------------------------------------------------------ what the pages cost


@pytest.mark.parametrize(
    ("who", "url", "most"),
    [
        # The session and user, the case with its deadline facts, rules, checklist, signed
        # months, survey IDs and answers, and the audit entry of the view.
        ("participant", ANSWER_URL, 16),
        # The session and user, and the role that may type in answers.
        ("coach", PAPER, 3),
        # The link and its round.
        ("anyone", f"/survey/{TOKEN}/", 1),
    ],
)
def test_the_answering_pages_read_a_fixed_number_of_queries(
    answering, link_round, client_for, client, who, url, most
):
    browser = {
        "participant": client_for(answering.account.user),
        "coach": client_for(answering.personas.coach_a),
        "anyone": client,
    }[who]
    url = url.format(enrolment=answering.enrolment.pk)
    browser.get(url)

    with CaptureQueriesContext(connection) as read:
        assert browser.get(url).status_code == 200

    assert len(read) <= most
