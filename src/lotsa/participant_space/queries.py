"""What a participant's own pages read.

The rule, in one sentence: a participant sees the enrolments of the participant records their
account holds (``ParticipantAccount.participants``), and what hangs off those enrolments that is
written for them to see (the plan, booked meetings, the staff responsible, jobs, time reports);
never staff notes, reflections, other people, or a record of the same person that a unit holds
without a link to their account. Every read here starts from ``own_enrolments``; anything reached
by id that is not theirs answers 404, as if it did not exist, and the refusal is audited.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NoReturn

from django.core.paginator import Page, Paginator
from django.db.models import Exists, Min, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotsa import access
from lotsa.accounts.types import Actor
from lotsa.audit.kinds import EVENTS_OF_KIND, EventKind
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.audit.queries import audit_entries
from lotsa.audit.services import record
from lotsa.casework.models import Contact, Meeting, PlanRevision
from lotsa.core.extracts import staff_name
from lotsa.dates import add_months
from lotsa.documents.models import DocumentApproval, FinalDocument
from lotsa.documents.services import signing_refusal
from lotsa.employment.models import Job
from lotsa.errors import NotFound
from lotsa.jom.models import AgreementSection, InternshipAgreement
from lotsa.organisations.models import Membership, Organisation
from lotsa.participant_space.models import Message, Signature, SignedDocument
from lotsa.participant_space.signing import (
    content_hash,
    final_document_content,
    internship_agreement_content,
    plan_content,
    sign_in_method_label,
    time_report_content,
)
from lotsa.pathways.deadlines import with_deadline_facts
from lotsa.pathways.definitions.programme import Programme
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import OPEN_STATUSES, Enrolment, Responsibility
from lotsa.people.models import Consent, ConsentKind, Participant
from lotsa.surveys.queries.answering import OpenWave, open_waves
from lotsa.timereports.models import TimeReport
from lotsa.timereports.queries import month_form
from lotsa.timereports.services import first_of_month


def own_enrolments(user: Actor) -> QuerySet[Enrolment]:
    """The enrolments of the participant records linked to the user's account; a case whose
    content was erased after its retention period shows nothing."""
    return Enrolment.objects.filter(
        participant__accounts__user=user, content_erased_on__isnull=True
    )


def record_own_view(user: Actor, page: str, participant_ids: Iterable[int]) -> None:
    """One entry per participant record shown, naming it, as staff reads of a record do."""
    for participant_id in sorted(set(participant_ids)):
        record(
            AuditEvent.OWN_RECORD_VIEWED,
            actor=user,
            object_type="people.participant",
            object_id=str(participant_id),
            participant_id=participant_id,
            changes={"page": page},
        )


def _refused(user: Actor, records: QuerySet[Any], path: str, object_id: object) -> NoReturn:
    """404, audited with the participant the record concerns (if it exists), as staff refusals
    are, so that the person can see who tried to reach their record."""
    access.refuse(
        user,
        "own_record.view",
        object_type=records.model._meta.label_lower,
        object_id=object_id,
        participant_id=records.filter(pk=_key(object_id)).values_list(path, flat=True).first(),
    )


def _key(raw: object) -> int:
    """An id from a URL; 0, which no record has, for anything that is not a number."""
    try:
        return int(str(raw))
    except ValueError:
        return 0


def get_own_enrolment(user: Actor, enrolment_id: object) -> Enrolment:
    """One of the user's own enrolments, or 404 (audited)."""
    enrolment = (
        own_enrolments(user)
        .select_related("unit", "participant")
        .filter(pk=_key(enrolment_id))
        .first()
    )
    if enrolment is None:
        _refused(user, Enrolment.objects.all(), "participant_id", enrolment_id)
    return enrolment


def get_own_plan_revision(user: Actor, revision_id: object) -> PlanRevision:
    """A version of the plan of one of the user's own enrolments, or 404 (audited)."""
    revision = (
        PlanRevision.objects.filter(enrolment__in=own_enrolments(user), pk=_key(revision_id))
        .select_related("enrolment")
        .prefetch_related("sub_goals", "items")
        .first()
    )
    if revision is None:
        _refused(user, PlanRevision.objects.all(), "enrolment__participant_id", revision_id)
    return revision


