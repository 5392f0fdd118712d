"""The internship pages: who may open and post them (403 for a role, 404 for another unit's
record, both logged), field errors with 400, and query counts that do not grow with the
records; the Today items of internships in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.casework.queries import today_for
from lotsa.cohorts.models import AttendanceStatus, CohortMember
from lotsa.jom.models import Internship, InternshipAgreement
from lotsa.jom.services import aftercare
from lotsa.jom.services import internship as services
from lotsa.jom.tests.conftest import InternshipCase
from lotsa.jom.tests.test_internship_records import details
from lotsa.testing.clock import TODAY
from lotsa.testing.factories import EnrolmentFactory
from lotsa.testing.queries import page_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

WEEK = datetime.timedelta(weeks=1)


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def fill(case: InternshipCase, count: int, *, start: int = 0) -> None:
    """``count`` of each kind of record on the case (numbered on from ``start``)."""
    for number in range(start, start + count):
        agreement = case.agreement(
            text=services.AgreementText(purpose=f"Purpose {number}", support_needs="Breaks")
        )
        services.record_agreement_signature(
            actor=case.team.project_leader, agreement=agreement, signer="jobcentre", day=TODAY
        )
        internship = services.save_internship(
            actor=case.team.company_consultant,
            enrolment=case.enrolment,
            details=details(case, agreement=agreement),
        )
        services.record_internship_follow_up(
            actor=case.team.company_consultant,
            internship=internship,
            occurred_on=TODAY,
            mode="visit",
            with_company=True,
        )
        services.record_internship_attendance(
            actor=case.team.company_consultant,
            internship=internship,
            day=TODAY - datetime.timedelta(days=number),
            status=AttendanceStatus.PRESENT,
        )
        services.save_mentor_support(
            actor=case.team.mentor,
            enrolment=case.enrolment,
            assessed_on=TODAY,
            need="some",
            support_kinds=["getting_up"],
            mentor=case.team.mentor,
            provider_type="partner",
        )
        services.save_transport_support(
            actor=case.team.caseworker,
            enrolment=case.enrolment,
            decided_on=TODAY,
            costs_covered=False,
            pass_kind="none",
        )
        aftercare.set_aftercare_level(
            actor=case.team.caseworker,
            enrolment=case.enrolment,
            level=1 + number % 3,
            starts_on=TODAY,
            reason=f"Reason {number}",
        )
        aftercare.record_aftercare_meeting(
            actor=case.team.caseworker,
            cohort=case.course.cohort,
            held_on=TODAY,
            attendees=[case.enrolment],
        )


def test_the_internship_page_shows_the_records_in_a_fixed_number_of_queries(
    internship_case: InternshipCase, client_for: Callable[..., Client]
) -> None:
    case = internship_case
    fill(case, 1)
    client = english(client_for(case.team.company_consultant))
    url = reverse("jom:case-internship", args=[case.enrolment.pk])
    html = client.get(url).content.decode()
    assert "Lager Testrup ApS" in html and "Reason 0" in html
    assert reverse("jom:agreement-edit", args=[case.enrolment.pk]) in html
    one = page_queries(client, url)

    fill(case, 3, start=1)

    assert page_queries(client, url) == one
    meetings = reverse("jom:aftercare-meetings", args=[case.course.cohort.pk])
    before = page_queries(client, meetings)
    aftercare.record_aftercare_meeting(
        actor=case.team.caseworker,
        cohort=case.course.cohort,
        held_on=TODAY,
        attendees=[case.enrolment],
    )
    assert page_queries(client, meetings) == before


def test_the_case_page_links_to_the_internship(
    internship_case: InternshipCase, client_for: Callable[..., Client]
) -> None:
    client = english(client_for(internship_case.team.caseworker))
    html = client.get(reverse("pathways:case", args=[internship_case.enrolment.pk])).content
    assert reverse("jom:case-internship", args=[internship_case.enrolment.pk]) in html.decode()


def test_the_agreement_page_and_brief_cost_the_same_however_many_versions(
    internship_case: InternshipCase, client_for: Callable[..., Client]
) -> None:
    case = internship_case
    client = english(client_for(case.team.company_consultant))

    def pages(agreement: InternshipAgreement) -> list[str]:
        return [
            reverse("jom:agreement", args=[agreement.pk]),
            reverse("jom:company-brief", args=[agreement.pk]),
        ]

    counts = [page_queries(client, url) for url in pages(case.agreement())]
    fill(case, 3)
    latest = case.agreement()
    assert latest.version == 4
    assert [page_queries(client, url) for url in pages(latest)] == counts
    opened = AuditEntry.objects.filter(event=AuditEvent.AGREEMENT_VIEWED.value)
    assert {e.participant_id for e in opened} == {case.enrolment.participant_id}


WRITE_PAGES = [
    ("jom:agreement-edit", "enrolment"),
    ("jom:readiness", "enrolment"),
    ("jom:internship-new", "enrolment"),
    ("jom:mentor", "enrolment"),
    ("jom:transport", "enrolment"),
    ("jom:aftercare-level", "enrolment"),
    ("jom:education", "enrolment"),
    ("jom:follow-up", "internship"),
    ("jom:internship-attendance", "internship"),
    ("jom:internship-edit", "internship"),
]


def _url(case: InternshipCase, name: str, of: str, internship: Internship) -> str:
    return reverse(name, args=[case.enrolment.pk if of == "enrolment" else internship.pk])


@pytest.mark.parametrize(("name", "of"), WRITE_PAGES)
def test_write_pages_answer_staff_refuse_a_manager_and_other_units(
    internship_case: InternshipCase,
    client_for: Callable[..., Client],
    personas,
    name: str,
    of: str,
) -> None:
    case = internship_case
    internship = services.save_internship(
        actor=case.team.company_consultant, enrolment=case.enrolment, details=details(case)
    )
    url = _url(case, name, of, internship)

    assert client_for(case.team.project_leader).get(url).status_code == 200
    assert client_for(case.team.manager).get(url).status_code == 403
    assert client_for(case.team.manager).post(url, {}).status_code == 403
    assert client_for(personas.coach_a).get(url).status_code == 404
    refusals = AuditEntry.objects.filter(event=AuditEvent.ACCESS_DENIED.value)
    assert {e.actor_id for e in refusals} == {case.team.manager.pk, personas.coach_a.pk}


def test_a_task_of_another_party_is_403_on_its_page(
    internship_case: InternshipCase, client_for: Callable[..., Client]
) -> None:
    url = reverse("jom:agreement-edit", args=[internship_case.enrolment.pk])
    assert client_for(internship_case.team.teacher).get(url).status_code == 403
    refusal = AuditEntry.objects.get(event=AuditEvent.ACCESS_DENIED.value)
    assert refusal.changes == {"action": "course.internship_agreements"}


def test_a_case_in_no_course_is_the_jobcentres(
    internship_case: InternshipCase, client_for: Callable[..., Client]
) -> None:
    case = internship_case
    CohortMember.objects.filter(enrolment=case.enrolment).update(left_on=TODAY)
    url = reverse("jom:agreement-edit", args=[case.enrolment.pk])

    assert client_for(case.team.caseworker).get(url).status_code == 200
    assert client_for(case.team.teacher).get(url).status_code == 403
    page = english(client_for(case.team.caseworker)).get(
        reverse("jom:case-internship", args=[case.enrolment.pk])
    )
    assert "Not in a course: the jobcentre" in page.content.decode()


def test_bad_input_is_a_field_error_with_400(
    internship_case: InternshipCase, client_for: Callable[..., Client]
) -> None:
    case = internship_case
    client = english(client_for(case.team.company_consultant))
    response = client.post(
        reverse("jom:internship-new", args=[case.enrolment.pk]),
        {
            "employer": case.employer.pk,
            "company_consultant": case.team.company_consultant.pk,
            "kind": "taster",
            "weekly_hours": "10",
            "planned_start_on": TODAY.isoformat(),
            "postponed_weeks": "0",
            "weeks": "12",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["taster_days"] == ["Give the number of taster days."]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Internship.objects.exists()

    shared = client.post(
        reverse("jom:agreement-edit", args=[case.enrolment.pk]),
        {"purpose": "Work in a shop", "shared_sections": ["purpose"]},
    )
    assert shared.status_code == 400
    assert "consent_given_on" in shared.context["form"].errors


def test_staff_record_the_agreement_and_its_signatures_through_the_pages(
    internship_case: InternshipCase, client_for: Callable[..., Client]
) -> None:
    case = internship_case
    client = english(client_for(case.team.company_consultant))
    saved = client.post(
        reverse("jom:agreement-edit", args=[case.enrolment.pk]),
        {
            "employer": case.employer.pk,
            "purpose": "Work in a shop",
            "support_needs": "Short days at first",
            "shared_sections": ["support_needs"],
            "consent_given_on": TODAY.isoformat(),
        },
    )
    assert saved.status_code == 302
    agreement_url = saved.url
    refused = client.post(agreement_url, {"signer": "company", "day": TODAY.isoformat()})
    assert refused.status_code == 400
    assert "signatory" in refused.context["form"].errors
    signed = client.post(
        agreement_url,
        {"signer": "company", "day": TODAY.isoformat(), "signatory": case.contact.pk},
    )
    assert signed.status_code == 302
    assert "Mette Lagerchef" in client.get(agreement_url).content.decode()


def test_internships_put_their_follow_ups_and_signatures_on_today_in_fixed_queries(
    internship_case: InternshipCase, client_for: Callable[..., Client]
) -> None:
    case = internship_case
    caseworker = case.team.caseworker
    services.save_internship(
        actor=case.team.company_consultant,
        enrolment=case.enrolment,
        details=details(case, starts_on=TODAY - 3 * WEEK),
    )
    case.agreement()
    items = today_for(caseworker, today=TODAY).record_items
    assert sorted(item.text for item in items) == [
        "Follow up the internship at Lager Testrup ApS",
        "The internship agreement is waiting for a signature",
    ]
    client = english(client_for(caseworker))
    before = page_queries(client, "/today/")
    for _ in range(3):
        other = EnrolmentFactory.create(
            unit=case.team.unit,
            programme_model="jom",
            phase="referral",
            responsible_staff=caseworker,
        )
        internship = services.save_internship(
            actor=case.team.company_consultant,
            enrolment=other,
            details=details(case, starts_on=TODAY - 3 * WEEK),
        )
        services.record_internship_attendance(
            actor=case.team.company_consultant,
            internship=internship,
            day=TODAY,
            status=AttendanceStatus.ABSENT_WITHOUT_NOTICE,
            hours=None,
        )
    assert len(today_for(caseworker, today=TODAY).record_items) == 2 + 3 * 2
    assert page_queries(client, "/today/") == before
    services.record_internship_follow_up(
        actor=case.team.company_consultant,
        internship=Internship.objects.filter(enrolment=case.enrolment).get(),
        occurred_on=TODAY,
        mode="phone",
        with_company=True,
    )
    texts = [item.text for item in today_for(caseworker, today=TODAY).record_items]
    assert texts.count("Follow up the internship at Lager Testrup ApS") == 3


def test_the_danish_internship_page_speaks_the_words_of_the_jobcentre(
    internship_case: InternshipCase, client_for: Callable[..., Client]
) -> None:
    client = client_for(internship_case.team.company_consultant)
    client.cookies["django_language"] = "da"

    html = client.get(
        reverse("jom:case-internship", args=[internship_case.enrolment.pk])
    ).content.decode()

    assert "Aftaleguide" in html and "Efterværn" in html and "Skriv aftaleguiden" in html
