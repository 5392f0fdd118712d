"""The IPS units' team practice: the treatment teams each unit works with and its coaches'
attachments, the treatment teams' weekly meetings and the unit's own (job leads shared, cover
arranged), the team leader's supervision log, the coaches' time log with a weekly
self-reflection, and the recommendations of the units' fidelity reviews in the improvement
register, some of them tried in a PDSA cycle.

The units began keeping the practice records when the period of their last external review
began (so that its reviewers read them, as the benchmark's review page does) or half a year ago,
whichever is earlier, and have kept them up since. Drawn from numbers of their own, so that the
rest of the dataset stays as it was; what the staff write is in the demo's words."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from lotsa.fidelity.scale import scales
from lotsa.improvement.models import Decision, ImprovementStatus, Level
from lotsa.improvement.services import FIDELITY_STATUS
from lotsa.teamwork.models import SupervisionElement, TeamKind
from lotsa.timeuse.models import Activity
from lotsa.timeuse.services import REFLECTION_PROMPTS
from lotsa.tools.demo.employment import DEMO_JOBS
from lotsa.tools.demo.practice_texts import TEXTS
from lotsa.tools.synth import improvement_texts as texts
from lotsa.tools.synth.fidelity import FINALISED_AFTER
from lotsa.tools.synth.tables import Table, at

if TYPE_CHECKING:
    from lotsa.tools.synth.generate import Generator

MODEL = "ips"
WEEK = datetime.timedelta(days=7)
# At least this much of the records, whenever the last review was.
LEAST_KEPT = 26 * WEEK
TEAMS_PER_UNIT = ((1, 35), (2, 50), (3, 15))
# Teams a coach is attached to besides their first: one or two in all, rarely three.
MORE_TEAMS = ((0, 60), (1, 36), (2, 4))
# Of the cases open while the records were kept: linked to a team of the responsible coach's,
# to another of the unit's teams, and (the rest) to none.
LINKED_TO_OWN_TEAM, LINKED_TO_OTHER_TEAM = 0.88, 0.06
TEAM_MEETING_MISSED = 0.08  # holidays, a cancelled meeting
DECISIONS_WRITTEN = 0.4
UNIT_MEETING_SKIPPED = 0.1
PRESENT = 0.85  # each coach at a unit meeting or group supervision
JOB_LEADS = ((0, 25), (1, 35), (2, 25), (3, 15))
JOB_LEAD_OUTSIDE_REGISTER = 0.15
COVER_ARRANGED = 0.2
SUPERVISION_SKIPPED = 0.1
NOTE_WRITTEN = 0.3  # on a unit meeting or in the supervision log
DIFFICULT_CASE_IN_A_WEEK = 0.3
# The time log: a full-time day, the days a coach is away, and the summer leave.
WORKDAY_MINUTES = 480
DAY_AWAY = 0.05
SUMMER_LEAVE_WEEKS = 3
# Most coaches spend 88–97 % of their time on employment services; one in seven less.
LOWER_SHARE = 1 / 7
# Each employment-services activity: the share of days it has any time, and its weight in
# the minutes of those days.
SERVICE_DAYS = {
    Activity.DIRECT_COMMUNITY: (0.9, 30),
    Activity.DIRECT_OFFICE: (0.7, 15),
    Activity.EMPLOYER_CONTACTS: (0.75, 15),
    Activity.TRAVEL: (0.8, 10),
    Activity.DOCUMENTATION: (0.95, 20),
    Activity.TEAM_MEETINGS: (0.45, 10),
}
REFLECTION_WRITTEN = 0.8
REFLECTION_SHARED = 0.5
# Recommendations of a review: those of its lowest-scored items, at most this many.
RECOMMENDATIONS = (2, 4)
# How far the register has come with a review's recommendations, by the review's age.
EARLIER_STATUSES = (("done", 60), ("in_progress", 20), ("planned", 10), ("dropped", 10))
LATEST_STATUSES = (("planned", 35), ("in_progress", 45), ("done", 20))
TRIED_IN_A_CYCLE = 0.45
SECOND_CYCLE = 0.4


@dataclass
class PracticeUnit:
    """An IPS unit's people and the teams and meetings drawn for it."""

    id: int
    country: str
    coaches: list[int]
    leader: int
    fte: dict[int, Decimal]
    teams: list[int] = field(default_factory=list)
    teams_of: dict[int, list[int]] = field(default_factory=dict)  # coach -> teams


