"""The internship records in the participant's register extract, and blanked when the case's
content is erased after its retention period."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from lotsa.jom.models import (
    AftercareLevel,
    Internship,
    InternshipAgreement,
    InternshipFollowUp,
)
from lotsa.jom.services import aftercare
from lotsa.jom.services import internship as services
from lotsa.jom.tests.conftest import SUPPORT_NEEDS, WARNING_SIGNS, InternshipCase
from lotsa.people.extract.views import Format, register_extract
from lotsa.retention import queries as retention_queries
from lotsa.retention.services import _erase_case
from lotsa.testing.clock import TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

FOLLOW_UP_NOTE = "Good first week, tired on Thursdays"


def _records(case: InternshipCase) -> None:
    agreement = case.agreement()
    internship = services.save_internship(
        actor=case.team.company_consultant,
        enrolment=case.enrolment,
        details=services.InternshipDetails(
            employer=case.employer,
            company_consultant=case.team.company_consultant,
            planned_start_on=TODAY - datetime.timedelta(days=7),
            starts_on=TODAY - datetime.timedelta(days=7),
            weekly_hours=Decimal("12"),
            kind="reduced",
            agreement=agreement,
        ),
    )
    services.record_internship_follow_up(
        actor=case.team.company_consultant,
        internship=internship,
        occurred_on=TODAY,
        mode="visit",
        with_company=True,
        note=FOLLOW_UP_NOTE,
    )
    aftercare.set_aftercare_level(
        actor=case.team.caseworker,
        enrolment=case.enrolment,
        level=2,
        starts_on=TODAY,
        reason="Weekly call",
    )


def test_the_register_extract_holds_the_internship_records(
    internship_case: InternshipCase,
) -> None:
    _records(internship_case)

    extract = register_extract(
        internship_case.team.caseworker,
        internship_case.enrolment.participant,
        Format.JSON,
        organisations={internship_case.team.jobcentre.pk},
    )

    [enrolment] = extract["enrolments"]
    [agreement] = enrolment["internship_agreements"]
    assert (agreement["warning_signs"], agreement["support_needs"]) == (
        WARNING_SIGNS,
        SUPPORT_NEEDS,
    )
    assert agreement["shared_sections"] == ["support_needs"]
    assert enrolment["internships"][0]["employer"] == "Lager Testrup ApS"
    assert enrolment["internship_follow_ups"][0]["note"] == FOLLOW_UP_NOTE
    assert enrolment["aftercare_levels"] == [
        {"level": 2, "starts_on": TODAY, "reason": "Weekly call"}
    ]


def test_erasing_the_case_blanks_the_free_text(internship_case: InternshipCase) -> None:
    _records(internship_case)

    _erase_case(internship_case.enrolment, TODAY, retention_queries.Policy.current())

    agreement = InternshipAgreement.objects.get()
    assert (agreement.warning_signs, agreement.support_needs, agreement.purpose) == ("", "", "")
    assert InternshipFollowUp.objects.get().note == ""
    assert AftercareLevel.objects.get().reason == ""
    assert Internship.objects.get().weekly_hours == Decimal("12")
