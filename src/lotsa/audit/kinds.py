"""The kinds of event a log reviewer asks about: every event belongs to exactly one."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lotsa.audit.models import AuditEvent as E


class EventKind(models.TextChoices):
    READ = "read", _("Reads: records opened, listed or shown")
    CHANGE = "change", _("Changes to records")
    SENT = "sent", _("Sent to another organisation")
    EXPORT = "export", _("Exports and extracts")
    SIGN_IN = "sign_in", _("Sign-ins and passwords")
    REFUSAL = "refusal", _("Refused attempts")
    ADMINISTRATION = "administration", _("Administration")


EVENTS_OF_KIND: dict[EventKind, tuple[E, ...]] = {
    EventKind.READ: (
        E.PARTICIPANT_VIEWED,
        E.PARTICIPANTS_LISTED,
        E.PARTICIPANT_LINKED,
        E.ENROLMENT_VIEWED,
        E.CASELOAD_VIEWED,
        E.COHORT_VIEWED,
        E.EMPLOYER_VIEWED,
        E.JOB_DEVELOPMENT_VIEWED,
        E.FIDELITY_VIEWED,
        E.OUTCOMES_VIEWED,
        E.OUTCOME_RECORDS_VIEWED,
        E.REFERRAL_VIEWED,
        E.REFERRALS_LISTED,
        E.MEETING_VIEWED,
        E.ACTIVITY_REPORT_VIEWED,
        E.DOCUMENT_VIEWED,
        E.AUDIT_REVIEWED,
        E.OWN_RECORD_VIEWED,
        E.OWN_ACCESS_LOG_VIEWED,
        E.MESSAGE_READ,
        E.SURVEY_KEY_VIEWED,
        E.SURVEY_RESULTS_VIEWED,
        E.GENDER_STATISTICS_VIEWED,
    ),
    EventKind.CHANGE: (
        E.SURVEY_ID_ISSUED,
        E.SURVEY_RESPONSE_RECORDED,
        E.SURVEY_ROUND_SAVED,
        E.SURVEY_LINKS_CREATED,
        E.FOCUS_GROUP_SAVED,
        E.FINDING_SAVED,
        E.FINDING_REVIEWED,
        E.BUSINESS_PLAN_SAVED,
        E.ACTIVITY_OFFER_RECORDED,
        E.GENDER_REVIEW_SAVED,
        E.PARTICIPANT_CREATED,
        E.PARTICIPANT_UPDATED,
        E.CONSENT_CREATED,
        E.CONSENT_WITHDRAWN,
        E.ENROLMENT_CREATED,
        E.ENROLMENT_UPDATED,
        E.MILESTONE_RECORDED,
        E.CONTACT_CREATED,
        E.PLAN_REVISED,
        E.PLAN_SIGNED,
        E.COHORT_SAVED,
        E.COHORT_MEMBER_ADDED,
        E.COHORT_MEMBER_LEFT,
        E.SESSION_SCHEDULED,
        E.ATTENDANCE_RECORDED,
        E.EMPLOYER_SAVED,
        E.EMPLOYER_CONTACT_CREATED,
        E.JOB_SAVED,
        E.PROFILE_SAVED,
        E.COUNSELLING_SAVED,
        E.FIDELITY_REVIEW_SAVED,
        E.FIDELITY_RATED,
        E.FIDELITY_SUBMITTED,
        E.FIDELITY_AGREED,
        E.FIDELITY_FINALISED,
        E.FIDELITY_ACTION_SAVED,
        E.FOLLOW_UP_RECORDED,
        E.REFERRAL_ACCEPTED,
        E.REFERRAL_DECLINED,
        E.REFERRAL_WITHDRAWN,
        E.EXIT_HANDOVER_RECORDED,
        E.BENEFIT_FACTS_SAVED,
        E.MEETING_RECORDED,
        E.REFLECTION_WRITTEN,
        E.TIME_REPORT_SAVED,
        E.TIME_REPORT_SIGNED,
        E.STAFF_TIME_REPORT_SAVED,
        E.STAFF_TIME_REPORT_COSIGNED,
        E.DOCUMENT_SAVED,
        E.DOCUMENT_APPROVED,
        E.DOCUMENT_SIGNED,
        E.CASE_CONTENT_ERASED,
        E.REFERRAL_TEXT_ERASED,
        E.PARTICIPANT_PSEUDONYMISED,
        E.PARTICIPANT_SIGNED,
        E.MESSAGE_SENT,
    ),
    EventKind.SENT: (E.REFERRAL_SENT, E.ACTIVITY_REPORT_SENT, E.DOCUMENT_SENT),
    EventKind.EXPORT: (
        E.SURVEY_RESULTS_EXPORTED,
        E.GENDER_STATISTICS_EXPORTED,
        E.PARTICIPANT_EXTRACTED,
        E.OUTCOMES_EXPORTED,
        E.OUTCOMES_STUDY_EXPORTED,
        E.ACTIVITY_REPORT_EXPORTED,
        E.DATABASE_BACKED_UP,
        E.AUDIT_EXPORTED,
    ),
    EventKind.SIGN_IN: (
        E.LOGIN_SUCCEEDED,
        E.LOGIN_FAILED,
        E.LOGIN_LOCKED,
        E.LOGIN_REFUSED,
        E.PASSWORD_CHANGED,
        E.SECOND_FACTOR_ADDED,
        E.SECOND_FACTOR_REMOVED,
        E.RECOVERY_CODES_GENERATED,
        E.INVITATION_REDEEMED,
    ),
    EventKind.REFUSAL: (
        E.SURVEY_LINK_REFUSED,
        E.ACCESS_DENIED,
        E.PARTICIPANT_DUPLICATE_REFUSED,
        E.LOGIN_PROVIDER_REFUSED,
        E.LOGIN_PASSWORD_NOT_ALLOWED,
        E.INVITATION_REFUSED,
    ),
    EventKind.ADMINISTRATION: (
        E.UNIT_PROGRAMME_SAVED,
        E.ORGANISATION_CREATED,
        E.ORGANISATION_UPDATED,
        E.UNIT_CREATED,
        E.UNIT_UPDATED,
        E.USER_CREATED,
        E.USER_UPDATED,
        E.MEMBERSHIP_CREATED,
        E.MEMBERSHIP_UPDATED,
        E.API_TOKEN_CREATED,
        E.API_TOKEN_REVOKED,
        E.RETENTION_RULE_SAVED,
        E.RETENTION_RUN,
        E.DATABASE_RESTORED,
        E.IDENTITY_PROVIDER_SAVED,
        E.SIGN_IN_IDENTITY_SAVED,
        E.PARTICIPANT_ACCOUNT_CREATED,
        E.INVITATION_CREATED,
    ),
}

KIND_OF_EVENT: dict[str, EventKind] = {
    event.value: kind for kind, events in EVENTS_OF_KIND.items() for event in events
}


def event_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every event by its label, grouped under its kind, for a select with option groups."""
    return [
        (str(kind.label), sorted(((e.value, str(e.label)) for e in events), key=lambda c: c[1]))
        for kind, events in EVENTS_OF_KIND.items()
    ]