@dataclass
class Meeting:
    id: int
    unit: PracticeUnit
    day: datetime.date
    present: list[int]
    note: str


@dataclass
class Practice:
    """What the section's tables share: the units, the weeks kept, and the meetings drawn."""

    units: list[PracticeUnit]
    mondays: list[datetime.date]
    today: datetime.date
    team_meetings: list[tuple[int, int, datetime.date, list[int], str, int]] = field(
        default_factory=list
    )  # id, team, day, coaches, decisions, recorded by
    unit_meetings: list[Meeting] = field(default_factory=list)
    supervision: list[tuple[int, int, str, datetime.date, int, str, list[int]]] = field(
        default_factory=list
    )  # id, unit, element, day, supervisor, note, coaches

    def days(self, monday: datetime.date) -> list[datetime.date]:
        """The week's weekdays before today."""
        week = (monday + datetime.timedelta(days=n) for n in range(5))
        return [day for day in week if day < self.today]


def tables(generator: Generator) -> Iterator[Table]:
    practice = _practice(generator)
    yield treatment_teams(generator, practice)
    yield attachments(generator, practice)
    yield enrolment_teams(generator, practice)
    yield from team_meetings(generator, practice)
    yield from unit_meetings(generator, practice)
    yield from supervision(generator, practice)
    yield time_entries(generator, practice)
    yield reflections(generator, practice)
    yield from improvement_work(generator, practice)


def _practice(generator: Generator) -> Practice:
    """The IPS units with their coaches (full-time equivalent) and team leader, and the Mondays
    of the weeks the records were kept."""
    seats: dict[int, list[tuple[int, str, Decimal]]] = {}
    for _n, user, unit, _org, role, fte, *_rest in generator.memberships_rows:
        seats.setdefault(unit, []).append((user, role, fte))
    units = []
    for unit, country, model, _org in generator.units:
        leaders = [user for user, role, _fte in seats[unit] if role == "supervisor"]
        coaches = generator.staff_of_unit[unit]
        if model == MODEL and leaders and len(coaches) >= 2:
            fte = {user: fte for user, role, fte in seats[unit] if role == "coach"}
            units.append(PracticeUnit(unit, country, coaches, leaders[0], fte))
    begun = [reviews[-1][1] for reviews in generator.reviews_of_unit.values()]
    first = min([generator.today - LEAST_KEPT, *begun])
    monday = first - datetime.timedelta(days=first.weekday())
    mondays = []
    while monday < generator.today:
        mondays.append(monday)
        monday += WEEK
    return Practice(units, mondays, generator.today)


def _weighted(rng: random.Random, choices: tuple[tuple[Any, int], ...]) -> Any:
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights)[0]


