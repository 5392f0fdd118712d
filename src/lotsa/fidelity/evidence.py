"""Evidence for fidelity items, computed from a unit's own records for the review period.

Each measure returns the figure with its definition, the anchor it suggests (where the scale
maps the figure to a score), whether the figure sits on a band boundary the reviewers should
look at, and what lies behind it for drill-through: the enrolments, or tables of the records
(weeks, meetings, coaches) where the evidence is not about participants. For the items that
count elements (5, 8, 10, 11) it says, element by element, what the records show and what the
reviewers still find out by interview or observation. Reviewers decide; a suggestion is only
advice. Every measure runs a fixed number of queries, whatever the number of participants.

The measures of this module read the records of the apps below fidelity. Apps above it (team
practice, time use, improvement work) add theirs with ``register_measure`` when they start.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lotsa.casework.models import Contact
from lotsa.core.numbers import decimal, rounded
from lotsa.employment.models import BenefitsCounselling, EmployerContact, Job, VocationalProfile
from lotsa.employment.occupations import occupations
from lotsa.employment.queries import follow_along
from lotsa.employment.rules import is_competitive
from lotsa.organisations.models import Membership
from lotsa.pathways.models import (
    ChecklistEntry,
    Enrolment,
    EnrolmentEvent,
    Milestone,
    Responsibility,
)

ACTIVE_DAYS = 30


@dataclass(frozen=True)
class Element:
    """One of the elements an item counts, and what the records show of it: ``met`` is None
    where the records cannot tell and the reviewers find out by interview or observation."""

    name: Any
    met: bool | None
    figure: str = ""


@dataclass(frozen=True)
class Table:
    """Records behind a figure that are not enrolments (weeks, meetings, coaches)."""

    caption: Any
    columns: tuple[Any, ...]
    rows: list[tuple[str, ...]]


@dataclass
class Evidence:
    definition: Any
    value: Decimal | None
    unit_label: Any = ""
    suggested: int | None = None
    boundary: bool = False
    enrolment_ids: list[int] = field(default_factory=list)
    detail: list[tuple[str, str]] = field(default_factory=list)
    elements: list[Element] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    @property
    def open_elements(self) -> list[Element]:
        """The elements the reviewers still find out by interview or observation."""
        return [element for element in self.elements if element.met is None]

    @property
    def score_range(self) -> tuple[int, int] | None:
        """The scores the elements leave possible while some are still open: one point per
        element in place, one or none scoring 1."""
        if not self.open_elements:
            return None
        met = sum(1 for element in self.elements if element.met)
        return max(1, met), max(1, met + len(self.open_elements))

    @property
    def has_records(self) -> bool:
        return bool(self.enrolment_ids or self.tables)


def elements_evidence(
    definition: Any, elements: list[Element], tables: list[Table] | None = None
) -> Evidence:
    """Evidence for an item scored by how many of its five elements are in place: the number
    the records show in place; a suggestion only when the records speak to every element."""
    met = sum(1 for element in elements if element.met)
    known = all(element.met is not None for element in elements)
    return Evidence(
        definition,
        Decimal(met),
        _("of %(count)s elements in place by the records") % {"count": len(elements)},
        max(1, met) if known else None,
        False,
        [],
        [],
        elements,
        tables or [],
    )


# "Weekly" in the scale's anchors: a meeting in at least nine weeks of ten, so that a holiday
# week does not take a unit that meets every week off the anchor.
WEEKLY_SHARE = Decimal("0.9")


def weeks_for_weekly(weeks: int) -> int:
    """The weeks with a meeting that count as meeting weekly over ``weeks`` weeks."""
    return int((WEEKLY_SHARE * weeks).to_integral_value(rounding=ROUND_CEILING))


@dataclass(frozen=True)
class Period:
    unit: Any
    start: datetime.date
    end: datetime.date
    # Rows several measures read, fetched once per evidence run.
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def once(self, key: str, fetch: Callable[[], Any]) -> Any:
        if key not in self.memo:
            self.memo[key] = fetch()
        return self.memo[key]

    @property
    def weeks(self) -> Decimal:
        return Decimal((self.end - self.start).days + 1) / 7


def _ids(ids: list[int]) -> list[int]:
    """An id list that is never empty, so the query runs (and is counted) whatever the data."""
    return ids or [0]


def _band(value: int, bands: list[tuple[int, int]]) -> int:
    """bands: (lowest value for the score, score), from the highest score down."""
    return next((score for lowest, score in bands if value >= lowest), 1)


@dataclass(frozen=True)
class SpecialistBands:
    """How one specialist's own figure, unrounded, maps to a score: the lowest figure for each
    score from the highest down; anything lower scores 1. A figure exactly on an edge is flagged."""

    lowest: tuple[tuple[Decimal, int], ...]

    def score(self, figure: Decimal) -> int:
        return next((score for edge, score in self.lowest if figure >= edge), 1)

    def on_edge(self, figure: Decimal) -> bool:
        return any(figure == edge for edge, _score in self.lowest)


def _mean(values: list[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


def _rated_per_specialist(
    definition: Any,
    unit_label: Any,
    figures: list[tuple[Membership, Decimal]],
    bands: SpecialistBands,
    ids: list[int],
) -> Evidence:
    """Rate each specialist on their own figure, then suggest the scale point closest to the mean
    of the ratings (the scale: "rate each specialist, average, use the closest scale point").

    Averaging the figures first lets one busy specialist hide an idle one, and rounding before
    banding moves figures just under an edge over it.
    """
    if not figures:
        return Evidence(definition, None)
    ratings = [bands.score(figure) for _coach, figure in figures]
    mean_rating = Decimal(sum(ratings)) / len(ratings)
    halfway = mean_rating % 1 == Decimal("0.5")
    rated = list(zip(figures, ratings, strict=True))
    return Evidence(
        definition,
        rounded(_mean([figure for _coach, figure in figures])),
        unit_label,
        int(rounded(mean_rating, 0)),
        halfway or any(bands.on_edge(figure) for _coach, figure in figures),
        ids,
        [(str(coach.user), f"{decimal(figure)} → {rating}") for (coach, figure), rating in rated],
        tables=[
            Table(
                _("Each coach's own figure and rating"),
                (_("Coach"), unit_label, _("Rating")),
                [
                    (str(coach.user), decimal(figure), str(rating))
                    for (coach, figure), rating in rated
                ],
            )
        ],
    )


def _served(period: Period) -> Any:
    """Enrolments of the unit that were open at some time in the period."""
    return (
        Enrolment.objects.filter(unit=period.unit, referral_date__lte=period.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
        .exclude(status="declined")
    )


def _served_rows(period: Period) -> list[tuple[int, str, datetime.date | None]]:
    """(id, referral source, start date) of the enrolments served, read once."""
    return period.once(
        "served",
        lambda: list(_served(period).values_list("pk", "referral_source", "start_date")),
    )


@dataclass(frozen=True)
class UnitContact:
    enrolment_id: int
    staff_id: int
    occurred_on: datetime.date
    outcome: str
    place: str
    duration_minutes: int
    with_treatment_team: bool
    with_fk: bool
    with_af: bool


def _unit_contacts(period: Period) -> list[UnitContact]:
    """The contacts of the unit's enrolments in the period (and the 30 days before its end, for
    the active caseload), read once for all the measures that count them."""
    first = min(period.start, period.end - datetime.timedelta(days=ACTIVE_DAYS))
    return period.once(
        "contacts",
        lambda: [
            UnitContact(*row)
            for row in Contact.objects.filter(
                enrolment__unit=period.unit, occurred_on__range=(first, period.end)
            )
            .order_by()
            .values_list(*UnitContact.__dataclass_fields__)
        ],
    )


def _employer_contacts(period: Period) -> list[tuple[int, int, bool]]:
    """(staff, employer, face to face) of the unit's employer contacts in the period, read once."""
    return period.once(
        "employer_contacts",
        lambda: list(
            EmployerContact.objects.filter(
                unit=period.unit, occurred_on__range=(period.start, period.end)
            )
            .order_by()
            .values_list("staff_id", "employer_id", "face_to_face")
        ),
    )


