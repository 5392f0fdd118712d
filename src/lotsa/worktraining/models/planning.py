"""Planning in a work-training unit: each work unit's business plan for a year (its sections in
the four areas, the goal chain from the municipality's political goals down to the
participant, and the year's activity and time plan), the activities presented to each
participant and what they chose, and the unit's gender review in four steps."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanArea(models.TextChoices):
    """The four areas of the KNUT business-plan template."""

    PREREQUISITES = "prerequisites", _("Prerequisites")
    MISSION = "mission", _("Mission")
    IMPLEMENTATION = "implementation_follow_up", _("Implementation and follow-up")
    EVALUATION = "evaluation", _("Evaluation")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")


class BusinessPlan(models.Model):
    """A work unit's business plan (verksamhetsplan) for one year: a living document kept in
    versions. An adopted version is locked; changing it starts the next version as a draft."""

    work_unit = models.ForeignKey(
        "worktraining.WorkUnit",
        on_delete=models.PROTECT,
        related_name="business_plans",
        verbose_name=_("work unit"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adopted by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["work_unit", "-year", "-version"]
        verbose_name = _("business plan")
        verbose_name_plural = _("business plans")
        constraints = [
            models.UniqueConstraint(
                fields=["work_unit", "year", "version"], name="business_plan_version_unique"
            ),
            # A year's plan has at most one version being written.
            models.UniqueConstraint(
                fields=["work_unit", "year"],
                condition=models.Q(status="draft"),
                name="business_plan_one_draft_a_year",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft", adopted_on__isnull=True)
                | models.Q(status="adopted", adopted_on__isnull=False),
                name="business_plan_adopted_has_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.work_unit} {self.year} v{self.version}"

    @property
    def is_locked(self) -> bool:
        return self.status == PlanStatus.ADOPTED


class PlanSection(models.Model):
    """A heading of the plan under one of the four areas. The headings are guidance, not a
    form: each work unit adds, removes, orders and weights its own."""

    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="sections")
    area = models.CharField(_("area"), max_length=32, choices=PlanArea.choices)
    heading = models.CharField(_("heading"), max_length=200)
    text = models.TextField(_("text"), max_length=8000, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        help_text=_("How much the heading counts this year, from 0 (left aside) to 5."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__lte=5), name="plan_section_weight_at_most_5"
            ),
        ]

    def __str__(self) -> str:
        return self.heading


class GoalLevel(models.IntegerChoices):
    """The goal chain, from the top down: each goal serves one of the level above."""

    POLITICAL = 1, _("Political goal")
    ADMINISTRATION = 2, _("Administration goal")
    UNIT = 3, _("Unit goal")
    ACTIVITY = 4, _("Activity goal")
    PARTICIPANT = 5, _("Participant goal")


class PlanGoal(models.Model):
    """A measurable goal of the plan with the resources it is given; ``measure`` names the
    figure of the unit's KNUT-PV throughput report it is followed up against, if any."""

    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="goals")
    level = models.PositiveSmallIntegerField(_("level"), choices=GoalLevel.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("serves the goal"),
    )
    text = models.TextField(_("goal"), max_length=2000)
    measure = models.CharField(_("followed up by"), max_length=64, blank=True)
    target = models.DecimalField(
        _("target value"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    resources = models.TextField(_("resources"), max_length=2000, blank=True)

    class Meta:
        ordering = ["level", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="plan_goal_level_in_chain"
            ),
            models.CheckConstraint(
                condition=models.Q(level=1, parent__isnull=True)
                | (~models.Q(level=1) & models.Q(parent__isnull=False)),
                name="plan_goal_only_political_stands_alone",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    STARTED = "started", _("Started")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class PlanActivity(models.Model):
    """A line of the year's activity and time plan, the basis of the plan's follow-up."""

    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="activities")
    goal = models.ForeignKey(
        PlanGoal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("goal"),
    )
    activity = models.CharField(_("activity"), max_length=300)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    responsible = models.CharField(_("responsible"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    follow_up = models.TextField(_("follow-up"), max_length=2000, blank=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="plan_activity_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.activity


class OfferOutcome(models.TextChoices):
    PENDING = "pending", _("Not decided yet")
    CHOSEN = "chosen", _("Chosen")
    DECLINED = "declined", _("Declined")


class ActivityOffer(models.Model):
    """A work unit presented (or recommended) to a participant, by whom, and what the
    participant chose: the record behind the participant's part in choosing the intervention
    and the gender statistics of who is offered what."""

    enrolment = models.ForeignKey(
        "pathways.Enrolment", on_delete=models.PROTECT, related_name="activity_offers"
    )
    work_unit = models.ForeignKey(
        "worktraining.WorkUnit",
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("work unit"),
    )
    offered_on = models.DateField(_("presented on"))
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="activity_offers",
        verbose_name=_("presented by"),
    )
    recommended = models.BooleanField(_("recommended"), default=False)
    outcome = models.CharField(
        _("participant's choice"),
        max_length=16,
        choices=OfferOutcome.choices,
        default=OfferOutcome.PENDING,
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    chose_themselves = models.BooleanField(_("the participant chose themselves"), default=False)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    obstacle = models.TextField(
        _("physical or psychological obstacle"), max_length=2000, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-offered_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome="pending", decided_on__isnull=True)
                | (~models.Q(outcome="pending") & models.Q(decided_on__isnull=False)),
                name="activity_offer_decision_has_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.work_unit} ({self.offered_on})"


GENDER_REVIEW_STEPS: tuple[tuple[str, object], ...] = (
    ("inventory", _("Step 1: inventory of the activities and their work tasks")),
    ("patterns", _("Step 2: the gender patterns seen in the mapping")),
    ("analysis", _("Step 3: analysis and proposed actions")),
    ("action_plan", _("Step 4: action plan and how it is followed up")),
)


class GenderReview(models.Model):
    """A unit's gender-mainstreaming work for a year in the four steps of the KNUT model, each
    step written after the one before, linked to the business plans it feeds."""

    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="gender_reviews"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    inventory = models.TextField(_("inventory"), max_length=8000, blank=True)
    patterns = models.TextField(_("gender patterns"), max_length=8000, blank=True)
    analysis = models.TextField(_("analysis and proposed actions"), max_length=8000, blank=True)
    action_plan = models.TextField(_("action plan"), max_length=8000, blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    business_plan = models.ForeignKey(
        BusinessPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gender_reviews",
        verbose_name=_("business plan"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="gender_review_once_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"

    @property
    def step(self) -> int:
        """The last step written (0 before the inventory)."""
        done = 0
        for field, _label in GENDER_REVIEW_STEPS:
            if not getattr(self, field):
                break
            done += 1
        return done
