"""Who reads which time log: a coach their own only, the team leader and manager their unit's
coaches (read-only, each reading audited), analysts the unit's figures; and what the pages cost."""

from __future__ import annotations

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.organisations.models import Role
from lotsa.testing.factories import MembershipFactory, UserFactory
from lotsa.testing.queries import page_queries
from lotsa.timeuse import services
from lotsa.timeuse.tests.helpers import LAST_WEEK, THIS_WEEK, employer_contacts, english, log

pytestmark = pytest.mark.django_db


def coach_page(personas, staff) -> str:  # type: ignore[no-untyped-def]
    return f"/time-use/units/{personas.unit_a.pk}/coaches/{staff.pk}/"


def denied(user) -> int:  # type: ignore[no-untyped-def]
    return AuditEntry.objects.filter(event=AuditEvent.ACCESS_DENIED, actor=user).count()


def test_a_coach_reads_their_own_time_use(personas, client_for, clock) -> None:
    log(personas.coach_a, LAST_WEEK, direct_community=90, other_tasks=10)
    response = english(client_for(personas.coach_a)).get("/time-use/")
    assert response.status_code == 200
    use = response.context["use"]
    assert use.staff == personas.coach_a
    assert use.overall.employment_services_percent == 90
    content = response.content.decode()
    assert "Share of time in employment services" in content
    # The definition stands beside the figure.
    assert "as a whole percent rounded half up" in content
    # Reading one's own log is no reading of another's.
    assert not AuditEntry.objects.filter(event=AuditEvent.TIME_USE_VIEWED).exists()


@pytest.mark.parametrize("persona", ["coach_a", "colleague_a", "coach_b", "analyst", "reviewer"])
def test_another_coach_s_log_is_404_to_anyone_who_does_not_lead_the_unit(
    personas, client_for, persona
) -> None:
    user = getattr(personas, persona)
    MembershipFactory.create(user=personas.analyst, unit=personas.unit_a, role=Role.ANALYST)
    target = personas.colleague_a if persona == "coach_a" else personas.coach_a
    response = client_for(user).get(coach_page(personas, target))
    assert response.status_code == 404
    assert denied(user) == 1
    assert not AuditEntry.objects.filter(event=AuditEvent.TIME_USE_VIEWED).exists()


@pytest.mark.parametrize("persona", ["team_leader_a", "manager_a"])
def test_the_unit_s_leaders_read_a_coach_s_log_and_the_reading_is_audited(
    personas, client_for, clock, persona
) -> None:
    user = getattr(personas, persona)
    log(personas.coach_a, LAST_WEEK, travel=60)
    response = client_for(user).get(coach_page(personas, personas.coach_a) + "?from=2026-W40")
    assert response.status_code == 200
    assert response.context["use"].overall.total == 60
    assert len(response.context["period"].weeks) == 10
    entry = AuditEntry.objects.get(event=AuditEvent.TIME_USE_VIEWED, actor=user)
    assert entry.changes == {"staff": [personas.coach_a.pk], "from": "2026-W40", "to": ""}
    # Read-only: no minutes to type, no reflection to write.
    content = response.content.decode()
    assert 'type="number"' not in content
    assert "<textarea" not in content


def test_a_leader_of_another_unit_gets_404_for_this_unit_s_coach(personas, client_for) -> None:
    leader_b = UserFactory.create(username="leader_b")
    MembershipFactory.create(user=leader_b, unit=personas.unit_b, role=Role.SUPERVISOR)
    assert client_for(leader_b).get(coach_page(personas, personas.coach_a)).status_code == 404
    # Nor a coach of unit B through unit A's address of their own leader's unit.
    assert (
        client_for(personas.team_leader_a).get(coach_page(personas, personas.coach_b)).status_code
        == 404
    )


def test_the_team_leader_reads_only_the_reflections_the_coach_shares(
    personas, client_for, clock
) -> None:
    answers = {
        "went_well": "Två nya arbetsgivare i hamnen",
        "support_wanted": "Hjälp med ett svårt ärende",
    }
    services.save_reflection(actor=personas.coach_a, week=LAST_WEEK, answers=answers, shared=True)
    services.save_reflection(
        actor=personas.coach_a,
        week=THIS_WEEK,
        answers={"went_well": "Privat anteckning om veckan"},
        shared=False,
    )
    response = client_for(personas.team_leader_a).get(coach_page(personas, personas.coach_a))
    content = response.content.decode()
    assert "Två nya arbetsgivare i hamnen" in content
    assert "Privat anteckning om veckan" not in content
    assert [r.week for r in response.context["reflections"]] == [LAST_WEEK]


