"""Surveys: pseudonymous survey IDs and the key apart from them, responses and their answers,
rounds of surveys answered without an ID (one-time links, staff and steering-group surveys).

Answers are stored against a survey ID or a round only. Which person holds an ID is in
``SurveyKey``, a table of its own that only the coordinator reads (``access.get_survey_key_for``),
so results, exports and the API are computed without ever touching it for a person.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lotsa.people.identity import Sex

# Without 0/O and 1/I/L, so an ID copied from paper is read back right.
SURVEY_ID_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
SURVEY_ID_LENGTH = 8


def new_survey_code() -> str:
    return "".join(secrets.choice(SURVEY_ID_ALPHABET) for _ in range(SURVEY_ID_LENGTH))


class SurveyId(models.Model):
    """A pseudonym under which one participant's answers to one programme's surveys are kept.

    It carries the background facts results are broken down by (unit, programme, sex) and
    nothing that points at the person."""

    code = models.CharField(_("survey ID"), max_length=SURVEY_ID_LENGTH, unique=True)
    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="survey_ids",
        verbose_name=_("unit"),
    )
    programme = models.CharField(_("programme model"), max_length=40)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    issued_on = models.DateField(_("issued on"))

    class Meta:
        verbose_name = _("survey ID")
        verbose_name_plural = _("survey IDs")

    def __str__(self) -> str:
        return self.code


class SurveyKey(models.Model):
    """Which participant holds a survey ID: kept apart from the answers and read only by the
    coordinator, every read audited."""

    survey_id = models.OneToOneField(SurveyId, on_delete=models.PROTECT, related_name="key")
    participant = models.ForeignKey(
        "people.Participant", on_delete=models.PROTECT, related_name="survey_keys"
    )
    programme = models.CharField(max_length=40)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survey ID key")
        verbose_name_plural = _("survey ID keys")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "programme"], name="one_survey_id_per_programme"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.participant_id}"


class SurveyRound(models.Model):
    """One sending of a survey that is not answered under a survey ID: a user survey through
    one-time links, or a staff or steering-group survey answered by staff in Lotsa."""

    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="survey_rounds",
        verbose_name=_("unit"),
    )
    instrument = models.CharField(_("survey"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=120)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    # How many were asked: the denominator of the response rate.
    invited = models.PositiveIntegerField(_("number asked"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="round_closes_after_opening"
            )
        ]

    def __str__(self) -> str:
        return self.title


class RoundParticipation(models.Model):
    """That a staff member has answered a round, kept apart from the response so that nobody can
    tell which answers are theirs; it stops a second answer."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="one_answer_per_staff_member")
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.user_id}"


def hash_link_token(token: str) -> str:
    """What is kept of a one-time link's token: its SHA-256, so the table cannot answer a
    survey."""
    return hashlib.sha256(token.encode()).hexdigest()


