"""Contacts and services: contacts per participant-month, the community-based share of
face-to-face contacts, and whether job starts got support before, at and after the start.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Exists, Expression, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce, Greatest, Least
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lotsa.casework.models import Contact, ContactMode, ContactOutcome, ContactPlace
from lotsa.employment.queries import FIRST_MONTH_WEEKS, MONTHLY_DAYS
from lotsa.outcomes.metrics import (
    CONTACT,
    JOB,
    UNCOUNTED_JOB_STARTS,
    Context,
    Count,
    DaysBetween,
    Mean,
    Metric,
    Ratio,
    day,
    served,
    uncounted_job_starts,
    within,
)
from lotsa.outcomes.metrics.ips import SERVED

DAYS_PER_MONTH = Decimal("30.4375")


def held_contacts(ctx: Context) -> Q:
    return Q(outcome=ContactOutcome.HELD) & within("occurred_on", ctx.period)


def face_to_face_held(ctx: Context) -> Q:
    return held_contacts(ctx) & Q(mode=ContactMode.FACE_TO_FACE)


def months_served(ctx: Context) -> Expression:
    """Days of the enrolment inside the period (first and last day included)."""
    p = ctx.period
    return DaysBetween(
        Least(Coalesce(F("end_date"), day(p.end)), day(p.end)),
        Greatest(F("start_date"), day(p.start)),
    ) + Value(1)


def support_contact_between(first: int, last: int) -> Q:
    """A support contact linked to the job from ``first`` to ``last`` days after its start."""
    offset = DaysBetween(F("occurred_on"), OuterRef("starts_on"))
    return Q(
        Exists(
            Contact.objects.filter(job=OuterRef("pk"), outcome=ContactOutcome.HELD)
            .annotate(offset=offset)
            .filter(offset__gte=first, offset__lte=last)
        )
    )


def counted_job_starts(ctx: Context) -> Q:
    return within("starts_on", ctx.period) & Q(four_paid_hours_on__isnull=False)


FIRST_MONTH_DAYS = 7 * FIRST_MONTH_WEEKS


def first_month_ended(ctx: Context) -> Q:
    """Counted jobs whose first four weeks ended in the period, still held at their end."""
    p = ctx.period
    last_day = datetime.timedelta(days=FIRST_MONTH_DAYS - 1)
    return Q(
        starts_on__gte=p.start - last_day,
        starts_on__lte=p.end - last_day,
        four_paid_hours_on__isnull=False,
    ) & (
        Q(ends_on__isnull=True)
        | Q(GreaterThanOrEqual(DaysBetween(F("ends_on"), F("starts_on")), FIRST_MONTH_DAYS - 1))
    )


def supported_every_week() -> Q:
    condition = Q()
    for week in range(FIRST_MONTH_WEEKS):
        condition &= support_contact_between(7 * week, 7 * week + 6)
    return condition


def in_monthly_follow_along(ctx: Context) -> Q:
    """Counted jobs still held on the last day of the period and past their first month by at
    least a month, so that a monthly support contact was due within the last month."""
    end = ctx.period.end
    return Q(
        four_paid_hours_on__isnull=False,
        starts_on__lte=end - datetime.timedelta(days=FIRST_MONTH_DAYS + MONTHLY_DAYS - 1),
    ) & (Q(ends_on__isnull=True) | Q(ends_on__gte=end))


def supported_in_last_month(ctx: Context) -> Q:
    end = ctx.period.end
    return Q(
        Exists(
            Contact.objects.filter(
                job=OuterRef("pk"),
                outcome=ContactOutcome.HELD,
                occurred_on__gt=end - datetime.timedelta(days=MONTHLY_DAYS),
                occurred_on__lte=end,
            )
        )
    )


CONTACT_STATISTICS: list[Metric] = [
    SERVED,
    Mean(
        "participant_months",
        _("Participant-months"),
        _(
            "The days each enrolment served was open within the period, added up and divided "
            "by 30.4375 (the days of an average month)."
        ),
        lambda ctx: months_served(ctx),
        served,
        divisor=DAYS_PER_MONTH,
    ),
    Count(
        "contacts_held",
        _("Contacts held"),
        _(
            "Contacts in the period that took place (missed meetings and outreach attempts are not counted)."
        ),
        held_contacts,
        base=CONTACT,
    ),
    Ratio(
        "contacts_per_participant_month",
        _("Contacts per participant-month"),
        _("Contacts held divided by participant-months."),
        "contacts_held",
        "participant_months",
        percent=False,
    ),
    Count(
        "face_to_face_held",
        _("Face-to-face contacts held"),
        _("Contacts held in the period face to face."),
        face_to_face_held,
        base=CONTACT,
    ),
    Count(
        "community_contacts",
        _("Face-to-face contacts in the community"),
        _(
            "Face-to-face contacts held in the period outside the office: in the community, at a workplace or at home."
        ),
        lambda ctx: (
            face_to_face_held(ctx)
            & Q(place__in=(ContactPlace.COMMUNITY, ContactPlace.WORKPLACE, ContactPlace.HOME))
        ),
        base=CONTACT,
    ),
    Ratio(
        "community_share",
        _("Community-based share"),
        _("Face-to-face contacts in the community divided by all face-to-face contacts held."),
        "community_contacts",
        "face_to_face_held",
    ),
    Count(
        "counted_job_starts",
        _("Job starts"),
        _("Jobs starting in the period with at least four paid hours worked."),
        counted_job_starts,
        base=JOB,
        leaves_out=UNCOUNTED_JOB_STARTS,
    ),
    uncounted_job_starts(),
    Count(
        "support_before_start",
        _("Support in the week before the start"),
        _(
            "Of those job starts, the jobs with a support contact in the seven days before the start."
        ),
        lambda ctx: counted_job_starts(ctx) & support_contact_between(-7, -1),
        base=JOB,
    ),
    Ratio(
        "support_before_start_share",
        _("Share supported before the start"),
        _("Jobs with support in the week before the start divided by job starts."),
        "support_before_start",
        "counted_job_starts",
    ),
    Count(
        "support_first_days",
        _("Support within 3 days of the start"),
        _(
            "Of those job starts, the jobs with a support contact on the start day or within three days after it."
        ),
        lambda ctx: counted_job_starts(ctx) & support_contact_between(0, 3),
        base=JOB,
    ),
    Ratio(
        "support_first_days_share",
        _("Share supported within 3 days"),
        _("Jobs with support within 3 days of the start divided by job starts."),
        "support_first_days",
        "counted_job_starts",
    ),
    Count(
        "first_month_ended",
        _("Jobs past their first four weeks"),
        _(
            "Jobs with at least four paid hours worked whose first four weeks ended in the "
            "period, still held on the last of those days."
        ),
        first_month_ended,
        base=JOB,
    ),
    Count(
        "supported_every_week",
        _("Support every week of the first month"),
        _(
            "Of those jobs, the ones with a support contact in each of the first four weeks "
            "(days 0–6, 7–13, 14–20 and 21–27 after the start)."
        ),
        lambda ctx: first_month_ended(ctx) & supported_every_week(),
        base=JOB,
    ),
    Ratio(
        "supported_every_week_share",
        _("Share supported every week of the first month"),
        _(
            "Jobs with support in each of the first four weeks divided by jobs past their first four weeks."
        ),
        "supported_every_week",
        "first_month_ended",
    ),
    Count(
        "monthly_follow_along",
        _("Jobs due a monthly support contact"),
        format_lazy(
            _(
                "Jobs with at least four paid hours worked, still held on the last day of the "
                "period and held for at least {days} days by then: the first four weeks and a "
                "whole month after them."
            ),
            days=FIRST_MONTH_DAYS + MONTHLY_DAYS,
        ),
        in_monthly_follow_along,
        base=JOB,
    ),
    Count(
        "supported_last_month",
        _("Support in the last month of the period"),
        format_lazy(
            _(
                "Of those jobs, the ones with a support contact in the last {days} days of the period."
            ),
            days=MONTHLY_DAYS,
        ),
        lambda ctx: in_monthly_follow_along(ctx) & supported_in_last_month(ctx),
        base=JOB,
    ),
    Ratio(
        "supported_last_month_share",
        _("Share supported monthly"),
        _(
            "Jobs with support in the last month of the period divided by jobs due a monthly support contact."
        ),
        "supported_last_month",
        "monthly_follow_along",
    ),
]
