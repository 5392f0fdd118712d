"""Answering a survey: in the participant's own space, on paper typed in by staff, and through
a one-time link. Each refusal, the checklist tick that meets the wave's deadline, one answer per
wave or link, and what the audit trail keeps."""

from __future__ import annotations

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.casework.queries import today_for
from lotsa.errors import DomainError, Forbidden, NotFound
from lotsa.pathways.deadlines import (
    DeadlineState,
    deadlines_of,
    rule_records,
    unit_rules,
    with_deadline_facts,
)
from lotsa.pathways.models import ChecklistEntry, Enrolment
from lotsa.surveys.models import Channel, Response, SurveyLink, SurveyRound
from lotsa.surveys.queries.answering import LinkRefused, usable_link
from lotsa.surveys.services import responses
from lotsa.surveys.tests.conftest import DAYS, TOKEN, Answering, answers, issue
from lotsa.testing.clock import TODAY
from lotsa.testing.factories import ParticipantAccountFactory

pytestmark = pytest.mark.django_db


def _last(event: AuditEvent) -> AuditEntry:
    return AuditEntry.objects.filter(event=event).order_by("-sequence").first()


def _own(a: Answering, wave: str = "t1") -> Response:
    return responses.answer_own_survey(
        actor=a.account.user,
        enrolment=a.enrolment,
        instrument=a.instrument,
        wave=wave,
        checked=answers(a.instrument),
    )


def _t1_deadline(enrolment: Enrolment) -> str:
    read = with_deadline_facts(Enrolment.objects.filter(pk=enrolment.pk)).get()
    statuses = deadlines_of(read, unit_rules({read.unit_id}), TODAY, rule_records([read])[read.pk])
    return next(status.state for status in statuses if status.code == "survey_t1")


# ------------------------------------------------------------------ own space


def test_the_participant_answers_under_their_survey_id_and_the_wave_is_ticked(answering):
    assert _t1_deadline(answering.enrolment) == DeadlineState.DUE

    response = _own(answering)

    assert (response.survey_id, response.wave, response.channel) == (
        answering.survey_id,
        "t1",
        Channel.OWN_SPACE,
    )
    assert response.entered_by is None and response.answered_on == TODAY
    assert response.answers.count() == len([i for i in answering.instrument.items if i.scale])
    tick = ChecklistEntry.objects.get(enrolment=answering.enrolment, item_code="survey_t1")
    assert (tick.done_on, tick.recorded_by) == (TODAY, None)
    assert _t1_deadline(answering.enrolment) == DeadlineState.MET


def test_the_audit_entry_names_the_participant_but_not_the_survey_id(answering):
    _own(answering)

    entry = _last(AuditEvent.SURVEY_RESPONSE_RECORDED)
    assert entry.participant_id == answering.enrolment.participant_id
    assert entry.actor == answering.account.user
    assert entry.changes == {
        "instrument": "amia_participant",
        "version": answering.instrument.version,
        "wave": "t1",
        "channel": "own_space",
    }
    assert answering.survey_id.code not in str(entry.changes) and entry.object_id == ""


def test_a_response_keeps_no_reference_to_a_person(answering):
    _own(answering)

    related = {
        field.related_model._meta.label
        for field in Response._meta.get_fields()
        if field.is_relation and field.related_model is not None
    }
    assert "people.Participant" not in related
    assert Response.objects.get().entered_by is None


def test_a_wave_is_answered_once(answering):
    _own(answering)

    with pytest.raises(DomainError) as refused:
        _own(answering)

    assert "wave" in refused.value.errors
    assert Response.objects.count() == 1


def test_the_enrolment_of_someone_else_is_refused_as_if_it_did_not_exist(answering):
    someone_else = ParticipantAccountFactory(participants=[answering.personas.own])

    with pytest.raises(NotFound):
        responses.answer_own_survey(
            actor=someone_else.user,
            enrolment=answering.enrolment,
            instrument=answering.instrument,
            wave="t1",
            checked=answers(answering.instrument),
        )

    assert _last(AuditEvent.ACCESS_DENIED).actor == someone_else.user
    assert not Response.objects.exists()


def test_without_a_survey_id_nothing_is_answered(answering, case):
    without = case("amia", referred_on=TODAY - DAYS(10), started_on=TODAY - DAYS(3))
    account = ParticipantAccountFactory(participants=[without.participant])

    with pytest.raises(DomainError) as refused:
        responses.answer_own_survey(
            actor=account.user,
            enrolment=without,
            instrument=answering.instrument,
            wave="t1",
            checked=answers(answering.instrument),
        )

    assert "survey number" in str(refused.value)
    assert not Response.objects.exists()
    assert not ChecklistEntry.objects.filter(enrolment=without).exists()


def test_a_wave_the_programme_does_not_schedule_is_refused(answering):
    with pytest.raises(DomainError) as refused:
        _own(answering, wave="t9")

    assert "wave" in refused.value.errors


# ------------------------------------------------------------------ paper


def _paper(a: Answering, code: str, actor=None, answered_on=TODAY) -> Response:
    return responses.enter_paper_survey(
        actor=actor or a.personas.coach_a,
        code=code,
        instrument=a.instrument,
        wave="t1",
        answered_on=answered_on,
        checked=answers(a.instrument, value=2),
    )


