"""Every page and API read that shows a person is in the audit trail, naming that person.

The test walks every route the project has — pages and API operations alike, lists included —
over the demo's records, opens each as the first of a few staff members who may, and holds
what the answer shows against the audit entries that request wrote: every participant whose
name or identity number appears must be named by one of them (as the entry's participant or
in a list of participants it records). A new page is covered the day it is added; a route
whose parameters this test cannot fill fails loudly instead of being skipped.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django.views.generic.base import RedirectView

from lotsa.accounts.models import ApiToken, IdentityProvider, User
from lotsa.accounts.services import create_api_token
from lotsa.audit.models import AuditEntry
from lotsa.casework.models import Meeting, PlanRevision
from lotsa.cohorts.models import Cohort
from lotsa.documents.models import FinalDocument
from lotsa.employment.models import Employer, Job
from lotsa.fidelity.models import FidelityReview, ImprovementAction
from lotsa.improvement.models import Improvement
from lotsa.jom.models import (
    AdmissionAssessment,
    Course,
    Internship,
    InternshipAgreement,
    ProviderContract,
    SessionPlan,
    TargetGroup,
)
from lotsa.organisations.models import Membership, Organisation
from lotsa.participant_space.models import Message
from lotsa.pathways.deadlines import with_deadline_facts
from lotsa.pathways.definitions.programme import SurveyWave
from lotsa.pathways.models import ChecklistEntry, Enrolment
from lotsa.people.models import Consent, Participant
from lotsa.referrals.models import Referral
from lotsa.retention.models import RetentionRule
from lotsa.socioeconomics.adjusting import values_of
from lotsa.socioeconomics.models import (
    ParameterSetCopy,
    ParameterSetCopyVersion,
    UnitProgrammeCost,
)
from lotsa.socioeconomics.registry import parameter_sets as shipped_parameter_sets
from lotsa.surveys.models import (
    Finding,
    Response,
    SurveyId,
    SurveyKey,
    SurveyRound,
    new_survey_code,
)
from lotsa.surveys.queries.answering import open_waves
from lotsa.teamwork.models import (
    SupervisionEntry,
    TeamAttachment,
    TeamMeeting,
    TreatmentTeam,
    UnitMeeting,
)
from lotsa.testing.factories import ParticipantAccountFactory
from lotsa.testing.teamwork import demo_team_practice
from lotsa.timereports.models import StaffTimeReport, TimeReport
from lotsa.tools.demo.builder import DemoBuilder
from lotsa.urls import not_offered
from lotsa.worktraining.models import (
    ActivityOffer,
    BusinessPlan,
    Incident,
    PlanActivity,
    PlanGoal,
    PlanSection,
    ReportBack,
    ScheduleEntry,
    TargetBehaviour,
    WorkAnalysis,
    WorkUnit,
)

pytestmark = pytest.mark.django_db

# Tried in this order; the first who may open a route opens it.
STAFF = (
    "coach.asunda",
    "teamleader.asunda",
    "manager.asunda",
    "fk.caseworker",
    "manager.af",
    "reviewer",
    "analyst",
    "admin",
    "registrator.asunda",
)
# Query parameters some reads need, filled from the same values as the path.
QUERIES = {
    "outcomes/<slug:code>/records/": "?metric=in_competitive_work&dimension=unit&group=total",
    "api/outcomes/<code>/records": "?metric=in_competitive_work&dimension=unit&group=total",
    "api/enrolments": "?participant_id={participant_id}",
    "api/participants/<participant_id>/consents/check": "?kind=participation",
    "occupations/": "?country=SE&q=lager",
    "api/occupations": "?country=SE&q=lager",
    "work-training/cases/<int:enrolment_id>/work-analyses/new/": "?task={task_id}",
    "socioeconomics/report/report.xlsx": "?cost_per_participant=60000&effect_net=1",
    "socioeconomics/report/report.pdf": "?cost_per_participant=60000&effect_net=1",
}
# A set of parameters that serves only the routes starting so.
ONLY_FOR = "only_for"
SURVEY_ROUTES = "me/surveys/"
# Routes that only sign people in or out, switch the language, describe the API or Lotsa itself
# (the About page and the source code): nothing of anyone is shown.
NOT_READS = {
    "login",
    "logout",
    "set_language",
    "openapi-view",
    "openapi-json",
    "api-root",
    "about",
    "source",
    # A participant's first sign-in with an invitation code, and the passkey they set up then.
    "invitation",
    "invitation-passkey",
    # A one-time survey link: it asks its questions of whoever holds it and shows no one.
    "survey-link",
}


def sign_in_machinery(pattern: URLPattern) -> bool:
    """django-allauth's own pages (second factors, passkeys, an identity provider's callback)
    and those of its pages Lotsa answers 404: they show the signed-in person's own sign-in
    methods, nothing of a participant."""
    callback = pattern.callback
    return (
        callback.__module__.startswith("allauth.")
        or callback is not_offered
        or getattr(callback, "view_class", None) is RedirectView
    )


def routes(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif (
            isinstance(pattern, URLPattern)
            and pattern.name not in NOT_READS
            and not sign_in_machinery(pattern)
        ):
            yield prefix + str(pattern.pattern), str(pattern.name)


def _amia_case() -> Enrolment:
    return (
        Enrolment.objects.filter(pk__in=TimeReport.objects.values("enrolment_id"))
        .filter(pk__in=FinalDocument.objects.values("enrolment_id"))
        .order_by("pk")
        .first()
    )


def first_pk(*choices: Any) -> int:
    """The first record's id from the first of the querysets that has one (0 if none has)."""
    for records in choices:
        found = records.order_by("pk").values_list("pk", flat=True).first()
        if found is not None:
            return found
    return 0


