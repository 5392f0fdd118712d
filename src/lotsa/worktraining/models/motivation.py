"""Motivational interviewing per target behaviour (KNUT-PV, the motivation wheel).

Motivation is recorded for one behaviour at a time and changes over time: the stage of a
behaviour on a date, never a "motivated" mark on the person."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The booklet gives the ruler no scale; 0–10 is the usual one in MI.
RULER_MIN, RULER_MAX = 0, 10


class Stage(models.TextChoices):
    """The stages of the motivation wheel (Prochaska and DiClemente), in their order."""

    PRECONTEMPLATION = "precontemplation", _("Precontemplation")
    CONTEMPLATION = "contemplation", _("Contemplation")
    PREPARATION = "preparation", _("Preparation")
    ACTION = "action", _("Taking action")
    MAINTENANCE = "maintenance", _("Maintenance")
    RELAPSE = "relapse", _("Relapse")


class Tool(models.TextChoices):
    MOTIVATION_WHEEL = "motivation_wheel", _("Motivation wheel")
    AMBIVALENCE_CROSS = "ambivalence_cross", _("Ambivalence cross")
    RULER = "ruler", _("Ruler (importance and confidence)")
    SBK = "sbk", _("SBK (situation, behaviour, consequence)")
    OTHER = "other", _("Other")


class TargetBehaviour(models.Model):
    """A behaviour the participant and the work supervisor talk about ("attend every day"),
    and the problem behind it ("poor attendance")."""

    enrolment = models.ForeignKey(
        "pathways.Enrolment", on_delete=models.PROTECT, related_name="target_behaviours"
    )
    problem = models.CharField(_("problem"), max_length=300)
    behaviour = models.CharField(_("target behaviour"), max_length=300)
    created_on = models.DateField(_("identified on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_on", "id"]
        verbose_name = _("target behaviour")
        verbose_name_plural = _("target behaviours")

    def __str__(self) -> str:
        return self.behaviour


class MotivationAssessment(models.Model):
    """Where in the motivation wheel the participant stands on one behaviour, on a date."""

    behaviour = models.ForeignKey(
        TargetBehaviour, on_delete=models.PROTECT, related_name="assessments"
    )
    assessed_on = models.DateField(_("date"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    tool = models.CharField(_("MI tool used"), max_length=20, choices=Tool.choices, blank=True)
    importance = models.PositiveSmallIntegerField(_("importance"), null=True, blank=True)
    confidence = models.PositiveSmallIntegerField(_("confidence"), null=True, blank=True)
    sbk_situation = models.TextField(_("situation (S)"), max_length=1000, blank=True)
    sbk_behaviour = models.TextField(_("behaviour (B)"), max_length=1000, blank=True)
    sbk_consequence = models.TextField(_("consequence (K)"), max_length=1000, blank=True)
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(importance__isnull=True) | Q(importance__lte=RULER_MAX))
                & (Q(confidence__isnull=True) | Q(confidence__lte=RULER_MAX)),
                name="motivation_rulers_in_scale",
            )
        ]

    def __str__(self) -> str:
        return f"{self.behaviour_id} {self.stage} {self.assessed_on}"


class BehaviourActionPlan(models.Model):
    """The steps the participant plans for a behaviour. Made for a behaviour still in
    precontemplation only after the warning was confirmed, which the plan keeps."""

    behaviour = models.ForeignKey(
        TargetBehaviour, on_delete=models.PROTECT, related_name="action_plans"
    )
    made_on = models.DateField(_("date"))
    steps = models.TextField(_("steps"), max_length=4000)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    despite_precontemplation = models.BooleanField(
        _("made although the latest stage was precontemplation"), default=False
    )
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["made_on", "id"]

    def __str__(self) -> str:
        return f"{self.behaviour_id} {self.made_on}"