def _in_period(period: Period) -> list[UnitContact]:
    return [c for c in _unit_contacts(period) if c.occurred_on >= period.start]


def staff_in_role(period: Period, role: str) -> list[Membership]:
    """The unit's memberships in the role on the period's last day, with the staff member."""
    return period.once(
        f"staff:{role}",
        lambda: list(
            Membership.objects.active_on(period.end)
            .filter(unit=period.unit, role=role)
            .select_related("user")
            .order_by("pk")
        ),
    )


def _coaches(period: Period) -> list[Membership]:
    return staff_in_role(period, "coach")


def caseload_size(period: Period) -> Evidence:
    """Active caseload per full-time coach at the end of the period, averaged over coaches.

    Active: a contact in the 30 days up to the period's end. Rounded to a whole number: ≤20 → 5,
    21–25 → 4, 26–30 → 3, 31–40 → 2, ≥41 → 1.
    """
    coaches = _coaches(period)
    since = period.end - datetime.timedelta(days=ACTIVE_DAYS)
    active = {
        c.enrolment_id
        for c in _unit_contacts(period)
        if c.outcome == "held" and since < c.occurred_on <= period.end
    }
    load: dict[int, list[int]] = defaultdict(list)
    for staff_id, enrolment_id in (
        Responsibility.objects.filter(enrolment__unit=period.unit, starts_on__lte=period.end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=period.end))
        .values_list("staff_id", "enrolment_id")
    ):
        if enrolment_id in active:
            load[staff_id].append(enrolment_id)
    per_coach = [Decimal(len(load[m.user_id])) / m.fte for m in coaches if m.fte]
    if not per_coach:
        return Evidence(_("Active caseload per full-time coach"), None)
    mean = sum(per_coach, Decimal(0)) / len(per_coach)
    whole = int(rounded(mean, 0))
    return Evidence(
        _(
            "Active caseload per full-time coach (a contact in the last 30 days), averaged over the coaches"
        ),
        rounded(mean),
        _("participants"),
        _band(-whole, [(-20, 5), (-25, 4), (-30, 3), (-40, 2)]),
        whole in (20, 21, 25, 26, 30, 31, 40, 41),
        sorted(active & {e for ids in load.values() for e in ids}),
        [(str(m.user), decimal(Decimal(len(load[m.user_id])) / m.fte)) for m in coaches if m.fte],
    )


