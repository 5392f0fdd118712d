"""Time reports: a participant's month week by week, signed and locked; the unit's monthly report
of participant activities with the hours under the agency that reports them; the monthly
deadline; and the caseworkers' own hours with the nearest manager's co-signature."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import DomainError, NotFound
from lotsa.organisations.models import Role, Unit
from lotsa.pathways.deadlines import deadlines_of, rule_records, unit_rules, with_deadline_facts
from lotsa.pathways.models import Enrolment, UnitProgramme
from lotsa.pathways.services.enrolment_records import record_benefit_facts, record_milestone
from lotsa.people.models import Participant
from lotsa.testing.clock import TODAY
from lotsa.testing.factories import (
    EnrolmentFactory,
    MembershipFactory,
    UnitFactory,
    UserFactory,
)
from lotsa.testing.queries import page_queries
from lotsa.timereports.models import StaffTimeReport, TimeReport
from lotsa.timereports.services import (
    WeekHours,
    cosign_staff_time_report,
    mark_activity_report_sent,
    record_time_report_signature,
    report_weeks,
    save_time_report,
    submit_staff_time_report,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
D = datetime.date
NOVEMBER = D(2026, 11, 1)


def hours(*pairs: tuple[str, str]) -> list[WeekHours]:
    return [WeekHours(Decimal(planned), Decimal(actual)) for planned, actual in pairs]


@pytest.fixture
def amia(personas: Any) -> Enrolment:
    """The joint team's AMiA case: started in September, benefit days out on 17 November, the
    Work-Life Introduction entered on Wednesday 18 November."""
    enrolment = Enrolment.objects.get(participant=personas.joint)
    Enrolment.objects.filter(pk=enrolment.pk).update(start_date=D(2026, 9, 1))
    enrolment.refresh_from_db()
    record_benefit_facts(
        actor=personas.fk_caseworker,
        enrolment=enrolment,
        benefit_type="sickness_benefit",
        extent="0.50",
        ends_on=D(2026, 11, 17),
    )
    return enrolment


def test_the_weeks_of_a_month_are_cut_at_its_ends_and_where_the_agency_changes() -> None:
    assert report_weeks(NOVEMBER) == [
        (D(2026, 11, 1), D(2026, 11, 1)),
        (D(2026, 11, 2), D(2026, 11, 8)),
        (D(2026, 11, 9), D(2026, 11, 15)),
        (D(2026, 11, 16), D(2026, 11, 22)),
        (D(2026, 11, 23), D(2026, 11, 29)),
        (D(2026, 11, 30), D(2026, 11, 30)),
    ]
    assert report_weeks(NOVEMBER, D(2026, 11, 18))[3:5] == [
        (D(2026, 11, 16), D(2026, 11, 17)),
        (D(2026, 11, 18), D(2026, 11, 22)),
    ]
    assert len(report_weeks(D(2026, 11, 1), D(2026, 12, 1))) == 6


def _november(personas: Any, amia: Enrolment) -> TimeReport:
    # 7 weeks: the week of 16 November is split where the Work-Life Introduction begins.
    return save_time_report(
        actor=personas.fk_caseworker,
        enrolment=amia,
        month=NOVEMBER,
        weeks=hours(
            ("2", "2"), ("8", "6"), ("8", "8"), ("4", "4"), ("6", "5"), ("10", "9"), ("2", "1")
        ),
        note="Promenadgrupp och arbetsträning",
    )


def test_a_month_is_reported_week_by_week_under_the_agency_of_the_day(
    personas: Any, amia: Enrolment
) -> None:
    report = _november(personas, amia)
    weeks = list(report.weeks.order_by("starts_on"))
    assert [(w.starts_on.day, w.agency) for w in weeks] == [
        (1, "forsakringskassan"),
        (2, "forsakringskassan"),
        (9, "forsakringskassan"),
        (16, "forsakringskassan"),
        (18, "arbetsformedlingen"),
        (23, "arbetsformedlingen"),
        (30, "arbetsformedlingen"),
    ]
    record_milestone(
        actor=personas.fk_caseworker, enrolment=amia, code="ali_start", day=D(2026, 11, 23)
    )
    corrected = save_time_report(
        actor=personas.af_caseworker,
        enrolment=amia,
        month=NOVEMBER,
        weeks=hours(("2", "2"), ("8", "6"), ("8", "8"), ("10", "9"), ("10", "9"), ("2", "1")),
    )
    assert [w.agency for w in corrected.weeks.order_by("starts_on")][3:] == [
        "forsakringskassan",
        "arbetsformedlingen",
        "arbetsformedlingen",
    ]
    record_time_report_signature(actor=personas.af_caseworker, report=corrected, day=D(2026, 12, 1))
    with pytest.raises(DomainError) as locked:
        save_time_report(
            actor=personas.af_caseworker,
            enrolment=amia,
            month=NOVEMBER,
            weeks=hours(*[("1", "1")] * 6),
        )
    assert set(locked.value.errors) == {"month"}
    events = AuditEntry.objects.filter(
        participant_id=amia.participant_id, event__startswith="time_report"
    )
    assert sorted(events.values_list("event", flat=True)) == [
        "time_report.save",
        "time_report.save",
        "time_report.sign",
    ]


@pytest.mark.parametrize(
    ("month", "weeks", "field"),
    [
        (NOVEMBER, hours(("1", "1")), "weeks"),
        (NOVEMBER, hours(*[("1", "-1")] * 7), "weeks.1"),
        (D(2027, 1, 1), hours(("1", "1")), "month"),
        (D(2026, 8, 1), hours(("1", "1")), "month"),
        (D(2026, 11, 5), hours(("1", "1")), "month"),
    ],
)
def test_impossible_reports_are_refused_field_by_field(
    personas: Any, amia: Enrolment, month: datetime.date, weeks: list[WeekHours], field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        save_time_report(actor=personas.fk_caseworker, enrolment=amia, month=month, weeks=weeks)
    assert field in refused.value.errors
    assert not TimeReport.objects.exists()


def test_the_months_report_of_participant_activities_shows_the_hours_under_the_right_agency(
    personas: Any, amia: Enrolment, client_for: Any
) -> None:
    record_milestone(
        actor=personas.fk_caseworker, enrolment=amia, code="ali_start", day=D(2026, 11, 18)
    )
    _november(personas, amia)
    client = client_for(personas.af_caseworker)
    page = client.get(f"/units/{personas.joint_team.pk}/activity-report/?month=2026-11")
    assert page.status_code == 200
    report = page.context["report"]
    [line] = report.lines
    assert line.hours == {"forsakringskassan": Decimal("20"), "arbetsformedlingen": Decimal("15")}
    assert (line.ali_start, line.extent, line.signed) == (D(2026, 11, 18), "Halv", False)
    assert report.totals == [
        ("forsakringskassan", Decimal("20")),
        ("arbetsformedlingen", Decimal("15")),
    ]
    assert report.due_on == D(2026, 12, 31)  # the last day of the next month, by default
    text = page.content.decode()
    assert personas.joint.identity_display in text
    assert "Timmar som Försäkringskassan" in text or "Försäkringskassan" in text
    october = client.get(f"/units/{personas.joint_team.pk}/activity-report/?month=2026-10")
    [earlier] = october.context["report"].lines
    assert earlier.hours == {} and not earlier.reported
    viewed = AuditEntry.objects.filter(event=AuditEvent.ACTIVITY_REPORT_VIEWED).first()
    assert viewed.changes == {"month": "2026-10", "participants": [personas.joint.pk]}


def test_the_report_costs_the_same_queries_whatever_the_number_of_participants(
    personas: Any, amia: Enrolment, client_for: Any
) -> None:
    _november(personas, amia)
    client = client_for(personas.af_caseworker)
    url = f"/units/{personas.joint_team.pk}/activity-report/?month=2026-11"
    alone = page_queries(client, url)
    for _n in range(3):
        other = EnrolmentFactory(
            unit=personas.joint_team, programme_model="amia", phase=amia.phase,
            start_date=D(2026, 10, 1), referral_date=D(2026, 10, 1),
        )  # fmt: skip
        save_time_report(
            actor=personas.fk_caseworker, enrolment=other, month=NOVEMBER,
            weeks=hours(*[("4", "4")] * 5, ("1", "1")),
        )  # fmt: skip
    page = client.get(url)
    assert page_queries(client, url) == alone
    assert len(page.context["report"].lines) == 4
    text = page.content.decode()
    assert text.count('<td class="number">21,0</td>') == 3  # the three without a switch: all FK
    assert text.count("<td>Inte ännu</td>") == 4  # nobody has signed November yet


def test_the_report_downloads_as_a_spreadsheet_and_a_pdf(
    personas: Any, amia: Enrolment, client_for: Any
) -> None:
    record_milestone(
        actor=personas.fk_caseworker, enrolment=amia, code="ali_start", day=D(2026, 11, 18)
    )
    _november(personas, amia)
    client = client_for(personas.fk_caseworker)
    base = f"/units/{personas.joint_team.pk}/activity-report"
    sheet = client.get(f"{base}.xlsx?month=2026-11")
    assert sheet.status_code == 200
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[2][0] == personas.joint.display_name
    assert rows[2][6:8] == (20.0, 15.0)
    pdf = client.get(f"{base}.pdf?month=2026-11")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    exported = AuditEntry.objects.filter(event=AuditEvent.ACTIVITY_REPORT_EXPORTED)
    assert sorted(e.changes["format"] for e in exported) == ["pdf", "xlsx"]
    assert client.get(f"{base}/?month=november").status_code == 404


def test_names_like_formulas_are_plain_text_in_the_spreadsheet(
    personas: Any, amia: Enrolment, client_for: Any
) -> None:
    _november(personas, amia)
    Unit.objects.filter(pk=personas.joint_team.pk).update(name='=HYPERLINK("http://x")')
    Participant.objects.filter(pk=personas.joint.pk).update(first_name="@SUM(1)", last_name="-1+2")
    sheet = client_for(personas.fk_caseworker).get(
        f"/units/{personas.joint_team.pk}/activity-report.xlsx?month=2026-11"
    )
    book = load_workbook(io.BytesIO(sheet.content)).active
    assert book["B1"].data_type == "s" and book["B1"].value.startswith("'=HYPERLINK")
    assert book["A3"].value.startswith("'")
    assert book["G3"].value == 20.0


def test_only_the_units_staff_see_its_report(
    personas: Any, amia: Enrolment, client_for: Any
) -> None:
    for persona in ("coach_a", "coach_b", "analyst"):
        response = client_for(getattr(personas, persona)).get(
            f"/units/{personas.joint_team.pk}/activity-report/?month=2026-11"
        )
        assert response.status_code == 404
    # A unit whose models keep no time reports has no such report.
    assert (
        client_for(personas.coach_a)
        .get(f"/units/{personas.unit_a.pk}/activity-report/")
        .status_code
        == 404
    )


def test_the_report_is_recorded_as_sent_once(personas: Any, amia: Enrolment) -> None:
    arguments = {
        "actor": personas.af_caseworker,
        "unit": personas.joint_team,
        "programme_code": "amia",
        "month": NOVEMBER,
        "day": D(2026, 12, 2),
        "sent_to": "Delprojektledaren",
    }
    mark_activity_report_sent(**arguments)
    with pytest.raises(DomainError):
        mark_activity_report_sent(**arguments)
    with pytest.raises(NotFound):
        mark_activity_report_sent(**arguments | {"actor": personas.coach_a})


def test_an_unsigned_past_month_is_a_deadline_due_by_the_units_day(
    personas: Any, amia: Enrolment
) -> None:
    def monthly(today: datetime.date) -> dict[str, Any]:
        fresh = with_deadline_facts(Enrolment.objects.filter(pk=amia.pk)).get()
        return {
            d.subject: d
            for d in deadlines_of(
                fresh, unit_rules({amia.unit_id}), today, rule_records([fresh])[fresh.pk]
            )
            if d.code == "time_report_signed"
        }

    found = monthly(D(2026, 12, 3))
    assert list(found) == ["2026-09", "2026-10", "2026-11", "2026-12"]
    assert (found["2026-09"].due_on, found["2026-09"].state) == (D(2026, 10, 31), "overdue")
    assert (found["2026-11"].due_on, found["2026-11"].state) == (D(2026, 12, 31), "upcoming")
    report = _november(personas, amia)
    record_time_report_signature(actor=personas.fk_caseworker, report=report, day=D(2026, 12, 1))
    found = monthly(D(2026, 12, 3))
    assert found["2026-11"].state == "met"
    UnitProgramme.objects.filter(unit=amia.unit, programme_code="amia").update(
        settings={"activity_report_due": 5}
    )
    assert monthly(D(2026, 12, 3))["2026-10"].due_on == D(2026, 11, 5)


def test_the_case_page_lists_the_months_and_the_month_page_saves_and_signs(
    personas: Any, amia: Enrolment, client_for: Any
) -> None:
    client = client_for(personas.fk_caseworker)
    url = f"/cases/{amia.pk}/time-reports/2026-11/"
    form = client.get(url).context["form"]
    data = {name: "3" for name in form.fields if name != "note"}
    saved = client.post(url, data | {"note": "Bra månad"})
    assert saved.status_code == 302
    bad = client.post(url, data | {"actual_1": "-4"})
    assert bad.status_code == 400 and "actual_1" in bad.context["form"].errors
    case = client.get(f"/cases/{amia.pk}/").content.decode()
    assert "2026-11" in case and '<td class="number">21' in case  # seven weeks of 3 hours
    signed = client.post(f"{url}sign/", {"day": "2026-12-01"})
    assert signed.status_code == 302
    assert TimeReport.objects.get().signed_on == D(2026, 12, 1)
    assert client.get(url).context["may_change"] is False
    assert client_for(personas.coach_b).get(url).status_code == 404
    assert (
        client.post(
            f"/cases/{amia.pk}/time-reports/2026-11/sign/", {"day": "2026-12-02"}
        ).status_code
        == 400
    )


@pytest.fixture
def af_manager(personas: Any) -> Any:
    """The nearest manager of the joint team's Arbetsförmedlingen caseworkers, in an office of
    Arbetsförmedlingen's own."""
    office = UnitFactory(organisation=personas.af, name="Arbetsförmedlingen Testby", runs=[])
    manager = UserFactory(username="af_manager")
    MembershipFactory(user=manager, unit=office, role=Role.MANAGER, employer=personas.af)
    return manager