def jom_course_parameters() -> dict[str, int]:
    course = Course.objects.order_by("pk").first()
    assert course is not None
    return {
        "course_id": course.pk,
        "session_plan_id": first_pk(
            SessionPlan.objects.filter(session__cohort_id=course.cohort_id)
        ),
        "contract_id": first_pk(ProviderContract.objects),
        "target_group_id": first_pk(TargetGroup.objects),
        "assessment_id": first_pk(AdmissionAssessment.objects),
        "jom_cohort_id": first_pk(
            Cohort.objects.filter(programme_code="jom", course__isnull=True), Cohort.objects
        ),
    }


def parameter_sets() -> list[dict[str, Any]]:
    """Values for the routes' parameters, each set about one case and what hangs off it."""
    # An IPS case with a job, so that the job and follow-along routes have one to open.
    ips = Enrolment.objects.filter(programme_model="ips", jobs__isnull=False).order_by("pk").first()
    amia = _amia_case()
    cohort = Cohort.objects.filter(sessions__isnull=False).order_by("pk").first()
    review = FidelityReview.objects.order_by("pk").first()
    course = jom_course_parameters()
    common = {
        "employer_id": Employer.objects.order_by("pk").first().pk,
        "review_id": review.pk,
        "action_id": ImprovementAction.objects.order_by("pk").first().pk,
        "improvement_id": first_pk(Improvement.objects),
        "item_number": 1,
        "code": "ips",
        "programme_code": "ips",
        "organisation_id": Organisation.objects.order_by("pk").first().pk,
        "user_id": User.objects.get(username="coach.asunda").pk,
        "membership_id": Membership.objects.order_by("pk").first().pk,
        "token_id": ApiToken.objects.order_by("pk").first().pk,
        "referral_id": Referral.objects.order_by("pk").first().pk,
        "report_id": first_pk(StaffTimeReport.objects),
        "cohort_id": cohort.pk,
        "session_id": cohort.sessions.order_by("pk").first().pk,
        "rule_id": first_pk(RetentionRule.objects),
        "provider_id": first_pk(IdentityProvider.objects),
        # A participant's own space: the demo participants' records, consents and messages.
        "record_id": first_pk(Participant.objects.filter(accounts__isnull=False)),
        "own_consent_id": first_pk(Consent.objects.filter(participant__accounts__isnull=False)),
        "message_id": first_pk(Message.objects),
        "survey_id_pk": first_pk(SurveyId.objects),
        "round_id": first_pk(SurveyRound.objects),
        "finding_id": first_pk(Finding.objects),
        "behaviour_id": first_pk(TargetBehaviour.objects),
        "report_back_id": first_pk(ReportBack.objects),
        "analysis_id": first_pk(WorkAnalysis.objects),
        "task_id": WorkAnalysis.objects.order_by("pk").values_list("task_id", flat=True).first(),
        # The demo's JOM course, its timetable, contract, target group and admissions, and a
        # JOM cohort not yet run as a course.
        **course,
        # A work unit's daily work: its workday, schedule, incidents and compensation basis.
        "work_unit_id": first_pk(WorkUnit.objects.filter(cohort__isnull=False)),
        "incident_id": first_pk(Incident.objects),
        "entry_id": first_pk(ScheduleEntry.objects),
        # A work unit's business plan with its first heading and activity, and an offer.
        "plan_id": first_pk(BusinessPlan.objects),
        "section_id": first_pk(PlanSection.objects.filter(plan_id=first_pk(BusinessPlan.objects))),
        "activity_id": first_pk(
            PlanActivity.objects.filter(plan_id=first_pk(BusinessPlan.objects))
        ),
        "goal_id": first_pk(PlanGoal.objects.filter(plan_id=first_pk(BusinessPlan.objects))),
        "offer_id": first_pk(ActivityOffer.objects),
        # A unit's team practice: a treatment team with an attachment, meetings, supervision.
        "team_id": first_pk(TreatmentTeam.objects),
        "attachment_id": first_pk(TeamAttachment.objects),
        "team_meeting_id": first_pk(TeamMeeting.objects),
        "unit_meeting_id": first_pk(UnitMeeting.objects),
        "supervision_id": first_pk(SupervisionEntry.objects),
        "year": timezone.localdate().year,
        # The IPS unit's programme cost and its organisation's copy of a parameter set.
        "cost_id": first_pk(UnitProgrammeCost.objects.filter(unit_id=ips.unit_id)),
        "copy_id": first_pk(ParameterSetCopy.objects.filter(organisation__units=ips.unit_id)),
    }
    # One name, one kind of record: a later key of the same name would send a route another
    # record's id, which only matches by chance where ids happen to agree.
    assert {key: common[key] for key in course} == course
    sets = []
    # The participant's survey page opens only a wave due now: an AMiA case with one, for the
    # survey routes alone.
    surveyed = next(
        e
        for e in Enrolment.objects.filter(programme_model="amia").order_by("pk")
        if _first_open_wave(e)
    )
    work_training = WorkAnalysis.objects.order_by("pk").first().enrolment
    # A JOM case with an internship, for the agreement and internship routes.
    interning = Enrolment.objects.filter(internships__isnull=False).order_by("pk").first()
    assert interning is not None
    for enrolment in (
        ips,
        amia,
        cohort.members.order_by("pk").first().enrolment,
        surveyed,
        work_training,
        interning,
    ):
        report = TimeReport.objects.filter(enrolment=enrolment).order_by("pk").first()
        open_wave = _first_open_wave(enrolment)
        sets.append(
            {
                **common,
                "instrument": open_wave.instrument if open_wave else "amia_participant",
                "wave": open_wave.wave if open_wave else "t1",
                "enrolment_id": enrolment.pk,
                "participant_id": enrolment.participant_id,
                "staff_id": Membership.objects.filter(
                    unit_id=enrolment.unit_id, role__in=("coach", "supervisor")
                )
                .order_by("pk")
                .values_list("user_id", flat=True)
                .first(),
                "consent_id": first_pk(enrolment.participant.consents),
                "unit_id": enrolment.unit_id,
                "revision_id": first_pk(PlanRevision.objects.filter(enrolment=enrolment)),
                "job_id": first_pk(Job.objects.filter(enrolment=enrolment), Job.objects),
                "month": (report.month if report else datetime.date(2026, 1, 1)).strftime("%Y-%m"),
                "meeting_id": first_pk(
                    Meeting.objects.filter(contact__enrolment=enrolment), Meeting.objects
                ),
                "document_id": first_pk(
                    FinalDocument.objects.filter(enrolment=enrolment), FinalDocument.objects
                ),
                "agreement_id": first_pk(
                    InternshipAgreement.objects.filter(enrolment=enrolment),
                    InternshipAgreement.objects,
                ),
                "internship_id": first_pk(
                    Internship.objects.filter(enrolment=enrolment), Internship.objects
                ),
                ONLY_FOR: SURVEY_ROUTES if enrolment is surveyed else "",
            }
        )
    return sets