def rapid_job_search(period: Period) -> Evidence:
    """Mean days from the start to the first face-to-face employer contact, for enrolments started
    in the period that have had one: ≤30 → 5, 31–60 → 4, 61–150 → 3, 151–270 → 2, ≥271 → 1."""
    rows = list(
        Milestone.objects.filter(
            code="first_employer_contact",
            enrolment__unit=period.unit,
            enrolment__start_date__range=(period.start, period.end),
        ).values_list("enrolment_id", "occurred_on", "enrolment__start_date")
    )
    if not rows:
        return Evidence(_("Mean days from start to the first face-to-face employer contact"), None)
    # Every start is set: the filter asks for one in the period.
    waits = [(day - start).days for _id, day, start in rows if start is not None]
    mean = Decimal(sum(waits)) / len(waits)
    whole = int(rounded(mean, 0))
    return Evidence(
        _("Mean days from start to the first face-to-face employer contact"),
        rounded(mean),
        _("days"),
        _band(-whole, [(-30, 5), (-60, 4), (-150, 3), (-270, 2)]),
        whole in (30, 31, 60, 61, 150, 151, 270, 271),
        [row[0] for row in rows],
    )


# Services 6 anchors 2, 4, 5 and 6 contacts a week; a specialist's own figure takes the closest.
# Exactly 3 is as close to 2 as to 4: it scores 3 and is flagged for the reviewers.
EMPLOYER_CONTACT_BANDS = SpecialistBands(
    ((Decimal("5.5"), 5), (Decimal("4.5"), 4), (Decimal(3), 3), (Decimal(2), 2))
)


