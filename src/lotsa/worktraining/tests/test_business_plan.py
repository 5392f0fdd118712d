from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lotsa.accounts.services import save_language
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import DomainError, Forbidden
from lotsa.organisations.models import Role
from lotsa.testing.clock import TODAY
from lotsa.testing.factories import (
    EnrolmentFactory,
    MembershipFactory,
    UnitFactory,
    WorkUnitFactory,
)
from lotsa.worktraining.models import (
    ActivityStatus,
    BusinessPlan,
    GoalLevel,
    PlanArea,
    PlanStatus,
)
from lotsa.worktraining.queries.planning import business_plan_page
from lotsa.worktraining.services import planning as services
from lotsa.worktraining.tests.records_helpers import english

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
YEAR = TODAY.year


@pytest.fixture
def work_unit(knut_team):  # type: ignore[no-untyped-def]
    return WorkUnitFactory(unit=knut_team.unit, name="Snickeriet")


@pytest.fixture
def plan(knut_team, work_unit):  # type: ignore[no-untyped-def]
    return services.start_business_plan(actor=knut_team.team_leader, work_unit=work_unit, year=YEAR)


def _chain(actor, plan):  # type: ignore[no-untyped-def]
    political = services.save_plan_goal(
        actor=actor, plan=plan, level=GoalLevel.POLITICAL, text="Fler i arbete"
    )
    administration = services.save_plan_goal(
        actor=actor,
        plan=plan,
        level=GoalLevel.ADMINISTRATION,
        text="Minskat försörjningsstöd",
        parent=political,
    )
    unit_goal = services.save_plan_goal(
        actor=actor,
        plan=plan,
        level=GoalLevel.UNIT,
        text="40 deltagare börjar",
        parent=administration,
        measure="inflow",
        target=Decimal(40),
    )
    return political, administration, unit_goal


def test_a_first_plan_starts_from_the_template_headings_of_the_four_areas(knut_team, plan) -> None:
    areas = set(plan.sections.values_list("area", flat=True))
    assert areas == set(PlanArea.values)
    assert plan.sections.count() == sum(len(h) for h in services.TEMPLATE_HEADINGS.values())
    assert (plan.version, plan.status) == (1, PlanStatus.DRAFT)
    entry = AuditEntry.objects.filter(event=AuditEvent.BUSINESS_PLAN_SAVED).get()
    assert entry.object_id == str(plan.pk) and entry.actor == knut_team.team_leader


def test_a_work_unit_writes_one_draft_of_a_year_at_a_time(knut_team, work_unit, plan) -> None:
    with pytest.raises(DomainError) as error:
        services.start_business_plan(actor=knut_team.team_leader, work_unit=work_unit, year=YEAR)
    assert "year" in error.value.errors
    other_year = services.start_business_plan(
        actor=knut_team.manager, work_unit=work_unit, year=YEAR + 1
    )
    assert other_year.version == 1


def test_an_adopted_plan_is_locked_and_its_next_version_starts_as_a_copy(knut_team, plan) -> None:
    leader = knut_team.team_leader
    political, administration, unit_goal = _chain(leader, plan)
    services.save_plan_activity(
        actor=leader,
        plan=plan,
        activity="APT om metoder",
        goal=unit_goal,
        starts_on=datetime.date(YEAR, 3, 1),
        ends_on=datetime.date(YEAR, 3, 31),
        responsible="Lena",
    )
    services.adopt_business_plan(actor=leader, plan=plan, day=TODAY)
    with pytest.raises(DomainError) as error:
        services.save_plan_section(actor=leader, plan=plan, area=PlanArea.MISSION, heading="Ny")
    assert "plan" in error.value.errors
    with pytest.raises(DomainError):
        services.save_plan_goal(actor=leader, plan=plan, level=GoalLevel.POLITICAL, text="Ny")

    second = services.start_business_plan(actor=leader, work_unit=plan.work_unit, year=YEAR)

    assert (second.version, second.status) == (2, PlanStatus.DRAFT)
    assert list(second.sections.values_list("heading", flat=True)) == list(
        plan.sections.values_list("heading", flat=True)
    )
    copied = {goal.text: goal for goal in second.goals.all()}
    assert copied["40 deltagare börjar"].parent == copied["Minskat försörjningsstöd"]
    assert copied["Minskat försörjningsstöd"].parent == copied["Fler i arbete"]
    assert second.activities.get().goal == copied["40 deltagare börjar"]
    assert plan.goals.count() == 3 and BusinessPlan.objects.get(pk=plan.pk).is_locked