def _numbered(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    return ((n, *row) for n, row in enumerate(rows, start=1))


def treatment_teams(generator: Generator, practice: Practice) -> Table:
    """One to three of the country's kinds of treatment team for each unit, each coach attached
    to one of them in turn and to one more now and then."""
    rng = generator.practice_rng
    rows: list[tuple[Any, ...]] = []
    for unit in practice.units:
        words = TEXTS[unit.country]
        for name, kind in rng.sample(words.teams, _weighted(rng, TEAMS_PER_UNIT)):
            unit.teams.append(len(rows) + 1)
            rows.append((len(rows) + 1, unit.id, name, TeamKind(kind).value, words.clinic,
                         words.contact, True))  # fmt: skip
        for n, coach in enumerate(unit.coaches):
            first = unit.teams[n % len(unit.teams)]
            others = [team for team in unit.teams if team != first]
            more = min(_weighted(rng, MORE_TEAMS), len(others))
            unit.teams_of[coach] = [first, *rng.sample(others, more)]
    return Table(
        "teamwork_treatmentteam",
        ("id", "unit_id", "name", "kind", "organisation", "contact", "is_active"),
        iter(rows),
    )


def attachments(generator: Generator, practice: Practice) -> Table:
    """Since the coaches joined the unit, and still."""
    rows = (
        (team, coach, generator.first_day, None)
        for unit in practice.units
        for coach in unit.coaches
        for team in unit.teams_of[coach]
    )
    return Table(
        "teamwork_teamattachment",
        ("id", "team_id", "coach_id", "starts_on", "ends_on"),
        _numbered(rows),
    )


def enrolment_teams(generator: Generator, practice: Practice) -> Table:
    """The treatment team of each IPS case open while the records were kept: most of them one
    of the responsible coach's teams."""
    rng = generator.practice_rng
    first = practice.mondays[0]

    def rows() -> Iterator[tuple[Any, ...]]:
        n = 0
        for unit in practice.units:
            for case in generator.cases_of_unit.get(unit.id, []):
                if case.start is None or (case.end is not None and case.end < first):
                    continue
                draw = rng.random()
                own = unit.teams_of.get(case.staff, unit.teams)
                if draw < LINKED_TO_OWN_TEAM:
                    team = rng.choice(own)
                elif draw < LINKED_TO_OWN_TEAM + LINKED_TO_OTHER_TEAM:
                    team = rng.choice([t for t in unit.teams if t not in own] or own)
                else:
                    continue
                n += 1
                yield (n, case.id, team)

    return Table("teamwork_enrolmentteam", ("id", "enrolment_id", "team_id"), rows())


def team_meetings(generator: Generator, practice: Practice) -> Iterator[Table]:
    """Each treatment team meets on its own weekday every week but a few; one or two of the
    coaches attached to it come, and write down the decisions shared now and then."""
    rng = generator.practice_rng
    for unit in practice.units:
        for team in unit.teams:
            attached = [c for c in unit.coaches if team in unit.teams_of[c]] or unit.coaches
            weekday = rng.randint(1, 3)
            for monday in practice.mondays:
                day = monday + datetime.timedelta(days=weekday)
                if day >= practice.today or rng.random() < TEAM_MEETING_MISSED:
                    continue
                present = rng.sample(attached, min(len(attached), rng.choice((1, 1, 2))))
                decisions = (
                    rng.choice(TEXTS[unit.country].decisions)
                    if rng.random() < DECISIONS_WRITTEN
                    else ""
                )
                practice.team_meetings.append(
                    (len(practice.team_meetings) + 1, team, day, present, decisions, present[0])
                )
    yield Table(
        "teamwork_teammeeting",
        ("id", "team_id", "held_on", "decisions", "recorded_by_id"),
        (
            (n, team, day, decisions, by)
            for n, team, day, _c, decisions, by in practice.team_meetings
        ),
    )
    yield Table(
        "teamwork_teammeeting_coaches",
        ("id", "teammeeting_id", "user_id"),
        _numbered(
            (meeting, coach)
            for meeting, _t, _d, coaches, _s, _r in practice.team_meetings
            for coach in coaches
        ),
    )


def _present(rng: random.Random, unit: PracticeUnit) -> list[int]:
    """The coaches at a meeting: most of them, never fewer than two."""
    present = [coach for coach in unit.coaches if rng.random() < PRESENT]
    return present if len(present) >= 2 else rng.sample(unit.coaches, 2)


def unit_meetings(generator: Generator, practice: Practice) -> Iterator[Table]:
    """The unit meets on Mondays, but for a week now and then: the team leader and most coaches,
    zero to three job leads shared, and now and then one coach's cases covered by another."""
    rng = generator.practice_rng
    leads: list[tuple[Any, ...]] = []
    covers: list[tuple[Any, ...]] = []
    for unit in practice.units:
        for monday in practice.mondays:
            if rng.random() < UNIT_MEETING_SKIPPED:
                continue
            coaches = _present(rng, unit)
            notes = TEXTS[unit.country].unit_notes
            note = rng.choice(notes) if rng.random() < NOTE_WRITTEN else ""
            meeting = Meeting(len(practice.unit_meetings) + 1, unit, monday, coaches, note)
            practice.unit_meetings.append(meeting)
            for _lead in range(_weighted(rng, JOB_LEADS)):
                employer: int | None = rng.choice(generator.employers_of[unit.country])
                name = ""
                if rng.random() < JOB_LEAD_OUTSIDE_REGISTER:
                    employer, name = None, rng.choice(TEXTS[unit.country].unlisted_employers)
                job = rng.choice(DEMO_JOBS[unit.country])[0]
                leads.append((len(leads) + 1, meeting.id, rng.choice(coaches), employer, name,
                              job))  # fmt: skip
            if rng.random() < COVER_ARRANGED:
                covered = rng.choice(unit.coaches)
                covering = rng.choice([coach for coach in coaches if coach != covered])
                starts = monday + datetime.timedelta(days=rng.randint(1, 14))
                ends = starts + datetime.timedelta(days=rng.randint(0, 13))
                covers.append((len(covers) + 1, meeting.id, covering, covered, starts, ends))
    yield Table(
        "teamwork_unitmeeting",
        ("id", "unit_id", "held_on", "note", "recorded_by_id"),
        iter([(m.id, m.unit.id, m.day, m.note, m.unit.leader) for m in practice.unit_meetings]),
    )
    yield Table(
        "teamwork_unitmeeting_attendees",
        ("id", "unitmeeting_id", "user_id"),
        _numbered(
            (meeting.id, person)
            for meeting in practice.unit_meetings
            for person in (meeting.unit.leader, *meeting.present)
        ),
    )
    yield Table(
        "teamwork_joblead",
        ("id", "meeting_id", "shared_by_id", "employer_id", "employer_name", "job"),
        iter(leads),
    )
    yield Table(
        "teamwork_coverarrangement",
        ("id", "meeting_id", "covering_id", "covered_id", "starts_on", "ends_on"),
        iter(covers),
    )


def _months_and_quarters(practice: Practice) -> tuple[list[list[datetime.date]], ...]:
    """The weekdays kept, by calendar month and by calendar quarter."""
    months: dict[tuple[int, int], list[datetime.date]] = {}
    quarters: dict[tuple[int, int], list[datetime.date]] = {}
    for monday in practice.mondays:
        for day in practice.days(monday):
            months.setdefault((day.year, day.month), []).append(day)
            quarters.setdefault((day.year, (day.month - 1) // 3), []).append(day)
    return list(months.values()), list(quarters.values())


def supervision(generator: Generator, practice: Practice) -> Iterator[Table]:
    """The team leader's log: group supervision weekly, each coach's individual supervision
    every other week, field mentoring with a coach or two every month, an outcome review with
    the whole unit every quarter, and help with a difficult case now and then."""
    rng = generator.practice_rng
    months, quarters = _months_and_quarters(practice)

    def log(
        unit: PracticeUnit,
        element: SupervisionElement,
        days: list[datetime.date],
        coaches: list[int],
    ) -> None:
        notes = TEXTS[unit.country].supervision[element]
        note = rng.choice(notes) if rng.random() < NOTE_WRITTEN else ""
        entry = (len(practice.supervision) + 1, unit.id, element.value, rng.choice(days),
                 unit.leader, note, coaches)  # fmt: skip
        practice.supervision.append(entry)

    for unit in practice.units:
        for week, monday in enumerate(practice.mondays):
            days = practice.days(monday)
            if rng.random() >= SUPERVISION_SKIPPED:
                log(unit, SupervisionElement.GROUP, days, _present(rng, unit))
            for n, coach in enumerate(unit.coaches):
                if (week + n) % 2 == 0 and rng.random() >= SUPERVISION_SKIPPED:
                    log(unit, SupervisionElement.INDIVIDUAL, days, [coach])
            if rng.random() < DIFFICULT_CASE_IN_A_WEEK:
                log(unit, SupervisionElement.DIFFICULT_CASE, days, [rng.choice(unit.coaches)])
        for month in months:
            log(unit, SupervisionElement.FIELD_MENTORING, month,
                rng.sample(unit.coaches, rng.choice((1, 1, 2))))  # fmt: skip
        for quarter in quarters:
            log(unit, SupervisionElement.OUTCOME_REVIEW, quarter, unit.coaches)
    yield Table(
        "teamwork_supervisionentry",
        ("id", "unit_id", "element", "held_on", "supervisor_id", "note"),
        (entry[:-1] for entry in practice.supervision),
    )
    yield Table(
        "teamwork_supervisionentry_coaches",
        ("id", "supervisionentry_id", "user_id"),
        _numbered((entry[0], coach) for entry in practice.supervision for coach in entry[-1]),
    )


def _on_leave(rng: random.Random, practice: Practice) -> set[datetime.date]:
    """The Mondays of a coach's summer leave: three weeks in a row from July on."""
    weeks: set[datetime.date] = set()
    for year in range(practice.mondays[0].year, practice.today.year + 1):
        first = datetime.date.fromisocalendar(year, rng.randint(27, 29), 1)
        weeks.update(first + n * WEEK for n in range(SUMMER_LEAVE_WEEKS))
    return weeks


def _day_log(rng: random.Random, minutes: int, services_share: float) -> Iterator[tuple[str, int]]:
    """A day's minutes by activity, in fives: a little outside employment services (as much as
    the coach's share leaves, more on some days and none on others), the rest spread over the
    employment-services activities of the day."""
    other = 5 * round(minutes * (1 - services_share) * rng.uniform(0, 2) / 5)
    if other:
        yield Activity.OTHER_TASKS.value, other
    chosen = [
        (activity, weight * rng.uniform(0.5, 1.5))
        for activity, (days, weight) in SERVICE_DAYS.items()
        if rng.random() < days
    ]
    chosen = chosen or [(Activity.DOCUMENTATION, 1.0)]
    left = minutes - other
    total = sum(weight for _activity, weight in chosen)
    for n, (activity, weight) in enumerate(chosen):
        spent = left if n == len(chosen) - 1 else 5 * round(left * weight / total / 5)
        spent = min(spent, left)
        left -= spent
        if spent > 0:
            yield activity.value, spent


def time_entries(generator: Generator, practice: Practice) -> Table:
    """Each coach's minutes by activity on every weekday they worked: a day as long as their
    post, a few days away and the summer leave without entries."""
    rng = generator.practice_rng

    def rows() -> Iterator[tuple[Any, ...]]:
        n = 0
        for unit in practice.units:
            for coach in unit.coaches:
                share = (
                    rng.uniform(0.70, 0.87)
                    if rng.random() < LOWER_SHARE
                    else rng.uniform(0.88, 0.97)
                )
                leave = _on_leave(rng, practice)
                day_minutes = float(unit.fte.get(coach, Decimal(1))) * WORKDAY_MINUTES
                for monday in practice.mondays:
                    if monday in leave:
                        continue
                    for day in practice.days(monday):
                        if rng.random() < DAY_AWAY:
                            continue
                        minutes = 15 * round(day_minutes * rng.uniform(0.9, 1.1) / 15)
                        for activity, spent in _day_log(rng, minutes, share):
                            n += 1
                            yield (n, coach, day, activity, spent, at(day, 16))

    return Table(
        "timeuse_timeentry", ("id", "staff_id", "day", "activity", "minutes", "changed_at"), rows()
    )


def reflections(generator: Generator, practice: Practice) -> Table:
    """A look back at most weeks that have ended, half of them shared with the team leader."""
    rng = generator.practice_rng

    def rows() -> Iterator[tuple[Any, ...]]:
        n = 0
        for unit in practice.units:
            words = [TEXTS[unit.country].reflections[prompt] for prompt in REFLECTION_PROMPTS]
            for coach in unit.coaches:
                for monday in practice.mondays:
                    friday = monday + datetime.timedelta(days=4)
                    if friday >= practice.today or rng.random() >= REFLECTION_WRITTEN:
                        continue
                    n += 1
                    yield (n, coach, monday, *(rng.choice(options) for options in words),
                           rng.random() < REFLECTION_SHARED, at(friday, 15))  # fmt: skip

    return Table(
        "timeuse_weeklyreflection",
        ("id", "staff_id", "week", *REFLECTION_PROMPTS, "shared", "changed_at"),
        rows(),
    )  # fmt: skip


def _short(text: str, length: int = 120) -> str:
    """As the register shortens a recommendation for the title of its improvement."""
    return text if len(text) <= length else text[: length - 1] + "…"


def improvement_work(generator: Generator, practice: Practice) -> Iterator[Table]:
    """Every final review's recommendations (for its lowest-scored items) came into the
    register as it was finalised: most of the earlier review's are done, the latest review's
    under way; some were tried in a PDSA cycle, and some of those in a second."""
    rng = generator.practice_rng
    scores_of = dict(generator.review_scores)
    items = sorted(scales()[("ips25", 1)].items.values(), key=lambda item: item.number)
    actions: list[tuple[Any, ...]] = []
    improvements: list[tuple[Any, ...]] = []
    cycles: list[tuple[Any, ...]] = []
    for unit in practice.units:
        reviews = generator.reviews_of_unit[unit.id]
        for review, _start, end in reviews:
            finalised = end + FINALISED_AFTER
            statuses = LATEST_STATUSES if review == reviews[-1][0] else EARLIER_STATUSES
            scored = sorted(zip(scores_of[review], items, strict=True),
                            key=lambda pair: (pair[0], rng.random()))  # fmt: skip
            lowest = [pair for pair in scored[: rng.randint(*RECOMMENDATIONS)] if pair[0] <= 3]
            for _score, item in lowest or scored[:1]:
                status = _weighted(rng, statuses)
                owner = rng.choice((unit.leader, rng.choice(unit.coaches)))
                name = item.name.da if unit.country == "DK" else item.name.sv
                description = f"{name}: {rng.choice(texts.RECOMMENDATIONS[unit.country])}"
                action = len(actions) + 1
                actions.append((action, unit.id, review, item.number, description, owner,
                                finalised + datetime.timedelta(days=rng.randint(90, 180)),
                                FIDELITY_STATUS[ImprovementStatus(status)]))  # fmt: skip
                improvement = len(improvements) + 1
                impact, effort = (
                    ("", "")
                    if rng.random() < 0.2
                    else (rng.choice(Level.values), rng.choice(Level.values))
                )
                title = f"{texts.ITEM[unit.country]} {item.number}: {_short(description)}"
                improvements.append((
                    improvement, unit.id, title, description, "fidelity", "", action, None, impact,
                    effort, True, "", owner, status, generator.reviewers[0], at(finalised, 9),
                    at(finalised, 9),
                ))  # fmt: skip
                if status in ("in_progress", "done") and rng.random() < TRIED_IN_A_CYCLE:
                    cycles += _cycles(
                        rng, practice, unit, improvement, finalised, status, len(cycles)
                    )
    yield Table(
        "fidelity_improvementaction",
        ("id", "unit_id", "review_id", "item_number", "description", "owner_id", "due_on",
         "status"),
        iter(actions),
    )  # fmt: skip
    yield Table(
        "improvement_improvement",
        ("id", "unit_id", "title", "description", "source", "source_detail", "fidelity_action_id",
         "benchmarking_visit_id", "impact", "effort", "within_mandate", "decided_by", "owner_id",
         "status", "proposed_by_id", "proposed_at", "updated_at"),
        iter(improvements),
    )  # fmt: skip
    yield Table(
        "improvement_pdsacycle",
        ("id", "improvement_id", "number", "what", "prediction", "measure", "planned_on",
         "planned_by_id", "done_on", "done_by_id", "do_notes", "studied_on", "studied_by_id",
         "result", "acted_on", "acted_by_id", "decision", "act_notes"),
        iter(cycles),
    )  # fmt: skip


def _cycles(
    rng: random.Random,
    practice: Practice,
    unit: PracticeUnit,
    improvement: int,
    finalised: datetime.date,
    status: str,
    before: int,
) -> list[tuple[Any, ...]]:
    """An improvement's cycles, each step on a day after the one before and none after today:
    a done improvement's last cycle adopted, one under way adapted, or still running."""
    rows: list[tuple[Any, ...]] = []
    planned = finalised + datetime.timedelta(days=rng.randint(14, 60))
    for number in (1, 2):
        if planned >= practice.today:
            break
        what, prediction, measure, result = rng.choice(texts.CYCLES[unit.country])
        steps: list[datetime.date | None] = [planned]
        for gap in ((7, 30), (14, 45), (1, 14)):
            after = steps[-1] + datetime.timedelta(days=rng.randint(*gap)) if steps[-1] else None
            steps.append(after if after is not None and after < practice.today else None)
        done, studied, acted = steps[1:]
        last = number == 2 or rng.random() >= SECOND_CYCLE
        decision = (
            ""
            if acted is None
            else (Decision.ADOPT if status == "done" and last else Decision.ADAPT)
        )
        leader = unit.leader
        rows.append((
            before + len(rows) + 1, improvement, number, what, prediction, measure, planned,
            leader, done, leader if done else None, "", studied, leader if studied else None,
            result if studied else "", acted, leader if acted else None, str(decision), "",
        ))  # fmt: skip
        if last or decision != Decision.ADAPT or acted is None:
            break
        planned = acted + datetime.timedelta(days=rng.randint(7, 30))
    return rows
