"""Register extracts: all that an organisation holds about one person, for the person's request
for access (GDPR art. 15), as a page, a JSON file and a PDF document.

A records officer finds the person by identity number or code name, among the people enrolled
(now or before) in a unit of their organisation, and produces the extract. Each app reads its
own part (``*_for_extract`` in its ``queries``) of the enrolments in the organisation's units;
``register_extract`` puts the parts together and writes one audit entry for every extract
produced, naming its format. The keys of the extract are described in
``docs/data-protection.md``.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import TextChoices
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from lotsa import access
from lotsa.accounts.types import Actor, AuthenticatedHttpRequest
from lotsa.audit.models import AuditEvent
from lotsa.audit.queries import audit_entries_for_extract
from lotsa.audit.services import record
from lotsa.casework.models import (
    AttendeeParty,
    Capacity,
    ContactMode,
    ContactOutcome,
    ContactPlace,
    PlanItemStatus,
)
from lotsa.casework.queries import contacts_for_extract, plans_for_extract
from lotsa.cohorts.models import AttendanceStatus
from lotsa.cohorts.queries import cohorts_for_extract
from lotsa.core.downloads import PDF, download, pdf_of
from lotsa.core.extracts import Row, staff_name
from lotsa.documents.models import Prerequisites
from lotsa.documents.queries import final_documents_for_extract
from lotsa.employment.models import (
    ContactPurpose,
    CounsellingProvider,
    Disclosure,
    JobEndReason,
    JobForm,
)
from lotsa.employment.queries import employment_for_extract
from lotsa.jom.queries import course as jom_course
from lotsa.jom.queries.internship import EXTRACT_PARTS as INTERNSHIP_EXTRACT_PARTS
from lotsa.jom.queries.internship import extract_labels as internship_extract_labels
from lotsa.jom.queries.internship import internship_for_extract
from lotsa.organisations.models import Organisation
from lotsa.pathways.models import (
    BenefitExtent,
    BenefitType,
    EducationLevel,
    EmploymentStatus,
    EnrolmentStatus,
    EventKind,
    ReferralSource,
)
from lotsa.pathways.queries import enrolments_for_extract
from lotsa.people import queries as people_queries
from lotsa.people.extract.forms import ExtractSearchForm
from lotsa.people.identity import IdentityKind, Sex
from lotsa.people.models import ConsentKind, Language, Participant, SharingScope
from lotsa.referrals.models import ReferralStatus
from lotsa.referrals.queries import exit_handovers_for_extract, referrals_for_extract
from lotsa.timereports.queries import time_reports_for_extract
from lotsa.worktraining.models import ReportBackStatus, Stage, Tool
from lotsa.worktraining.queries.daily import incidents_for_extract
from lotsa.worktraining.queries.motivation import motivation_for_extract
from lotsa.worktraining.queries.planning import offers_for_extract
from lotsa.worktraining.queries.records import work_training_for_extract
from lotsa.worktraining.queries.report_back import reports_back_for_extract

Action = access.Action
EXTRACT_VERSION = 1


class Format(TextChoices):
    HTML = "html", gettext_lazy("page")
    JSON = "json", "JSON"
    PDF = "pdf", "PDF"


def register_extract(
    user: Actor,
    participant: Participant,
    form: Format,
    *,
    organisations: set[int] | None = None,
) -> dict[str, Any]:
    """Everything the organisations hold about the person, and an audit entry saying who
    produced it in which format: the records officer's organisations, or those named (where
    the person asks for their own copy, the organisations they are enrolled in). The number of
    queries does not grow with the records."""
    if organisations is None:
        organisations = access.organisation_ids_for(user, Action.PRODUCE_EXTRACT)
    enrolments = enrolments_for_extract(participant, organisations)
    ids = [enrolment["id"] for enrolment in enrolments]
    per_enrolment = {
        "contacts": contacts_for_extract(ids),
        "plans": plans_for_extract(ids),
        **employment_for_extract(ids),
        "final_documents": final_documents_for_extract(ids),
        "time_reports": time_reports_for_extract(ids),
        "cohorts": cohorts_for_extract(ids),
        "incidents": incidents_for_extract(ids),
        "exit_handover": exit_handovers_for_extract(ids),
        "motivation": motivation_for_extract(ids),
        "reports_back": reports_back_for_extract(ids),
        **work_training_for_extract(ids),
        "jom_admissions": jom_course.admissions_for_extract(ids),
        "jom_development_notes": jom_course.development_notes_for_extract(ids),
        **internship_for_extract(ids),
        "activity_offers": offers_for_extract(ids),
    }
    for enrolment in enrolments:
        for part, rows in per_enrolment.items():
            enrolment[part] = rows.get(enrolment["id"], [])
    extract = {
        "extract": {
            "version": EXTRACT_VERSION,
            "produced_at": timezone.now(),
            "produced_by": staff_name(user),
            "organisations": sorted(
                Organisation.objects.filter(pk__in=organisations).values_list("name", flat=True)
            ),
        },
        "participant": people_queries.participant_for_extract(participant),
        "consents": people_queries.consents_for_extract(participant, organisations),
        "enrolments": enrolments,
        "referrals": referrals_for_extract(participant, organisations),
        "audit_trail": audit_entries_for_extract(participant.pk, organisations),
    }
    record(
        AuditEvent.PARTICIPANT_EXTRACTED,
        actor=user,
        obj=participant,
        participant_id=participant.pk,
        changes={"format": form.value},
    )
    return extract


def as_json(extract: dict[str, Any]) -> str:
    """The extract as JSON: dates and instants in ISO 8601, amounts as decimal strings."""
    return json.dumps(extract, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


# ------------------------------------------------------------------ the readable form

# The heading or label of every key of the extract.
LABELS: dict[str, Any] = {
    **internship_extract_labels(),
    "extract": gettext_lazy("About this extract"),
    "version": gettext_lazy("Version"),
    "produced_at": gettext_lazy("Produced"),
    "produced_by": gettext_lazy("Produced by"),
    "organisations": gettext_lazy("Organisations"),
    "participant": gettext_lazy("Personal details"),
    "id": gettext_lazy("Record number"),
    "code_name": gettext_lazy("code name"),
    "is_anonymous": gettext_lazy("anonymous"),
    "identity_country": gettext_lazy("country of identity number"),
    "identity_kind": gettext_lazy("kind of identity number"),
    "identity_number": gettext_lazy("identity number"),
    "first_name": gettext_lazy("first name"),
    "last_name": gettext_lazy("last name"),
    "birth_year": gettext_lazy("birth year"),
    "sex": gettext_lazy("sex"),
    "phone": gettext_lazy("phone"),
    "email": gettext_lazy("email"),
    "street_address": gettext_lazy("street address"),
    "postal_code": gettext_lazy("postal code"),
    "city": gettext_lazy("city"),
    "preferred_language": gettext_lazy("preferred language"),
    "interpreter_needed": gettext_lazy("needs an interpreter"),
    "interpreter_language": gettext_lazy("interpreter language"),
    "created_at": gettext_lazy("Registered"),
    "updated_at": gettext_lazy("Last changed"),
    "consents": gettext_lazy("Consents"),
    "kind": gettext_lazy("Kind"),
    "sharing_scope": gettext_lazy("what may be shared"),
    "scope": gettext_lazy("scope"),
    "given_on": gettext_lazy("given on"),
    "expires_on": gettext_lazy("expires on"),
    "withdrawn_on": gettext_lazy("withdrawn on"),
    "withdrawal_reason": gettext_lazy("reason for withdrawal"),
    "given_to": gettext_lazy("given to organisation"),
    "shared_with": gettext_lazy("shared with organisation"),
    "recorded_by": gettext_lazy("Recorded by"),
    "withdrawal_recorded_by": gettext_lazy("Withdrawal recorded by"),
    "enrolments": gettext_lazy("Enrolments"),
    "programme_model": gettext_lazy("programme model"),
    "programme_name": gettext_lazy("Programme"),
    "programme_code": gettext_lazy("programme model"),
    "unit": gettext_lazy("unit"),
    "organisation": gettext_lazy("organisation"),
    "status": gettext_lazy("status"),
    "phase": gettext_lazy("phase"),
    "phase_since": gettext_lazy("in phase since"),
    "referral_date": gettext_lazy("referral date"),
    "referral_source": gettext_lazy("referred by"),
    "referrer": gettext_lazy("referrer"),
    "start_date": gettext_lazy("start date"),
    "end_date": gettext_lazy("end date"),
    "content_erased_on": gettext_lazy("content erased on"),
    "decline_reason": gettext_lazy("reason for declining"),
    "exit_reason": gettext_lazy("reason for ending"),
    "outcome": gettext_lazy("outcome"),
    "responsible_staff": gettext_lazy("responsible staff member"),
    "baseline_income_sources": gettext_lazy("Income at the start"),
    "baseline_employment_status": gettext_lazy("Employment at the start"),
    "baseline_education_level": gettext_lazy("Education at the start"),
    "exit_income_sources": gettext_lazy("Income at the end"),
    "exit_employment_status": gettext_lazy("Employment at the end"),
    "exit_education_level": gettext_lazy("Education at the end"),
    "previous_enrolment_id": gettext_lazy("earlier enrolment"),
    "events": gettext_lazy("History"),
    "occurred_on": gettext_lazy("date"),
    "from_phase": gettext_lazy("From phase"),
    "to_phase": gettext_lazy("To phase"),
    "note": gettext_lazy("note"),
    "staff": gettext_lazy("staff member"),
    "responsibilities": gettext_lazy("Responsible staff"),
    "starts_on": gettext_lazy("from"),
    "ends_on": gettext_lazy("until"),
    "milestones": gettext_lazy("Milestones"),
    "code": gettext_lazy("Code"),
    "follow_ups": gettext_lazy("Follow-ups"),
    "observed_on": gettext_lazy("observed on"),
    "checklist": gettext_lazy("Checklist"),
    "item_code": gettext_lazy("Code"),
    "done_on": gettext_lazy("Done on"),
    "benefit_facts": gettext_lazy("benefit facts"),
    "benefit_type": gettext_lazy("benefit"),
    "extent": gettext_lazy("extent"),
    "sgi_checked_on": gettext_lazy("sickness-benefit qualifying income (SGI) checked on"),
    "contacts": gettext_lazy("Contacts and notes"),
    "occurred_at": gettext_lazy("date and time"),
    "duration_minutes": gettext_lazy("duration (minutes)"),
    "mode": gettext_lazy("mode"),
    "place": gettext_lazy("place"),
    "job_id": gettext_lazy("job"),
    "parties": gettext_lazy("Who took part"),
    "meeting": gettext_lazy("meeting"),
    "meeting_type": gettext_lazy("kind of meeting"),
    "agreed": gettext_lazy("agreed next steps"),
    "next_meeting_at": gettext_lazy("next meeting booked for"),
    "capacity": gettext_lazy("programme capacity"),
    "attendees": gettext_lazy("Attendees"),
    "party": gettext_lazy("agency or role"),
    "role": gettext_lazy("role"),
    "name": gettext_lazy("name"),
    "reflections": gettext_lazy("Reflections"),
    "text": gettext_lazy("reflection"),
    "written_at": gettext_lazy("Written"),
    "plans": gettext_lazy("Goals and plan"),
    "number": gettext_lazy("Version"),
    "long_term_goal": gettext_lazy("long-term goal"),
    "signed_by_participant_on": gettext_lazy("signed by the participant on"),
    "created_by": gettext_lazy("Written by"),
    "sub_goals": gettext_lazy("Sub-goals"),
    "items": gettext_lazy("Plan items"),
    "activity": gettext_lazy("activity"),
    "purpose": gettext_lazy("purpose"),
    "responsible": gettext_lazy("responsible"),
    "jobs": gettext_lazy("Jobs"),
    "employer": gettext_lazy("employer"),
    "title": gettext_lazy("job title"),
    "occupation_code": gettext_lazy("occupation code"),
    "hours_per_week": gettext_lazy("hours per week"),
    "four_paid_hours_on": gettext_lazy("four paid hours worked by"),
    "hourly_wage": gettext_lazy("hourly wage"),
    "currency": gettext_lazy("currency"),
    "form": gettext_lazy("form of employment"),
    "permanent": gettext_lazy("permanent"),
    "paid_customary_wage": gettext_lazy("paid at least the customary wage for the work"),
    "reserved_for_disability": gettext_lazy("reserved for people with disabilities"),
    "time_limited_by_programme": gettext_lazy("time-limited by a programme"),
    "disclosure": gettext_lazy("condition disclosed to the employer"),
    "disclosure_on": gettext_lazy("disclosed on"),
    "end_reason": gettext_lazy("reason the job ended"),
    "vocational_profiles": gettext_lazy("Vocational profile"),
    "written_on": gettext_lazy("date"),
    "work_history": gettext_lazy("work history"),
    "education": gettext_lazy("education"),
    "preferred_jobs": gettext_lazy("preferred kinds of job"),
    "preferred_hours": gettext_lazy("preferred hours"),
    "preferred_location": gettext_lazy("preferred location"),
    "strengths": gettext_lazy("strengths"),
    "for_employers": gettext_lazy("what the participant wants employers to know"),
    "disclosure_preference": gettext_lazy("disclosure preference"),
    "benefits_counselling": gettext_lazy("Benefits counselling"),
    "offered_on": gettext_lazy("offered on"),
    "held_on": gettext_lazy("held on"),
    "provider": gettext_lazy("by"),
    "counsellor": gettext_lazy("counsellor"),
    "topics": gettext_lazy("topics"),
    "questions_answered": gettext_lazy("the participant's questions answered"),
    "employer_contacts": gettext_lazy("Employer contacts on the person's behalf"),
    "face_to_face": gettext_lazy("face to face"),
    "participant_present": gettext_lazy("participant present"),
    "next_step": gettext_lazy("next step"),
    "final_documents": gettext_lazy("Final documentation"),
    "joint_planning": gettext_lazy("the joint planning"),
    "activities": gettext_lazy("activities carried out"),
    "prerequisites": gettext_lazy("prerequisites for further work-oriented rehabilitation"),
    "assessment": gettext_lazy("the joint assessment"),
    "signed_on": gettext_lazy("signed by the participant on"),
    "written_by": gettext_lazy("Written by"),
    "approvals": gettext_lazy("Approvals"),
    "agency": gettext_lazy("agency"),
    "approved_by": gettext_lazy("Approved by"),
    "approved_on": gettext_lazy("approved on"),
    "dispatches": gettext_lazy("Sent to"),
    "recipient": gettext_lazy("recipient"),
    "recipient_organisation": gettext_lazy("recipient's organisation"),
    "sent_on": gettext_lazy("sent on"),
    "time_reports": gettext_lazy("Time reports"),
    "month": gettext_lazy("month"),
    "entered_by": gettext_lazy("Entered by"),
    "weeks": gettext_lazy("Weeks"),
    "planned_hours": gettext_lazy("planned hours"),
    "actual_hours": gettext_lazy("actual hours"),
    "cohorts": gettext_lazy("Cohorts"),
    "cohort": gettext_lazy("Cohort"),
    "joined_on": gettext_lazy("joined"),
    "left_on": gettext_lazy("left"),
    "attendance": gettext_lazy("attendance"),
    "starts_at": gettext_lazy("starts"),
    "topic": gettext_lazy("topic"),
    "exit_handover": gettext_lazy("Handover at the end"),
    "to_organisation": gettext_lazy("handed over to organisation"),
    "to_caseworker": gettext_lazy("new responsible caseworker"),
    "handed_over_on": gettext_lazy("handed over on"),
    "summary": gettext_lazy("what was handed over"),
    "referrals": gettext_lazy("Referrals"),
    "work_training_referral": gettext_lazy("The commissioner's referral to work training"),
    "commissioner": gettext_lazy("commissioner"),
    "commissioner_name": gettext_lazy("commissioner's unit or contact"),
    "received_on": gettext_lazy("received on"),
    "requested_services": gettext_lazy("services asked for"),
    "to_train_or_test": gettext_lazy("what is to be trained or tested"),
    "participant_category": gettext_lazy("participant category"),
    "need_category": gettext_lazy("the commissioner's need category"),
    "work_analyses": gettext_lazy("Work analyses"),
    "task": gettext_lazy("task"),
    "observations": gettext_lazy("Observations"),
    "requirement": gettext_lazy("functional requirement"),
    "self_rating": gettext_lazy("self-rating"),
    "observed_level": gettext_lazy("observed level"),
    "observation": gettext_lazy("observation"),
    "analysis_summaries": gettext_lazy("Summaries of work analyses"),
    "for_referrer": gettext_lazy("for the referrer"),
    "summary_text": gettext_lazy("summary"),
    "person": gettext_lazy("the person"),
    "stated_needs": gettext_lazy("the person's needs"),
    "requested_service": gettext_lazy("service asked for"),
    "handover_summary": gettext_lazy("handover summary"),
    "consent_given_on": gettext_lazy("consent to the referral given on"),
    "shared_with_receiver": gettext_lazy("the referring organisation shares"),
    "report_back": gettext_lazy("the receiving organisation may report back"),
    "decided_on": gettext_lazy("answered on"),
    "activity_offers": gettext_lazy("Activities presented"),
    "work_unit": gettext_lazy("work unit"),
    "presented_on": gettext_lazy("presented on"),
    "presented_by": gettext_lazy("presented by"),
    "recommended": gettext_lazy("recommended"),
    "participant_choice": gettext_lazy("participant's choice"),
    "choice_made_on": gettext_lazy("decided on"),
    "chose_themselves": gettext_lazy("the participant chose themselves"),
    "choice_reason": gettext_lazy("reason"),
    "obstacle": gettext_lazy("physical or psychological obstacle"),
    "decided_by": gettext_lazy("Answered by"),
    "answer_note": gettext_lazy("note with the answer"),
    "enrolment_id": gettext_lazy("enrolment"),
    "from_unit": gettext_lazy("From unit"),
    "from_organisation": gettext_lazy("From organisation"),
    "to_unit": gettext_lazy("To unit"),
    "referred_by": gettext_lazy("Referred by"),
    "audit_trail": gettext_lazy("Who has read or changed the record"),
    "event": gettext_lazy("event"),
    "description": gettext_lazy("description"),
    "object_type": gettext_lazy("object type"),
    "units": gettext_lazy("Units"),
    "motivation": gettext_lazy("Motivational interviewing"),
    "problem": gettext_lazy("problem"),
    "behaviour": gettext_lazy("target behaviour"),
    "identified_on": gettext_lazy("identified on"),
    "assessments": gettext_lazy("Stages recorded"),
    "assessed_on": gettext_lazy("date"),
    "stage": gettext_lazy("stage"),
    "tool": gettext_lazy("MI tool used"),
    "importance": gettext_lazy("importance"),
    "confidence": gettext_lazy("confidence"),
    "sbk_situation": gettext_lazy("situation (S)"),
    "sbk_behaviour": gettext_lazy("behaviour (B)"),
    "sbk_consequence": gettext_lazy("consequence (K)"),
    "notes": gettext_lazy("notes"),
    "action_plans": gettext_lazy("Action plans"),
    "made_on": gettext_lazy("date"),
    "steps": gettext_lazy("steps"),
    "despite_precontemplation": gettext_lazy("made although the latest stage was precontemplation"),
    "reports_back": gettext_lazy("Reports back to the commissioner"),
    "period_from": gettext_lazy("from"),
    "period_to": gettext_lazy("to"),
    "content": gettext_lazy("sections generated from the records"),
    "development": gettext_lazy("the participant's development"),
    "next_steps": gettext_lazy("next steps"),
    "sent_to": gettext_lazy("recipient"),
    "sent_to_organisation": gettext_lazy("commissioner"),
    "jom_admissions": gettext_lazy("Admission interviews for JOM courses"),
    "interview_held_on": gettext_lazy("admission interview held on"),
    "diagnosis_group": gettext_lazy("diagnosis group"),
    "treatment_status": gettext_lazy("treatment"),
    "substance_use": gettext_lazy("alcohol or drugs"),
    "last_use_on": gettext_lazy("last use of alcohol or drugs"),
    "cognitive_barriers": gettext_lazy("cognitive barriers"),
    "open_to_group_work": gettext_lazy("open to group teaching"),
    "advisory": gettext_lazy("advice from the target group"),
    "decision": gettext_lazy("decision"),
    "decided_for": gettext_lazy("decided for"),
    "reason": gettext_lazy("reason"),
    "reason_note": gettext_lazy("why"),
    "jom_development_notes": gettext_lazy("The provider's development notes"),
    "week_starting": gettext_lazy("week starting"),
}

# Codes shown by their label, by the key they stand under and the list or record they are in.
CHOICES: dict[tuple[str, str], type[TextChoices]] = {
    ("participant", "identity_kind"): IdentityKind,
    ("participant", "sex"): Sex,
    ("participant", "preferred_language"): Language,
    ("consents", "kind"): ConsentKind,
    ("consents", "sharing_scope"): SharingScope,
    ("enrolments", "status"): EnrolmentStatus,
    ("enrolments", "referral_source"): ReferralSource,
    ("enrolments", "baseline_employment_status"): EmploymentStatus,
    ("enrolments", "exit_employment_status"): EmploymentStatus,
    ("enrolments", "baseline_education_level"): EducationLevel,
    ("enrolments", "exit_education_level"): EducationLevel,
    ("events", "kind"): EventKind,
    ("benefit_facts", "benefit_type"): BenefitType,
    ("benefit_facts", "extent"): BenefitExtent,
    ("contacts", "mode"): ContactMode,
    ("contacts", "place"): ContactPlace,
    ("contacts", "outcome"): ContactOutcome,
    ("meeting", "capacity"): Capacity,
    ("attendees", "party"): AttendeeParty,
    ("items", "status"): PlanItemStatus,
    ("jobs", "form"): JobForm,
    ("jobs", "disclosure"): Disclosure,
    ("jobs", "end_reason"): JobEndReason,
    ("vocational_profiles", "disclosure_preference"): Disclosure,
    ("benefits_counselling", "provider"): CounsellingProvider,
    ("employer_contacts", "purpose"): ContactPurpose,
    ("attendance", "status"): AttendanceStatus,
    ("final_documents", "prerequisites"): Prerequisites,
    ("approvals", "agency"): Organisation.Kind,
    ("referrals", "status"): ReferralStatus,
    ("referrals", "shared_with_receiver"): SharingScope,
    ("referrals", "report_back"): SharingScope,
    ("assessments", "stage"): Stage,
    ("assessments", "tool"): Tool,
    ("reports_back", "status"): ReportBackStatus,
}


@dataclass
class Part:
    """A record of the extract as it is read: its fields by label, and the lists it holds."""

    fields: list[tuple[str, str]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


@dataclass
class Section:
    anchor: str  # unique on the page, for the heading's id
    heading: str
    parts: list[Part]


def readable(extract: dict[str, Any]) -> list[Section]:
    """The extract as headed sections of labelled fields, codes by their labels, for the page
    and the PDF."""
    return [_section(key, value, key) for key, value in extract.items()]


def _section(key: str, value: Any, anchor: str) -> Section:
    records = value if isinstance(value, list) else [value]
    parts = [_part(key, row, f"{anchor}-{index}") for index, row in enumerate(records, 1)]
    return Section(anchor, str(LABELS.get(key, key)), parts)


def _part(within: str, row: Row, anchor: str) -> Part:
    part = Part()
    for key, value in row.items():
        if key in _NESTED and not value:
            continue
        if isinstance(value, dict) or (
            value and isinstance(value, list) and isinstance(value[0], dict)
        ):
            part.sections.append(_section(key, value, f"{anchor}-{key}"))
        else:
            part.fields.append((str(LABELS.get(key, key)), _shown(within, key, value)))
    return part


# Records and lists of records, left out of the readable form when there are none.
_NESTED = {
    "meeting",
    "benefit_facts",
    "person",
    "events",
    "responsibilities",
    "milestones",
    "follow_ups",
    "checklist",
    "contacts",
    "plans",
    "jobs",
    "vocational_profiles",
    "benefits_counselling",
    "employer_contacts",
    "final_documents",
    "time_reports",
    "cohorts",
    "exit_handover",
    "attendees",
    "reflections",
    "items",
    "approvals",
    "dispatches",
    "weeks",
    "attendance",
    "motivation",
    "assessments",
    "action_plans",
    "reports_back",
    "work_training_referral",
    "work_analyses",
    "observations",
    "analysis_summaries",
    *INTERNSHIP_EXTRACT_PARTS,
}


def _shown(within: str, key: str, value: Any) -> str:
    choices = CHOICES.get((within, key))
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if choices is not None and value in choices.values:
        return str(choices(value).label)
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "–"
    return str(value)


# ------------------------------------------------------------------ pages


@login_required
@require_GET
def extract_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Find a person of the user's organisation by identity number or code name."""
    access.require(request.user, Action.PRODUCE_EXTRACT)
    form = ExtractSearchForm(request.GET or None)
    found = (
        people_queries.participants_found_for_extract(request.user, form.cleaned_data["q"])
        if form.is_valid()
        else None
    )
    return render(
        request,
        "people/extract_search.html",
        {"form": form, "found": found},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _produced(
    request: AuthenticatedHttpRequest, participant_id: int, form: Format
) -> tuple[Participant, dict[str, Any]]:
    participant = access.get_participant_for_extract(request.user, participant_id)
    return participant, register_extract(request.user, participant, form)


@login_required
@require_GET
def extract_page(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    participant, extract = _produced(request, participant_id, Format.HTML)
    return render(
        request,
        "people/extract.html",
        {"participant": participant, "sections": readable(extract)},
    )


def _file_name(participant: Participant, suffix: str) -> str:
    return f"registerutdrag-{participant.code_name}-{timezone.localdate():%Y%m%d}.{suffix}"


@login_required
@require_GET
def extract_json(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    participant, extract = _produced(request, participant_id, Format.JSON)
    return download(
        as_json(extract), "application/json; charset=utf-8", _file_name(participant, "json")
    )


@login_required
@require_GET
def extract_pdf(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    participant, extract = _produced(request, participant_id, Format.PDF)
    context = {"participant": participant, "sections": readable(extract)}
    return download(
        pdf_of(request, "people/extract_pdf.html", context), PDF, _file_name(participant, "pdf")
    )
