"""The AMiA timeline counted from the day the benefit days run out, and the deadline rules that
count from it: every date pinned."""

from __future__ import annotations

import datetime

import pytest

from lotsa.casework.queries import case_record
from lotsa.errors import DomainError
from lotsa.pathways.deadlines import deadlines_of, unit_rules, with_deadline_facts
from lotsa.pathways.models import BenefitFacts, Enrolment, UnitProgramme
from lotsa.pathways.services.enrolment_records import (
    record_benefit_facts,
    record_milestone,
    tick_checklist_item,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
D = datetime.date
BENEFIT_END = D(2027, 5, 31)

PLANNED = {
    "selection_opens": D(2026, 8, 31),  # 9 months before (the default selection window)
    "too_late": D(2027, 2, 28),  # 3 months before: no 31 February, so the month's last day
    "benefit_end": D(2027, 5, 31),
    "ali_start": D(2027, 6, 1),  # the next day
    "ali_end": D(2027, 8, 29),  # the 90th day
    "post_ali_end": D(2027, 11, 29),  # 3 months after
    "ninety_days_after_ali": D(2027, 11, 27),  # 90 days after
}


def benefit(personas, enrolment, ends_on=BENEFIT_END):  # type: ignore[no-untyped-def]
    return record_benefit_facts(
        actor=personas.coach_a,
        enrolment=enrolment,
        benefit_type="sickness_benefit",
        extent="0.75",
        ends_on=ends_on,
        sgi_checked_on=D(2026, 9, 1),
    )


def timeline(enrolment: Enrolment) -> dict[str, datetime.date | None]:
    record = case_record(enrolment, today=D(2026, 10, 1))
    return {date.code: date.day for date in record["benefit_timeline"]}


def statuses(enrolment: Enrolment, today: datetime.date):  # type: ignore[no-untyped-def]
    fresh = with_deadline_facts(Enrolment.objects.filter(pk=enrolment.pk)).get()
    from lotsa.pathways.deadlines import rule_records

    return {
        (d.code, d.subject): d
        for d in deadlines_of(
            fresh, unit_rules({enrolment.unit_id}), today, rule_records([fresh])[fresh.pk]
        )
    }


def test_the_timeline_counts_every_date_from_the_day_the_benefit_runs_out(personas, case) -> None:
    enrolment = case("amia", referred_on=D(2026, 9, 1), started_on=D(2026, 9, 15))
    assert timeline(enrolment) == dict.fromkeys(PLANNED)
    benefit(personas, enrolment)
    assert timeline(enrolment) == PLANNED


def test_the_units_selection_window_and_recorded_dates_move_the_timeline(personas, case) -> None:
    enrolment = case("amia", referred_on=D(2026, 9, 1), started_on=D(2026, 9, 15))
    benefit(personas, enrolment)
    UnitProgramme.objects.filter(unit=enrolment.unit, programme_code="amia").update(
        settings={"selection_window_months": 7}
    )
    assert timeline(enrolment)["selection_opens"] == D(2026, 10, 31)
    record_milestone(
        actor=personas.coach_a, enrolment=enrolment, code="ali_start", day=D(2026, 9, 30)
    )
    moved = timeline(enrolment)
    assert moved["ali_start"] == D(2026, 9, 30)  # recorded: replaces the planned 1 June
    assert moved["ali_end"] == D(2026, 12, 28)
    assert moved["post_ali_end"] == D(2027, 3, 28)
    assert moved["ninety_days_after_ali"] == D(2027, 3, 28)


def test_the_deadlines_that_count_from_the_benefit_and_the_timeline(personas, case) -> None:
    enrolment = case("amia", referred_on=D(2026, 9, 1), started_on=D(2026, 9, 15))
    benefit(personas, enrolment)
    found = statuses(enrolment, D(2026, 10, 1))
    too_late = found[("enrolled_before_too_late", "")]
    assert (too_late.due_on, too_late.state, too_late.met_on) == (
        D(2027, 2, 28),
        "met",
        D(2026, 9, 15),
    )
    assessment = found[("capacity_assessment", "")]
    assert (assessment.due_on, assessment.state) == (D(2027, 8, 29), "upcoming")
    # Half-way between enrolment (15 September 2026) and the latest exit (29 November 2027).
    survey = found[("survey_t2", "")]
    assert (survey.due_on, survey.state) == (D(2027, 4, 23), "upcoming")
    tick_checklist_item(
        actor=personas.coach_a, enrolment=enrolment, item_code="survey_t2", day=D(2026, 9, 30)
    )
    assert statuses(enrolment, D(2026, 10, 1))[("survey_t2", "")].met_on == D(2026, 9, 30)


def test_a_late_referral_misses_the_start_limit(personas, case) -> None:
    enrolment = case("amia", referred_on=D(2026, 9, 1))
    benefit(personas, enrolment, ends_on=D(2026, 11, 30))
    late = statuses(enrolment, D(2026, 10, 1))[("enrolled_before_too_late", "")]
    assert (late.due_on, late.state) == (D(2026, 8, 30), "overdue")


def test_benefit_facts_are_checked_and_audited(personas, case) -> None:
    enrolment = case("amia", referred_on=D(2026, 9, 1))
    with pytest.raises(DomainError) as refused:
        record_benefit_facts(
            actor=personas.coach_a,
            enrolment=enrolment,
            benefit_type="pension",
            extent="0.33",
            ends_on=D(2024, 1, 1),
        )
    assert set(refused.value.errors) == {"benefit_type", "extent", "ends_on"}
    benefit(personas, enrolment)
    benefit(personas, enrolment, ends_on=D(2027, 6, 30))
    assert BenefitFacts.objects.get(enrolment=enrolment).ends_on == D(2027, 6, 30)
    from lotsa.audit.models import AuditEntry

    changes = [e.changes for e in AuditEntry.objects.filter(event="benefit.save").order_by("pk")]
    assert changes[-1] == {"ends_on": ["2027-05-31", "2027-06-30"]}
    ips = case("ips", referred_on=D(2026, 9, 1))
    with pytest.raises(DomainError):
        benefit(personas, ips)


def test_the_case_page_and_the_printable_page_show_the_timeline(personas, case, client_for) -> None:
    enrolment = case("amia", referred_on=D(2026, 9, 1), started_on=D(2026, 9, 15))
    client = client_for(personas.coach_a)
    saved = client.post(
        f"/cases/{enrolment.pk}/benefit/",
        {"benefit_type": "sickness_benefit", "extent": "1.00", "ends_on": "2027-05-31"},
    )
    assert saved.status_code == 302
    page = client.get(f"/cases/{enrolment.pk}/").content.decode()
    printable = client.get(f"/cases/{enrolment.pk}/timeline/")
    assert printable.status_code == 200
    for day in PLANNED.values():
        assert day.isoformat() in page
        assert day.isoformat() in printable.content.decode()
    bad = client.post(f"/cases/{enrolment.pk}/benefit/", {"benefit_type": "x", "ends_on": "soon"})
    assert bad.status_code == 400
    assert {"benefit_type", "extent", "ends_on"} <= set(bad.context["forms"]["benefits"].errors)
    assert client_for(personas.coach_b).get(f"/cases/{enrolment.pk}/timeline/").status_code == 404


def test_a_unit_chooses_the_models_settings(personas, client_for) -> None:
    from lotsa.pathways.services.unit_programmes import save_unit_programme

    client = client_for(personas.administrator)
    saved = client.post(
        f"/administration/units/{personas.joint_team.pk}/programmes/amia/",
        {"setting_selection_window_months": "8", "setting_activity_report_due": "10"},
    )
    assert saved.status_code == 302
    chosen = UnitProgramme.objects.get(unit=personas.joint_team, programme_code="amia").settings
    assert chosen == {"selection_window_months": 8, "activity_report_due": 10}
    with pytest.raises(DomainError) as refused:
        save_unit_programme(
            actor=personas.administrator,
            unit=personas.joint_team,
            programme_code="amia",
            deadline_days={},
            settings={"selection_window_months": 12, "colour": "blue"},
        )
    assert set(refused.value.errors) == {
        "settings.selection_window_months",
        "settings.colour",
    }