def get_own_final_document(user: Actor, document_id: object) -> FinalDocument:
    """A version of the final documentation of one of the user's own enrolments, or 404
    (audited)."""
    document = (
        FinalDocument.objects.filter(enrolment__in=own_enrolments(user), pk=_key(document_id))
        .select_related("enrolment")
        .first()
    )
    if document is None:
        _refused(user, FinalDocument.objects.all(), "enrolment__participant_id", document_id)
    return document


# ------------------------------------------------------------------ signatures


@dataclass(frozen=True)
class SignedVersion:
    """That the participant signed the version as it reads now: when, and how they signed in."""

    signed_at: datetime.datetime
    method: str


def binding_signatures(
    document: SignedDocument, contents: dict[int, dict[str, Any]]
) -> dict[int, SignedVersion | None]:
    """For each object, the signature over exactly its current content, if there is one (one
    query for them all). A signature over an earlier version does not count."""
    hashes = {object_id: content_hash(content) for object_id, content in contents.items()}
    found = {
        (object_id, hashed): SignedVersion(signed_at, sign_in_method_label(method))
        for object_id, hashed, signed_at, method in Signature.objects.filter(
            document=document, object_id__in=list(hashes)
        ).values_list("object_id", "content_hash", "signed_at", "sign_in_method")
    }
    return {object_id: found.get((object_id, hashed)) for object_id, hashed in hashes.items()}


# What the participant signs of each kind of document, as the pages show it.
SIGNED_CONTENT: dict[str, Callable[[Any], dict[str, Any]]] = {
    SignedDocument.PLAN: plan_content,
    SignedDocument.TIME_REPORT: time_report_content,
    SignedDocument.FINAL_DOCUMENTATION: final_document_content,
    SignedDocument.INTERNSHIP_AGREEMENT: internship_agreement_content,
}


def current_signature(document: SignedDocument, record: Any) -> SignedVersion | None:
    """The participant's signature in Lotsa over this record as it reads now: a plan version,
    a month's time report (their submission) or a version of the final documentation (its
    approvals read along). A signature given on paper and recorded by staff is the record's
    own date, and no signature here."""
    return binding_signatures(document, {record.pk: SIGNED_CONTENT[document](record)})[record.pk]


# ------------------------------------------------------------------ pages


@dataclass
class Appointment:
    """A meeting booked ahead: when, with whom, and how, as far as it is known."""

    at: datetime.datetime
    enrolment: Enrolment
    staff: Any
    mode: str = ""
    place: str = ""


@dataclass
class CaseLine:
    enrolment: Enrolment
    programme: Programme | None
    next_appointment: Appointment | None

    @property
    def phase_name(self) -> str:
        phase = self.programme.phases.get(self.enrolment.phase) if self.programme else None
        return str(phase.name) if phase is not None else ""


def _programme(enrolment: Enrolment) -> Programme | None:
    return registry().get(enrolment.programme_model)


def _appointments(enrolments: list[Enrolment]) -> list[Appointment]:
    """Meetings booked from now on: the next meeting a meeting booked, and contacts entered for
    a future time (with their mode and place). Two queries, however many there are."""
    by_id = {enrolment.pk: enrolment for enrolment in enrolments}
    now = timezone.now()
    planned = [
        Appointment(
            c.occurred_at,
            by_id[c.enrolment_id],
            c.staff,
            c.get_mode_display(),
            c.get_place_display(),
        )
        for c in Contact.objects.filter(enrolment_id__in=list(by_id), occurred_at__gte=now)
        .select_related("staff")
        .only("occurred_at", "enrolment_id", "mode", "place", "staff")
    ]
    known = {(a.enrolment.pk, a.at) for a in planned}
    booked = [
        Appointment(m.next_meeting_at, by_id[m.contact.enrolment_id], m.contact.staff)
        for m in Meeting.objects.filter(
            contact__enrolment_id__in=list(by_id), next_meeting_at__gte=now
        ).select_related("contact__staff")
        if m.next_meeting_at is not None
        and (m.contact.enrolment_id, m.next_meeting_at) not in known
    ]
    return sorted(planned + booked, key=lambda a: a.at)