def test_a_paper_survey_is_marked_as_typed_in_by_staff(answering):
    written = answering.survey_id.code.lower()
    code_on_paper = f"{written[:4]}-{written[4:]}"

    response = _paper(answering, code_on_paper, answered_on=TODAY - DAYS(1))

    assert (response.channel, response.entered_by, response.answered_on) == (
        Channel.PAPER,
        answering.personas.coach_a,
        TODAY - DAYS(1),
    )
    assert response.survey_id == answering.survey_id
    tick = ChecklistEntry.objects.get(enrolment=answering.enrolment, item_code="survey_t1")
    assert (tick.done_on, tick.recorded_by) == (TODAY - DAYS(1), None)


def test_the_audit_entry_of_a_paper_survey_names_neither_the_person_nor_the_id(answering):
    _paper(answering, answering.survey_id.code)

    entry = _last(AuditEvent.SURVEY_RESPONSE_RECORDED)
    assert entry.participant_id is None
    assert answering.survey_id.code not in str(entry.changes)
    assert entry.changes["channel"] == "paper"


def test_an_unknown_code_and_one_of_another_unit_get_the_same_answer(answering, case):
    elsewhere = case("amia", referred_on=TODAY - DAYS(10), started_on=TODAY - DAYS(3))
    elsewhere.unit = answering.personas.unit_b
    elsewhere.save(update_fields=["unit"])
    other_unit_id = issue(answering.personas, elsewhere, issued_on=TODAY)

    messages = []
    for code in ("ZZZZZZZZ", other_unit_id.code):
        with pytest.raises(DomainError) as refused:
            _paper(answering, code)
        messages.append(refused.value.errors["code"])

    assert messages[0] == messages[1]
    assert not Response.objects.exists()


def test_a_paper_survey_cannot_be_dated_in_the_future(answering):
    with pytest.raises(DomainError) as refused:
        _paper(answering, answering.survey_id.code, answered_on=TODAY + DAYS(1))

    assert "answered_on" in refused.value.errors


def test_a_role_that_does_not_enter_survey_answers_is_refused(answering):
    with pytest.raises(Forbidden):
        _paper(answering, answering.survey_id.code, actor=answering.personas.analyst)

    assert _last(AuditEvent.ACCESS_DENIED).actor == answering.personas.analyst
    assert not Response.objects.exists()


def test_paper_and_own_space_share_one_answer_per_wave(answering):
    _paper(answering, answering.survey_id.code)

    with pytest.raises(DomainError):
        _own(answering)

    assert Response.objects.get().channel == Channel.PAPER


# ------------------------------------------------------------------ one-time links


def test_a_link_is_answered_once(link_round: SurveyRound):
    instrument_answers = answers(responses.usable_link(TOKEN)[1])

    response = responses.answer_by_link(token=TOKEN, checked=instrument_answers)

    assert (response.round, response.channel, response.survey_id) == (
        link_round,
        Channel.LINK,
        None,
    )
    assert SurveyLink.objects.get().used_on == TODAY
    with pytest.raises(LinkRefused) as refused:
        responses.answer_by_link(token=TOKEN, checked=instrument_answers)
    assert refused.value.reason == "used"
    assert Response.objects.count() == 1
    assert _last(AuditEvent.SURVEY_LINK_REFUSED).changes["reason"] == "used"


def test_a_link_answer_keeps_no_identity_not_even_the_address(link_round, client):
    recorded = AuditEntry.objects.count()
    responses.answer_by_link(token=TOKEN, checked=answers(usable_link(TOKEN)[1]))

    entry = AuditEntry.objects.order_by("-sequence").first()
    assert AuditEntry.objects.count() == recorded + 1
    assert (entry.event, entry.actor, entry.participant_id, entry.ip_address) == (
        AuditEvent.SURVEY_RESPONSE_RECORDED,
        None,
        None,
        None,
    )
    assert TOKEN not in str(entry.changes)


def test_an_unknown_token_is_not_found_and_logged(link_round):
    with pytest.raises(NotFound):
        responses.answer_by_link(token="no-such-token", checked=answers(usable_link(TOKEN)[1]))

    assert _last(AuditEvent.SURVEY_LINK_REFUSED).changes == {"reason": "unknown"}


def test_a_round_that_has_closed_refuses_its_links(link_round, clock):
    clock.move_to(TODAY + DAYS(31))

    with pytest.raises(LinkRefused) as refused:
        usable_link(TOKEN)

    assert refused.value.reason == "closed"


def test_two_submits_of_one_link_at_once_answer_once(link_round, monkeypatch):
    """The second submit passed the first check before the first was saved: the row lock and
    the check under it refuse it."""
    seen_before_either = usable_link(TOKEN)
    checked = answers(seen_before_either[1])
    responses.answer_by_link(token=TOKEN, checked=checked)
    monkeypatch.setattr(responses, "usable_link", lambda _token: seen_before_either)

    with pytest.raises(LinkRefused):
        responses.answer_by_link(token=TOKEN, checked=checked)

    assert Response.objects.count() == 1
    assert _last(AuditEvent.SURVEY_LINK_REFUSED).changes["reason"] == "used"


# ------------------------------------------------------------------ the staff's deadlines


def test_a_wave_due_is_on_the_responsible_coachs_today_page_until_answered(answering):
    def due_codes() -> set[str]:
        page = today_for(answering.personas.coach_a)
        return {line.deadline.code for line in page.due_this_week + page.overdue}

    assert "survey_t1" in due_codes()
    _own(answering)
    assert "survey_t1" not in due_codes()
