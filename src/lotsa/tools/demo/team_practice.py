"""The demo's team practice in the IPS units over the recent weeks: the treatment teams each
unit works with and the coaches attached to them, each open case's treatment team, the teams'
weekly meetings with a coach there most weeks, the unit's own weekly meeting with job leads and
cover for coaches on leave, and the team leader's supervision log.

Everything is written through the teamwork services by the team leader or the coach who would
have written it, so the audit trail is real too."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from lotsa.accounts.models import User
from lotsa.employment.models import Employer
from lotsa.pathways.models import OPEN_STATUSES, Enrolment
from lotsa.teamwork import services
from lotsa.teamwork.models import SupervisionElement, TreatmentTeam, UnitMeeting
from lotsa.tools.demo.employment import DEMO_JOBS
from lotsa.tools.demo.practice_calendar import UnitCalendar
from lotsa.tools.demo.practice_texts import TEXTS

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = range(5)
# Every eighth of a coach's open cases, from the third on, has no treatment team (a referral
# from outside psychiatry); the others belong to one of the coach's teams.
NO_TEAM_EVERY = 8
NO_TEAM_FIRST = 2
# The team leader sits in on each treatment team's meeting every this many weeks (item 8 asks
# for at least once a quarter).
LEADER_VISITS_EVERY = 8
# How often an attached coach at work goes to the team's weekly meeting.
ATTENDS = 0.8


class DemoTeamPractice:
    """Builds one unit's team practice, with the builder's random numbers."""

    def __init__(self, rng: random.Random, calendar: UnitCalendar, teams: int) -> None:
        self.rng = rng
        self.calendar = calendar
        self.team_count = teams
        self.texts = TEXTS[calendar.country]
        self.employers = list(Employer.objects.filter(country=calendar.country).order_by("pk"))

    def build(self) -> None:
        teams = self._treatment_teams()
        attached = self._attach(teams)
        cases = self._link_cases(attached)
        self._team_meetings(teams, attached, cases)
        self._unit_meetings()
        self._supervision()

    def _treatment_teams(self) -> list[TreatmentTeam]:
        calendar = self.calendar
        chosen = self.rng.sample(self.texts.teams, self.team_count)
        return [
            services.save_treatment_team(
                actor=calendar.leader,
                unit=calendar.unit,
                details=services.TeamDetails(
                    name=name,
                    kind=kind,
                    organisation=self.texts.clinic,
                    contact=self.texts.contact,
                ),
            )
            for name, kind in chosen
        ]

    def _attach(self, teams: list[TreatmentTeam]) -> dict[int, list[TreatmentTeam]]:
        """Each coach to one team in turn; the longest-serving coach to both of two teams."""
        calendar = self.calendar
        attached: dict[int, list[TreatmentTeam]] = {}
        for index, coach in enumerate(calendar.coaches):
            mine = teams if index == 0 else [teams[index % len(teams)]]
            for team in mine:
                services.attach_coach(
                    actor=calendar.leader,
                    team=team,
                    coach=coach,
                    # Some time before the period, once the coach had joined the unit.
                    starts_on=max(
                        calendar.joined[coach.pk],
                        calendar.first_day - datetime.timedelta(days=self.rng.randint(30, 400)),
                    ),
                )
            attached[coach.pk] = mine
        return attached

    def _link_cases(
        self, attached: dict[int, list[TreatmentTeam]]
    ) -> dict[tuple[int, int], list[Enrolment]]:
        """Most of each coach's open cases belong to one of the coach's teams, a few to none.
        Returns the cases by (team, coach), for the meetings to discuss."""
        cases: dict[tuple[int, int], list[Enrolment]] = defaultdict(list)
        for coach in self.calendar.coaches:
            open_cases = Enrolment.objects.filter(
                unit=self.calendar.unit,
                programme_model="ips",
                responsible_staff=coach,
                status__in=OPEN_STATUSES,
            ).order_by("pk")
            for index, enrolment in enumerate(open_cases):
                team = (
                    None
                    if index % NO_TEAM_EVERY == NO_TEAM_FIRST
                    else self.rng.choice(attached[coach.pk])
                )
                services.set_treatment_team(actor=coach, enrolment=enrolment, team=team)
                if team is not None:
                    cases[team.pk, coach.pk].append(enrolment)
        return cases

    def _team_meetings(
        self,
        teams: list[TreatmentTeam],
        attached: dict[int, list[TreatmentTeam]],
        cases: dict[tuple[int, int], list[Enrolment]],
    ) -> None:
        """Each team meets weekly (on its own weekday); a coach attached to it goes most
        weeks, records the meeting, and now and then notes what was said about a case. The team
        leader comes every few weeks."""
        calendar, rng, texts = self.calendar, self.rng, self.texts
        for index, team in enumerate(teams):
            members = [coach for coach in calendar.coaches if team in attached[coach.pk]]
            for number, week in enumerate(calendar.weeks):
                day = calendar.day(week, TUESDAY + 2 * index)
                present = [
                    coach
                    for coach in calendar.at_work(week)
                    if coach in members and rng.random() < ATTENDS
                ]
                if number % LEADER_VISITS_EVERY == index * 3:
                    present.append(calendar.leader)
                if day is None or not present:
                    continue
                recorder = present[0]
                meeting = services.save_team_meeting(
                    actor=recorder,
                    unit=calendar.unit,
                    details=services.TeamMeetingDetails(
                        team=team,
                        held_on=day,
                        coaches=present,
                        decisions=rng.choice(texts.decisions) if rng.random() < 0.5 else "",
                    ),
                )
                to_discuss = cases.get((team.pk, recorder.pk), [])
                if to_discuss and rng.random() < 0.35:
                    for enrolment in rng.sample(
                        to_discuss, min(len(to_discuss), rng.randint(1, 2))
                    ):
                        services.record_discussion(
                            actor=recorder,
                            meeting=meeting,
                            enrolment=enrolment,
                            note=rng.choice(texts.discussions),
                        )

    def _unit_meetings(self) -> None:
        """The unit meets on Mondays, but not in the holiday weeks: the coaches at work and
        the team leader, with job leads most weeks and cover for a coach about to be away."""
        calendar, rng, texts = self.calendar, self.rng, self.texts
        for week in calendar.weeks:
            day = calendar.day(week, MONDAY)
            present = calendar.at_work(week)
            if day is None or week in calendar.holidays or not present:
                continue
            meeting = services.save_unit_meeting(
                actor=calendar.leader,
                unit=calendar.unit,
                details=services.UnitMeetingDetails(
                    held_on=day,
                    attendees=[calendar.leader, *present],
                    note=rng.choice(texts.unit_notes) if rng.random() < 0.4 else "",
                ),
            )
            for _lead in range(rng.choice([0, 1, 1, 2, 2, 3])):
                self._share_lead(meeting, rng.choice(present))
            self._cover(meeting, week, present)

    def _share_lead(self, meeting: UnitMeeting, coach: User) -> None:
        """A lead at an employer of the register, now and then one not yet in it."""
        rng = self.rng
        employer = rng.choice(self.employers) if self.employers and rng.random() < 0.8 else None
        services.share_job_lead(
            actor=self.calendar.leader,
            meeting=meeting,
            details=services.JobLeadDetails(
                shared_by=coach,
                job=rng.choice(DEMO_JOBS[self.calendar.country])[0],
                employer=employer,
                employer_name="" if employer else rng.choice(self.texts.unlisted_employers),
            ),
        )

    def _cover(self, meeting: UnitMeeting, week: datetime.date, present: list[User]) -> None:
        """Whoever is away next week has their cases covered by a colleague at the meeting."""
        calendar = self.calendar
        next_week = week + datetime.timedelta(weeks=1)
        for coach in calendar.coaches:
            colleagues = [other for other in present if other != coach]
            if next_week not in calendar.leave[coach.pk] or not colleagues:
                continue
            services.arrange_cover(
                actor=calendar.leader,
                meeting=meeting,
                covering=self.rng.choice(colleagues),
                covered=coach,
                starts_on=next_week,
                ends_on=next_week + datetime.timedelta(days=FRIDAY),
            )

    def _supervision(self) -> None:
        """Group supervision weekly (not in the holidays), individual supervision every other
        week for each coach, field mentoring monthly with the newest coach, an outcome review
        each quarter and, now and then, help with a difficult case."""
        calendar, rng = self.calendar, self.rng
        newest = calendar.coaches[-1]
        for number, week in enumerate(calendar.weeks):
            present = calendar.at_work(week)
            if week not in calendar.holidays:
                self._supervise(SupervisionElement.GROUP, week, WEDNESDAY, present)
            for index, coach in enumerate(calendar.coaches):
                if number % 2 == index % 2 and coach in present:
                    self._supervise(SupervisionElement.INDIVIDUAL, week, THURSDAY, [coach])
            if number % 4 == 1 and newest in present:
                self._supervise(SupervisionElement.FIELD_MENTORING, week, TUESDAY, [newest])
            if number % 13 == 11:
                self._supervise(SupervisionElement.OUTCOME_REVIEW, week, FRIDAY, present)
            if present and rng.random() < 0.2:
                coach = rng.choice(present)
                self._supervise(SupervisionElement.DIFFICULT_CASE, week, FRIDAY, [coach])

    def _supervise(
        self, element: SupervisionElement, week: datetime.date, weekday: int, coaches: list[User]
    ) -> None:
        calendar = self.calendar
        day = calendar.day(week, weekday)
        if day is None or not coaches:
            return
        notes = self.texts.supervision[element]
        services.record_supervision(
            actor=calendar.leader,
            unit=calendar.unit,
            details=services.SupervisionDetails(
                element=element,
                held_on=day,
                coaches=coaches,
                note=self.rng.choice(notes) if self.rng.random() < 0.6 else "",
            ),
        )


def build_team_practice(rng: random.Random, calendars: list[UnitCalendar]) -> None:
    """Two treatment teams for each unit, but one for the second (a small clinic)."""
    for index, calendar in enumerate(calendars):
        DemoTeamPractice(rng, calendar, teams=1 if index == 1 else 2).build()