def _shown_enrolments(user: Actor) -> list[Enrolment]:
    return list(
        own_enrolments(user)
        .select_related("unit", "responsible_staff")
        .order_by("-referral_date", "-pk")
    )


def home_for(user: Actor) -> dict[str, Any]:
    """My cases: programme, unit, phase, and what happens next (the next meeting booked)."""
    enrolments = _shown_enrolments(user)
    appointments = _appointments(enrolments)
    cases = [
        CaseLine(
            enrolment,
            _programme(enrolment),
            next((a for a in appointments if a.enrolment.pk == enrolment.pk), None),
        )
        for enrolment in enrolments
    ]
    record_own_view(user, "home", (e.participant_id for e in enrolments))
    return {"cases": cases}


def meetings_for(user: Actor) -> dict[str, Any]:
    """My next meetings and whom I meet."""
    enrolments = _shown_enrolments(user)
    record_own_view(user, "meetings", (e.participant_id for e in enrolments))
    return {"appointments": _appointments(enrolments)}


@dataclass
class ContactLine:
    enrolment: Enrolment
    staff: list[Any]


def contact_persons_for(user: Actor) -> dict[str, Any]:
    """The staff responsible for each of my open cases now (in a joint team, one of each
    agency), with how to reach them. One query for them all."""
    enrolments = [e for e in _shown_enrolments(user) if e.is_open]
    current: dict[int, list[Any]] = defaultdict(list)
    for responsibility in (
        Responsibility.objects.filter(
            enrolment_id__in=[e.pk for e in enrolments], ends_on__isnull=True
        )
        .select_related("staff")
        .order_by("starts_on", "pk")
    ):
        current[responsibility.enrolment_id].append(responsibility.staff)
    record_own_view(user, "contacts", (e.participant_id for e in enrolments))
    return {
        "cases": [
            ContactLine(
                enrolment,
                current[enrolment.pk]
                or ([enrolment.responsible_staff] if enrolment.responsible_staff else []),
            )
            for enrolment in enrolments
        ]
    }


def jobs_for(user: Actor) -> dict[str, Any]:
    """My jobs and internships, newest first."""
    jobs = list(
        Job.objects.filter(enrolment__in=own_enrolments(user))
        .select_related("employer", "enrolment__unit")
        .order_by("-starts_on", "-pk")
    )
    participant_ids = own_enrolments(user).values_list("participant_id", flat=True)
    record_own_view(user, "jobs", list(participant_ids))
    return {"jobs": jobs}


@dataclass
class PlanLine:
    enrolment: Enrolment
    programme: Programme | None
    revision: PlanRevision
    content_hash: str
    signature: SignedVersion | None


def plans_for(user: Actor) -> dict[str, Any]:
    """The latest version of the plan of each of my cases, with whether I have signed it as
    it reads now."""
    newer = PlanRevision.objects.filter(
        enrolment=OuterRef("enrolment"), number__gt=OuterRef("number")
    )
    revisions = list(
        PlanRevision.objects.filter(enrolment__in=own_enrolments(user))
        .exclude(Exists(newer))
        .select_related("enrolment__unit")
        .prefetch_related("sub_goals", "items")
        .order_by("-enrolment__referral_date", "-enrolment_id")
    )
    contents = {revision.pk: plan_content(revision) for revision in revisions}
    signatures = binding_signatures(SignedDocument.PLAN, contents)
    record_own_view(user, "plan", (r.enrolment.participant_id for r in revisions))
    return {
        "plans": [
            PlanLine(
                revision.enrolment,
                _programme(revision.enrolment),
                revision,
                content_hash(contents[revision.pk]),
                signatures[revision.pk],
            )
            for revision in revisions
        ]
    }


@dataclass
class FinalDocumentVersion:
    """One version of the final documentation as the participant reads it: each agency the
    model names with its approval (or none yet), whether they signed exactly this text in
    Lotsa or staff recorded a signature on paper, and whether they may sign it now."""

    document: FinalDocument
    approvals: list[tuple[str, DocumentApproval | None]]
    content_hash: str
    signature: SignedVersion | None
    may_sign: bool

    @property
    def signed_on_paper(self) -> bool:
        return self.signature is None and self.document.signature_recorded_by_id is not None