def _first_open_wave(enrolment: Enrolment) -> SurveyWave | None:
    """The first survey wave the case's participant may answer now (their survey page's route)."""
    read = list(with_deadline_facts(Enrolment.objects.filter(pk=enrolment.pk)))
    found = open_waves(read, timezone.localdate())
    return found[0].wave if found else None


def fill(route: str, values: dict[str, Any]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1).split(":")[-1]
        assert name in values, f"the test has no value for <{name}> in {route}"
        return str(values[name])

    return "/" + re.sub(r"<([^>]+)>", value, route) + QUERIES.get(route, "").format(**values)


def participants_shown(content: str, people: list[Participant]) -> set[int]:
    """The people whose name or identity number the answer shows. A name the demo happens to
    give a member of staff as well cannot tell which of them is shown, so only the number counts
    for those."""
    staff_names = {
        f"{first} {last}" for first, last in User.objects.values_list("first_name", "last_name")
    }
    return {
        person.pk
        for person in people
        if (person.display_name in content and person.display_name not in staff_names)
        or (person.identity_number and person.identity_display in content)
    }


def is_text(response: Any) -> bool:
    kind = response.get("Content-Type", "")
    return kind.startswith(("text/", "application/json"))


def body(response: Any) -> str:
    """The answer's text, with JSON's escaped letters (å, ø) written out as a page has them."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(json.loads(raw), ensure_ascii=False)
    return raw.decode()


def participants_named(entries: list[AuditEntry]) -> set[int]:
    named = {entry.participant_id for entry in entries if entry.participant_id}
    for entry in entries:
        named.update(entry.changes.get("participants", ()))
    return named


class Staff:
    """Signed-in browsers and API clients, made once per person as they are first needed."""

    def __init__(self) -> None:
        self.clients: dict[tuple[str, bool], Client] = {}

    def client(self, user: User, api: bool) -> Client:
        if (user.username, api) not in self.clients:
            if api:
                _token, key = create_api_token(actor=user, name="reads")
                client = Client(headers={"authorization": f"Bearer {key}"})
            else:
                client = Client()
                client.force_login(user)
            self.clients[user.username, api] = client
        return self.clients[user.username, api]

    @staticmethod
    def candidates(unit_id: int) -> list[User]:
        """The unit's own staff first, then the roles above units, then everyone else."""
        members = User.objects.filter(memberships__unit_id=unit_id).order_by("memberships__role")
        listed = [*members, *(User.objects.get(username=name) for name in STAFF)]
        return [*dict.fromkeys(listed), *User.objects.exclude(pk__in=[u.pk for u in listed])]