def employer_contact_frequency(period: Period) -> Evidence:
    """Face-to-face employer contacts a week, each coach rated on their own unrounded figure and
    the ratings averaged: ≥5.5 → 5, 4.5–5.5 → 4, 3–4.5 → 3, 2–3 → 2, <2 → 1."""
    counts: dict[int, int] = defaultdict(int)
    for staff_id, _employer, face_to_face in _employer_contacts(period):
        if face_to_face:
            counts[staff_id] += 1
    return _rated_per_specialist(
        _(
            "Face-to-face employer contacts per coach per week; each coach rated, the ratings averaged"
        ),
        _("contacts a week"),
        [(m, Decimal(counts[m.user_id]) / period.weeks) for m in _coaches(period)],
        EMPLOYER_CONTACT_BANDS,
        [],
    )


def _jobs_started(period: Period) -> list[Job]:
    return period.once(
        "jobs_started",
        lambda: list(
            Job.objects.filter(
                enrolment__unit=period.unit, starts_on__range=(period.start, period.end)
            ).select_related("employer")
        ),
    )


def _share(part: int, whole: int) -> Decimal:
    return rounded(Decimal(100 * part) / whole) if whole else Decimal(0)


PERCENT_BANDS = [(85, 5), (70, 4), (60, 3), (50, 2)]


def percent_evidence(
    definition: Any, part: int, whole: int, bands: list[tuple[int, int]], ids: list[int]
) -> Evidence:
    if not whole:
        return Evidence(definition, None)
    share = _share(part, whole)
    # From the exact share: rounding the shown tenth again would carry 84.95 over to 85.
    whole_percent = int(rounded(Decimal(100 * part) / whole, 0))
    edges = {lowest for lowest, _score in bands} | {lowest - 1 for lowest, _score in bands}
    return Evidence(
        definition, share, "%", _band(whole_percent, bands), whole_percent in edges, ids
    )


def job_type_diversity(period: Period) -> Evidence:
    jobs = _jobs_started(period)
    return percent_evidence(
        _("Different job types (occupation codes) among the jobs started, as a share of the jobs"),
        len({job.occupation_code for job in jobs}),
        len(jobs),
        PERCENT_BANDS,
        [job.enrolment_id for job in jobs],
    )


def employer_diversity(period: Period) -> Evidence:
    jobs = _jobs_started(period)
    return percent_evidence(
        _("Different employers among the jobs started, as a share of the jobs"),
        len({job.employer_id for job in jobs}),
        len(jobs),
        PERCENT_BANDS,
        [job.enrolment_id for job in jobs],
    )


def competitive_jobs(period: Period) -> Evidence:
    jobs = _jobs_started(period)
    return percent_evidence(
        _("Competitive jobs among the jobs started (the rule shown on each job)"),
        sum(1 for job in jobs if is_competitive(job)),
        len(jobs),
        [(95, 5), (85, 4), (75, 3), (64, 2)],
        [job.enrolment_id for job in jobs],
    )


# Services 13 in whole percent: a specialist's own share takes the closest whole percent, except
# below 30, where the anchor for 1 ends ("30 or less" and "30–39" meet at exactly 30: flagged).
COMMUNITY_TIME_BANDS = SpecialistBands(
    ((Decimal("64.5"), 5), (Decimal("49.5"), 4), (Decimal("39.5"), 3), (Decimal(30), 2))
)
OUTSIDE_THE_OFFICE = ("community", "workplace", "home")