@dataclass
class CaseDocuments:
    enrolment: Enrolment
    versions: list[FinalDocumentVersion]


def final_documents_for(user: Actor) -> dict[str, Any]:
    """Every version of the final documentation of my cases, newest first, with who approved
    it and whether I signed it as it reads now; only the latest may be signed. Three queries
    (versions, approvals, signatures) however many there are."""
    documents = list(
        FinalDocument.objects.filter(enrolment__in=own_enrolments(user))
        .select_related("enrolment__unit")
        .prefetch_related("approvals")
        .order_by("-enrolment__referral_date", "-enrolment_id", "-version")
    )
    contents = {document.pk: final_document_content(document) for document in documents}
    signatures = binding_signatures(SignedDocument.FINAL_DOCUMENTATION, contents)
    today = timezone.localdate()
    cases: dict[int, CaseDocuments] = {}
    for document in documents:
        enrolment = document.enrolment
        case = cases.setdefault(enrolment.pk, CaseDocuments(enrolment, []))
        approved = {approval.agency: approval for approval in document.approvals.all()}
        programme = _programme(enrolment)
        signature = signatures[document.pk]
        case.versions.append(
            FinalDocumentVersion(
                document,
                [
                    (str(Organisation.Kind(agency).label), approved.get(agency))
                    for agency in (programme.approvals if programme else ())
                ],
                content_hash(contents[document.pk]),
                signature,
                may_sign=not case.versions
                and signature is None
                and programme is not None
                and signing_refusal(document, today) is None,
            )
        )
    record_own_view(user, "final_documentation", (d.enrolment.participant_id for d in documents))
    return {"cases": list(cases.values())}


@dataclass
class AgreementVersion:
    """The latest version of my internship agreement guide: its parts, which of them the
    company may see, whether I signed exactly this text, and whether I may sign it now."""

    agreement: InternshipAgreement
    sections: list[tuple[str, str, bool]]
    content_hash: str
    signature: SignedVersion | None

    @property
    def may_sign(self) -> bool:
        return self.signature is None and self.agreement.participant_signed_on is None

    @property
    def signed_on_paper(self) -> bool:
        return (
            self.signature is None
            and self.agreement.participant_signature_recorded_by_id is not None
        )


def internship_agreements_for(user: Actor) -> dict[str, Any]:
    """The latest version of the agreement guide of each of my cases (two queries, however
    many): an earlier version is replaced, and only the latest is signed."""
    agreements = list(
        InternshipAgreement.objects.filter(enrolment__in=own_enrolments(user))
        .select_related("enrolment__unit", "employer")
        .order_by("enrolment_id", "-version")
    )
    latest = list({a.enrolment_id: a for a in reversed(agreements)}.values())
    contents = {agreement.pk: internship_agreement_content(agreement) for agreement in latest}
    signatures = binding_signatures(SignedDocument.INTERNSHIP_AGREEMENT, contents)
    versions = [
        AgreementVersion(
            agreement,
            [
                (str(label), getattr(agreement, code), code in agreement.shared_sections)
                for code, label in AgreementSection.choices
                if getattr(agreement, code)
            ],
            content_hash(contents[agreement.pk]),
            signatures[agreement.pk],
        )
        for agreement in latest
    ]
    record_own_view(user, "internship_agreement", (a.enrolment.participant_id for a in latest))
    return {"versions": versions}


def get_own_internship_agreement(user: Actor, agreement_id: object) -> InternshipAgreement:
    """A version of the agreement guide of one of the user's own enrolments, or 404 (audited)."""
    agreement = (
        InternshipAgreement.objects.filter(
            enrolment__in=own_enrolments(user), pk=_key(agreement_id)
        )
        .select_related("enrolment")
        .first()
    )
    if agreement is None:
        _refused(user, InternshipAgreement.objects.all(), "enrolment__participant_id", agreement_id)
    return agreement


@dataclass
class ReportMonth:
    enrolment: Enrolment
    month: datetime.date
    report: TimeReport | None


def _reporting(enrolment: Enrolment) -> Programme | None:
    programme = _programme(enrolment)
    return programme if programme is not None and programme.time_reports else None


