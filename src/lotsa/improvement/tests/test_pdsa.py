from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import DomainError, Forbidden
from lotsa.improvement.models import PdsaCycle
from lotsa.improvement.services import plan_cycle, record_step
from lotsa.testing.queries import page_queries

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 9, 1)


def plan(improvement, actor, on=DAY):  # type: ignore[no-untyped-def]
    return plan_cycle(
        actor=actor,
        improvement=improvement,
        what="A shared list of job leads at every unit meeting",
        prediction="Each coach brings two leads a week",
        measure="Job leads shared per meeting",
        planned_on=on,
    )


def test_a_cycle_goes_plan_do_study_act_each_step_dated_and_signed(personas, propose) -> None:
    improvement = propose(owner=personas.coach_a)
    cycle = plan(improvement, personas.coach_a)
    improvement.refresh_from_db()
    assert (cycle.number, cycle.step, improvement.status) == (1, "do", "in_progress")
    record_step(actor=personas.coach_a, cycle=cycle, step="do", on=DAY, do_notes="Four meetings")
    record_step(
        actor=personas.team_leader_a,
        cycle=cycle,
        step="study",
        on=DAY + datetime.timedelta(days=28),
        result="1.5 leads per coach a week",
    )
    record_step(
        actor=personas.team_leader_a,
        cycle=cycle,
        step="act",
        on=DAY + datetime.timedelta(days=30),
        decision="adapt",
        act_notes="Add leads from the employer visits",
    )
    cycle.refresh_from_db()
    assert cycle.step == ""
    assert (cycle.done_by, cycle.studied_by, cycle.acted_by) == (
        personas.coach_a, personas.team_leader_a, personas.team_leader_a
    )  # fmt: skip
    assert cycle.result == "1.5 leads per coach a week" and cycle.decision == "adapt"
    steps = AuditEntry.objects.filter(
        event=AuditEvent.PDSA_STEP_RECORDED, object_id=str(cycle.pk)
    ).order_by("sequence")
    assert [(e.changes["step"], e.actor_id) for e in steps] == [
        ("plan", personas.coach_a.pk),
        ("do", personas.coach_a.pk),
        ("study", personas.team_leader_a.pk),
        ("act", personas.team_leader_a.pk),
    ]
    second = plan(improvement, personas.coach_a, on=DAY + datetime.timedelta(days=31))
    assert second.number == 2


def test_steps_come_in_order(personas, propose) -> None:
    improvement = propose()
    cycle = plan(improvement, personas.team_leader_a)
    for step, fields in (("study", {"result": "x"}), ("act", {"decision": "adopt"})):
        with pytest.raises(DomainError):
            record_step(actor=personas.team_leader_a, cycle=cycle, step=step, on=DAY, **fields)
    with pytest.raises(DomainError) as error:
        plan(improvement, personas.team_leader_a)
    assert "before" in str(error.value)
    cycle.refresh_from_db()
    assert (cycle.done_on, cycle.studied_on, cycle.acted_on) == (None, None, None)


@pytest.mark.parametrize(
    ("step", "fields", "field"),
    [
        ("do", {}, "on"),
        ("study", {"result": "Better"}, "on"),
        ("study", {"result": " "}, "result"),
        ("act", {"decision": "maybe"}, "decision"),
    ],
)
def test_a_step_is_not_dated_before_the_one_before_it(
    personas, propose, step, fields, field
) -> None:
    cycle = plan(propose(), personas.team_leader_a)
    if step != "do":
        record_step(
            actor=personas.team_leader_a,
            cycle=cycle,
            step="do",
            on=DAY + datetime.timedelta(days=5),
        )
    if step == "act":
        record_step(
            actor=personas.team_leader_a, cycle=cycle, step="study",
            on=DAY + datetime.timedelta(days=5), result="Better",
        )  # fmt: skip
    # "on" one day before the step before it, or a valid date where another field is wrong.
    on = DAY - datetime.timedelta(days=1) if field == "on" else DAY + datetime.timedelta(days=6)
    if step == "study" and field == "on":
        on = DAY + datetime.timedelta(days=4)
    with pytest.raises(DomainError) as error:
        record_step(actor=personas.team_leader_a, cycle=cycle, step=step, on=on, **fields)
    assert set(error.value.errors) == {field}


def test_no_step_in_the_future(personas, propose) -> None:
    with pytest.raises(DomainError) as error:
        plan(
            propose(), personas.team_leader_a, on=timezone.localdate() + datetime.timedelta(days=2)
        )
    assert set(error.value.errors) == {"planned_on"}


def test_the_database_holds_the_order_too(personas, propose) -> None:
    cycle = plan(propose(), personas.team_leader_a)
    cycle.studied_on, cycle.result = DAY, "Skipped the doing"
    with pytest.raises(IntegrityError), transaction.atomic():
        PdsaCycle.objects.filter(pk=cycle.pk).update(studied_on=DAY)


def test_only_the_owner_and_leaders_run_cycles(personas, propose) -> None:
    improvement = propose(owner=personas.coach_a)
    for outsider in (personas.colleague_a, personas.coach_b):
        with pytest.raises(Forbidden):
            plan(improvement, outsider)
    assert not PdsaCycle.objects.exists()


def test_a_cycle_through_the_page(personas, client_for, propose) -> None:
    improvement = propose(owner=personas.coach_a)
    client = client_for(personas.coach_a)
    url = f"/improvement/improvements/{improvement.pk}/"
    bad = client.post(url, {"form": "plan", "what": "", "prediction": "", "measure": "",
                            "planned_on": "2025-09-01"})  # fmt: skip
    assert bad.status_code == 400 and "what" in bad.context["form"].errors
    client.post(url, {"form": "plan", "what": "Try it", "prediction": "Works",
                      "measure": "Count", "planned_on": "2025-09-01"})  # fmt: skip
    early = client.post(url, {"form": "do", "on": "2025-08-01"})
    assert early.status_code == 400 and "on" in early.context["form"].errors
    assert client.post(url, {"form": "do", "on": "2025-09-02"}).status_code == 302
    cycle = PdsaCycle.objects.get()
    assert (cycle.done_on, cycle.step) == (datetime.date(2025, 9, 2), "study")
    # Someone who may see but not change the improvement gets no forms, and a post is refused.
    colleague = client_for(personas.colleague_a)
    assert "step_form" in colleague.get(url).context
    assert b'name="form" value="study"' not in colleague.get(url).content
    assert (
        colleague.post(url, {"form": "study", "on": "2025-09-03", "result": "x"}).status_code == 403
    )


def test_the_improvement_page_costs_the_same_for_one_and_many_cycles(
    personas, client_for, propose
) -> None:
    improvement = propose()
    client = client_for(personas.team_leader_a)
    url = f"/improvement/improvements/{improvement.pk}/"
    cycle = plan(improvement, personas.team_leader_a)
    one = page_queries(client, url)
    for _ in range(3):
        record_step(actor=personas.team_leader_a, cycle=cycle, step="do", on=DAY)
        record_step(actor=personas.team_leader_a, cycle=cycle, step="study", on=DAY, result="r")
        record_step(actor=personas.team_leader_a, cycle=cycle, step="act", on=DAY, decision="adapt")
        cycle = plan(improvement, personas.team_leader_a)
    assert page_queries(client, url) == one == IMPROVEMENT_PAGE_QUERIES


# Sign-in and roles; the improvement with its links, its cycles with who recorded each step;
# the owners and the visits offered in the form to change it.
IMPROVEMENT_PAGE_QUERIES = 7
