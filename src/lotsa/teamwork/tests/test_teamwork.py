"""Treatment teams and attachments, treatment-team and unit meetings, the supervision log: their
checks, who may do what, what the audit trail holds, what the pages cost, and the evidence the
fidelity scale's anchors need."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.employment.models import Employer
from lotsa.errors import DomainError, NotFound
from lotsa.pathways.models import Enrolment
from lotsa.teamwork import services
from lotsa.teamwork.models import Discussion, SupervisionElement, TreatmentTeam
from lotsa.teamwork.queries import Period, teamwork_evidence
from lotsa.testing.clock import TODAY
from lotsa.testing.factories import EnrolmentFactory
from lotsa.testing.personas import Personas
from lotsa.testing.queries import page_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

DAY = datetime.timedelta(days=1)
# Thirteen calendar weeks, Monday to Sunday, ending last Sunday.
LAST_SUNDAY = TODAY - datetime.timedelta(days=TODAY.weekday() + 1)
QUARTER = Period(LAST_SUNDAY - datetime.timedelta(days=13 * 7 - 1), LAST_SUNDAY)


def team(p: Personas, name: str = "Psykiatrimottagning Norr") -> TreatmentTeam:
    return services.save_treatment_team(
        actor=p.team_leader_a,
        unit=p.unit_a,
        details=services.TeamDetails(name=name, kind="psychiatric_outpatient"),
    )


def unit_meeting(p: Personas, held_on: datetime.date = TODAY, actor: Any = None) -> Any:
    return services.save_unit_meeting(
        actor=actor or p.coach_a,
        unit=p.unit_a,
        details=services.UnitMeetingDetails(held_on, [p.coach_a, p.colleague_a]),
    )


def team_meeting(p: Personas, on: TreatmentTeam, held_on: datetime.date = TODAY) -> Any:
    return services.save_team_meeting(
        actor=p.coach_a,
        unit=p.unit_a,
        details=services.TeamMeetingDetails(on, held_on, [p.coach_a], "Remiss av två nya."),
    )


def lead_and_cover(
    p: Personas, meeting: Any, day: datetime.date, *, lead: bool = True, cover: bool = True
) -> None:
    """At the meeting, coach A shares a job lead and covers for a colleague from ``day``."""
    if lead:
        services.share_job_lead(
            actor=p.coach_a,
            meeting=meeting,
            details=services.JobLeadDetails(p.coach_a, "Lagerarbete", employer_name="Lager AB"),
        )
    if cover:
        services.arrange_cover(
            actor=p.coach_a,
            meeting=meeting,
            covering=p.coach_a,
            covered=p.colleague_a,
            starts_on=day,
            ends_on=day + 7 * DAY,
        )


def supervision(p: Personas, element: str, held_on: datetime.date = TODAY) -> Any:
    return services.record_supervision(
        actor=p.team_leader_a,
        unit=p.unit_a,
        details=services.SupervisionDetails(element, held_on, [p.coach_a], "Genomgång."),
    )


def own_case(p: Personas) -> Enrolment:
    return Enrolment.objects.get(participant=p.own)


# ------------------------------------------------------------------ validation


def test_a_team_name_is_unique_in_the_unit(personas: Personas) -> None:
    team(personas)
    with pytest.raises(DomainError) as refused:
        team(personas)
    assert set(refused.value.errors) == {"name"}


def test_a_third_team_is_attached_with_a_warning_and_a_second_without(
    personas: Personas,
) -> None:
    first, second, third = (team(personas, name) for name in ("Norr", "Söder", "Väster"))
    attach = services.attach_coach
    assert (
        attach(
            actor=personas.team_leader_a, team=first, coach=personas.coach_a, starts_on=TODAY
        ).warning
        == ""
    )
    assert (
        attach(
            actor=personas.team_leader_a, team=second, coach=personas.coach_a, starts_on=TODAY
        ).warning
        == ""
    )
    third_one = attach(
        actor=personas.team_leader_a, team=third, coach=personas.coach_a, starts_on=TODAY
    )
    assert "3" in third_one.warning
    assert third_one.attachment.pk is not None


def test_an_ended_attachment_does_not_count_towards_the_limit(personas: Personas) -> None:
    first, second, third = (team(personas, name) for name in ("Norr", "Söder", "Väster"))
    leader, coach = personas.team_leader_a, personas.coach_a
    services.attach_coach(
        actor=leader, team=first, coach=coach, starts_on=TODAY - 90 * DAY, ends_on=TODAY - 30 * DAY
    )
    services.attach_coach(actor=leader, team=second, coach=coach, starts_on=TODAY - 10 * DAY)
    assert (
        services.attach_coach(actor=leader, team=third, coach=coach, starts_on=TODAY).warning == ""
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_on": TODAY - DAY}, "ends_on"),
        ({"coach": "coach_b"}, "coach"),
    ],
)
def test_an_attachment_is_refused_field_by_field(
    personas: Personas, change: dict[str, Any], field: str
) -> None:
    values: dict[str, Any] = {"coach": personas.coach_a, "starts_on": TODAY} | change
    if values["coach"] == "coach_b":
        values["coach"] = personas.coach_b
    with pytest.raises(DomainError) as refused:
        services.attach_coach(actor=personas.team_leader_a, team=team(personas), **values)
    assert field in refused.value.errors


def test_a_meeting_in_the_future_or_with_outsiders_is_refused(personas: Personas) -> None:
    with pytest.raises(DomainError) as future:
        unit_meeting(personas, TODAY + DAY)
    assert set(future.value.errors) == {"held_on"}
    with pytest.raises(DomainError) as outsiders:
        services.save_unit_meeting(
            actor=personas.coach_a,
            unit=personas.unit_a,
            details=services.UnitMeetingDetails(TODAY, [personas.coach_b]),
        )
    assert set(outsiders.value.errors) == {"attendees"}


def test_a_job_lead_names_one_employer_and_a_job(personas: Personas) -> None:
    meeting = unit_meeting(personas)
    with pytest.raises(DomainError) as neither:
        services.share_job_lead(
            actor=personas.coach_a,
            meeting=meeting,
            details=services.JobLeadDetails(shared_by=personas.coach_a, job=""),
        )
    assert set(neither.value.errors) == {"employer", "job"}
    lead = services.share_job_lead(
        actor=personas.coach_a,
        meeting=meeting,
        details=services.JobLeadDetails(
            shared_by=personas.colleague_a,
            job="Lagerarbetare",
            employer=Employer.objects.create(
                name="Lagret AB", country="SE", organisation_number="5560000001", sector="private"
            ),
        ),
    )
    assert lead.shared_by == personas.colleague_a


def test_cover_is_for_someone_elses_cases_in_order(personas: Personas) -> None:
    meeting = unit_meeting(personas)
    with pytest.raises(DomainError) as refused:
        services.arrange_cover(
            actor=personas.coach_a,
            meeting=meeting,
            covering=personas.coach_a,
            covered=personas.coach_a,
            starts_on=TODAY,
            ends_on=TODAY - DAY,
        )
    assert set(refused.value.errors) == {"covered", "ends_on"}


# ------------------------------------------------------------------ permissions


def test_only_the_team_leader_keeps_teams_and_the_supervision_log(personas: Personas) -> None:
    with pytest.raises(NotFound):
        services.save_treatment_team(
            actor=personas.coach_a,
            unit=personas.unit_a,
            details=services.TeamDetails(name="Norr", kind="psychosis"),
        )
    with pytest.raises(NotFound):
        services.record_supervision(
            actor=personas.coach_a,
            unit=personas.unit_a,
            details=services.SupervisionDetails("group", TODAY, [personas.coach_a]),
        )


def test_a_coach_changes_their_own_meeting_and_the_team_leader_any(
    personas: Personas, client_for: Any
) -> None:
    mine = unit_meeting(personas)
    leaders = unit_meeting(personas, actor=personas.team_leader_a)
    coach = client_for(personas.coach_a)
    assert coach.get(f"/teamwork/unit-meetings/{mine.pk}/edit/").status_code == 200
    assert coach.get(f"/teamwork/unit-meetings/{leaders.pk}/edit/").status_code == 404
    assert coach.get(f"/teamwork/unit-meetings/{leaders.pk}/").status_code == 200
    leader = client_for(personas.team_leader_a)
    assert leader.get(f"/teamwork/unit-meetings/{mine.pk}/edit/").status_code == 200


def test_another_units_pages_and_records_answer_404_and_are_logged(
    personas: Personas, client_for: Any
) -> None:
    meeting = team_meeting(personas, team(personas))
    client = client_for(personas.coach_b)
    for url in (
        f"/teamwork/units/{personas.unit_a.pk}/teams/",
        f"/teamwork/units/{personas.unit_a.pk}/supervision/",
        f"/teamwork/units/{personas.unit_a.pk}/unit-meetings/",
        f"/teamwork/team-meetings/{meeting.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        AuditEntry.objects.filter(event=AuditEvent.ACCESS_DENIED, actor=personas.coach_b).count()
        == 4
    )


def test_a_coach_sees_the_supervision_that_concerns_them(
    personas: Personas, client_for: Any
) -> None:
    supervision(personas, "group")
    services.record_supervision(
        actor=personas.team_leader_a,
        unit=personas.unit_a,
        details=services.SupervisionDetails(
            "individual", TODAY, [personas.colleague_a], "Enskilt."
        ),
    )
    url = f"/teamwork/units/{personas.unit_a.pk}/supervision/"
    coach_page = client_for(personas.coach_a).get(url).content.decode()
    assert "Genomgång." in coach_page
    assert "Enskilt." not in coach_page
    leader_page = client_for(personas.team_leader_a).get(url).content.decode()
    assert "Genomgång." in leader_page and "Enskilt." in leader_page
    assert client_for(personas.coach_a).post(url, {"element": "group"}).status_code == 404


def test_a_discussion_is_shown_only_to_staff_who_may_see_the_participant(
    personas: Personas, client_for: Any
) -> None:
    meeting = team_meeting(personas, team(personas))
    services.record_discussion(
        actor=personas.coach_a, meeting=meeting, enrolment=own_case(personas), note="Vill jobba."
    )
    # A note about someone of another unit (left from before the case moved) is not the
    # viewer's to read.
    elsewhere = Enrolment.objects.get(participant=personas.other_unit)
    Discussion.objects.create(meeting=meeting, enrolment=elsewhere, note="Annans ärende.")
    response = client_for(personas.colleague_a).get(f"/teamwork/team-meetings/{meeting.pk}/")
    page = response.content.decode()
    assert personas.own.display_name in page and "Vill jobba." in page
    assert personas.other_unit.display_name not in page and "Annans ärende." not in page
    viewed = AuditEntry.objects.get(event=AuditEvent.TEAM_MEETING_VIEWED)
    # Those shown, and the unit's cases the page offers to note a discussion about.
    assert viewed.changes["participants"] == sorted([personas.own.pk, personas.same_unit.pk])


def test_a_discussion_is_about_a_case_the_author_works_on(personas: Personas) -> None:
    meeting = team_meeting(personas, team(personas))
    elsewhere = Enrolment.objects.get(participant=personas.other_unit)
    with pytest.raises(NotFound):
        services.record_discussion(
            actor=personas.coach_a, meeting=meeting, enrolment=elsewhere, note="x"
        )


def test_bad_input_on_a_page_is_a_field_error(personas: Personas, client_for: Any) -> None:
    response = client_for(personas.coach_a).post(
        f"/teamwork/units/{personas.unit_a.pk}/unit-meetings/",
        {"held_on": (TODAY + DAY).isoformat(), "attendees": [personas.coach_a.pk]},
    )
    assert response.status_code == 400
    assert "held_on" in response.context["form"].errors


def test_a_case_gets_its_treatment_team(personas: Personas, client_for: Any) -> None:
    north = team(personas)
    enrolment = own_case(personas)
    response = client_for(personas.coach_a).post(
        f"/teamwork/cases/{enrolment.pk}/treatment-team/", {"team": north.pk}
    )
    assert response.status_code == 302
    assert enrolment.treatment_team_link.team == north
    entry = AuditEntry.objects.get(event=AuditEvent.ENROLMENT_TEAM_SET)
    assert entry.participant_id == personas.own.pk


# ------------------------------------------------------------------ audit


def test_every_write_leaves_its_entry(personas: Personas) -> None:
    north = team(personas)
    services.attach_coach(
        actor=personas.team_leader_a, team=north, coach=personas.coach_a, starts_on=TODAY
    )
    meeting = unit_meeting(personas)
    services.arrange_cover(
        actor=personas.coach_a,
        meeting=meeting,
        covering=personas.coach_a,
        covered=personas.colleague_a,
        starts_on=TODAY,
        ends_on=TODAY + 7 * DAY,
    )
    supervision(personas, "field_mentoring")
    events = list(AuditEntry.objects.order_by("sequence").values_list("event", flat=True))
    assert events[-5:] == [
        AuditEvent.TREATMENT_TEAM_SAVED,
        AuditEvent.TEAM_ATTACHMENT_SAVED,
        AuditEvent.UNIT_MEETING_SAVED,
        AuditEvent.COVER_ARRANGED,
        AuditEvent.SUPERVISION_RECORDED,
    ]


# ------------------------------------------------------------------ what pages cost


@pytest.mark.parametrize(
    "page",
    ["teams", "team-meetings", "unit-meetings", "supervision"],
)
def test_a_unit_page_costs_the_same_for_one_record_and_many(
    personas: Personas, client_for: Any, page: str
) -> None:
    client = client_for(personas.team_leader_a)
    url = f"/teamwork/units/{personas.unit_a.pk}/{page}/"

    def add(number: int) -> None:
        north = team(personas, f"Team {number}")
        services.attach_coach(
            actor=personas.team_leader_a, team=north, coach=personas.colleague_a, starts_on=TODAY
        )
        team_meeting(personas, north)
        meeting = unit_meeting(personas)
        services.share_job_lead(
            actor=personas.coach_a,
            meeting=meeting,
            details=services.JobLeadDetails(personas.coach_a, "Kock", employer_name="Krogen"),
        )
        supervision(personas, "group")

    add(1)
    one = page_queries(client, url)
    for number in (2, 3, 4):
        add(number)
    assert page_queries(client, url) == one
    assert one == PAGE_QUERIES[page]


PAGE_QUERIES = {"teams": 9, "team-meetings": 9, "unit-meetings": 8, "supervision": 8}


def test_the_evidence_costs_the_same_for_one_record_and_many(
    personas: Personas, django_assert_num_queries: Any
) -> None:
    unit_meeting(personas, QUARTER.last)
    with django_assert_num_queries(EVIDENCE_QUERIES):
        teamwork_evidence(personas.unit_a, QUARTER)
    north = team(personas)
    for week in range(13):
        unit_meeting(personas, QUARTER.first + week * 7 * DAY)
        team_meeting(personas, north, QUARTER.first + week * 7 * DAY)
        supervision(personas, "group", QUARTER.first + week * 7 * DAY)
    with django_assert_num_queries(EVIDENCE_QUERIES):
        teamwork_evidence(personas.unit_a, QUARTER)


EVIDENCE_QUERIES = 6


# ------------------------------------------------------------------ evidence at its anchors


@pytest.mark.parametrize("weeks_met", [12, 13])
def test_unit_meetings_count_the_weeks_of_the_period_they_were_held_in(
    personas: Personas, weeks_met: int
) -> None:
    for week in range(weeks_met):
        unit_meeting(personas, QUARTER.first + week * 7 * DAY + 2 * DAY)
    # A second meeting in a week it met already, and one the day after the period, add no week.
    unit_meeting(personas, QUARTER.first + DAY)
    unit_meeting(personas, QUARTER.last + DAY)
    evidence = teamwork_evidence(personas.unit_a, QUARTER)
    assert (evidence.weeks, evidence.weeks_with_unit_meeting) == (13, weeks_met)
    assert evidence.unit_meetings == weeks_met + 1


def test_job_leads_and_cover_are_counted_per_meeting(personas: Personas) -> None:
    first, second = unit_meeting(personas, QUARTER.first), unit_meeting(personas, QUARTER.last)
    for meeting, leads in ((first, 3), (second, 0)):
        for number in range(leads):
            services.share_job_lead(
                actor=personas.coach_a,
                meeting=meeting,
                details=services.JobLeadDetails(
                    personas.coach_a, f"Jobb {number}", employer_name="Firma"
                ),
            )
    services.arrange_cover(
        actor=personas.coach_a,
        meeting=second,
        covering=personas.coach_a,
        covered=personas.colleague_a,
        starts_on=QUARTER.last,
        ends_on=QUARTER.last + 7 * DAY,
    )
    evidence = teamwork_evidence(personas.unit_a, QUARTER)
    assert (evidence.job_leads, evidence.job_leads_per_meeting) == (3, 1.5)
    assert evidence.cover_arrangements == 1


@pytest.mark.parametrize(("teams", "over"), [(2, []), (3, ["Coach"])])
def test_attachments_per_coach_and_those_over_two(
    personas: Personas, teams: int, over: list[str]
) -> None:
    for number in range(teams):
        services.attach_coach(
            actor=personas.team_leader_a,
            team=team(personas, f"Team {number}"),
            coach=personas.coach_a,
            starts_on=QUARTER.first,
        )
    evidence = teamwork_evidence(personas.unit_a, QUARTER)
    name = personas.coach_a.get_full_name() or personas.coach_a.username
    assert evidence.teams_per_coach == {name: teams}
    assert evidence.coaches_over_limit == ([name] if over else [])


def test_referrals_from_attached_teams_are_a_share_of_the_caseload(personas: Personas) -> None:
    north, south = team(personas, "Norr"), team(personas, "Söder")
    services.attach_coach(
        actor=personas.team_leader_a, team=north, coach=personas.coach_a, starts_on=QUARTER.first
    )
    started = {"start_date": QUARTER.first, "referral_date": QUARTER.first}
    cases = [
        EnrolmentFactory.create(unit=personas.unit_a, responsible_staff=personas.coach_a, **started)
        for _ in range(4)
    ]
    for enrolment, belongs_to in zip(cases, (north, north, north, south), strict=True):
        services.set_treatment_team(actor=personas.coach_a, enrolment=enrolment, team=belongs_to)
    Enrolment.objects.exclude(pk__in=[case.pk for case in cases]).update(start_date=None)
    evidence = teamwork_evidence(personas.unit_a, QUARTER)
    assert (evidence.from_attached_teams, evidence.caseload) == (3, 4)
    assert evidence.share_from_attached_teams == 0.75


def test_team_meetings_count_weeks_per_team(personas: Personas) -> None:
    north, south = team(personas, "Norr"), team(personas, "Söder")
    for week in range(13):
        team_meeting(personas, north, QUARTER.first + week * 7 * DAY)
    team_meeting(personas, south, QUARTER.first)
    team_meeting(personas, south, QUARTER.first + DAY)
    evidence = teamwork_evidence(personas.unit_a, QUARTER)
    assert [(t.team, t.meetings, t.weeks_with_meeting) for t in evidence.team_meetings] == [
        ("Norr", 13, 13),
        ("Söder", 2, 1),
    ]


def test_supervision_elements_present_in_the_period_with_counts(personas: Personas) -> None:
    supervision(personas, "group", QUARTER.first)
    supervision(personas, "group", QUARTER.first + 7 * DAY)
    supervision(personas, "outcome_review", QUARTER.last)
    supervision(personas, "field_mentoring", QUARTER.first - DAY)
    evidence = teamwork_evidence(personas.unit_a, QUARTER)
    assert evidence.supervision == {
        SupervisionElement.INDIVIDUAL: 0,
        SupervisionElement.GROUP: 2,
        SupervisionElement.FIELD_MENTORING: 0,
        SupervisionElement.OUTCOME_REVIEW: 1,
        SupervisionElement.DIFFICULT_CASE: 0,
    }
    assert evidence.elements_present == ["group", "outcome_review"]
    assert evidence.supervision_weeks == 2


# ------------------------------------------------------------------ translations


def test_the_pages_read_in_swedish(personas: Personas, client_for: Any) -> None:
    """Passes once the Swedish translations are applied."""
    page = client_for(personas.team_leader_a).get(
        f"/teamwork/units/{personas.unit_a.pk}/supervision/"
    )
    assert "Handledningslogg" in page.content.decode()


# ------------------------------------------------------------------ pages that write


def test_a_unit_meeting_gets_a_job_lead_and_cover_on_its_page(
    personas: Personas, client_for: Any
) -> None:
    meeting = unit_meeting(personas)
    client = client_for(personas.colleague_a)
    url = f"/teamwork/unit-meetings/{meeting.pk}/"
    lead = {"what": "lead", "shared_by": personas.coach_a.pk, "employer_name": "Krogen"}
    refused = client.post(url, lead)
    assert refused.status_code == 400
    assert "job" in refused.context["form"].errors
    assert client.post(url, {**lead, "job": "Kock"}).status_code == 302
    cover = {
        "what": "cover",
        "covering": personas.colleague_a.pk,
        "covered": personas.coach_a.pk,
        "starts_on": TODAY.isoformat(),
        "ends_on": (TODAY + 7 * DAY).isoformat(),
    }
    assert client.post(url, cover).status_code == 302
    page = client.get(url).content.decode()
    assert "Kock" in page and "Krogen" in page
    assert [c.covered for c in meeting.covers.all()] == [personas.coach_a]


def test_a_manager_sees_team_practice_but_records_none(personas: Personas, client_for: Any) -> None:
    meeting = unit_meeting(personas)
    client = client_for(personas.manager_a)
    assert client.get(f"/teamwork/units/{personas.unit_a.pk}/unit-meetings/").status_code == 200
    assert client.get(f"/teamwork/unit-meetings/{meeting.pk}/edit/").status_code == 403
    posted = client.post(
        f"/teamwork/units/{personas.unit_a.pk}/unit-meetings/",
        {"held_on": TODAY.isoformat(), "attendees": [personas.coach_a.pk]},
    )
    assert posted.status_code == 404
    assert meeting.__class__.objects.count() == 1


def test_the_team_leader_attaches_and_ends_an_attachment_on_the_teams_page(
    personas: Personas, client_for: Any
) -> None:
    north = team(personas)
    client = client_for(personas.team_leader_a)
    attached = client.post(
        f"/teamwork/units/{personas.unit_a.pk}/teams/attach/",
        {"team": north.pk, "coach": personas.coach_a.pk, "starts_on": TODAY.isoformat()},
    )
    assert attached.status_code == 302
    attachment = north.attachments.get()
    ended = client.post(
        f"/teamwork/attachments/{attachment.pk}/end/", {"ends_on": (TODAY - DAY).isoformat()}
    )
    assert ended.status_code == 400
    assert "ends_on" in ended.context["form"].errors
    client.post(f"/teamwork/attachments/{attachment.pk}/end/", {"ends_on": TODAY.isoformat()})
    attachment.refresh_from_db()
    assert attachment.ends_on == TODAY
    coach = client_for(personas.coach_a)
    assert (
        coach.post(
            f"/teamwork/attachments/{attachment.pk}/end/", {"ends_on": TODAY.isoformat()}
        ).status_code
        == 403
    )


def test_another_units_case_gets_no_treatment_team_here(
    personas: Personas, client_for: Any
) -> None:
    elsewhere = Enrolment.objects.get(participant=personas.other_unit)
    response = client_for(personas.coach_a).get(f"/teamwork/cases/{elsewhere.pk}/treatment-team/")
    assert response.status_code == 404
    with pytest.raises(DomainError):
        services.set_treatment_team(
            actor=personas.coach_b, enrolment=elsewhere, team=team(personas)
        )


def test_the_team_leader_corrects_a_supervision_entry(personas: Personas, client_for: Any) -> None:
    entry = supervision(personas, "group")
    url = f"/teamwork/supervision/{entry.pk}/edit/"
    assert client_for(personas.coach_a).get(url).status_code == 403
    assert (
        client_for(personas.team_leader_a)
        .post(
            url,
            {
                "element": "difficult_case",
                "held_on": TODAY.isoformat(),
                "coaches": [personas.colleague_a.pk],
                "note": "Svårt ärende.",
            },
        )
        .status_code
        == 302
    )
    entry.refresh_from_db()
    assert (entry.element, list(entry.coaches.all())) == ("difficult_case", [personas.colleague_a])


@pytest.mark.parametrize(
    ("persona", "linked"),
    [("coach_a", True), ("team_leader_a", True), ("manager_a", True), ("analyst", False)],
)
def test_the_start_page_leads_to_the_units_team_practice(
    personas: Personas, client_for: Any, persona: str, linked: bool
) -> None:
    user = getattr(personas, persona)
    unit = user.memberships.get().unit_id
    url = f"/teamwork/units/{unit}/unit-meetings/"
    assert (url in client_for(user).get("/").content.decode()) is linked