def community_based_services(period: Period) -> Evidence:
    """Share of each coach's contact time outside the office (community, workplace, home), each
    coach rated on their own unrounded share and the ratings averaged."""
    total: dict[int, int] = defaultdict(int)
    outside: dict[int, int] = defaultdict(int)
    coaches = _coaches(period)
    coach_ids = {m.user_id for m in coaches}
    ids = set()
    for contact in _in_period(period):
        if contact.staff_id in coach_ids:
            ids.add(contact.enrolment_id)
            total[contact.staff_id] += contact.duration_minutes
            if contact.place in OUTSIDE_THE_OFFICE:
                outside[contact.staff_id] += contact.duration_minutes
    return _rated_per_specialist(
        _(
            "Share of each coach's contact time outside the office (community, workplace, home); each coach rated, the ratings averaged"
        ),
        "%",
        [
            (m, Decimal(100 * outside[m.user_id]) / total[m.user_id])
            for m in coaches
            if total[m.user_id]
        ],
        COMMUNITY_TIME_BANDS,
        sorted(ids),
    )


def treatment_team_referrals(period: Period) -> Evidence:
    enrolments = [(pk, source) for pk, source, _start in _served_rows(period)]
    return percent_evidence(
        _("Participants referred by a treatment team"),
        sum(1 for _pk, source in enrolments if source == "treatment_team"),
        len(enrolments),
        [(90, 5), (75, 4), (50, 3), (0, 2)],
        [pk for pk, _s in enrolments],
    )


def _informational(
    definition: Any,
    value: Decimal | None,
    unit_label: Any,
    ids: list[int],
    detail: list[tuple[str, str]] | None = None,
) -> Evidence:
    return Evidence(definition, value, unit_label, None, False, ids, detail or [])


def vocational_generalists(period: Period) -> Evidence:
    """Enrolments where the same coach did the intake (first responsible), the vocational profile,
    the job development on the participant's behalf and the follow-along support."""
    served = [pk for pk, _source, _start in _served_rows(period)]
    # The same enrolments as a subquery: a list of a thousand ids costs more to send than to join.
    served_ids = _served(period).values("pk")
    workers: dict[int, set[int]] = defaultdict(set)
    first_responsible: dict[int, int] = {}
    for enrolment_id, staff_id in (
        Responsibility.objects.filter(enrolment_id__in=served_ids)
        .order_by("starts_on", "id")
        .values_list("enrolment_id", "staff_id")
    ):
        first_responsible.setdefault(enrolment_id, staff_id)
    for enrolment_id, staff_id in first_responsible.items():
        workers[enrolment_id].add(staff_id)
    for enrolment_id, staff_id in (
        VocationalProfile.objects.filter(enrolment_id__in=served_ids)
        .order_by()
        .values_list("enrolment_id", "created_by_id")
    ):
        workers[enrolment_id].add(staff_id)
    for enrolment_id, staff_id in EmployerContact.enrolments.through.objects.filter(
        enrolment_id__in=served_ids
    ).values_list("enrolment_id", "employercontact__staff_id"):
        workers[enrolment_id].add(staff_id)
    for enrolment_id, staff_id in (
        Contact.objects.filter(enrolment_id__in=served_ids, job__isnull=False)
        .order_by()
        .values_list("enrolment_id", "staff_id")
    ):
        workers[enrolment_id].add(staff_id)
    single = [pk for pk in served if len(workers[pk]) == 1]
    return _informational(
        _(
            "Enrolments where one coach did the intake, the profile, the job development and the follow-along support"
        ),
        _share(len(single), len(served)) if served else None,
        "%",
        single,
    )


def _contacts_with(period: Period, *flags: str) -> list[int]:
    """The enrolment of each contact in the period with any of the parties named."""
    return [c.enrolment_id for c in _in_period(period) if any(getattr(c, f) for f in flags)]


def treatment_team_meetings(period: Period) -> Evidence:
    ids = _contacts_with(period, "with_treatment_team")
    return _informational(
        _("Contacts with the treatment team per week"),
        rounded(Decimal(len(ids)) / period.weeks),
        _("a week"),
        sorted(set(ids)),
    )