def test_the_unit_view_shows_every_coach_and_the_unit(personas, client_for, clock) -> None:
    MembershipFactory.create(user=personas.analyst, unit=personas.unit_a, role=Role.ANALYST)
    log(personas.coach_a, LAST_WEEK, direct_office=95, other_tasks=5)
    log(personas.colleague_a, LAST_WEEK, direct_office=85, other_tasks=15)
    for persona in ("team_leader_a", "manager_a", "analyst"):
        user = getattr(personas, persona)
        response = client_for(user).get(f"/time-use/units/{personas.unit_a.pk}/")
        assert response.status_code == 200, persona
        use = response.context["use"]
        assert {c.staff for c in use.coaches} == {personas.coach_a, personas.colleague_a}
        assert use.employment_services_percent == 90
        entry = AuditEntry.objects.get(event=AuditEvent.TIME_USE_VIEWED, actor=user)
        assert sorted(entry.changes["staff"]) == sorted(
            [personas.coach_a.pk, personas.colleague_a.pk]
        )
    # Analysts see the figures, not a coach's log in detail.
    analyst_page = client_for(personas.analyst).get(f"/time-use/units/{personas.unit_a.pk}/")
    assert f"/coaches/{personas.coach_a.pk}/" not in analyst_page.content.decode()


@pytest.mark.parametrize("persona", ["coach_a", "coach_b"])
def test_coaches_do_not_open_the_unit_view(personas, client_for, persona) -> None:
    user = getattr(personas, persona)
    assert client_for(user).get(f"/time-use/units/{personas.unit_a.pk}/").status_code == 404
    assert denied(user) == 1


@pytest.mark.parametrize("period", ["?from=2026-W49&to=2026-W40", "?from=nonsense", "?to=2026-W99"])
def test_a_period_that_is_not_one_is_no_page(personas, client_for, period) -> None:
    assert client_for(personas.coach_a).get(f"/time-use/{period}").status_code == 404


# ------------------------------------------------------------------ reflection


def test_the_coach_writes_a_reflection_beside_the_week_s_employer_contacts(
    personas, client_for, clock
) -> None:
    employer_contacts(personas.coach_a, personas.unit_a, [LAST_WEEK, LAST_WEEK])
    client = client_for(personas.coach_a)
    page = client.get("/time-use/reflection/?week=2026-W48")
    assert page.context["contacts"] == 2
    response = client.post(
        "/time-use/reflection/?week=2026-W48",
        {"went_well": "Bra vecka", "to_change": "", "shared": "on"},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(event=AuditEvent.REFLECTION_SAVED)
    # The trail says that the reflection changed and who may read it, not what it says.
    assert entry.changes == {"week": "2026-11-23", "created": True, "shared": True}
    client.post("/time-use/reflection/?week=2026-W48", {"went_well": "Bra vecka"})
    last = AuditEntry.objects.filter(event=AuditEvent.REFLECTION_SAVED).order_by("-sequence")[0]
    assert last.changes["shared"] == [True, False]


def test_a_reflection_too_long_is_a_field_error(personas, client_for, clock) -> None:
    response = client_for(personas.coach_a).post(
        "/time-use/reflection/?week=2026-W48", {"support_wanted": "x" * 2001}
    )
    assert response.status_code == 400
    assert "support_wanted" in response.context["form"].errors


def test_the_reflection_is_for_coaches_only(personas, client_for) -> None:
    assert client_for(personas.team_leader_a).get("/time-use/reflection/").status_code == 403


# ------------------------------------------------------------------ query counts


def grow(personas, coaches: int) -> None:  # type: ignore[no-untyped-def]
    for number in range(coaches):
        coach = UserFactory.create(username=f"grown_{number}")
        MembershipFactory.create(user=coach, unit=personas.unit_a, role=Role.COACH)
        for weeks_ago in range(3):
            week = THIS_WEEK - (weeks_ago + 1) * (THIS_WEEK - LAST_WEEK)
            log(coach, week, direct_office=100, travel=20, other_tasks=5)
        employer_contacts(coach, personas.unit_a, [LAST_WEEK])
        services.save_reflection(
            actor=coach, week=LAST_WEEK, answers={"went_well": "ok"}, shared=True
        )


# Beyond the session, the user and their memberships: the minutes and the employer contacts
# (a week's form reads its minutes and its reflection); the unit's coaches; an audit entry
# for reading others' logs; the shared reflections.
PAGES = {
    ("coach_a", "/time-use/"): 5,
    ("coach_a", "/time-use/week/?week=2026-W48"): 5,
    ("coach_a", "/time-use/week/?week=2026-W48&day=2"): 5,
    ("coach_a", "/time-use/reflection/?week=2026-W48"): 6,
    ("team_leader_a", "/time-use/units/{unit}/"): 8,
    ("team_leader_a", "/time-use/units/{unit}/coaches/{coach}/"): 9,
}


def test_page_queries_do_not_grow_with_coaches_or_weeks(personas, client_for, clock) -> None:
    def counts() -> dict[tuple[str, str], int]:
        return {
            (persona, url): page_queries(
                client_for(getattr(personas, persona)),
                url.format(unit=personas.unit_a.pk, coach=personas.coach_a.pk),
            )
            for persona, url in PAGES
        }

    log(personas.coach_a, LAST_WEEK, direct_office=60)
    assert counts() == PAGES
    grow(personas, 6)
    for weeks_ago in range(1, 6):
        log(personas.coach_a, THIS_WEEK - weeks_ago * (THIS_WEEK - LAST_WEEK), travel=30)
    assert counts() == PAGES
