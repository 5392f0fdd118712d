"""The register extract: who may produce it, what it holds, that it is logged, and what it costs."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lotsa import access
from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.casework.models import (
    Contact,
    Meeting,
    MeetingAttendee,
    MeetingReflection,
    PlanItem,
    PlanRevision,
    SubGoal,
)
from lotsa.cohorts.models import Attendance, Cohort, CohortMember, Session
from lotsa.documents.models import DocumentApproval, FinalDocument
from lotsa.employment.models import (
    BenefitsCounselling,
    Employer,
    EmployerContact,
    Job,
    VocationalProfile,
)
from lotsa.pathways.models import Enrolment, EnrolmentEvent, Milestone
from lotsa.people.models import Consent, ConsentKind, Participant
from lotsa.referrals.models import ExitHandover
from lotsa.testing.factories import EnrolmentFactory, ReferralFactory
from lotsa.testing.personas import Personas
from lotsa.testing.queries import statements
from lotsa.timereports.models import TimeReport, TimeReportWeek

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 6, 2)


def extract_url(participant: Participant, suffix: str = "") -> str:
    return f"/register-extracts/{participant.pk}/{suffix}"


def records_of(enrolment: Enrolment, staff: Any, marker: str, serial: int) -> None:
    """One record of every kind the extract holds, each naming ``marker``."""
    EnrolmentEvent.objects.create(
        enrolment=enrolment, kind="phase_changed", occurred_on=DAY, note=f"{marker} event"
    )
    Milestone.objects.create(enrolment=enrolment, code=f"{marker}_milestone", occurred_on=DAY)
    contact = Contact.objects.create(
        enrolment=enrolment,
        occurred_at=timezone.now(),
        occurred_on=DAY,
        mode="face_to_face",
        place="community",
        note=f"{marker} contact note",
        staff=staff,
    )
    meeting = Meeting.objects.create(
        contact=contact, meeting_type="three_party", agreed=f"{marker} agreed"
    )
    MeetingAttendee.objects.create(meeting=meeting, party="employer", name=f"{marker} attendee")
    MeetingReflection.objects.create(meeting=meeting, staff=staff, text=f"{marker} reflection")
    plan = PlanRevision.objects.create(
        enrolment=enrolment, number=serial, long_term_goal=f"{marker} goal", created_by=staff
    )
    SubGoal.objects.create(revision=plan, text=f"{marker} sub-goal")
    PlanItem.objects.create(revision=plan, activity=f"{marker} activity")
    employer = Employer.objects.create(
        name=f"{marker} employer AB",
        country="SE",
        organisation_number=f"55{serial:08d}",
        sector="private",
    )
    Job.objects.create(
        enrolment=enrolment,
        employer=employer,
        title=f"{marker} job",
        occupation_code="5120",
        starts_on=DAY,
        hours_per_week=Decimal("20.0"),
        hourly_wage=Decimal("150.00"),
        currency="SEK",
        form="competitive",
    )
    VocationalProfile.objects.create(
        enrolment=enrolment,
        version=serial,
        written_on=DAY,
        strengths=f"{marker} strengths",
        created_by=staff,
    )
    BenefitsCounselling.objects.create(
        enrolment=enrolment, offered_on=DAY, provider="coach", topics=f"{marker} topics",
        recorded_by=staff,
    )  # fmt: skip
    development = EmployerContact.objects.create(
        employer=employer,
        staff=staff,
        unit=enrolment.unit,
        occurred_on=DAY,
        purpose="job_match",
        outcome=f"{marker} employer contact",
    )
    development.enrolments.add(enrolment)
    document = FinalDocument.objects.create(
        enrolment=enrolment,
        version=serial,
        joint_planning=f"{marker} planning",
        activities="Arbetsträning.",
        prerequisites="yes",
        assessment="Bedömning.",
        written_by=staff,
    )
    DocumentApproval.objects.create(document=document, agency="municipality", approved_by=staff,
                                    approved_on=DAY)  # fmt: skip
    report = TimeReport.objects.create(
        enrolment=enrolment, month=datetime.date(2025, serial, 1), note=f"{marker} time report",
        entered_by=staff,
    )  # fmt: skip
    TimeReportWeek.objects.create(
        report=report,
        starts_on=DAY,
        ends_on=DAY + datetime.timedelta(days=6),
        planned_hours=Decimal("10.0"),
        actual_hours=Decimal("8.0"),
    )
    cohort = Cohort.objects.create(
        unit=enrolment.unit, programme_code="ips", name=f"{marker} cohort", starts_on=DAY
    )
    CohortMember.objects.create(cohort=cohort, enrolment=enrolment, joined_on=DAY)
    session = Session.objects.create(cohort=cohort, starts_at=timezone.now(), topic="Start")
    Attendance.objects.create(
        session=session, enrolment=enrolment, status="present", note=f"{marker} attendance",
        recorded_by=staff,
    )  # fmt: skip


@pytest.fixture
def recorded(personas: Personas) -> Enrolment:
    """The own participant's case at unit A with one record of every kind, a withdrawn consent,
    a referral and a handover; the same for a colleague's participant, and a consent the own
    participant gave elsewhere."""
    own = Enrolment.objects.get(participant=personas.own)
    records_of(own, personas.coach_a, "Own", 1)
    records_of(
        Enrolment.objects.get(participant=personas.same_unit), personas.colleague_a, "Other", 2
    )
    Consent.objects.create(
        participant=personas.own,
        kind=ConsentKind.STATISTICS,
        given_to=personas.municipality,
        given_on=DAY,
        withdrawn_on=DAY + datetime.timedelta(days=3),
        withdrawal_reason="Own changed their mind",
        recorded_by=personas.coach_a,
    )
    Consent.objects.create(
        participant=personas.own,
        kind=ConsentKind.SURVEY,
        given_to=personas.fk,
        scope="Given elsewhere",
        given_on=DAY,
        recorded_by=personas.fk_caseworker,
    )
    ReferralFactory(
        from_unit=personas.unit_a,
        referred_by=personas.coach_a,
        to_unit=personas.joint_team,
        programme_model="amia",
        participant=personas.own,
        stated_needs="Own needs support",
        requested_service="AMiA",
        consent_given_on=DAY,
        sent_on=DAY,
    )
    ExitHandover.objects.create(
        enrolment=own,
        to_organisation=personas.fk,
        to_caseworker="Handläggare",
        handed_over_on=DAY,
        summary="Own handover",
        recorded_by=personas.coach_a,
    )
    access.get_participant_for(personas.coach_a, personas.own.pk, access.Action.VIEW_PARTICIPANT)
    access.get_participant_for(
        personas.colleague_a, personas.same_unit.pk, access.Action.VIEW_PARTICIPANT
    )
    return own


def extract_json(client: Any, participant: Participant) -> dict[str, Any]:
    response = client.get(extract_url(participant, "extract.json"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return json.loads(response.content)


def test_the_json_holds_every_part_of_the_persons_record_and_nothing_of_anyone_else(
    personas: Personas, recorded: Enrolment, client_for: Any
) -> None:
    extract = extract_json(client_for(personas.records_officer), personas.own)
    text = json.dumps(extract, ensure_ascii=False)
    assert "Other" not in text
    assert personas.same_unit.last_name not in text
    person = extract["participant"]
    assert person["last_name"] == personas.own.last_name
    assert person["identity_number"] == personas.own.identity_number
    assert extract["extract"]["organisations"] == ["Testby kommun"]
    statistics = next(c for c in extract["consents"] if c["kind"] == "statistics")
    assert statistics["withdrawn_on"] == "2025-06-05"
    assert statistics["withdrawal_reason"] == "Own changed their mind"
    assert "Given elsewhere" not in text  # a consent the organisation is no party to
    [enrolment] = extract["enrolments"]
    assert enrolment["id"] == recorded.pk
    assert enrolment["unit"] == "IPS Testby"
    assert enrolment["start_date"] == recorded.start_date.isoformat()
    assert [e["note"] for e in enrolment["events"]] == ["Own event"]
    assert enrolment["milestones"][0]["code"] == "Own_milestone"
    [contact] = enrolment["contacts"]
    assert contact["note"] == "Own contact note"
    assert contact["meeting"]["agreed"] == "Own agreed"
    assert contact["meeting"]["attendees"][0]["name"] == "Own attendee"
    assert contact["meeting"]["reflections"][0]["text"] == "Own reflection"
    assert enrolment["plans"][0]["long_term_goal"] == "Own goal"
    assert enrolment["plans"][0]["sub_goals"] == ["Own sub-goal"]
    assert enrolment["plans"][0]["items"][0]["activity"] == "Own activity"
    assert enrolment["jobs"][0]["employer"] == "Own employer AB"
    assert enrolment["jobs"][0]["hourly_wage"] == "150.00"
    assert enrolment["vocational_profiles"][0]["strengths"] == "Own strengths"
    assert enrolment["benefits_counselling"][0]["topics"] == "Own topics"
    assert enrolment["employer_contacts"][0]["outcome"] == "Own employer contact"
    assert enrolment["final_documents"][0]["joint_planning"] == "Own planning"
    assert enrolment["final_documents"][0]["approvals"][0]["agency"] == "municipality"
    assert enrolment["time_reports"][0]["note"] == "Own time report"
    assert enrolment["time_reports"][0]["weeks"][0]["actual_hours"] == "8.0"
    assert enrolment["cohorts"][0]["cohort"] == "Own cohort"
    assert enrolment["cohorts"][0]["attendance"][0]["note"] == "Own attendance"
    assert enrolment["exit_handover"][0]["summary"] == "Own handover"
    [referral] = extract["referrals"]
    assert (referral["stated_needs"], referral["to_organisation"]) == (
        "Own needs support",
        "Försäkringskassan",
    )
    opened = [e for e in extract["audit_trail"] if e["event"] == "participant.view"]
    assert [(e["staff"], e["units"]) for e in opened] == [
        (personas.coach_a.get_full_name(), ["IPS Testby"])
    ]


def test_producing_an_extract_is_logged_with_its_format(
    personas: Personas, recorded: Enrolment, client_for: Any, api_for: Any
) -> None:
    client = client_for(personas.records_officer)
    assert client.get(extract_url(personas.own)).status_code == 200
    extract_json(client, personas.own)
    assert client.get(extract_url(personas.own, "extract.pdf")).status_code == 200
    assert (
        api_for(personas.records_officer)
        .get(f"/api/participants/{personas.own.pk}/extract")
        .status_code
        == 200
    )
    entries = AuditEntry.objects.filter(
        event=AuditEvent.PARTICIPANT_EXTRACTED, actor=personas.records_officer
    ).order_by("sequence")
    assert [(e.participant_id, e.changes) for e in entries] == [
        (personas.own.pk, {"format": form}) for form in ("html", "json", "pdf", "json")
    ]
    # The next extract shows the earlier ones: the records officer is a recipient too.
    trail = extract_json(client, personas.own)["audit_trail"]
    assert [e["event"] for e in trail].count("participant.extract") == 4


def test_the_pdf_is_a_pdf_with_the_persons_name_and_translated_headings(
    personas: Personas, recorded: Enrolment, client_for: Any
) -> None:
    client = client_for(personas.records_officer)
    client.cookies["django_language"] = "sv"
    page = client.get(extract_url(personas.own), HTTP_ACCEPT_LANGUAGE="sv")
    content = page.content.decode()
    assert personas.own.last_name in content
    assert "Own contact note" in content
    response = client.get(extract_url(personas.own, "extract.pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert personas.own.last_name in text
    assert "Own contact note" in text


def test_an_anonymous_participant_is_found_by_code_name_and_extracted_without_identity(
    personas: Personas, client_for: Any
) -> None:
    anonymous = Participant.objects.create(
        code_name="ANON-7", is_anonymous=True, identity_number=None, birth_year=1990
    )
    EnrolmentFactory.create(participant=anonymous, unit=personas.unit_a)
    client = client_for(personas.records_officer)
    found = client.get("/register-extracts/", {"q": "anon-7"})
    assert list(found.context["found"]) == [anonymous]
    extract = extract_json(client, anonymous)
    person = extract["participant"]
    assert person["code_name"] == "ANON-7" and person["is_anonymous"] is True
    assert person["identity_number"] is None and person["last_name"] == ""
    assert len(extract["enrolments"]) == 1


def test_the_search_finds_by_identity_number_in_any_form_only_in_the_own_organisation(
    personas: Personas, client_for: Any
) -> None:
    client = client_for(personas.records_officer)
    number = personas.own.identity_number
    for written in (number, f"{number[:8]}-{number[8:]}", f"{number[2:8]}-{number[8:]}"):
        found = client.get("/register-extracts/", {"q": written})
        assert list(found.context["found"]) == [personas.own], written
    elsewhere = client.get("/register-extracts/", {"q": personas.other_unit.identity_number})
    assert list(elsewhere.context["found"]) == []
    assert personas.other_unit.last_name not in elsewhere.content.decode()
    searches = AuditEntry.objects.filter(
        event=AuditEvent.PARTICIPANTS_LISTED, actor=personas.records_officer
    ).order_by("sequence")
    assert [e.changes for e in searches] == [
        {"purpose": "extract", "participants": [personas.own.pk]}
    ] * 3 + [{"purpose": "extract", "participants": []}]
    assert all(number not in json.dumps(e.changes) for e in searches)


def test_a_number_that_cannot_be_an_identity_number_is_refused_with_a_reason(
    personas: Personas, client_for: Any
) -> None:
    response = client_for(personas.records_officer).get(
        "/register-extracts/", {"q": "19900101-1235"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["q"]


EXTRACT_PAGES = ("", "extract.json", "extract.pdf")


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coach_a", 403),
        ("team_leader_a", 403),
        ("manager_a", 403),
        ("analyst", 403),
        ("administrator", 403),
        ("reviewer", 403),
    ],
)
def test_other_roles_may_not_use_the_pages(
    personas: Personas, client_for: Any, api_for: Any, persona: str, status: int
) -> None:
    user = getattr(personas, persona)
    client = client_for(user)
    assert client.get("/register-extracts/").status_code == status
    for suffix in EXTRACT_PAGES:
        assert client.get(extract_url(personas.own, suffix)).status_code == status
    api = api_for(user).get(f"/api/participants/{personas.own.pk}/extract")
    assert api.status_code == status
    assert not AuditEntry.objects.filter(event=AuditEvent.PARTICIPANT_EXTRACTED).exists()


def test_a_person_of_another_organisation_or_of_none_is_not_found(
    personas: Personas, client_for: Any, api_for: Any
) -> None:
    client = client_for(personas.records_officer)
    api = api_for(personas.records_officer)
    for stranger in (personas.other_unit, personas.joint, personas.unenrolled):
        for suffix in EXTRACT_PAGES:
            assert client.get(extract_url(stranger, suffix)).status_code == 404
        assert api.get(f"/api/participants/{stranger.pk}/extract").status_code == 404
        refused = AuditEntry.objects.filter(
            event=AuditEvent.ACCESS_DENIED,
            actor=personas.records_officer,
            participant_id=stranger.pk,
        )
        assert refused.count() == 4
    assert client.get("/register-extracts/999999/").status_code == 404
    assert not AuditEntry.objects.filter(event=AuditEvent.PARTICIPANT_EXTRACTED).exists()


def test_a_records_officer_opens_no_case_or_participant_page(
    personas: Personas, client_for: Any
) -> None:
    client = client_for(personas.records_officer)
    assert client.get(f"/participants/{personas.own.pk}/").status_code == 404
    assert (
        client.get(f"/cases/{Enrolment.objects.get(participant=personas.own).pk}/").status_code
        == 404
    )
    assert client.get("/participants/").status_code == 403


def test_the_navigation_leads_records_officers_to_the_search(
    personas: Personas, client_for: Any
) -> None:
    assert (
        'href="/register-extracts/"'
        in client_for(personas.records_officer).get("/").content.decode()
    )
    assert (
        'href="/register-extracts/"' not in client_for(personas.coach_a).get("/").content.decode()
    )


def _extract_statements(client: Any, participant: Participant) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(extract_url(participant, "extract.json"))
    assert response.status_code == 200
    return statements(captured)


def test_the_extract_costs_the_same_queries_however_much_is_recorded(
    personas: Personas, recorded: Enrolment, client_for: Any
) -> None:
    client = client_for(personas.records_officer)
    before = _extract_statements(client, personas.own)
    second = EnrolmentFactory.create(
        participant=personas.own, unit=personas.unit_a, programme_model="knut_pv",
        phase="visit", responsible_staff=personas.colleague_a,
    )  # fmt: skip
    records_of(second, personas.colleague_a, "Again", 3)
    records_of(recorded, personas.coach_a, "More", 4)
    for _ in range(3):
        access.get_participant_for(
            personas.colleague_a, personas.own.pk, access.Action.VIEW_PARTICIPANT
        )
    # Two of them read a JOM course's admission interviews and development notes.
    assert _extract_statements(client, personas.own) == before == 55