def _months(enrolment: Enrolment) -> list[datetime.date]:
    """The months of the enrolment up to this one, newest first."""
    if enrolment.start_date is None:
        return []
    last = first_of_month(min(enrolment.end_date or timezone.localdate(), timezone.localdate()))
    months, month = [], first_of_month(enrolment.start_date)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months[::-1]


def time_report_months_for(user: Actor) -> dict[str, Any]:
    """The months of my cases that keep a time report, with what I have entered and submitted."""
    enrolments = [e for e in _shown_enrolments(user) if _reporting(e) is not None]
    reports = {
        (report.enrolment_id, report.month): report
        for report in TimeReport.objects.filter(enrolment__in=[e.pk for e in enrolments])
    }
    record_own_view(user, "time_reports", (e.participant_id for e in enrolments))
    return {
        "months": [
            ReportMonth(enrolment, month, reports.get((enrolment.pk, month)))
            for enrolment in enrolments
            for month in _months(enrolment)
        ]
    }


def get_own_report_month(
    user: Actor, enrolment_id: object, month: datetime.date
) -> tuple[Enrolment, Programme]:
    """One of my cases that keeps time reports, and a month within it up to now; or 404."""
    enrolment = get_own_enrolment(user, enrolment_id)
    programme = _reporting(enrolment)
    if programme is None or month not in _months(enrolment):
        _refused(user, Enrolment.objects.all(), "participant_id", enrolment.pk)
    return enrolment, programme


def report_month_for(
    user: Actor, enrolment: Enrolment, programme: Programme, month: datetime.date
) -> dict[str, Any]:
    """The month's weeks as I enter them, and whether the report as it reads now is submitted."""
    shown = month_form(enrolment, programme, month)
    report: TimeReport | None = shown["report"]
    content = time_report_content(report) if report is not None else None
    signature = (
        binding_signatures(SignedDocument.TIME_REPORT, {report.pk: content})[report.pk]
        if report is not None and content is not None
        else None
    )
    record_own_view(user, "time_report", [enrolment.participant_id])
    return shown | {
        "enrolment": enrolment,
        "content_hash": content_hash(content) if content is not None else "",
        "signature": signature,
        "locked": report is not None and report.signed_on is not None,
    }


def require_own(user: Actor, enrolment: Enrolment) -> None:
    """A service's check that the enrolment is the acting participant's own (404 otherwise)."""
    if not own_enrolments(user).filter(pk=enrolment.pk).exists():
        _refused(user, Enrolment.objects.all(), "participant_id", enrolment.pk)


# ------------------------------------------------------------------ my data: consents


def my_consents(user: Actor) -> list[Consent]:
    """The consents of the person's own records, those in force first, newest first."""
    return sorted(
        Consent.objects.filter(participant_id__in=access.own_participant_ids(user))
        .select_related("given_to", "organisation")
        .order_by("-given_on", "-pk"),
        key=lambda consent: consent.withdrawn_on is not None,
    )


def withdrawal_consequence(consent: Consent, *, easy_read: bool) -> str:
    """What withdrawing the consent means for the person, said before they confirm."""
    keeper = consent.given_to.name if consent.given_to else _("the organisation")
    other = consent.organisation.name if consent.organisation else _("the other organisation")
    kind = consent.kind
    if easy_read:
        texts = {
            ConsentKind.PARTICIPATION: _(
                "You stop taking part in the programme. Staff at %(keeper)s will call you "
                "to talk about it."
            ),
            ConsentKind.INFORMATION_SHARING: _(
                "%(other)s can no longer see your case. %(keeper)s keeps your case."
            ),
            ConsentKind.STATISTICS: _(
                "Your case is no longer counted in the statistics from now on."
            ),
            ConsentKind.SURVEY: _("Nobody will ask you to answer surveys any more."),
            ConsentKind.DISABILITY_CODING: _(
                "Staff will no longer write down a code for your disability."
            ),
        }
    else:
        texts = {
            ConsentKind.PARTICIPATION: _(
                "Your participation in the programme ends. Staff at %(keeper)s will contact you "
                "about what happens next. What has already been recorded is kept as the law "
                "requires."
            ),
            ConsentKind.INFORMATION_SHARING: _(
                "%(other)s no longer sees your case from %(keeper)s, from the moment you "
                "confirm. Your case at %(keeper)s goes on as before."
            ),
            ConsentKind.STATISTICS: _(
                "From now on your case is not included in the follow-up statistics. Figures "
                "already reported are not changed."
            ),
            ConsentKind.SURVEY: _(
                "You will not be asked to take part in surveys any more. Answers you have "
                "already given are kept."
            ),
            ConsentKind.DISABILITY_CODING: _(
                "Staff will no longer record a disability code for you from now on."
            ),
        }
    return texts[ConsentKind(kind)] % {"keeper": keeper, "other": other}