def test_a_plan_is_adopted_with_goals_and_not_ahead_of_today(knut_team, plan) -> None:
    leader = knut_team.team_leader
    with pytest.raises(DomainError) as error:
        services.adopt_business_plan(actor=leader, plan=plan, day=TODAY)
    assert "plan" in error.value.errors
    _chain(leader, plan)
    with pytest.raises(DomainError) as error:
        services.adopt_business_plan(actor=leader, plan=plan, day=TODAY + datetime.timedelta(1))
    assert "day" in error.value.errors


def test_headings_are_added_weighted_changed_and_removed(knut_team, plan) -> None:
    leader = knut_team.team_leader
    count = plan.sections.count()
    added = services.save_plan_section(
        actor=leader, plan=plan, area=PlanArea.MISSION, heading="Värdegrund", weight=5
    )
    assert added.position == count and plan.sections.count() == count + 1
    with pytest.raises(DomainError) as error:
        services.save_plan_section(
            actor=leader, plan=plan, area=PlanArea.MISSION, heading="För tungt", weight=6
        )
    assert "weight" in error.value.errors
    services.save_plan_section(
        actor=leader,
        plan=plan,
        section=added,
        area=PlanArea.EVALUATION,
        heading="Värdegrund",
        text="Vi tror på varje deltagares utveckling.",
        weight=0,
    )
    added.refresh_from_db()
    assert (added.area, added.weight, added.position) == (PlanArea.EVALUATION, 0, count)
    services.remove_plan_section(actor=leader, section=added)
    assert plan.sections.count() == count


def test_each_goal_serves_a_goal_one_level_up_in_the_same_plan(knut_team, plan, work_unit) -> None:
    leader = knut_team.team_leader
    political = services.save_plan_goal(
        actor=leader, plan=plan, level=GoalLevel.POLITICAL, text="Fler i arbete"
    )
    refused = [
        {"level": GoalLevel.POLITICAL, "parent": political},
        {"level": GoalLevel.UNIT, "parent": political},
        {"level": GoalLevel.PARTICIPANT, "parent": None},
    ]
    for values in refused:
        with pytest.raises(DomainError) as error:
            services.save_plan_goal(actor=leader, plan=plan, text="Mål", **values)
        assert "parent" in error.value.errors
    elsewhere = services.start_business_plan(actor=leader, work_unit=work_unit, year=YEAR + 1)
    with pytest.raises(DomainError) as error:
        services.save_plan_goal(
            actor=leader,
            plan=elsewhere,
            level=GoalLevel.ADMINISTRATION,
            text="Mål",
            parent=political,
        )
    assert "parent" in error.value.errors
    with pytest.raises(DomainError) as error:
        services.save_plan_goal(
            actor=leader, plan=plan, level=GoalLevel.POLITICAL, text="Mål", measure="no_such"
        )
    assert "measure" in error.value.errors