class SurveyLink(models.Model):
    """A one-time link to a user survey: no account, no identity, one answer. Only the hash of
    the token is kept; the token itself is shown once, when the links are made."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    used_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("one-time survey link")
        verbose_name_plural = _("one-time survey links")

    def __str__(self) -> str:
        return f"{self.round_id}: {self.token_hash[:8]}"


class Channel(models.TextChoices):
    OWN_SPACE = "own_space", _("Answered by the participant in Lotsa")
    PAPER = "paper", _("Answered on paper, entered by staff")
    LINK = "link", _("Answered through a one-time link")
    STAFF = "staff", _("Answered by staff in Lotsa")


class Response(models.Model):
    """One filled-in survey: under a survey ID at a wave, or in a round. Only the day is kept, not
    the time, so a response cannot be matched to a sign-in by its moment."""

    instrument = models.CharField(_("survey"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"))
    wave = models.CharField(_("wave"), max_length=20, blank=True)
    survey_id = models.ForeignKey(
        SurveyId, on_delete=models.PROTECT, null=True, blank=True, related_name="responses"
    )
    round = models.ForeignKey(
        SurveyRound, on_delete=models.PROTECT, null=True, blank=True, related_name="responses"
    )
    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    channel = models.CharField(_("answered"), max_length=12, choices=Channel.choices)
    # Paper answers name the staff member who typed them in (the answers are still the
    # participant's); nobody else is named on a response.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_on = models.DateField(_("answered on"))
    # A staff survey's respondent group (the respondent's organisation kind, e.g. FK or AF),
    # for the breakdown the seeds report; never finer than the group.
    respondent_group = models.CharField(_("respondent group"), max_length=40, blank=True)
    screened_out = models.BooleanField(_("knew too little to answer"), default=False)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.CheckConstraint(
                condition=Q(survey_id__isnull=False, round__isnull=True)
                | Q(survey_id__isnull=True, round__isnull=False),
                name="response_under_an_id_or_in_a_round",
            ),
            models.CheckConstraint(
                condition=Q(channel="paper", entered_by__isnull=False)
                | (~Q(channel="paper") & Q(entered_by__isnull=True)),
                name="paper_responses_name_who_entered_them",
            ),
            models.UniqueConstraint(
                fields=["survey_id", "instrument", "wave"],
                condition=Q(survey_id__isnull=False),
                name="one_response_per_id_and_wave",
            ),
        ]
        indexes = [models.Index(fields=["instrument", "version", "wave"])]

    def __str__(self) -> str:
        return f"{self.instrument} v{self.version} {self.wave}".strip()


class Answer(models.Model):
    """The answer to one item: a scale value, the chosen choices, or text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.CharField(max_length=40)
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    choices = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="one_answer_per_item")
        ]
        # The results list the written answers to free-text items: few among all the answers,
        # which would otherwise be read in full to find them.
        indexes = [
            models.Index(fields=["item", "response"], condition=~Q(text=""), name="answer_written")
        ]

    def __str__(self) -> str:
        return self.item


# ------------------------------------------------------------------ findings triage


class FocusGroup(models.Model):
    """A focus group held with users of a unit: when, how long, who was (and was not) asked and
    what it was about. Nothing in it names a participant."""

    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="focus_groups",
        verbose_name=_("unit"),
    )
    held_on = models.DateField(_("held on"))
    sessions = models.PositiveSmallIntegerField(_("number of sessions"), default=1)
    hours = models.DecimalField(_("hours in all"), max_digits=5, decimal_places=1)
    moderator = models.CharField(_("moderator"), max_length=120)
    participant_groups = models.TextField(
        _("groups taking part"),
        max_length=1000,
        blank=True,
        help_text=_("Which groups of users took part and which were left out, never names."),
    )
    themes = models.TextField(_("themes"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("focus group")
        verbose_name_plural = _("focus groups")
        constraints = [
            models.CheckConstraint(condition=Q(sessions__gte=1), name="focus_group_has_a_session"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="focus_group_takes_time"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on}: {self.moderator}"


class FindingCategory(models.TextChoices):
    CAN_DO_NOW = "can_do_now", _("Can be done now")
    CANNOT_DO_NOW = "cannot_do_now", _("Cannot be done now")
    CAN_BE_EASED = "can_be_eased", _("Can be eased")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class Finding(models.Model):
    """Something a unit learnt from a survey round, a focus group or a survey's results, sorted
    into what can be done now, what cannot and what can be eased, with an action, an owner and a
    date to follow it up at the workplace meeting. It describes the service, not people."""

    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="survey_findings",
        verbose_name=_("unit"),
    )
    round = models.ForeignKey(
        SurveyRound,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("survey round"),
    )
    focus_group = models.ForeignKey(
        FocusGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("focus group"),
    )
    source_note = models.CharField(_("other source"), max_length=200, blank=True)
    text = models.TextField(_("finding"), max_length=2000)
    category = models.CharField(_("category"), max_length=16, choices=FindingCategory.choices)
    action = models.TextField(_("action"), max_length=2000, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    follow_up_on = models.DateField(_("follow up on"))
    status = models.CharField(
        _("status"), max_length=8, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["follow_up_on", "id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return self.text[:60]


class FindingReview(models.Model):
    """A finding taken up at a workplace meeting: what was said and whether it is done."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("workplace meeting on"))
    note = models.TextField(_("note"), max_length=2000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = _("review of a finding")
        verbose_name_plural = _("reviews of findings")

    def __str__(self) -> str:
        return f"{self.finding_id}: {self.reviewed_on}"
