"""Which closed cases and which people have passed their retention period, and the rules."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from lotsa.organisations.models import Organisation
from lotsa.pathways.models import Enrolment, EnrolmentStatus
from lotsa.people.models import Participant
from lotsa.referrals.models import Referral, ReferralStatus
from lotsa.retention.models import RESEARCH_SAMPLE_BIRTH_DAYS, RetentionRule

CLOSED_STATUSES = (EnrolmentStatus.EXITED, EnrolmentStatus.DECLINED)
CLOSED_REFERRALS = (ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN)


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day ``years`` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class Policy:
    """Every organisation's rules, read once, answering for any organisation and programme."""

    rules: tuple[RetentionRule, ...]
    default_years: int

    @classmethod
    def current(cls) -> Policy:
        return cls(tuple(RetentionRule.objects.all()), settings.RETENTION_YEARS)

    def rule_for(self, organisation_id: int, programme_code: str) -> RetentionRule | None:
        general = None
        for rule in self.rules:
            if rule.organisation_id == organisation_id:
                if rule.programme_code == programme_code:
                    return rule
                if not rule.programme_code:
                    general = rule
        return general

    def years_for(self, organisation_id: int, programme_code: str) -> int:
        rule = self.rule_for(organisation_id, programme_code)
        return rule.years if rule else self.default_years

    def passed(self, *, organisation: str, programme: str, closed: str, today: datetime.date) -> Q:
        """Rows closed longer ago than their organisation's rule for their programme allows.

        One condition for all rules, so the rows come in one query however many rules there
        are; the field paths name where a row keeps its organisation, programme and closing day.
        """
        specific = [rule for rule in self.rules if rule.programme_code]
        general = [rule for rule in self.rules if not rule.programme_code]
        passed = Q(pk__in=[])
        for rule in specific:
            passed |= Q(
                **{
                    organisation: rule.organisation_id,
                    programme: rule.programme_code,
                    f"{closed}__lt": years_before(today, rule.years),
                }
            )
        own_rules = self._own_rules(organisation, programme)
        for rule in general:
            passed |= (
                Q(**{organisation: rule.organisation_id})
                & Q(**{f"{closed}__lt": years_before(today, rule.years)})
                & ~own_rules
            )
        passed |= (
            Q(**{f"{closed}__lt": years_before(today, self.default_years)})
            & ~Q(**{f"{organisation}__in": [rule.organisation_id for rule in general]})
            & ~own_rules
        )
        return passed

    def _own_rules(self, organisation: str, programme: str) -> Q:
        """Rows of a programme model its organisation has a rule of its own for."""
        own = Q(pk__in=[])
        for rule in self.rules:
            if rule.programme_code:
                own |= Q(**{organisation: rule.organisation_id, programme: rule.programme_code})
        return own

    def keeps_research_sample(self, *, organisation: str, programme: str) -> Q:
        """Rows under a rule that keeps the research sample."""
        own_rules = self._own_rules(organisation, programme)
        keeps = Q(pk__in=[])
        for rule in self.rules:
            if rule.keep_research_sample and rule.programme_code:
                keeps |= Q(**{organisation: rule.organisation_id, programme: rule.programme_code})
            elif rule.keep_research_sample:
                keeps |= Q(**{organisation: rule.organisation_id}) & ~own_rules
        return keeps


def _born_on_a_sample_day(participant: str) -> Q:
    """People whose identity number says they were born on a research-sample day."""
    number = f"{participant}identity_number"
    days = [f"{day:02d}" for day in RESEARCH_SAMPLE_BIRTH_DAYS]
    # A Swedish number is YYYYMMDDNNNN, and a coordination number adds 60 to the day; a Danish
    # CPR number is DDMMYYSSSS.
    swedish_days = days + [f"{day + 60:02d}" for day in RESEARCH_SAMPLE_BIRTH_DAYS]
    return Q(
        **{f"{participant}identity_country": "SE"},
        **{f"{number}__regex": rf"^[0-9]{{6}}({'|'.join(swedish_days)})"},
    ) | Q(
        **{f"{participant}identity_country": "DK"},
        **{f"{number}__regex": rf"^({'|'.join(days)})"},
    )


def enrolments_due(policy: Policy, today: datetime.date) -> QuerySet[Enrolment]:
    """Closed cases whose retention period has passed and whose content is still there."""
    where = {"organisation": "unit__organisation", "programme": "programme_model"}
    return (
        Enrolment.objects.filter(status__in=CLOSED_STATUSES, content_erased_on__isnull=True)
        .filter(policy.passed(**where, closed="end_date", today=today))
        .exclude(policy.keeps_research_sample(**where) & _born_on_a_sample_day("participant__"))
        .select_related("unit__organisation")
        .order_by("end_date", "pk")
    )


def unanswered_referrals_due(policy: Policy, today: datetime.date) -> QuerySet[Referral]:
    """Referrals that never became a case, declined or withdrawn longer ago than the receiving
    organisation keeps them; their texts are still there."""
    return (
        Referral.objects.filter(status__in=CLOSED_REFERRALS, enrolment__isnull=True)
        .exclude(stated_needs="", requested_service="")
        .filter(
            policy.passed(
                organisation="to_unit__organisation",
                programme="programme_model",
                closed="decided_on",
                today=today,
            )
        )
        .order_by("pk")
    )


def participants_due(policy: Policy, today: datetime.date) -> QuerySet[Participant]:
    """People still identified whose every case is erased or due now, and who have no referral
    still waiting or still within its time."""
    open_or_kept_cases = Enrolment.objects.filter(content_erased_on__isnull=True).exclude(
        pk__in=enrolments_due(policy, today).values("pk")
    )
    # Only referrals of registered people: one naming nobody yet (NULL) would make NOT IN
    # hold for nobody.
    referrals_still_kept = Referral.objects.filter(participant__isnull=False).filter(
        Q(status=ReferralStatus.SENT)
        | Q(enrolment__isnull=True)
        & ~policy.passed(
            organisation="to_unit__organisation",
            programme="programme_model",
            closed="decided_on",
            today=today,
        )
    )
    # Registered but never referred nor enrolled: kept for the default period after registering.
    never_served_recently = Q(enrolments__isnull=True, referrals__isnull=True) & Q(
        created_at__date__gte=years_before(today, policy.default_years)
    )
    return (
        Participant.objects.filter(is_anonymous=False)
        .exclude(pk__in=open_or_kept_cases.values("participant_id"))
        .exclude(pk__in=referrals_still_kept.values("participant_id"))
        .exclude(never_served_recently)
        .distinct()
        .order_by("pk")
    )


@dataclass(frozen=True)
class OrganisationRetention:
    organisation: Organisation
    rules: list[RetentionRule]
    cases_due: int


def retention_overview(today: datetime.date) -> list[OrganisationRetention]:
    """Every organisation's rules and how many of its closed cases the next run erases."""
    policy = Policy.current()
    due = dict(
        enrolments_due(policy, today)
        .order_by()
        .values_list("unit__organisation_id")
        .annotate(cases=Count("pk"))
    )
    return [
        OrganisationRetention(
            organisation,
            [rule for rule in policy.rules if rule.organisation_id == organisation.pk],
            due.get(organisation.pk, 0),
        )
        for organisation in Organisation.objects.order_by("name")
    ]