def test_an_activity_lies_in_the_plan_year_and_is_followed_up_after_adoption(
    knut_team, plan
) -> None:
    leader = knut_team.team_leader
    for starts, ends, field in (
        (datetime.date(YEAR - 1, 12, 1), datetime.date(YEAR, 1, 31), "starts_on"),
        (datetime.date(YEAR, 5, 1), datetime.date(YEAR, 4, 1), "ends_on"),
        (datetime.date(YEAR, 12, 1), datetime.date(YEAR + 1, 1, 31), "ends_on"),
    ):
        with pytest.raises(DomainError) as error:
            services.save_plan_activity(
                actor=leader,
                plan=plan,
                activity="Studiebesök",
                starts_on=starts,
                ends_on=ends,
                responsible="Lena",
            )
        assert field in error.value.errors
    planned = services.save_plan_activity(
        actor=leader,
        plan=plan,
        activity="Studiebesök",
        starts_on=datetime.date(YEAR, 4, 1),
        ends_on=datetime.date(YEAR, 4, 1),
        responsible="Lena",
    )
    _chain(leader, plan)
    services.adopt_business_plan(actor=leader, plan=plan, day=TODAY)
    services.follow_up_plan_activity(
        actor=leader, planned=planned, status=ActivityStatus.DONE, follow_up="Gav idéer."
    )
    planned.refresh_from_db()
    assert (planned.status, planned.follow_up) == (ActivityStatus.DONE, "Gav idéer.")


def test_a_work_supervisor_reads_the_plan_but_only_leaders_write_it(
    knut_team, work_unit, plan, client_for
) -> None:
    with pytest.raises(Forbidden):
        services.start_business_plan(
            actor=knut_team.work_supervisor, work_unit=work_unit, year=YEAR + 1
        )
    client = client_for(knut_team.work_supervisor)
    url = reverse("worktraining:business-plan", args=[plan.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"form": "goal", "goal-level": 1, "goal-text": "Mål"})
    assert response.status_code == 403
    assert not plan.goals.exists()
    assert AuditEntry.objects.filter(
        event=AuditEvent.ACCESS_DENIED, actor=knut_team.work_supervisor
    ).exists()


def test_another_units_plan_answers_as_missing_and_the_refusal_is_logged(
    knut_team, plan, client_for
) -> None:
    other_leader = MembershipFactory(unit=UnitFactory(runs=["knut_pv"]), role=Role.SUPERVISOR).user
    response = client_for(other_leader).get(reverse("worktraining:business-plan", args=[plan.pk]))
    assert response.status_code == 404
    denied = AuditEntry.objects.get(event=AuditEvent.ACCESS_DENIED, actor=other_leader)
    assert denied.object_id == str(plan.pk)


def test_a_goal_is_followed_up_against_the_units_figures_for_the_year(knut_team, plan) -> None:
    leader = knut_team.team_leader
    _political, _administration, unit_goal = _chain(leader, plan)
    for month in (2, 5, 9):
        EnrolmentFactory(
            unit=knut_team.unit,
            programme_model="knut_pv",
            phase="work_training",
            start_date=datetime.date(YEAR, month, 1),
            referral_date=datetime.date(YEAR, month, 1),
        )
    EnrolmentFactory(unit=knut_team.unit, programme_model="knut_pv", phase="work_training")
    page = business_plan_page(plan, limit=None)
    line = next(line for line in page.goals if line.goal == unit_goal)
    assert line.outcome is not None and line.outcome.value == 3
    assert [line.depth for line in page.goals] == [0, 1, 2]
    hidden = business_plan_page(plan, limit=5)
    shown = next(line for line in hidden.goals if line.goal == unit_goal)
    assert shown.outcome is not None and shown.outcome.suppressed


def test_a_bad_activity_on_the_page_answers_400_next_to_the_field(
    knut_team, plan, client_for
) -> None:
    response = client_for(knut_team.team_leader).post(
        reverse("worktraining:business-plan", args=[plan.pk]),
        {
            "form": "activity",
            "activity-activity": "Studiebesök",
            "activity-starts_on": f"{YEAR - 1}-05-01",
            "activity-ends_on": f"{YEAR}-05-02",
            "activity-responsible": "Lena",
        },
    )
    assert response.status_code == 400
    assert response.context["forms"]["activity"].errors["starts_on"]
    assert not plan.activities.exists()


