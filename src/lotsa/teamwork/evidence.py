"""Fidelity evidence from the unit's team practice: the IPS-25 items on integration with the
treatment teams (4 and 5), the vocational unit (7) and the supervisor's role (8).

Each measure reads the figures of ``queries.teamwork_evidence`` for the review period once and
states the rule it applies with the figure. Registered with the fidelity app when this app
starts (``apps.TeamworkConfig.ready``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lotsa.core.numbers import decimal
from lotsa.fidelity.evidence import (
    Element,
    Evidence,
    Period,
    Table,
    elements_evidence,
    percent_evidence,
    staff_in_role,
    treatment_team_meetings,
    treatment_team_referrals,
    weeks_for_weekly,
)
from lotsa.organisations.models import Membership, Role
from lotsa.teamwork import queries
from lotsa.teamwork.models import SupervisionElement

ATTACHED_TEAMS_LIMIT = 2
COACHES_PER_SUPERVISOR = 10
DAYS_IN_MONTH = Decimal("30.44")
DAYS_IN_QUARTER = Decimal("91.31")


def _figures(period: Period) -> queries.TeamworkEvidence:
    return period.once(
        "teamwork",
        lambda: queries.teamwork_evidence(period.unit, queries.Period(period.start, period.end)),
    )


def _fte(memberships: list[Membership]) -> Decimal:
    return sum((membership.fte for membership in memberships), Decimal(0))


def _day(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _weeks_of(count: int, weeks: int) -> str:
    return _("%(count)s of %(weeks)s weeks") % {"count": count, "weeks": weeks}


def team_assignment(period: Period) -> Evidence:
    """Item 4: the share of the cases open at the period's end whose treatment team is one the responsible
    coach is attached to (≥ 90 % → 5, 75–89 → 4, 50–74 → 3, less → 2), and 2 whatever the
    share when a coach is attached to three teams or more."""
    figures = _figures(period)
    definition = _(
        "Share of the cases open at the period's end whose treatment team is one of the "
        "responsible coach's attached teams; a coach attached to three or more teams suggests 2"
    )
    referred = treatment_team_referrals(period)
    detail = [(str(referred.definition), f"{decimal(referred.value or 0)} %")]
    detail += [
        (name, _("attached to %(count)s teams") % {"count": teams})
        for name, teams in sorted(figures.teams_per_coach.items())
    ]
    if not figures.teams_per_coach:
        return Evidence(definition, None, detail=detail)
    evidence = percent_evidence(
        definition,
        figures.from_attached_teams,
        figures.caseload,
        [(90, 5), (75, 4), (50, 3), (0, 2)],
        figures.from_attached_team_ids,
    )
    if figures.coaches_over_limit:
        evidence.suggested = 2
    evidence.detail = detail
    evidence.tables = [
        Table(
            _("Coaches and their treatment teams"),
            (_("Coach"), _("Attached teams")),
            [(name, str(teams)) for name, teams in sorted(figures.teams_per_coach.items())],
        )
    ]
    return evidence


def team_integration(period: Period) -> Evidence:
    """Item 5: of the five elements, the records show whether coaches attend every treatment
    team's meeting weekly and how often shared decisions are written down; the rest the
    reviewers see for themselves or ask."""
    figures = _figures(period)
    needed = weeks_for_weekly(figures.weeks)
    teams = figures.team_meetings
    meetings = sum(team.meetings for team in teams)
    decided = sum(team.with_decisions for team in teams)
    contacts = treatment_team_meetings(period)
    elements = [
        Element(
            _("Coaches take part in each treatment team's weekly meeting"),
            all(team.weeks_with_meeting >= needed for team in teams) if meetings else None,
            "; ".join(
                f"{team.team}: {_weeks_of(team.weeks_with_meeting, figures.weeks)}"
                for team in teams
            )
            or _("no treatment team recorded"),
        ),
        Element(
            _("Decisions are shared with the team"),
            None,
            _("shared decisions recorded at %(decided)s of %(meetings)s meetings")
            % {"decided": decided, "meetings": meetings},
        ),
        Element(_("Employment documents are kept in the treatment team's clinical record"), None),
        Element(_("The coach's office is in or next to the team's"), None),
        Element(_("Coaches prompt the team to think about work for people not yet referred"), None),
    ]
    evidence = elements_evidence(
        _(
            "Elements of integration the records show (weekly: a meeting attended in at least "
            "%(needed)s of the period's %(weeks)s weeks)"
        )
        % {"needed": needed, "weeks": figures.weeks},
        elements,
        [
            Table(
                _("Treatment-team meetings in the period"),
                (_("Team"), _("Meetings"), _("Weeks with a meeting"), _("With shared decisions")),
                [
                    (
                        team.team,
                        str(team.meetings),
                        str(team.weeks_with_meeting),
                        str(team.with_decisions),
                    )
                    for team in teams
                ],
            )
        ],
    )
    evidence.detail = [
        (str(contacts.definition), f"{decimal(contacts.value or 0)} {contacts.unit_label}")
    ]
    return evidence


def vocational_unit(period: Period) -> Evidence:
    """Item 7: 1 without two coaches and a team leader; 3 when they meet but arrange no cover;
    5 with a meeting weekly (nine weeks of ten), job leads shared, cover arranged and two
    full-time coaches; 4 otherwise. Without a unit meeting recorded there is no suggestion: the
    reviewers find out whether the unit meets (2 if it does not)."""
    figures = _figures(period)
    coaches = staff_in_role(period, Role.COACH)
    leaders = staff_in_role(period, Role.SUPERVISOR)
    needed = weeks_for_weekly(figures.weeks)
    weeks_met = figures.weeks_with_unit_meeting
    suggested: int | None
    if len(coaches) < 2 or not leaders:
        suggested = 1
    elif not figures.unit_meetings:
        # No meeting recorded may mean none held or none written down: the reviewers ask.
        suggested = None
    elif not figures.cover_arrangements:
        suggested = 3
    elif weeks_met >= needed and figures.job_leads and _fte(coaches) >= 2:
        suggested = 5
    else:
        suggested = 4
    met_weeks = {
        day - datetime.timedelta(days=day.weekday()) for day, _l, _c in figures.unit_meeting_rows
    }
    without = [monday for monday in figures.period.weeks() if monday not in met_weeks]
    return Evidence(
        _(
            "Weeks of the period with a meeting of the vocational unit (weekly: at least "
            "%(needed)s of %(weeks)s), with job leads shared and cover arranged"
        )
        % {"needed": needed, "weeks": figures.weeks},
        Decimal(weeks_met),
        _("of %(weeks)s weeks") % {"weeks": figures.weeks},
        suggested,
        (suggested or 0) >= 4 and weeks_met in (needed - 1, needed),
        [],
        [
            (
                _("Coaches"),
                _("%(count)s (%(fte)s full-time equivalents)")
                % {"count": len(coaches), "fte": decimal(_fte(coaches))},
            ),
            (_("Team leaders"), ", ".join(str(m.user) for m in leaders) or _("none")),
            (_("Unit meetings"), str(figures.unit_meetings)),
            (_("Job leads shared"), str(figures.job_leads)),
            (_("Cover arranged"), str(figures.cover_arrangements)),
        ],
        tables=[
            Table(
                _("Unit meetings in the period"),
                (_("Date"), _("Job leads shared"), _("Cover arranged")),
                [
                    (_day(day), str(leads), str(covers))
                    for day, leads, covers in figures.unit_meeting_rows
                ],
            ),
            Table(
                _("Weeks without a unit meeting"),
                (_("Week beginning"),),
                [(_day(monday),) for monday in without],
            ),
        ],
    )


def _distinct(days: list[datetime.date], key: str) -> int:
    if key == "month":
        return len({(day.year, day.month) for day in days})
    return len({(day.year, (day.month - 1) // 3) for day in days})


def supervisor_role(period: Period) -> Evidence:
    """Item 8: the records show four of the five elements — at most ten full-time coaches per
    full-time team leader, weekly supervision (nine weeks of ten), field mentoring in as many
    calendar months as the period lasts, an outcome review in as many calendar quarters; the
    team leader's contact with the treatment teams the reviewers ask about."""
    figures = _figures(period)
    coach_fte = _fte(staff_in_role(period, Role.COACH))
    leader_fte = _fte(staff_in_role(period, Role.SUPERVISOR))
    needed_weeks = weeks_for_weekly(figures.weeks)
    days = Decimal((period.end - period.start).days + 1)
    months = max(1, int((days / DAYS_IN_MONTH).to_integral_value()))
    quarters = max(1, int((days / DAYS_IN_QUARTER).to_integral_value()))
    mentoring = figures.supervision_days.get(SupervisionElement.FIELD_MENTORING, [])
    reviews = figures.supervision_days.get(SupervisionElement.OUTCOME_REVIEW, [])
    # An empty log may mean no supervision or none written down: then the reviewers ask.
    logged = any(figures.supervision_days.values())
    elements = [
        Element(
            _("A full-time team leader for at most ten coaches (pro rata)"),
            bool(leader_fte) and coach_fte <= COACHES_PER_SUPERVISOR * leader_fte,
            _("%(coaches)s full-time coaches, %(leaders)s full-time team leaders")
            % {"coaches": decimal(coach_fte), "leaders": decimal(leader_fte)},
        ),
        Element(
            _("Weekly supervision about participants"),
            figures.supervision_weeks >= needed_weeks if logged else None,
            _("group or individual supervision in %(weeks)s (weekly: at least %(needed)s)")
            % {
                "weeks": _weeks_of(figures.supervision_weeks, figures.weeks),
                "needed": needed_weeks,
            },
        ),
        Element(
            _(
                "Regular contact with the treatment teams' leaders and each team's meeting at least quarterly"
            ),
            None,
        ),
        Element(
            _("Field mentoring every month with new or struggling coaches"),
            _distinct(mentoring, "month") >= months if logged else None,
            _("in %(count)s of the period's %(months)s months")
            % {"count": _distinct(mentoring, "month"), "months": months},
        ),
        Element(
            _("Outcome reviews with the team at least quarterly"),
            _distinct(reviews, "quarter") >= quarters if logged else None,
            _("in %(count)s of the period's %(quarters)s quarters")
            % {"count": _distinct(reviews, "quarter"), "quarters": quarters},
        ),
    ]
    return elements_evidence(
        _("Elements of the team leader's role the supervision log and the staff list show"),
        elements,
        [
            Table(
                _("Supervision log in the period"),
                (_("Kind of supervision"), _("Times"), _("Dates")),
                [
                    (
                        str(kind.label),
                        str(len(figures.supervision_days.get(kind.value, []))),
                        ", ".join(
                            _day(day) for day in figures.supervision_days.get(kind.value, [])
                        ),
                    )
                    for kind in SupervisionElement
                ],
            )
        ],
    )