# ------------------------------------------------------------------ my data: a copy


@dataclass(frozen=True)
class OwnRecord:
    """One of the person's participant records, and the organisations that hold it."""

    participant: Participant
    organisations: list[str]


def my_records(user: Actor) -> list[OwnRecord]:
    """The person's records, each with the organisations where it is enrolled. Two queries."""
    ids = access.own_participant_ids(user)
    held_by: defaultdict[int, set[str]] = defaultdict(set)
    for participant_id, name in Enrolment.objects.filter(participant_id__in=ids).values_list(
        "participant_id", "unit__organisation__name"
    ):
        held_by[participant_id].add(name)
    return [
        OwnRecord(participant, sorted(held_by[participant.pk]))
        for participant in Participant.objects.filter(pk__in=ids).order_by("pk")
    ]


def organisations_holding(participant: Participant) -> set[int]:
    """The organisations whose units the person is (or was) enrolled in: what a copy covers."""
    return set(
        Organisation.objects.filter(units__enrolments__participant=participant).values_list(
            "pk", flat=True
        )
    )


def get_own_record(user: Actor, record_id: object) -> Participant:
    """One of the person's own records; otherwise 404 (logged)."""
    key = record_id if isinstance(record_id, int) else None
    if key is None or key not in access.own_participant_ids(user):
        access.refuse(
            user, "participant.own", object_type="people.participant", object_id=record_id
        )
    return Participant.objects.get(pk=key)


# ------------------------------------------------------------------ my data: who read my record

ACCESS_LOG_PAGE_SIZE = 25
READ_EVENTS = tuple(event.value for event in EVENTS_OF_KIND[EventKind.READ])
# The reads a person recognises in their own words; any other read shows the trail's own label.
READ_IN_PLAIN_WORDS = {
    AuditEvent.PARTICIPANT_VIEWED: gettext_lazy("Your personal details"),
    AuditEvent.PARTICIPANTS_LISTED: gettext_lazy("A list of participants with your name"),
    AuditEvent.CASELOAD_VIEWED: gettext_lazy("A list of cases with your name"),
    AuditEvent.ENROLMENT_VIEWED: gettext_lazy("Your case"),
    AuditEvent.MEETING_VIEWED: gettext_lazy("Notes of a meeting with you"),
    AuditEvent.DOCUMENT_VIEWED: gettext_lazy("Your final documentation"),
    AuditEvent.REFERRAL_VIEWED: gettext_lazy("A referral about you"),
    AuditEvent.REFERRALS_LISTED: gettext_lazy("A list of referrals with your name"),
    AuditEvent.ACTIVITY_REPORT_VIEWED: gettext_lazy("A report of your activities"),
    AuditEvent.MESSAGE_READ: gettext_lazy("A message you sent"),
    AuditEvent.COHORT_VIEWED: gettext_lazy("A group you take part in"),
    AuditEvent.OUTCOME_RECORDS_VIEWED: gettext_lazy("The records behind a report"),
}


@dataclass(frozen=True)
class RecordRead:
    """One time a member of staff opened the person's record, as the person reads it."""

    occurred_at: datetime.datetime
    staff: str
    where: str
    what: str


def reads_of_my_record(user: Actor) -> QuerySet[AuditEntry]:
    """Staff's reads of the person's records, newest first: entries about them and lists that
    name them. Bounded by the time the first of their records was made (the trail's index on
    the time), so the lists of earlier years are not searched; their own reads are left out."""
    ids = access.own_participant_ids(user)
    since = Participant.objects.filter(pk__in=ids).aggregate(first=Min("created_at"))["first"]
    return (
        audit_entries(participant_ids=ids)
        .filter(event__in=READ_EVENTS, actor__isnull=False, occurred_at__gte=since)
        .exclude(actor_id=user.pk)
    )