def test_the_plan_page_reads_a_fixed_number_of_queries_whatever_its_size(
    knut_team, plan, client_for
) -> None:
    leader = knut_team.team_leader
    client = client_for(leader)
    url = reverse("worktraining:business-plan", args=[plan.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    political, administration, unit_goal = _chain(leader, plan)
    one = queries()
    for n in range(6):
        goal = services.save_plan_goal(
            actor=leader,
            plan=plan,
            level=GoalLevel.ACTIVITY,
            text=f"Aktivitetsmål {n}",
            parent=unit_goal,
            measure="outflow",
        )
        services.save_plan_activity(
            actor=leader,
            plan=plan,
            activity=f"Aktivitet {n}",
            goal=goal,
            starts_on=datetime.date(YEAR, 1, 1),
            ends_on=datetime.date(YEAR, 2, 1),
            responsible="Lena",
        )
    assert queries() == one


def test_the_swedish_plan_page_names_the_four_areas(knut_team, plan, client_for) -> None:
    client = client_for(knut_team.team_leader)
    response = client.get(
        reverse("worktraining:business-plan", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE="sv"
    )
    text = response.content.decode()
    for words in ("Verksamhetsplan", "Förutsättningar", "Genomförande och uppföljning"):
        assert words in text


def test_the_gender_review_is_written_step_by_step_and_linked_to_the_years_plan(
    knut_team, plan, client_for
) -> None:
    leader = knut_team.team_leader
    with pytest.raises(DomainError) as error:
        services.save_gender_review(
            actor=leader,
            unit=knut_team.unit,
            year=YEAR,
            inventory="Snickeri och textil",
            analysis="Männen väljer snickeriet",
        )
    assert set(error.value.errors) == {"analysis"}
    with pytest.raises(DomainError) as error:
        services.save_gender_review(
            actor=leader,
            unit=knut_team.unit,
            year=YEAR,
            inventory="a",
            patterns="b",
            analysis="c",
            action_plan="d",
        )
    assert set(error.value.errors) == {"follow_up_on"}
    next_years = services.start_business_plan(actor=leader, work_unit=plan.work_unit, year=YEAR + 1)
    with pytest.raises(DomainError) as error:
        services.save_gender_review(
            actor=leader, unit=knut_team.unit, year=YEAR, inventory="a", business_plan=next_years
        )
    assert set(error.value.errors) == {"business_plan"}
    review = services.save_gender_review(
        actor=leader,
        unit=knut_team.unit,
        year=YEAR,
        inventory="Snickeri och textil",
        patterns="Män till snickeriet",
        business_plan=plan,
    )
    assert review.step == 2
    again = services.save_gender_review(
        actor=leader,
        unit=knut_team.unit,
        year=YEAR,
        inventory="Snickeri och textil",
        patterns="Män till snickeriet",
        analysis="Presentera alla verksamheter",
        action_plan="Rotera handledare",
        follow_up_on=TODAY,
        business_plan=plan,
    )
    assert again.pk == review.pk and again.step == 4
    supervisor = client_for(knut_team.work_supervisor)
    url = reverse("worktraining:gender-review", args=[knut_team.unit.pk, YEAR])
    page = supervisor.get(url)
    assert page.status_code == 200 and "Rotera handledare" in page.content.decode()
    assert supervisor.post(url, {"inventory": "Ändrat"}).status_code == 403


def test_a_new_version_is_started_from_the_adopted_plans_page(knut_team, plan, client_for) -> None:
    client = client_for(knut_team.team_leader)
    url = reverse("worktraining:plan-version", args=[plan.pk])
    refused = client.post(url)
    assert refused.status_code == 400
    assert refused.context["form"].errors["year"]
    _chain(knut_team.team_leader, plan)
    services.adopt_business_plan(actor=knut_team.team_leader, plan=plan, day=TODAY)
    response = client.post(url)
    second = BusinessPlan.objects.get(work_unit=plan.work_unit, year=YEAR, version=2)
    assert response.status_code == 302 and response["Location"] == reverse(
        "worktraining:business-plan", args=[second.pk]
    )


def test_the_units_planning_page_reads_a_fixed_number_of_queries(
    knut_team, plan, client_for
) -> None:
    client = client_for(knut_team.manager)
    url = reverse("worktraining:planning", args=[knut_team.unit.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured)

    one = queries()
    for n in range(4):
        services.start_business_plan(
            actor=knut_team.manager,
            work_unit=WorkUnitFactory(unit=knut_team.unit, name=f"Verkstad {n}"),
            year=YEAR,
        )
    services.save_gender_review(
        actor=knut_team.manager, unit=knut_team.unit, year=YEAR, inventory="a"
    )
    assert queries() == one


def test_the_danish_plan_page_speaks_danish(knut_team, plan, client_for) -> None:
    save_language(user=knut_team.team_leader, language="da")
    text = (
        client_for(knut_team.team_leader)
        .get(reverse("worktraining:business-plan", args=[plan.pk]))
        .content.decode()
    )
    for words in ("Virksomhedsplan", "Forudsætninger", "Ingen mål endnu"):
        assert words in text


def test_a_goal_is_changed_and_headings_reordered_on_their_pages(
    knut_team, plan, client_for
) -> None:
    leader = knut_team.team_leader
    political, administration, unit_goal = _chain(leader, plan)
    client = client_for(leader)
    response = client.post(
        reverse("worktraining:plan-goal", args=[plan.pk, unit_goal.pk]),
        {
            "level": 3,
            "parent": administration.pk,
            "text": "45 deltagare börjar",
            "measure": "inflow",
            "target": "45",
        },
    )
    assert response.status_code == 302
    unit_goal.refresh_from_db()
    assert (unit_goal.text, unit_goal.target) == ("45 deltagare börjar", Decimal(45))
    refused = client.post(
        reverse("worktraining:plan-goal", args=[plan.pk, administration.pk]),
        {"level": 4, "parent": political.pk, "text": "Flyttat"},
    )
    assert refused.status_code == 400 and refused.context["form"].errors["parent"]
    last = plan.sections.order_by("-position").first()
    client.post(
        reverse("worktraining:plan-section", args=[plan.pk, last.pk]),
        {"area": last.area, "heading": last.heading, "weight": 2, "position": 0},
    )
    assert plan.sections.order_by("position", "pk").first() == last
    other = services.start_business_plan(actor=leader, work_unit=plan.work_unit, year=YEAR + 1)
    assert (
        client.get(reverse("worktraining:plan-goal", args=[other.pk, unit_goal.pk])).status_code
        == 404
    )


def test_the_start_page_leads_to_the_planning_of_a_unit_with_work_units(
    knut_team, work_unit, personas, client_for
) -> None:
    planning_url = reverse("worktraining:planning", args=[knut_team.unit.pk])
    assert planning_url in client_for(knut_team.team_leader).get("/").content.decode()
    assert "/planning/" not in client_for(personas.coach_a).get("/").content.decode()


def test_a_planned_activity_is_changed_in_a_draft_and_only_followed_up_once_adopted(
    knut_team, plan, client_for
) -> None:
    leader = knut_team.team_leader
    planned = services.save_plan_activity(
        actor=leader,
        plan=plan,
        activity="Studiebesök",
        starts_on=datetime.date(YEAR, 4, 1),
        ends_on=datetime.date(YEAR, 4, 1),
        responsible="Lena",
    )
    client = client_for(leader)
    url = reverse("worktraining:plan-activity", args=[plan.pk, planned.pk])
    changed = client.post(
        url,
        {
            "activity": "Studiebesök i Salem",
            "starts_on": f"{YEAR}-05-01",
            "ends_on": f"{YEAR}-05-02",
            "responsible": "Lena",
            "status": "planned",
        },
    )
    assert changed.status_code == 302
    planned.refresh_from_db()
    assert (planned.activity, planned.starts_on) == (
        "Studiebesök i Salem",
        datetime.date(YEAR, 5, 1),
    )
    _chain(leader, plan)
    services.adopt_business_plan(actor=leader, plan=plan, day=TODAY)
    followed = client.post(
        url, {"activity": "Ändrat", "status": "done", "follow_up": "Många idéer."}
    )
    assert followed.status_code == 302
    planned.refresh_from_db()
    assert (planned.activity, planned.status, planned.follow_up) == (
        "Studiebesök i Salem",
        "done",
        "Många idéer.",
    )


def _activity(actor, plan, goal, name="Studiebesök"):  # type: ignore[no-untyped-def]
    return services.save_plan_activity(
        actor=actor,
        plan=plan,
        activity=name,
        goal=goal,
        starts_on=datetime.date(YEAR, 4, 1),
        ends_on=datetime.date(YEAR, 4, 30),
        responsible="Lena",
    )


def _removals(plan) -> list[dict]:  # type: ignore[no-untyped-def]
    return [
        entry.changes
        for entry in AuditEntry.objects.filter(
            event=AuditEvent.BUSINESS_PLAN_SAVED, object_id=str(plan.pk)
        ).order_by("sequence")
        if entry.changes["what"].endswith("_removed")
    ]


def test_a_goal_and_an_activity_are_removed_from_a_draft_and_what_went_is_audited(
    knut_team, plan
) -> None:
    leader = knut_team.team_leader
    political, administration, unit_goal = _chain(leader, plan)
    kept = _activity(leader, plan, administration, "APT om metoder")
    removed = _activity(leader, plan, administration, "Studiebesök")
    removed_id, goal_id = removed.pk, unit_goal.pk

    services.remove_plan_activity(actor=leader, planned=removed)
    services.remove_plan_goal(actor=leader, goal=unit_goal)

    assert list(plan.goals.order_by("level").values_list("text", flat=True)) == [
        "Fler i arbete",
        "Minskat försörjningsstöd",
    ]
    assert list(plan.activities.values_list("pk", flat=True)) == [kept.pk]
    assert _removals(plan) == [
        {
            "what": "activity_removed",
            "year": YEAR,
            "version": 1,
            "activity": removed_id,
            "name": "Studiebesök",
        },
        {
            "what": "goal_removed",
            "year": YEAR,
            "version": 1,
            "goal": goal_id,
            "level": GoalLevel.UNIT,
            "text": "40 deltagare börjar",
            "activities_removed": [],
        },
    ]


def test_a_goal_that_other_goals_serve_stays_until_they_are_gone(
    knut_team, plan, client_for
) -> None:
    leader = knut_team.team_leader
    political, administration, unit_goal = _chain(leader, plan)

    with pytest.raises(DomainError) as refused:
        services.remove_plan_goal(actor=leader, goal=political)
    assert refused.value.errors == {
        "goal": [
            "1 goal serves this one: remove it or let it serve another goal first.",
        ]
    }
    response = english(client_for(leader)).post(
        reverse("worktraining:plan-goal-remove", args=[plan.pk, political.pk])
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "1 goal serves this one" in html and "Minskat försörjningsstöd" in html
    assert plan.goals.count() == 3 and not _removals(plan)

    for goal in (unit_goal, administration, political):
        services.remove_plan_goal(actor=leader, goal=goal)
    assert not plan.goals.exists()


def test_a_goal_with_activities_goes_with_them_only_once_that_is_confirmed(
    knut_team, plan, client_for
) -> None:
    leader = knut_team.team_leader
    _political, _administration, unit_goal = _chain(leader, plan)
    first = _activity(leader, plan, unit_goal, "APT om metoder")
    second = _activity(leader, plan, unit_goal, "Studiebesök")
    client = english(client_for(leader))
    url = reverse("worktraining:plan-goal-remove", args=[plan.pk, unit_goal.pk])

    asked = client.post(url)

    assert asked.status_code == 400
    assert asked.context["form"].errors["with_activities"] == [
        "The goal has 2 activities: confirm that they are removed with it."
    ]
    html = asked.content.decode()
    assert 'name="with_activities"' in html and "APT om metoder" in html
    assert plan.goals.filter(pk=unit_goal.pk).exists() and plan.activities.count() == 2

    removed = client.post(url, {"with_activities": "on"})

    assert removed.status_code == 302
    assert removed["Location"] == reverse("worktraining:business-plan", args=[plan.pk])
    assert not plan.goals.filter(pk=unit_goal.pk).exists() and not plan.activities.exists()
    (removal,) = _removals(plan)
    assert removal["activities_removed"] == [
        {"activity": first.pk, "name": "APT om metoder"},
        {"activity": second.pk, "name": "Studiebesök"},
    ]


def test_nothing_is_removed_from_an_adopted_plan(knut_team, plan, client_for) -> None:
    leader = knut_team.team_leader
    political, _administration, unit_goal = _chain(leader, plan)
    planned = _activity(leader, plan, unit_goal)
    services.adopt_business_plan(actor=leader, plan=plan, day=TODAY)

    for remove in (
        lambda: services.remove_plan_goal(actor=leader, goal=unit_goal, with_activities=True),
        lambda: services.remove_plan_activity(actor=leader, planned=planned),
    ):
        with pytest.raises(DomainError) as refused:
            remove()
        assert set(refused.value.errors) == {"plan"}
    client = client_for(leader)
    response = client.post(reverse("worktraining:plan-activity-remove", args=[plan.pk, planned.pk]))
    assert response.status_code == 400
    page = client.get(reverse("worktraining:business-plan", args=[plan.pk])).content.decode()
    assert "/remove/" not in page
    assert plan.goals.count() == 3 and plan.activities.count() == 1 and not _removals(plan)


def test_the_plan_page_offers_removal_and_removes_an_activity(knut_team, plan, client_for) -> None:
    leader = knut_team.team_leader
    _political, _administration, unit_goal = _chain(leader, plan)
    planned = _activity(leader, plan, unit_goal)
    client = client_for(leader)
    page = client.get(reverse("worktraining:business-plan", args=[plan.pk])).content.decode()
    goal_url = reverse("worktraining:plan-goal-remove", args=[plan.pk, unit_goal.pk])
    activity_url = reverse("worktraining:plan-activity-remove", args=[plan.pk, planned.pk])
    assert f'action="{goal_url}"' in page and f'action="{activity_url}"' in page

    assert client.get(activity_url).status_code == 200
    removed = client.post(activity_url)

    assert removed.status_code == 302 and not plan.activities.exists()


def test_removal_is_refused_to_a_supervisor_and_answers_as_missing_elsewhere(
    knut_team, plan, work_unit, client_for
) -> None:
    leader = knut_team.team_leader
    _political, _administration, unit_goal = _chain(leader, plan)
    planned = _activity(leader, plan, unit_goal)
    goal_url = reverse("worktraining:plan-goal-remove", args=[plan.pk, unit_goal.pk])
    activity_url = reverse("worktraining:plan-activity-remove", args=[plan.pk, planned.pk])

    supervisor = client_for(knut_team.work_supervisor)
    assert supervisor.post(goal_url, {"with_activities": "on"}).status_code == 403
    assert supervisor.post(activity_url).status_code == 403
    with pytest.raises(Forbidden):
        services.remove_plan_activity(actor=knut_team.work_supervisor, planned=planned)
    assert AuditEntry.objects.filter(
        event=AuditEvent.ACCESS_DENIED, actor=knut_team.work_supervisor
    ).exists()

    other_leader = MembershipFactory(unit=UnitFactory(runs=["knut_pv"]), role=Role.SUPERVISOR).user
    assert client_for(other_leader).post(activity_url).status_code == 404
    next_year = services.start_business_plan(actor=leader, work_unit=work_unit, year=YEAR + 1)
    leader_client = client_for(leader)
    for url in (
        reverse("worktraining:plan-goal-remove", args=[next_year.pk, unit_goal.pk]),
        reverse("worktraining:plan-activity-remove", args=[next_year.pk, planned.pk]),
        reverse("worktraining:plan-goal-remove", args=[plan.pk, 0]),
    ):
        assert leader_client.post(url).status_code == 404
    assert plan.goals.count() == 3 and plan.activities.count() == 1