def open_as_someone(
    path: str, staff: Staff, candidates: list[User]
) -> tuple[str, Any, list[AuditEntry]] | str:
    """The first staff member's answer that is not a refusal, with the entries it wrote; or
    why there is none: "not a read" (the route takes no GET) or "refused"."""
    api = path.startswith("/api/")
    for user in candidates:
        last = AuditEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first()
        response = staff.client(user, api).get(path)
        if response.status_code == 405:
            return "not a read"
        if response.status_code == 200:
            return user.username, response, list(AuditEntry.objects.filter(sequence__gt=last or 0))
    return "refused"


@pytest.fixture
def demo() -> list[Participant]:
    # The demo's surveys give the survey routes their IDs, rounds and findings.
    DemoBuilder(participants=12, anonymous=1, amia_cases_per_stage=1).build()
    create_api_token(actor=User.objects.get(username="admin"), name="integration")
    _socioeconomic_records(User.objects.get(username="admin"))
    # Someone signed in to their own space, whose account reaches every case the routes are
    # filled from: the pages of the participant's space are read as them.
    ParticipantAccountFactory(
        participants=list(Participant.objects.filter(enrolments__isnull=False).distinct())
    )
    # Survey IDs for the AMiA cases, so that a survey of theirs is due to be answered.
    coordinator = User.objects.filter(memberships__role="coordinator").first() or User.objects.get(
        username="admin"
    )
    for enrolment in Enrolment.objects.filter(programme_model="amia").order_by("pk"):
        if not SurveyKey.objects.filter(
            participant_id=enrolment.participant_id, programme="amia"
        ).exists():
            SurveyKey.objects.create(
                survey_id=SurveyId.objects.create(
                    code=new_survey_code(),
                    unit_id=enrolment.unit_id,
                    programme="amia",
                    issued_on=enrolment.referral_date,
                ),
                participant_id=enrolment.participant_id,
                programme="amia",
                issued_by=coordinator,
            )
    demo_team_practice(Enrolment.objects.filter(programme_model="ips").order_by("pk").first())
    # One of them has not handed in the survey at the start yet, so it is theirs to answer.
    waiting = (
        Enrolment.objects.filter(programme_model="amia", status="active").order_by("pk").first()
    )
    assert waiting is not None
    ChecklistEntry.objects.filter(item_code="survey_t1", enrolment=waiting).delete()
    Response.objects.filter(
        wave="t1", survey_id__key__participant_id=waiting.participant_id
    ).delete()
    return list(Participant.objects.all())


