"""Motivational interviewing per target behaviour: stages with their guidance, rulers, and the
warning before an action plan for a behaviour still in precontemplation."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import DomainError, NotFound
from lotsa.pathways.models import ChecklistEntry, Enrolment
from lotsa.people.models import Participant
from lotsa.testing.clock import TODAY
from lotsa.testing.personas import KnutTeam
from lotsa.worktraining import codes
from lotsa.worktraining.models import BehaviourActionPlan, MotivationAssessment, Stage
from lotsa.worktraining.motivation import STAGE_GUIDANCE
from lotsa.worktraining.services.motivation import (
    MotivationInput,
    assess_motivation,
    make_action_plan,
    save_target_behaviour,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
DAY = datetime.timedelta(days=1)


def _behaviour(team: KnutTeam, text: str = "Närvara varje dag") -> Any:
    return save_target_behaviour(
        actor=team.work_supervisor,
        enrolment=team.enrolment,
        problem="Dålig närvaro",
        behaviour=text,
        day=TODAY - 10 * DAY,
    )


def _assess(team: KnutTeam, behaviour: Any, stage: str, on: datetime.date, **more: Any) -> Any:
    return assess_motivation(
        actor=team.work_supervisor,
        behaviour=behaviour,
        values=MotivationInput(assessed_on=on, stage=stage, **more),
    )


def test_stages_are_recorded_per_behaviour_and_tick_the_mi_conversation_once(
    knut_team: KnutTeam,
) -> None:
    attendance = _behaviour(knut_team)
    mornings = _behaviour(knut_team, "Komma i tid på morgonen")
    _assess(
        knut_team, attendance, Stage.PRECONTEMPLATION, TODAY - 9 * DAY, tool="ambivalence_cross"
    )
    _assess(knut_team, attendance, Stage.CONTEMPLATION, TODAY - 2 * DAY, importance=6, confidence=3)
    _assess(knut_team, mornings, Stage.ACTION, TODAY - DAY)
    assert list(
        MotivationAssessment.objects.filter(behaviour=attendance).values_list("stage", flat=True)
    ) == [Stage.PRECONTEMPLATION, Stage.CONTEMPLATION]
    assert list(
        MotivationAssessment.objects.filter(behaviour=mornings).values_list("stage", flat=True)
    ) == [Stage.ACTION]
    ticks = ChecklistEntry.objects.filter(
        enrolment=knut_team.enrolment, item_code=codes.MI_CONVERSATION
    )
    assert [tick.done_on for tick in ticks] == [TODAY - 9 * DAY]


def test_the_rulers_take_values_from_zero_to_ten(knut_team: KnutTeam) -> None:
    behaviour = _behaviour(knut_team)
    with pytest.raises(DomainError) as too_high:
        _assess(knut_team, behaviour, Stage.CONTEMPLATION, TODAY, importance=11, confidence=10)
    assert set(too_high.value.errors) == {"importance"}
    with pytest.raises(DomainError) as unknown:
        _assess(knut_team, behaviour, "motivated", TODAY)
    assert set(unknown.value.errors) == {"stage"}
    with pytest.raises(DomainError) as before:
        _assess(knut_team, behaviour, Stage.CONTEMPLATION, TODAY - 11 * DAY)
    assert set(before.value.errors) == {"assessed_on"}
    saved = _assess(knut_team, behaviour, Stage.CONTEMPLATION, TODAY, importance=0, confidence=10)
    assert (saved.importance, saved.confidence) == (0, 10)


def test_an_action_plan_in_precontemplation_needs_confirming_and_says_so(
    knut_team: KnutTeam,
) -> None:
    behaviour = _behaviour(knut_team)
    _assess(knut_team, behaviour, Stage.PRECONTEMPLATION, TODAY - 5 * DAY)
    plan = {"actor": knut_team.work_supervisor, "behaviour": behaviour, "steps": "Ringa in."}
    with pytest.raises(DomainError) as warned:
        make_action_plan(**plan, made_on=TODAY - 4 * DAY)
    assert set(warned.value.errors) == {"confirm"}
    assert "precontemplation" in str(warned.value)
    assert not BehaviourActionPlan.objects.exists()
    confirmed = make_action_plan(**plan, made_on=TODAY - 4 * DAY, confirm=True)
    assert confirmed.despite_precontemplation is True
    _assess(knut_team, behaviour, Stage.PREPARATION, TODAY - 2 * DAY)
    later = make_action_plan(**plan, made_on=TODAY - DAY)
    assert later.despite_precontemplation is False
    # A plan dated before the preparation stage still meets the precontemplation warning.
    with pytest.raises(DomainError):
        make_action_plan(**plan, made_on=TODAY - 3 * DAY)


def test_no_one_is_marked_motivated_or_unmotivated() -> None:
    for model in (Participant, Enrolment):
        assert [f.name for f in model._meta.get_fields() if "motivat" in f.name] == []


def test_only_work_training_cases_keep_these_records(personas: Any, knut_team: KnutTeam) -> None:
    ips = Enrolment.objects.get(participant=personas.own)
    with pytest.raises(DomainError):
        save_target_behaviour(
            actor=personas.coach_a, enrolment=ips, problem="p", behaviour="b", day=TODAY
        )
    with pytest.raises(NotFound):
        save_target_behaviour(
            actor=personas.coach_a,
            enrolment=knut_team.enrolment,
            problem="p",
            behaviour="b",
            day=TODAY,
        )


def test_the_pages_show_the_latest_stage_with_its_guidance_and_warn_before_a_plan(
    knut_team: KnutTeam, client_for: Any
) -> None:
    client = client_for(knut_team.work_supervisor)
    url = f"/work-training/cases/{knut_team.enrolment.pk}/motivation/"
    bad = client.post(url, {"problem": "", "behaviour": "Närvara", "day": TODAY})
    assert bad.status_code == 400
    assert set(bad.context["form"].errors) == {"problem"}
    saved = client.post(url, {"problem": "Dålig närvaro", "behaviour": "Närvara", "day": TODAY})
    assert saved.status_code == 302
    base = saved["Location"]
    assessed = client.post(
        f"{base}assess/",
        {"assessed_on": TODAY, "stage": "precontemplation", "importance": 2, "confidence": 1},
    )
    assert assessed.status_code == 302
    page = client.get(base)
    guidance = STAGE_GUIDANCE[Stage.PRECONTEMPLATION]
    assert page.context["record"].guidance == guidance
    with translation.override("sv"):
        assert str(guidance) in page.content.decode()
    out_of_scale = client.post(
        f"{base}assess/", {"assessed_on": TODAY, "stage": "contemplation", "confidence": 12}
    )
    assert out_of_scale.status_code == 400
    assert set(out_of_scale.context["assess_form"].errors) == {"confidence"}
    warned = client.post(f"{base}plan/", {"made_on": TODAY, "steps": "Ringa in vid frånvaro."})
    assert warned.status_code == 400
    assert set(warned.context["plan_form"].errors) == {"confirm"}
    assert 'aria-describedby="id_confirm_error"' in warned.content.decode()
    confirmed = client.post(
        f"{base}plan/", {"made_on": TODAY, "steps": "Ringa in vid frånvaro.", "confirm": "on"}
    )
    assert confirmed.status_code == 302
    assert BehaviourActionPlan.objects.get().despite_precontemplation
    listing = client.get(url)
    [record] = listing.context["records"]
    assert (record.behaviour.behaviour, record.guidance) == ("Närvara", guidance)
    with translation.override("sv"):
        assert str(guidance) in listing.content.decode()


def test_a_manager_reads_but_may_not_write_and_other_units_see_nothing(
    knut_team: KnutTeam, personas: Any, client_for: Any
) -> None:
    behaviour = _behaviour(knut_team)
    manager = client_for(knut_team.manager)
    url = f"/work-training/cases/{knut_team.enrolment.pk}/motivation/"
    assert manager.get(url).status_code == 200
    assert manager.get(f"/work-training/behaviours/{behaviour.pk}/").status_code == 200
    assert manager.post(url, {"problem": "p", "behaviour": "b", "day": TODAY}).status_code == 403
    assess = f"/work-training/behaviours/{behaviour.pk}/assess/"
    assert manager.post(assess, {"assessed_on": TODAY, "stage": "action"}).status_code == 403
    viewed = AuditEntry.objects.filter(event=AuditEvent.MOTIVATION_VIEWED, actor=knut_team.manager)
    assert set(viewed.values_list("participant_id", flat=True)) == {
        knut_team.enrolment.participant_id
    }
    other = client_for(personas.coach_a)
    assert other.get(url).status_code == 404
    assert other.get(f"/work-training/behaviours/{behaviour.pk}/").status_code == 404
    assert other.post(assess, {"assessed_on": TODAY, "stage": "action"}).status_code == 404
    refused = AuditEntry.objects.filter(event=AuditEvent.ACCESS_DENIED, actor=personas.coach_a)
    assert refused.count() == 3
    assert not MotivationAssessment.objects.exists()


def test_the_pages_read_the_same_number_of_queries_whatever_the_records(
    knut_team: KnutTeam, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(knut_team.work_supervisor)
    first = _behaviour(knut_team)
    _assess(knut_team, first, Stage.CONTEMPLATION, TODAY)
    make_action_plan(actor=knut_team.work_supervisor, behaviour=first, made_on=TODAY, steps="Steg")
    url = f"/work-training/cases/{knut_team.enrolment.pk}/motivation/"

    def counted(path: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    one = {"list": counted(url), "behaviour": counted(f"/work-training/behaviours/{first.pk}/")}
    for index in range(4):
        more = _behaviour(knut_team, f"Beteende {index}")
        _assess(knut_team, more, Stage.ACTION, TODAY)
        _assess(knut_team, first, Stage.PREPARATION, TODAY)
        make_action_plan(
            actor=knut_team.work_supervisor, behaviour=first, made_on=TODAY, steps="Steg"
        )
    with django_assert_max_num_queries(one["list"]):
        client.get(url)
    with django_assert_max_num_queries(one["behaviour"]):
        client.get(f"/work-training/behaviours/{first.pk}/")


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("sv", ("Förbegrundande", "Målbeteende", "Gör ingen handlingsplan ännu.")),
        ("da", ("Førovervejelse", "Måladfærd", "Lav endnu ingen handlingsplan.")),
    ],
)
def test_the_stages_and_their_guidance_read_in_the_staff_members_language(
    knut_team: KnutTeam, client_for: Any, settings: Any, language: str, words: tuple[str, ...]
) -> None:
    behaviour = _behaviour(knut_team)
    _assess(knut_team, behaviour, Stage.PRECONTEMPLATION, TODAY)
    client = client_for(knut_team.work_supervisor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(f"/work-training/behaviours/{behaviour.pk}/").content.decode()
    assert all(word in page for word in words), words