@dataclass(frozen=True)
class AccessLogPage:
    reads: list[RecordRead]
    page: Page[AuditEntry]


def access_log_page(user: Actor, page_number: str | int | None) -> AccessLogPage:
    """A page of who has read the person's record, and an entry saying they looked. A fixed
    number of queries however long the trail: the count, the page, the staff's units."""
    page = Paginator(reads_of_my_record(user), ACCESS_LOG_PAGE_SIZE).get_page(page_number)
    reads = _in_plain_words(list(page.object_list))
    record(
        AuditEvent.OWN_ACCESS_LOG_VIEWED,
        actor=user,
        participants=access.own_participant_ids(user),
        changes={"page": page.number},
    )
    return AccessLogPage(reads, page)


def _in_plain_words(entries: list[AuditEntry]) -> list[RecordRead]:
    memberships: defaultdict[int, list[Membership]] = defaultdict(list)
    for membership in Membership.objects.filter(
        user_id__in={entry.actor_id for entry in entries} or {0}
    ).select_related("unit__organisation"):
        memberships[membership.user_id].append(membership)
    rows = []
    for entry in entries:
        day = timezone.localdate(entry.occurred_at)
        units = {
            f"{m.unit.name}, {m.unit.organisation.name}": None
            for m in memberships[entry.actor_id or 0]
            if m.starts_on <= day and (m.ends_on is None or m.ends_on >= day)
        }
        rows.append(
            RecordRead(
                occurred_at=entry.occurred_at,
                staff=staff_name(entry.actor),
                where="; ".join(units),
                what=str(
                    READ_IN_PLAIN_WORDS.get(AuditEvent(entry.event))
                    or AuditEvent(entry.event).label
                ),
            )
        )
    return rows


# ------------------------------------------------------------------ messages


def enrolments_to_write_to(user: Actor) -> list[Enrolment]:
    """The person's open cases that have a responsible member of staff to write to."""
    return list(
        Enrolment.objects.filter(
            participant_id__in=access.own_participant_ids(user),
            status__in=OPEN_STATUSES,
            responsible_staff__isnull=False,
        )
        .select_related("unit", "responsible_staff")
        .order_by("pk")
    )


def my_messages(user: Actor) -> list[Message]:
    """The messages the person has sent, newest first, with whether they have been read."""
    return list(
        Message.objects.filter(enrolment__participant_id__in=access.own_participant_ids(user))
        .select_related("enrolment__unit", "enrolment__responsible_staff")
        .order_by("-sent_at", "-pk")
    )


# ------------------------------------------------------------------ my surveys


def _survey_enrolments(user: Actor) -> QuerySet[Enrolment]:
    return with_deadline_facts(own_enrolments(user).select_related("unit")).order_by(
        "-referral_date", "-pk"
    )


def surveys_for(user: Actor) -> dict[str, Any]:
    """The surveys I am asked to answer now: the due waves of my cases' programmes that I have
    a survey number for and have not answered."""
    enrolments = list(_survey_enrolments(user))
    record_own_view(user, "surveys", (e.participant_id for e in enrolments))
    return {"waves": open_waves(enrolments, timezone.localdate())}


def get_own_open_wave(user: Actor, enrolment_id: int, instrument: str, wave: str) -> OpenWave:
    """A survey wave of my own case that I may answer now; otherwise 404, as for anything that
    is not mine (a case of someone else is refused and logged)."""
    enrolment = access.get_own_enrolment(user, enrolment_id)
    found = next(
        (
            open_wave
            for open_wave in open_waves(
                list(_survey_enrolments(user).filter(pk=enrolment.pk)), timezone.localdate()
            )
            if (open_wave.wave.instrument, open_wave.wave.wave) == (instrument, wave)
        ),
        None,
    )
    if found is None:
        raise NotFound("surveys.wave")
    record_own_view(user, "survey", [enrolment.participant_id])
    return found