def _socioeconomic_records(saved_by: User) -> None:
    """A programme cost and a copy of a parameter set for the unit of the demo's first IPS
    case, for the socioeconomic pages to open."""
    unit_id = (
        Enrolment.objects.filter(programme_model="ips", jobs__isnull=False)
        .order_by("pk")
        .values_list("unit_id", flat=True)
        .first()
    )
    unit = Organisation.objects.get(units=unit_id)
    UnitProgrammeCost.objects.create(
        unit_id=unit_id,
        year=2025,
        version=1,
        basis="per_participant",
        cost_per_participant=90000,
        currency="SEK",
        split={"kommun": "1"},
        saved_by=saved_by,
    )
    shipped = shipped_parameter_sets().default_for(unit.country)
    assert shipped is not None
    copy = ParameterSetCopy.objects.create(
        organisation=unit, name="Demo", based_on=shipped.id, based_on_version=1, created_by=saved_by
    )
    ParameterSetCopyVersion.objects.create(
        copy=copy,
        version=1,
        values={key: str(value) for key, value in values_of(shipped).items()},
        saved_by=saved_by,
    )


def test_every_read_of_a_person_names_that_person_in_the_audit_trail(demo) -> None:
    staff = Staff()
    sets = [(values, Staff.candidates(values["unit_id"])) for values in parameter_sets()]
    unaudited, unopened = [], []
    opened = 0
    for route, _name in routes(get_resolver().url_patterns):
        outcomes = []
        for values, candidates in sets if "<" in route else sets[:1]:
            if not route.startswith(values[ONLY_FOR]):
                continue
            found = open_as_someone(fill(route, values), staff, candidates)
            outcomes.append(found)
            if isinstance(found, str):
                continue
            username, response, entries = found
            opened += 1
            if not is_text(response):
                # PDF and spreadsheet downloads are read whole: one of them is never unlogged.
                if not entries:
                    unaudited.append(f"{route} as {username}: a download with no entry")
                continue
            shown = participants_shown(body(response), demo)
            missing = shown - participants_named(entries)
            if missing:
                unaudited.append(f"{route} as {username}: participants {sorted(missing)}")
        if all(outcome == "refused" for outcome in outcomes):
            unopened.append(route)
    assert not unopened, f"no one could open: {unopened}"
    assert opened > 80
    assert not unaudited, "\n".join(unaudited)