def test_the_af_caseworkers_report_is_co_signed_by_the_nearest_af_manager(
    personas: Any, af_manager: Any, client_for: Any
) -> None:
    october = D(2026, 10, 1)
    af = submit_staff_time_report(
        actor=personas.af_caseworker, unit=personas.joint_team, month=october, hours=Decimal("120")
    )
    fk = submit_staff_time_report(
        actor=personas.fk_caseworker, unit=personas.joint_team, month=october, hours=Decimal("140")
    )
    assert (af.needs_cosignature, fk.needs_cosignature) == (True, False)
    fk_manager = UserFactory(username="fk_manager")
    MembershipFactory(
        user=fk_manager, unit=personas.joint_team, role=Role.MANAGER, employer=personas.fk
    )
    with pytest.raises(NotFound):
        cosign_staff_time_report(actor=fk_manager, report=af, day=TODAY)
    with pytest.raises(NotFound):
        cosign_staff_time_report(actor=personas.af_caseworker, report=af, day=TODAY)
    page = client_for(af_manager).get("/time-reports/")
    assert page.status_code == 200 and page.context["to_cosign"] == [af]
    done = client_for(af_manager).post(f"/time-reports/{af.pk}/cosign/", {"day": TODAY})
    assert done.status_code == 302
    af.refresh_from_db()
    assert (af.cosigned_by, af.cosigned_on) == (af_manager, TODAY)
    with pytest.raises(DomainError):
        submit_staff_time_report(
            actor=personas.af_caseworker,
            unit=personas.joint_team,
            month=october,
            hours=Decimal("1"),
        )
    with pytest.raises(DomainError) as unfinished:
        submit_staff_time_report(
            actor=personas.fk_caseworker,
            unit=personas.joint_team,
            month=D(2026, 12, 1),
            hours=Decimal("-1"),
        )
    assert set(unfinished.value.errors) == {"month", "hours"}
    assert (
        client_for(fk_manager)
        .post(f"/time-reports/{af.pk}/cosign/", {"day": "2026-12-02"})
        .status_code
        == 404
    )
    assert StaffTimeReport.objects.filter(cosigned_on__isnull=False).count() == 1
