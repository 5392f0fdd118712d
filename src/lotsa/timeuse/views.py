"""Time-use pages: the coach's week to fill in (a whole week, or one day on a phone), the weekly
self-reflection, the coach's own time-use page, and the team leader's views of the unit and of
one coach (read-only, and each reading is in the audit trail)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lotsa import access
from lotsa.accounts.models import User
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.audit.models import AuditEvent
from lotsa.audit.services import record
from lotsa.core.forms import add_domain_errors
from lotsa.core.pages import form_page
from lotsa.errors import DomainError, NotFound
from lotsa.timeuse import queries, services
from lotsa.timeuse.forms import ReflectionForm, WeekForm
from lotsa.timeuse.models import DEFINITIONS, Activity
from lotsa.timeuse.queries import WEEK, Period

Action = access.Action
DEFAULT_PERIOD_WEEKS = 13
ACTIVITY_DEFINITIONS = [(activity.label, DEFINITIONS[activity]) for activity in Activity]


def _iso_week(raw: str) -> datetime.date:
    """The Monday of a week written as 2026-W49 (a week input's value); else not a page."""
    try:
        year, week = raw.split("-W")
        return datetime.date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        raise NotFound("week") from None


def _week_param(request: HttpRequest) -> datetime.date:
    """?week=, by default this week; a week not yet begun has no log to fill in."""
    this_week = services.monday_of(timezone.localdate())
    raw = request.GET.get("week", "")
    week = _iso_week(raw) if raw else this_week
    if week > this_week:
        raise NotFound("week")
    return week


def _week_value(week: datetime.date) -> str:
    year, number, _day = week.isocalendar()
    return f"{year}-W{number:02d}"


def _period(request: HttpRequest) -> Period:
    """?from=2026-W37&to=2026-W49, both weeks included; by default the 13 weeks up to this one."""
    this_week = services.monday_of(timezone.localdate())
    last = _iso_week(request.GET["to"]) if request.GET.get("to") else this_week
    first = (
        _iso_week(request.GET["from"])
        if request.GET.get("from")
        else last - (DEFAULT_PERIOD_WEEKS - 1) * WEEK
    )
    if first > last or (last - first).days > 7 * 106:
        raise NotFound("period")
    return Period(first, last + WEEK)


def _period_context(period: Period) -> dict[str, Any]:
    return {
        "period": period,
        "period_from": _week_value(period.start),
        "period_to": _week_value(period.end - WEEK),
        "goal": queries.EMPLOYER_CONTACTS_GOAL,
        "definitions": ACTIVITY_DEFINITIONS,
    }


@dataclass(frozen=True)
class Total:
    """A sum on the week's screen, with the id htmx replaces it by as the coach types."""

    id: str
    minutes: int


def _totals(days: list[datetime.date], minutes: services.Minutes) -> dict[str, Any]:
    by_activity = {
        activity: Total(f"total-{activity}", sum(minutes.get((d, activity), 0) for d in days))
        for activity in Activity.values
    }
    by_day = [
        Total(f"total-day-{day.weekday()}", sum(minutes.get((day, a), 0) for a in Activity.values))
        for day in days
    ]
    week_total = sum(total.minutes for total in by_day)
    return {
        "by_activity": by_activity,
        "by_day": by_day,
        "week": Total("total-week", week_total),
        "all": [*by_activity.values(), *by_day, Total("total-week", week_total)],
    }


@login_required
@require_http_methods(["GET", "POST"])
def week(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One screen per week: a row per activity, a column per weekday (``?day=0``–``6`` shows
    one day, for a phone). "Update the totals" recounts what is typed without saving; with
    htmx the totals follow the typing."""
    access.require(request.user, Action.LOG_TIME)
    monday = _week_param(request)
    all_days = [monday + datetime.timedelta(days=n) for n in range(7)]
    day_index = request.GET.get("day", "")
    if day_index and day_index not in {"0", "1", "2", "3", "4", "5", "6"}:
        raise NotFound("day")
    days = [all_days[int(day_index)]] if day_index else all_days
    stored = queries.week_minutes(request.user, monday)
    form = WeekForm(request.POST or None, days=days, minutes=stored)
    previewing = request.method == "POST" and "preview" in request.POST
    totals = _totals(days, form.entered() if request.method == "POST" else stored)
    context = {
        "form": form,
        "week": monday,
        "week_value": _week_value(monday),
        "previous": _week_value(monday - WEEK),
        "next": _week_value(monday + WEEK) if monday + WEEK <= timezone.localdate() else "",
        "all_days": list(enumerate(all_days)),
        "days": days,
        "day_index": day_index,
        "rows": [
            (
                activity,
                DEFINITIONS[activity],
                [form[services.cell_name(day, activity)] for day in days],
                totals["by_activity"][activity.value],
            )
            for activity in Activity
        ],
        "totals": totals,
        "reflection": queries.reflection_of(request.user, monday),
        "definitions": ACTIVITY_DEFINITIONS,
    }
    if previewing and request.headers.get("HX-Request"):
        return render(request, "timeuse/_week_totals.html", context | {"oob": True})
    if request.method == "POST" and not previewing and form.is_valid():
        try:
            services.save_week(actor=request.user, week=monday, minutes=form.minutes())
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Your time log is saved."))
            query = f"?week={_week_value(monday)}" + (f"&day={day_index}" if day_index else "")
            return redirect(reverse("timeuse:week") + query)
    status = 400 if request.method == "POST" and not previewing else 200
    return render(request, "timeuse/week.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def reflection(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(request.user, Action.LOG_TIME)
    monday = _week_param(request)
    existing = queries.reflection_of(request.user, monday)
    initial = (
        {field: getattr(existing, field) for field in (*services.REFLECTION_PROMPTS, "shared")}
        if existing
        else {}
    )
    form = ReflectionForm(request.POST or None, initial=initial)
    (use,) = queries.time_use_of([request.user], Period(monday, monday + WEEK))
    return form_page(
        request,
        form,
        lambda data: services.save_reflection(
            actor=request.user,
            week=monday,
            answers={prompt: data[prompt] for prompt in services.REFLECTION_PROMPTS},
            shared=data["shared"],
        ),
        template="timeuse/reflection.html",
        context={
            "week": monday,
            "week_value": _week_value(monday),
            "contacts": use.overall.employer_contacts,
            "goal": queries.EMPLOYER_CONTACTS_GOAL,
        },
        message=_("Your reflection is saved."),
        done=lambda _saved: f"{reverse('timeuse:reflection')}?week={_week_value(monday)}",
    )


@login_required
@require_GET
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The coach's own time use over a period, week by week."""
    access.require(request.user, Action.LOG_TIME)
    period = _period(request)
    (use,) = queries.time_use_of([request.user], period)
    return render(
        request,
        "timeuse/coach.html",
        _period_context(period) | {"use": use, "own": True, "coach": request.user},
    )


def _read_of_others(request: AuthenticatedHttpRequest, obj: Any, staff: list[User]) -> None:
    record(
        AuditEvent.TIME_USE_VIEWED,
        actor=request.user,
        obj=obj,
        changes={
            "staff": [person.pk for person in staff],
            "from": request.GET.get("from", ""),
            "to": request.GET.get("to", ""),
        },
    )


@login_required
@require_GET
def unit(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    """Every coach's figures and the unit's, for team leaders, managers and analysts. These
    are staff figures, not participants': nothing is suppressed."""
    chosen = access.get_unit_for(request.user, unit_id, Action.VIEW_UNIT_TIME_USE)
    period = _period(request)
    use = queries.unit_time_use(chosen, period)
    _read_of_others(request, chosen, [coach.staff for coach in use.coaches])
    return render(
        request,
        "timeuse/unit.html",
        _period_context(period)
        | {
            "unit": chosen,
            "use": use,
            "may_open_coach": access.can(request.user, Action.LEAD_UNIT, chosen),
        },
    )


@login_required
@require_GET
def coach(request: AuthenticatedHttpRequest, unit_id: int, staff_id: int) -> HttpResponse:
    """One coach's time use and the reflections they share, for the unit's team leader and
    manager: read-only."""
    membership = access.get_coach_time_log_for(request.user, unit_id, staff_id)
    period = _period(request)
    (use,) = queries.time_use_of([membership.user], period)
    _read_of_others(request, membership.unit, [membership.user])
    return render(
        request,
        "timeuse/coach.html",
        _period_context(period)
        | {
            "use": use,
            "own": False,
            "coach": membership.user,
            "unit": membership.unit,
            "reflections": queries.shared_reflections(membership.user, period),
        },
    )
