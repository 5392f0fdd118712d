"""The audit trail: an append-only, hash-chained record of access to and changes of personal data."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.TextChoices):
    """Event types. The codes are stable: they are stored and hashed, so never rename one."""

    PARTICIPANT_CREATED = "participant.create", _("Participant registered")
    PARTICIPANT_UPDATED = "participant.update", _("Participant changed")
    PARTICIPANT_VIEWED = "participant.view", _("Participant record opened")
    PARTICIPANTS_LISTED = "participant.list", _("Participants listed or searched")
    PARTICIPANT_EXTRACTED = "participant.extract", _("Register extract produced")
    PARTICIPANT_LINKED = "participant.link", _("Referred person found registered")
    PARTICIPANT_DUPLICATE_REFUSED = (
        "participant.duplicate",
        _("Registration refused: the person is registered already"),
    )
    CONSENT_CREATED = "consent.create", _("Consent recorded")
    CONSENT_WITHDRAWN = "consent.withdraw", _("Consent withdrawn")
    ENROLMENT_CREATED = "enrolment.create", _("Enrolment created")
    ENROLMENT_UPDATED = "enrolment.update", _("Enrolment changed")
    ENROLMENT_VIEWED = "enrolment.view", _("Case page opened")
    CASELOAD_VIEWED = "caseload.view", _("Caseload or unit board shown")
    MILESTONE_RECORDED = "milestone.record", _("Milestone recorded")
    CONTACT_CREATED = "contact.create", _("Contact recorded")
    PLAN_REVISED = "plan.revise", _("Goals and plan revised")
    PLAN_SIGNED = "plan.sign", _("Plan signed by the participant")
    COHORT_SAVED = "cohort.save", _("Cohort created or changed")
    COHORT_MEMBER_ADDED = "cohort.member", _("Participant added to a cohort")
    COHORT_MEMBER_LEFT = "cohort.member_left", _("Participant left a cohort")
    COHORT_VIEWED = "cohort.view", _("Cohort page opened")
    SESSION_SCHEDULED = "session.schedule", _("Session scheduled")
    ATTENDANCE_RECORDED = "attendance.record", _("Attendance recorded")
    EMPLOYER_SAVED = "employer.save", _("Employer registered or changed")
    EMPLOYER_VIEWED = "employer.view", _("Employer page opened")
    EMPLOYER_CONTACT_CREATED = "employer_contact.create", _("Employer contact recorded")
    JOB_DEVELOPMENT_VIEWED = "job_development.view", _("Job-development week sheet shown")
    JOB_SAVED = "job.save", _("Job recorded or changed")
    PROFILE_SAVED = "profile.save", _("Vocational profile saved")
    COUNSELLING_SAVED = "counselling.save", _("Benefits counselling recorded")
    FIDELITY_REVIEW_SAVED = "fidelity.plan", _("Fidelity review planned")
    FIDELITY_RATED = "fidelity.rate", _("Fidelity item rated")
    FIDELITY_SUBMITTED = "fidelity.submit", _("Fidelity ratings submitted")
    FIDELITY_AGREED = "fidelity.agree", _("Fidelity consensus recorded")
    FIDELITY_FINALISED = "fidelity.finalise", _("Fidelity review finalised")
    FIDELITY_ACTION_SAVED = "fidelity.action", _("Improvement action changed")
    FIDELITY_VIEWED = "fidelity.view", _("Fidelity review opened")
    FOLLOW_UP_RECORDED = "follow_up.record", _("Follow-up status recorded")
    OUTCOMES_VIEWED = "outcomes.view", _("Outcome report shown")
    OUTCOMES_EXPORTED = "outcomes.export", _("Outcome report exported")
    OUTCOME_RECORDS_VIEWED = "outcomes.records", _("Records behind an outcome figure listed")
    OUTCOMES_STUDY_EXPORTED = (
        "outcomes.study_export",
        _("Enrolments exported for a linking study"),
    )
    UNIT_PROGRAMME_SAVED = "unit_programme.save", _("Programme model of a unit changed")
    ORGANISATION_CREATED = "organisation.create", _("Organisation created")
    ORGANISATION_UPDATED = "organisation.update", _("Organisation changed")
    UNIT_CREATED = "unit.create", _("Unit created")
    UNIT_UPDATED = "unit.update", _("Unit changed")
    USER_CREATED = "user.create", _("Staff account created")
    USER_UPDATED = "user.update", _("Staff account changed")
    MEMBERSHIP_CREATED = "membership.create", _("Membership added")
    MEMBERSHIP_UPDATED = "membership.update", _("Membership changed")
    API_TOKEN_CREATED = "api_token.create", _("API token created")
    API_TOKEN_REVOKED = "api_token.revoke", _("API token revoked")
    ACCESS_DENIED = "access.denied", _("Access refused")
    LOGIN_SUCCEEDED = "login.success", _("Signed in")
    LOGIN_FAILED = "login.failure", _("Sign-in failed")
    LOGIN_LOCKED = "login.lock", _("Sign-in locked or slowed down after repeated failures")
    LOGIN_REFUSED = "login.refused", _("Sign-in refused while locked or slowed down")
    PASSWORD_CHANGED = "password.change", _("Password changed")
    LOGIN_PROVIDER_REFUSED = (
        "login.provider_refused",
        _("Sign-in through an identity provider refused"),
    )
    LOGIN_PASSWORD_NOT_ALLOWED = (
        "login.password_refused",
        _("Password sign-in refused: the role signs in through an identity provider"),
    )
    SECOND_FACTOR_ADDED = "second_factor.add", _("Second factor added")
    SECOND_FACTOR_REMOVED = "second_factor.remove", _("Second factor removed")
    RECOVERY_CODES_GENERATED = "second_factor.recovery", _("Recovery codes made")
    IDENTITY_PROVIDER_SAVED = "identity_provider.save", _("Identity provider configured")
    SIGN_IN_IDENTITY_SAVED = "sign_in_identity.save", _("Staff member's sign-in identity changed")
    PARTICIPANT_ACCOUNT_CREATED = (
        "participant_account.create",
        _("Participant's own sign-in created"),
    )
    INVITATION_CREATED = "invitation.create", _("Sign-in invitation made for a participant")
    INVITATION_REDEEMED = "invitation.redeem", _("Sign-in invitation used")
    INVITATION_REFUSED = "invitation.refused", _("Sign-in invitation code refused")
    OWN_RECORD_VIEWED = "own_record.view", _("Participant opened their own space")
    OWN_ACCESS_LOG_VIEWED = "own_record.access_log", _("Participant read who opened their record")
    PARTICIPANT_SIGNED = "signature.create", _("Signed by the participant in their own space")
    MESSAGE_SENT = "message.send", _("Message from a participant sent")
    MESSAGE_READ = "message.read", _("Message from a participant read")
    AUDIT_REVIEWED = "audit.review", _("Audit trail reviewed")
    AUDIT_EXPORTED = "audit.export", _("Audit trail review exported")
    REFERRAL_SENT = "referral.send", _("Referral sent")
    REFERRAL_VIEWED = "referral.view", _("Referral opened")
    REFERRALS_LISTED = "referral.list", _("Referrals listed")
    REFERRAL_ACCEPTED = "referral.accept", _("Referral accepted")
    REFERRAL_DECLINED = "referral.decline", _("Referral declined")
    REFERRAL_WITHDRAWN = "referral.withdraw", _("Referral withdrawn")
    EXIT_HANDOVER_RECORDED = "handover.record", _("Handover at the end recorded")
    BENEFIT_FACTS_SAVED = "benefit.save", _("Benefit facts recorded")
    MEETING_RECORDED = "meeting.record", _("Meeting recorded")
    MEETING_VIEWED = "meeting.view", _("Meeting opened")
    REFLECTION_WRITTEN = "meeting.reflect", _("Reflection on a meeting written")
    TIME_REPORT_SAVED = "time_report.save", _("Time report saved")
    TIME_REPORT_SIGNED = "time_report.sign", _("Time report signed by the participant")
    STAFF_TIME_REPORT_SAVED = "staff_time_report.save", _("Caseworker's time report signed")
    STAFF_TIME_REPORT_COSIGNED = "staff_time_report.cosign", _("Caseworker's time report co-signed")
    ACTIVITY_REPORT_VIEWED = "activity_report.view", _("Report of participant activities shown")
    ACTIVITY_REPORT_EXPORTED = (
        "activity_report.export",
        _("Report of participant activities exported"),
    )
    ACTIVITY_REPORT_SENT = "activity_report.send", _("Report of participant activities sent")
    DOCUMENT_SAVED = "document.save", _("Final documentation written")
    DOCUMENT_VIEWED = "document.view", _("Final documentation opened")
    DOCUMENT_APPROVED = "document.approve", _("Final documentation approved")
    DOCUMENT_SIGNED = "document.sign", _("Final documentation signed by the participant")
    DOCUMENT_SENT = "document.send", _("Final documentation sent")
    RETENTION_RULE_SAVED = "retention.rule", _("Retention rule saved")
    RETENTION_RUN = "retention.run", _("Retention run (what had passed its time)")
    CASE_CONTENT_ERASED = "enrolment.erase", _("Case content erased after its retention period")
    REFERRAL_TEXT_ERASED = "referral.erase", _("Referral texts erased after their retention period")
    PARTICIPANT_PSEUDONYMISED = (
        "participant.pseudonymise",
        _("Identifying data erased after the retention period"),
    )
    DATABASE_BACKED_UP = "database.backup", _("Backup of the database made")
    DATABASE_RESTORED = "database.restore", _("Database restored from a backup")
    SURVEY_ID_ISSUED = "survey_id.issue", _("Survey ID issued to a participant")
    SURVEY_KEY_VIEWED = "survey_key.view", _("Key between survey IDs and participants read")
    SURVEY_RESPONSE_RECORDED = "survey_response.record", _("Survey answers recorded")
    SURVEY_ROUND_SAVED = "survey_round.save", _("Survey round saved")
    SURVEY_LINKS_CREATED = "survey_link.create", _("One-time survey links made")
    SURVEY_LINK_REFUSED = "survey_link.refused", _("One-time survey link refused")
    SURVEY_RESULTS_VIEWED = "survey_results.view", _("Survey results shown")
    SURVEY_RESULTS_EXPORTED = "survey_results.export", _("Survey results exported")
    FOCUS_GROUP_SAVED = "focus_group.save", _("Focus group recorded")
    FINDING_SAVED = "finding.save", _("Finding from a survey or focus group saved")
    FINDING_REVIEWED = "finding.review", _("Finding reviewed at a workplace meeting")
    # wt-motivation: motivational interviewing and the report back to the commissioner
    TARGET_BEHAVIOUR_SAVED = "behaviour.save", _("Target behaviour saved")
    MOTIVATION_ASSESSED = "motivation.assess", _("Motivation stage of a behaviour recorded")
    ACTION_PLAN_MADE = "behaviour_plan.make", _("Action plan for a behaviour made")
    MOTIVATION_VIEWED = "motivation.view", _("Motivational interviewing of a case opened")
    REPORT_BACK_SAVED = "report_back.save", _("Report back to the commissioner saved")
    REPORT_BACK_REVIEWED = "report_back.review", _("Report back to the commissioner reviewed")
    REPORT_BACK_SENT = "report_back.send", _("Report back sent to the commissioner")
    REPORT_BACK_VIEWED = "report_back.view", _("Report back to the commissioner opened")
    # -- wt-records: the work-training unit's referral, work units, tasks and work analyses
    WORK_REFERRAL_SAVED = "work_referral.save", _("Commissioner's referral to work training saved")
    WORK_REFERRAL_VIEWED = (
        "work_referral.view",
        _("Commissioner's referral to work training opened"),
    )
    WORK_UNIT_SAVED = "work_unit.save", _("Work unit saved")
    WORK_TASK_SAVED = "work_task.save", _("Work task saved")
    WORK_ANALYSIS_RECORDED = "work_analysis.record", _("Work analysis recorded")
    WORK_ANALYSIS_VIEWED = "work_analysis.view", _("Work analyses opened")
    ANALYSIS_SUMMARY_WRITTEN = "analysis_summary.write", _("Summary of work analyses written")
    # -- jom-course: a JOM course, its provider contract and reports, target group, admission
    COURSE_SAVED = "course.save", _("Course created or changed")
    TIMETABLE_GENERATED = "timetable.generate", _("Course timetable generated")
    SESSION_PLAN_SAVED = "session_plan.save", _("Course session changed")
    PROVIDER_CONTRACT_SAVED = "provider_contract.save", _("Provider contract saved")
    PROVIDER_REPORT_SENT = "provider_report.send", _("Provider's weekly report sent")
    TARGET_GROUP_SAVED = "target_group.save", _("Target group saved")
    ADMISSION_ASSESSED = "admission.assess", _("Admission interview assessed")
    ADMISSION_DECIDED = "admission.decide", _("Admission decided")
    # -- jom-internship: the agreement guide, the internship and aftercare
    AGREEMENT_SAVED = "internship_agreement.save", _("Internship agreement guide saved")
    AGREEMENT_SIGNED = "internship_agreement.sign", _("Internship agreement signature recorded")
    AGREEMENT_VIEWED = "internship_agreement.view", _("Internship agreement guide opened")
    AGREEMENT_SHOWN_TO_COMPANY = (
        "internship_agreement.company_view",
        _("What the company may know shown or sent to the company"),
    )
    READINESS_DECIDED = "readiness.decide", _("Readiness for the internship decided")
    INTERNSHIP_SAVED = "internship.save", _("Internship saved")
    INTERNSHIP_FOLLOW_UP_RECORDED = "internship.follow_up", _("Internship follow-up recorded")
    INTERNSHIP_ATTENDANCE_RECORDED = "internship.attendance", _("Internship day recorded")
    MENTOR_SUPPORT_SAVED = "mentor.save", _("Mentor support saved")
    TRANSPORT_SUPPORT_SAVED = "transport.save", _("Transport support saved")
    AFTERCARE_LEVEL_SET = "aftercare.level", _("Aftercare level chosen or changed")
    AFTERCARE_MEETING_RECORDED = "aftercare.meeting", _("Aftercare group meeting recorded")
    EDUCATION_STATUS_RECORDED = "education_status.record", _("Education status recorded")
    # wt-daily: a work unit's daily work (schedules, incidents, the compensation basis)
    SCHEDULE_SAVED = "schedule.save", _("Weekly schedule changed")
    SCHEDULE_PUBLISHED = "schedule.publish", _("Weekly schedule published to the participants")
    INCIDENT_RECORDED = "incident.record", _("Incident at a work unit recorded")
    INCIDENT_VIEWED = "incident.view", _("Incident opened")
    COMPENSATION_VIEWED = "compensation.view", _("Compensation basis shown")
    COMPENSATION_EXPORTED = "compensation.export", _("Compensation basis exported for payroll")
    # -- wt-planning: business plans, activity offers and gender statistics of work-training units
    BUSINESS_PLAN_SAVED = "business_plan.save", _("Business plan of a work unit saved")
    ACTIVITY_OFFER_RECORDED = "activity_offer.record", _("Activity presented to a participant")
    GENDER_REVIEW_SAVED = "gender_review.save", _("Gender review saved")
    GENDER_STATISTICS_VIEWED = "gender_statistics.view", _("Gender statistics shown")
    GENDER_STATISTICS_EXPORTED = "gender_statistics.export", _("Gender statistics exported")
    # -- socioeconomic value: what a unit's programme costs, an organisation's parameter sets
    PROGRAMME_COST_SAVED = "programme_cost.save", _("Programme cost of a unit saved")
    PARAMETER_SET_COPIED = "parameter_set.copy", _("Parameter set copied for an organisation")
    PARAMETER_SET_ADJUSTED = "parameter_set.adjust", _("Organisation's parameter set adjusted")
    TIME_LOG_SAVED = "time_log.save", _("Coach's time log saved")
    REFLECTION_SAVED = "time_reflection.save", _("Coach's weekly self-reflection saved")
    TIME_USE_VIEWED = "time_use.view", _("Another coach's time use read")
    # -- teamwork: treatment teams, meetings and the supervision log
    TREATMENT_TEAM_SAVED = "treatment_team.save", _("Treatment team saved")
    TEAM_ATTACHMENT_SAVED = (
        "team_attachment.save",
        _("Coach's attachment to a treatment team saved"),
    )
    ENROLMENT_TEAM_SET = "enrolment_team.set", _("Participant's treatment team set")
    TEAM_MEETING_SAVED = "team_meeting.save", _("Treatment-team meeting saved")
    TEAM_DISCUSSION_RECORDED = (
        "team_discussion.record",
        _("Discussion of a participant at a treatment-team meeting recorded"),
    )
    TEAM_MEETING_VIEWED = "team_meeting.view", _("Treatment-team meeting opened")
    UNIT_MEETING_SAVED = "unit_meeting.save", _("Unit meeting saved")
    JOB_LEAD_SHARED = "job_lead.share", _("Job lead shared at a unit meeting")
    COVER_ARRANGED = "cover.arrange", _("Cover of a colleague's cases arranged")
    SUPERVISION_RECORDED = "supervision.record", _("Supervision recorded")
    # -- improvement: the improvement register, PDSA cycles, benchmarking visits, training
    IMPROVEMENT_SAVED = "improvement.save", _("Improvement in the register saved")
    PDSA_STEP_RECORDED = "improvement.pdsa", _("Step of an improvement cycle recorded")
    BENCHMARKING_VISIT_SAVED = "benchmarking.save", _("Benchmarking visit recorded")
    TRAINING_SAVED = "training.save", _("Training record saved")
    TRAINING_VIEWED = "training.view", _("Training records shown")


class AppendOnlyQuerySet(models.QuerySet["AuditEntry"]):
    """Bulk changes would bypass the hash chain, so they are refused outright."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("Audit entries cannot be changed.")

    def delete(self) -> NoReturn:
        raise PermissionError("Audit entries cannot be deleted.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("Audit entries cannot be changed.")


class AuditEntry(models.Model):
    """One event. ``entry_hash`` covers the content and the previous entry's hash."""

    sequence = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    event = models.CharField(_("event"), max_length=40, choices=AuditEvent.choices)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object"), max_length=40, blank=True)
    # Kept as a plain number (no foreign key) so that the trail outlives any record it names.
    participant_id = models.BigIntegerField(_("participant"), null=True, blank=True)
    changes = models.JSONField(_("details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-sequence"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["participant_id", "sequence"], name="audit_participant_idx"),
            models.Index(fields=["actor", "sequence"], name="audit_actor_idx"),
            models.Index(fields=["occurred_at"], name="audit_occurred_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.event}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("Audit entries cannot be deleted.")


class AuditChainHead(models.Model):
    """The last link of the chain: serialises writers and reveals entries cut off the end."""

    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    # The hash the last entry links to. The database keeps it so that one statement can move
    # the head and write the entry that links to the head's former hash.
    previous_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"#{self.last_sequence}"
