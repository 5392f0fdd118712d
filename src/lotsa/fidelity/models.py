"""Fidelity reviews: a plan, independent ratings per reviewer, consensus per item, actions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewMode(models.TextChoices):
    EXTERNAL = "external", _("External review")
    SELF_ASSESSMENT = "self", _("Self-assessment")


class ReviewStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RATING = "rating", _("Independent rating")
    CONSENSUS = "consensus", _("Consensus")
    FINAL = "final", _("Final")


class FidelityReview(models.Model):
    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="fidelity_reviews"
    )
    scale_code = models.CharField(max_length=32)
    scale_version = models.PositiveSmallIntegerField()
    mode = models.CharField(_("mode"), max_length=16, choices=ReviewMode.choices)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    visit_dates = models.CharField(_("visit dates"), max_length=200, blank=True)
    planned_sources = models.TextField(_("planned sources"), max_length=4000, blank=True)
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="fidelity_reviews", verbose_name=_("reviewers")
    )
    status = models.CharField(
        max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.RATING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="review_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.period_start}–{self.period_end}"


class ItemRating(models.Model):
    """One reviewer's independent score for one item. Hidden from the others until they submit."""

    review = models.ForeignKey(FidelityReview, on_delete=models.PROTECT, related_name="ratings")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    item_number = models.PositiveSmallIntegerField()
    score = models.PositiveSmallIntegerField(_("score"))
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    sources = models.CharField(_("sources used"), max_length=500, blank=True)
    from_evidence = models.BooleanField(default=False)

    class Meta:
        ordering = ["item_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "reviewer", "item_number"], name="rating_once_per_item"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_number}: {self.score}"


class RatingSubmission(models.Model):
    """A reviewer has submitted all their ratings: from then on they see the others'."""

    review = models.ForeignKey(FidelityReview, on_delete=models.PROTECT, related_name="submissions")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "reviewer"], name="submit_once")]

    def __str__(self) -> str:
        return f"{self.review_id} {self.reviewer_id}"


class ConsensusRating(models.Model):
    review = models.ForeignKey(FidelityReview, on_delete=models.PROTECT, related_name="consensus")
    item_number = models.PositiveSmallIntegerField()
    score = models.PositiveSmallIntegerField(_("agreed score"))
    rationale = models.TextField(_("rationale"), max_length=4000, blank=True)
    strengths = models.TextField(_("strengths"), max_length=4000, blank=True)
    recommendations = models.TextField(_("recommendations"), max_length=4000, blank=True)

    class Meta:
        ordering = ["item_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "item_number"], name="consensus_once_per_item"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="consensus_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_number}: {self.score}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class ImprovementAction(models.Model):
    """A recommendation the unit works on, visible at the next review."""

    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="improvement_actions"
    )
    review = models.ForeignKey(FidelityReview, on_delete=models.PROTECT, related_name="actions")
    item_number = models.PositiveSmallIntegerField()
    description = models.TextField(_("action"), max_length=2000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )

    class Meta:
        ordering = ["status", "due_on", "id"]

    def __str__(self) -> str:
        return self.description[:60]
