"""Casework: the contacts of an enrolment, its goals and its plan."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

ACTIVE_CONTACT_DAYS = 30


class ContactMode(models.TextChoices):
    FACE_TO_FACE = "face_to_face", _("Face to face")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")
    MESSAGE = "message", _("Message")


class ContactPlace(models.TextChoices):
    OFFICE = "office", _("Office")
    COMMUNITY = "community", _("In the community")
    WORKPLACE = "workplace", _("Workplace")
    HOME = "home", _("Home")
    DIGITAL = "digital", _("Digital")


class ContactOutcome(models.TextChoices):
    HELD = "held", _("Held")
    MISSED = "missed", _("Missed: the participant did not come")
    OUTREACH = "outreach", _("Attempt to reach the participant")


# Who took part, one column each so that deadline rules can filter on them in SQL.
PARTY_FIELDS = {
    "participant": "with_participant",
    "treatment_team": "with_treatment_team",
    "employer": "with_employer",
    "fk": "with_fk",
    "af": "with_af",
    "family": "with_family",
    "other": "with_other",
}


class Contact(models.Model):
    """One service event of an enrolment: a meeting, call or message, with who took part."""

    enrolment = models.ForeignKey(
        "pathways.Enrolment", on_delete=models.PROTECT, related_name="contacts"
    )
    occurred_at = models.DateTimeField(_("date and time"))
    # The local calendar day of occurred_at, kept for date arithmetic in deadline queries.
    occurred_on = models.DateField()
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=0)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=ContactOutcome.choices, default=ContactOutcome.HELD
    )
    mode = models.CharField(_("mode"), max_length=16, choices=ContactMode.choices)
    place = models.CharField(_("place"), max_length=16, choices=ContactPlace.choices)
    with_participant = models.BooleanField(_("the participant"), default=True)
    with_treatment_team = models.BooleanField(_("treatment team"), default=False)
    with_employer = models.BooleanField(_("employer"), default=False)
    with_fk = models.BooleanField(_("Försäkringskassan"), default=False)
    with_af = models.BooleanField(_("Arbetsförmedlingen"), default=False)
    with_family = models.BooleanField(_("family or network"), default=False)
    with_other = models.BooleanField(_("others"), default=False)
    note = models.TextField(_("note"), max_length=4000, blank=True)
    # Follow-along support after a job start is a contact linked to that job.
    job = models.ForeignKey(
        "employment.Job",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_contacts",
        verbose_name=_("job"),
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contacts"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [models.Index(fields=["enrolment", "occurred_on"], name="contact_enrolment_day")]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} {self.occurred_on}"

    @property
    def parties(self) -> list[str]:
        return [party for party, field in PARTY_FIELDS.items() if getattr(self, field)]


class PlanItemStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class PlanRevision(models.Model):
    """One version of an enrolment's goals and plan. Earlier versions are kept as they were."""

    enrolment = models.ForeignKey(
        "pathways.Enrolment", on_delete=models.PROTECT, related_name="plan_revisions"
    )
    number = models.PositiveIntegerField()
    long_term_goal = models.TextField(_("long-term goal"), max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    signed_by_participant_on = models.DateField(
        _("signed by the participant on"), null=True, blank=True
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "number"], name="plan_revision_number")
        ]

    def __str__(self) -> str:
        return f"#{self.number}"


class SubGoal(models.Model):
    revision = models.ForeignKey(PlanRevision, on_delete=models.PROTECT, related_name="sub_goals")
    text = models.CharField(_("sub-goal"), max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class PlanItem(models.Model):
    revision = models.ForeignKey(PlanRevision, on_delete=models.PROTECT, related_name="items")
    activity = models.CharField(_("activity"), max_length=300)
    purpose = models.CharField(_("purpose"), max_length=500, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=PlanItemStatus.choices, default=PlanItemStatus.PLANNED
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.activity


class AttendeeParty(models.TextChoices):
    """Who took part in a meeting, by agency or role; each counts as one of the contact's
    parties (``CONTACT_PARTY``) for the deadline rules."""

    PARTICIPANT = "participant", _("The participant")
    FK = "fk", _("Försäkringskassan")
    AF = "af", _("Arbetsförmedlingen")
    PHYSICIAN = "physician", _("Treating physician or other health care")
    EMPLOYER = "employer", _("Employer")
    SOCIAL_SERVICES = "social_services", _("Social services")
    FAMILY = "family", _("Family or network")
    OTHER = "other", _("Other")


CONTACT_PARTY = {
    AttendeeParty.PARTICIPANT: "participant",
    AttendeeParty.FK: "fk",
    AttendeeParty.AF: "af",
    AttendeeParty.PHYSICIAN: "treatment_team",
    AttendeeParty.EMPLOYER: "employer",
    AttendeeParty.SOCIAL_SERVICES: "other",
    AttendeeParty.FAMILY: "family",
    AttendeeParty.OTHER: "other",
}


# The attendee a model's usual party of a meeting stands for (to fill in the form).
ATTENDEE_FOR_PARTY = {
    "participant": AttendeeParty.PARTICIPANT,
    "fk": AttendeeParty.FK,
    "af": AttendeeParty.AF,
    "treatment_team": AttendeeParty.PHYSICIAN,
    "employer": AttendeeParty.EMPLOYER,
    "family": AttendeeParty.FAMILY,
    "other": AttendeeParty.OTHER,
}
assert set(ATTENDEE_FOR_PARTY) == set(PARTY_FIELDS)


class Capacity(models.TextChoices):
    """The joint assessment of programme capacity when the Work-Life Introduction ends."""

    YES = "yes", _("Has programme capacity: continues")
    NO = "no", _("No programme capacity: the case ends")


class Meeting(models.Model):
    """A meeting of a kind the programme model names (three-party, mapping, joint follow-up,
    reconciliation with the physician, joint assessment, exit): a contact with who took part by
    agency and role, what was agreed, the next booking and each caseworker's reflection."""

    contact = models.OneToOneField(Contact, on_delete=models.PROTECT, related_name="meeting")
    meeting_type = models.CharField(_("kind of meeting"), max_length=64)
    agreed = models.TextField(_("agreed next steps"), max_length=4000, blank=True)
    next_meeting_at = models.DateTimeField(_("next meeting booked for"), null=True, blank=True)
    capacity = models.CharField(
        _("programme capacity"), max_length=8, choices=Capacity.choices, blank=True
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.meeting_type} {self.contact.occurred_on}"


class MeetingAttendee(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendees")
    party = models.CharField(_("agency or role"), max_length=16, choices=AttendeeParty.choices)
    role = models.CharField(_("role"), max_length=200, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_party_display()} {self.name}".strip()


class MeetingReflection(models.Model):
    """A caseworker's reflection after a meeting, for joint learning; one each."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="reflections")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("reflection"), max_length=4000)
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["written_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "staff"], name="one_reflection_each")
        ]

    def __str__(self) -> str:
        return f"{self.staff} {self.written_at:%Y-%m-%d}"