def agency_collaboration(period: Period) -> Evidence:
    ids = _contacts_with(period, "with_fk", "with_af")
    months = period.weeks / Decimal("4.345")
    return _informational(
        _("Contacts with Försäkringskassan or Arbetsförmedlingen per month"),
        rounded(Decimal(len(ids)) / months),
        _("a month"),
        sorted(set(ids)),
    )


def zero_exclusion(period: Period) -> Evidence:
    declined = list(
        Enrolment.objects.filter(
            unit=period.unit, status="declined", end_date__range=(period.start, period.end)
        ).values_list("pk", "decline_reason")
    )
    reasons: dict[str, int] = defaultdict(int)
    for _pk, reason in declined:
        reasons[reason] += 1
    return _informational(
        _("Declined referrals in the period, by reason"),
        Decimal(len(declined)),
        _("referrals"),
        [pk for pk, _r in declined],
        sorted((r, str(n)) for r, n in reasons.items()),
    )


def benefits_counselling(period: Period) -> Evidence:
    served = {pk: start for pk, _source, start in _served_rows(period)}
    offered = dict(
        BenefitsCounselling.objects.filter(
            enrolment_id__in=_served(period).values("pk"), offered_on__lte=period.end
        )
        .order_by("enrolment_id", "offered_on")
        .values_list("enrolment_id", "offered_on")
    )
    days = [(offered[pk] - start).days for pk, start in served.items() if pk in offered and start]
    detail = (
        [(str(_("median days from start to offer")), str(sorted(days)[len(days) // 2]))]
        if days
        else []
    )
    return _informational(
        _("Participants offered benefits counselling"),
        _share(len(offered), len(served)) if served else None,
        "%",
        sorted(offered),
        detail,
    )


# The IPS-25 scale reviews IPS services, so its evidence reads the IPS model's own record codes.
DISCLOSURE_ITEM = "disclosure_discussion"
JOB_SEARCH_PHASE = "job_search"
FOLLOW_UP_DAYS = 7


def disclosure(period: Period) -> Evidence:
    """Participants who reached job search in the period with a recorded disclosure discussion
    on or before their first day of job search."""
    entered: dict[int, datetime.date] = {}
    for enrolment_id, day in (
        EnrolmentEvent.objects.filter(
            enrolment__unit=period.unit,
            to_phase=JOB_SEARCH_PHASE,
            occurred_on__range=(period.start, period.end),
        )
        .order_by("occurred_on")
        .values_list("enrolment_id", "occurred_on")
    ):
        entered.setdefault(enrolment_id, day)
    discussed = dict(
        ChecklistEntry.objects.filter(
            enrolment_id__in=_ids(list(entered)), item_code=DISCLOSURE_ITEM
        ).values_list("enrolment_id", "done_on")
    )
    ids = [pk for pk, day in entered.items() if pk in discussed and discussed[pk] <= day]
    return _informational(
        _("Participants who discussed disclosure before their job search began"),
        _share(len(ids), len(entered)) if entered else None,
        "%",
        ids,
    )


def ongoing_assessment(period: Period) -> Evidence:
    jobs = _jobs_started(period)
    profile_days: dict[int, list[datetime.date]] = defaultdict(list)
    for enrolment_id, day in (
        VocationalProfile.objects.filter(
            enrolment_id__in=_ids([j.enrolment_id for j in jobs]), written_on__lte=period.end
        )
        .order_by()
        .values_list("enrolment_id", "written_on")
    ):
        profile_days[enrolment_id].append(day)
    updated = [
        job.enrolment_id
        for job in jobs
        if any(day >= job.starts_on for day in profile_days[job.enrolment_id])
    ]
    return _informational(
        _("Jobs after whose start the vocational profile was updated"),
        _share(len(updated), len(jobs)) if jobs else None,
        "%",
        updated,
    )


def _words(text: str) -> set[str]:
    return {word for word in re.findall(r"\w+", text.lower()) if len(word) >= 4}


def individualised_job_search(period: Period) -> Evidence:
    """Jobs started in the period that match the participant's stated preferences: the job title
    or occupation shares a word with the kinds of job in the latest profile written before it.
    90–100 % → 5, 75–89 → 4, 50–74 → 3, 25–49 → 2, <25 → 1."""

    jobs = _jobs_started(period)
    profiles: dict[int, list[tuple[datetime.date, str]]] = defaultdict(list)
    for enrolment_id, day, preferred in (
        VocationalProfile.objects.filter(enrolment_id__in=_ids([j.enrolment_id for j in jobs]))
        .order_by()
        .values_list("enrolment_id", "written_on", "preferred_jobs")
    ):
        profiles[enrolment_id].append((day, preferred))
    matching = []
    for job in jobs:
        earlier = sorted(p for p in profiles[job.enrolment_id] if p[0] <= job.starts_on)
        names = " ".join(occupations(job.employer.country).get(job.occupation_code, {}).values())
        if earlier and _words(earlier[-1][1]) & _words(f"{job.title} {names}"):
            matching.append(job.enrolment_id)
    return percent_evidence(
        _("Jobs started that match the participant's stated job preferences"),
        len(matching),
        len(jobs),
        [(90, 5), (75, 4), (50, 3), (25, 2)],
        matching,
    )


def employer_contact_quality(period: Period) -> Evidence:
    """Repeat visits, for each coach: the scale rates every specialist, so the hint is per coach."""
    per_pair: dict[tuple[int, int], int] = defaultdict(int)
    for staff, employer, _face in _employer_contacts(period):
        per_pair[(staff, employer)] += 1
    per_coach: dict[int, list[int]] = defaultdict(list)
    for (staff, _employer), count in per_pair.items():
        per_coach[staff].append(count)
    value = rounded(Decimal(sum(per_pair.values())) / len(per_pair)) if per_pair else None
    coaches = [
        (str(m.user), per_coach[m.user_id]) for m in _coaches(period) if per_coach[m.user_id]
    ]
    evidence = _informational(
        _("Contacts per employer and coach (repeated visits build relationships)"),
        value,
        _("contacts"),
        [],
        [(name, decimal(Decimal(sum(counts)) / len(counts))) for name, counts in coaches],
    )
    evidence.tables = [
        Table(
            _("Each coach's employers and contacts"),
            (_("Coach"), _("Employers"), _("Contacts"), _("Contacts per employer")),
            [
                (
                    name,
                    str(len(counts)),
                    str(sum(counts)),
                    decimal(Decimal(sum(counts)) / len(counts)),
                )
                for name, counts in coaches
            ],
        )
    ]
    return evidence


def _timing_kept(job: Job, contact_days: list[datetime.date], period_end: datetime.date) -> bool:
    """Every follow-along check due while the job lasted, up to the period's end, was met. The
    case page drops an ended job's checks; the review still asks whether they were kept."""
    as_of = min(job.ends_on, period_end) if job.ends_on else period_end
    return all(
        status.state == "met"
        for status in follow_along(job, contact_days, as_of)
        if status.due_on <= as_of
    )


def follow_along_support(period: Period) -> Evidence:
    jobs = _jobs_started(period)
    days: dict[int, list[datetime.date]] = defaultdict(list)
    for job_id, day in Contact.objects.filter(job_id__in=_ids([j.pk for j in jobs])).values_list(
        "job_id", "occurred_on"
    ):
        days[job_id].append(day)
    met = [job.enrolment_id for job in jobs if _timing_kept(job, days[job.pk], period.end)]
    return _informational(
        _("Jobs started whose follow-along timing was kept"),
        _share(len(met), len(jobs)) if jobs else None,
        "%",
        met,
    )


def time_unlimited_support(period: Period) -> Evidence:
    long_jobs = Job.objects.filter(
        enrolment__unit=period.unit, starts_on__lte=period.end - datetime.timedelta(days=120)
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=period.end))
    supported = set(
        Contact.objects.filter(
            job__in=long_jobs.values("pk"),
            occurred_on__range=(period.end - datetime.timedelta(days=60), period.end),
        )
        .order_by()
        .values_list("job_id", flat=True)
    )
    jobs = list(long_jobs.order_by().values_list("pk", "enrolment_id"))
    ids = [enrolment_id for pk, enrolment_id in jobs if pk in supported]
    return _informational(
        _("Participants working four months or more who still get support (last 60 days)"),
        _share(len(ids), len(jobs)) if jobs else None,
        "%",
        ids,
    )


def assertive_engagement(period: Period) -> Evidence:
    """Missed appointments in the period followed within 7 days by an outreach attempt or a contact."""
    missed = [(c.enrolment_id, c.occurred_on) for c in _in_period(period) if c.outcome == "missed"]
    later: dict[int, list[datetime.date]] = defaultdict(list)
    for enrolment_id, day in (
        Contact.objects.filter(
            enrolment_id__in=_ids([e for e, _d in missed]), outcome__in=("outreach", "held")
        )
        .order_by()
        .values_list("enrolment_id", "occurred_on")
    ):
        later[enrolment_id].append(day)
    followed = [
        enrolment_id
        for enrolment_id, day in missed
        if any(
            day < other <= day + datetime.timedelta(days=FOLLOW_UP_DAYS)
            for other in later[enrolment_id]
        )
    ]
    return _informational(
        _("Missed appointments followed up within a week by an attempt to reach the participant"),
        _share(len(followed), len(missed)) if missed else None,
        "%",
        sorted(set(followed)),
    )


Measure = Callable[[Period], Evidence]

MEASURES: dict[str, Measure] = {
    "caseload_size": caseload_size,
    "vocational_generalists": vocational_generalists,
    "treatment_team_referrals": treatment_team_referrals,
    "treatment_team_meetings": treatment_team_meetings,
    "agency_collaboration": agency_collaboration,
    "zero_exclusion": zero_exclusion,
    "benefits_counselling": benefits_counselling,
    "disclosure": disclosure,
    "ongoing_assessment": ongoing_assessment,
    "rapid_job_search": rapid_job_search,
    "individualised_job_search": individualised_job_search,
    "employer_contact_frequency": employer_contact_frequency,
    "employer_contact_quality": employer_contact_quality,
    "job_type_diversity": job_type_diversity,
    "employer_diversity": employer_diversity,
    "competitive_jobs": competitive_jobs,
    "follow_along_support": follow_along_support,
    "time_unlimited_support": time_unlimited_support,
    "community_based_services": community_based_services,
    "assertive_engagement": assertive_engagement,
}


# The measures that show each specialist's own figure, for the items the scale rates per specialist.
PER_SPECIALIST_MEASURES = {
    "employer_contact_frequency",
    "employer_contact_quality",
    "community_based_services",
}


def register_measure(name: str, measure: Measure, *, per_specialist: bool = False) -> Measure:
    """Add a measure an app above fidelity computes from its own records; called from the app's
    ``AppConfig.ready()``. Registering the same function again (``ready`` may run twice) is
    harmless; another function under a name already taken is a programming error."""
    if MEASURES.setdefault(name, measure) is not measure:
        raise ValueError(f"a fidelity measure named {name!r} is already registered")
    if per_specialist:
        PER_SPECIALIST_MEASURES.add(name)
    return measure


def fidelity_evidence(
    unit: Any, start: datetime.date, end: datetime.date, scale: Any
) -> dict[int, Evidence]:
    """Evidence per item number for the items the records can speak to."""
    period = Period(unit, start, end)
    return {
        item.number: MEASURES[item.measure](period) for item in scale.items.values() if item.measure
    }


def item_evidence(unit: Any, start: datetime.date, end: datetime.date, item: Any) -> Evidence:
    """The evidence of one item with a measure, for its drill-through."""
    return MEASURES[item.measure](Period(unit, start, end))
