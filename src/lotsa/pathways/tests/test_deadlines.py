from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from lotsa.casework.queries import case_record, caseload_for, unit_board
from lotsa.casework.services import record_contact
from lotsa.errors import DomainError
from lotsa.pathways.deadlines import deadlines_of, unit_rules, with_deadline_facts
from lotsa.pathways.models import Enrolment, UnitProgramme
from lotsa.pathways.services.enrolment_records import record_milestone
from lotsa.pathways.services.lifecycle import transition_phase
from lotsa.pathways.services.unit_programmes import save_unit_programme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
START = datetime.date(2026, 1, 10)


def status(enrolment: Enrolment, code: str, today: datetime.date):  # type: ignore[no-untyped-def]
    fresh = with_deadline_facts(Enrolment.objects.filter(pk=enrolment.pk)).get()
    found = [
        d for d in deadlines_of(fresh, unit_rules({enrolment.unit_id}), today) if d.code == code
    ]
    return found[0] if found else None


def test_a_deadline_is_upcoming_then_due_then_overdue(personas, case) -> None:
    enrolment = case("ips", started_on=START)
    due = START + datetime.timedelta(days=30)
    assert status(enrolment, "first_employer_contact", START).due_on == due
    assert status(enrolment, "first_employer_contact", START).state == "upcoming"
    assert (
        status(enrolment, "first_employer_contact", due - datetime.timedelta(days=7)).state == "due"
    )
    assert status(enrolment, "first_employer_contact", due).state == "due"
    assert (
        status(enrolment, "first_employer_contact", due + datetime.timedelta(days=1)).state
        == "overdue"
    )


def test_recording_the_expected_milestone_meets_the_deadline(personas, case) -> None:
    enrolment = case("amia", started_on=START)
    met_on = START + datetime.timedelta(days=12)
    record_milestone(
        actor=personas.coach_a, enrolment=enrolment, code="mapping_completed", day=met_on
    )
    met = status(enrolment, "mapping_completed", START + datetime.timedelta(days=90))
    assert (met.state, met.met_on) == ("met", met_on)


def test_a_unit_can_override_the_days(personas, case) -> None:
    enrolment = case("amia", started_on=START)
    assert status(enrolment, "mapping_completed", START).due_on == START + datetime.timedelta(
        days=14
    )
    save_unit_programme(
        actor=personas.administrator,
        unit=personas.unit_a,
        programme_code="amia",
        deadline_days={"mapping_completed": 21},
    )
    assert status(enrolment, "mapping_completed", START).due_on == START + datetime.timedelta(
        days=21
    )
    on_the_case_page = {d.code: d for d in case_record(enrolment, today=START)["deadlines"]}
    assert on_the_case_page["mapping_completed"].due_on == START + datetime.timedelta(days=21)
    assert UnitProgramme.objects.get(unit=personas.unit_a, programme_code="amia").deadline_days == {
        "mapping_completed": 21
    }
    with pytest.raises(DomainError):
        save_unit_programme(
            actor=personas.administrator,
            unit=personas.unit_a,
            programme_code="amia",
            deadline_days={"nope": 3},
        )


def contact_on(personas, enrolment, day: datetime.date, **kwargs):  # type: ignore[no-untyped-def]
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    values = {"mode": "face_to_face", "place": "office", "parties": ["participant"]} | kwargs
    return record_contact(actor=personas.coach_a, enrolment=enrolment, occurred_at=moment, **values)


def test_contact_interval_counts_from_the_last_counting_contact(personas, case) -> None:
    enrolment = case("amia", started_on=START)
    for phase in ("inform_and_enrol", "mapping"):
        transition_phase(actor=personas.coach_a, enrolment=enrolment, to_phase=phase, day=START)
    rule = "joint_follow_up"
    assert status(enrolment, rule, START).due_on == START + datetime.timedelta(days=30)
    contact_on(personas, enrolment, datetime.date(2026, 2, 1))  # participant only: does not count
    assert status(enrolment, rule, START).due_on == START + datetime.timedelta(days=30)
    contact_on(personas, enrolment, datetime.date(2026, 2, 3), parties=["participant", "fk", "af"])
    assert status(enrolment, rule, START).due_on == datetime.date(2026, 3, 5)


def test_active_and_inactive_at_the_thirty_day_boundary(personas, case) -> None:
    enrolment = case(
        "ips", referred_on=datetime.date(2025, 1, 1), started_on=datetime.date(2025, 1, 1)
    )
    today = timezone.localdate()
    contact_on(personas, enrolment, today - datetime.timedelta(days=30))
    rows = {row.enrolment.pk: row for row in caseload_for(personas.coach_a, today=today)}
    assert rows[enrolment.pk].active
    rows = {
        row.enrolment.pk: row
        for row in caseload_for(personas.coach_a, today=today + datetime.timedelta(days=1))
    }
    assert not rows[enrolment.pk].active


def test_first_contact_milestone_is_derived_from_the_first_contact(personas, case) -> None:
    enrolment = case("ips", started_on=START)
    contact_on(personas, enrolment, datetime.date(2026, 2, 10))
    contact_on(personas, enrolment, datetime.date(2026, 2, 1))
    contact_on(personas, enrolment, datetime.date(2026, 1, 20), parties=["employer"])
    milestone = enrolment.milestones.get(code="first_contact")
    assert (milestone.occurred_on, milestone.derived) == (datetime.date(2026, 2, 1), True)
    with pytest.raises(DomainError, match="automatically"):
        record_milestone(
            actor=personas.coach_a, enrolment=enrolment, code="first_contact", day=START
        )


def test_a_contact_in_the_future_or_before_the_referral_is_refused(personas, case) -> None:
    enrolment = case("ips", started_on=START)
    with pytest.raises(DomainError) as error:
        record_contact(
            actor=personas.coach_a,
            enrolment=enrolment,
            occurred_at=timezone.now() + datetime.timedelta(hours=2),
            mode="phone",
            place="office",
            parties=["participant"],
        )
    assert "occurred_at" in error.value.errors
    with pytest.raises(DomainError):
        contact_on(personas, enrolment, datetime.date(2025, 12, 1))
    with pytest.raises(DomainError) as error:
        contact_on(personas, enrolment, START, mode="telepathy", parties=[])
    assert set(error.value.errors) == {"mode", "parties"}
    assert not enrolment.contacts.exists()


def test_ended_enrolments_keep_owed_follow_ups_and_drop_missed_ones(personas, case) -> None:
    from lotsa.pathways.services.lifecycle import exit_enrolment

    enrolment = case("jom", started_on=START)
    record_milestone(
        actor=personas.coach_a,
        enrolment=enrolment,
        code="course_end",
        day=datetime.date(2026, 4, 1),
    )
    exit_enrolment(
        actor=personas.coach_a, enrolment=enrolment, day=datetime.date(2026, 4, 2), reason="job"
    )
    owed = status(enrolment, "status_6_months", datetime.date(2026, 5, 1))
    assert owed.state == "upcoming" and owed.due_on == datetime.date(
        2026, 4, 1
    ) + datetime.timedelta(days=182)
    missed = status(enrolment, "preparation_length", datetime.date(2026, 5, 1))
    assert missed.state == "missed"


def test_the_case_page_record_lists_deadlines_and_timeline(personas, case) -> None:
    enrolment = case("ips", started_on=START)
    contact_on(personas, enrolment, datetime.date(2026, 1, 15))
    record_ = case_record(enrolment, today=datetime.date(2026, 1, 20))
    codes = {d.code: d.state for d in record_["deadlines"]}
    assert codes["first_employer_contact"] == "upcoming"
    kinds = {entry.kind for entry in record_["timeline"]}
    assert {"referred", "started", "contact", "milestone"} <= kinds


def test_reminders_list_due_and_overdue_deadlines_per_staff_member(
    personas, case, capsys, mailoutbox
) -> None:
    from django.core.management import call_command

    enrolment = case(
        "ips", referred_on=datetime.date(2025, 1, 1), started_on=datetime.date(2025, 1, 2)
    )
    personas.coach_a.email = "coach@example.org"
    personas.coach_a.daily_reminder_email = True
    personas.coach_a.save(update_fields=["email", "daily_reminder_email"])
    call_command("reminders", "--email")
    out = capsys.readouterr().out
    assert (
        "coach_a:" in out
        and f"case {enrolment.pk}, IPS – individanpassat stöd till arbete)" in out
        and "overdue" in out
    )
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["coach@example.org"]
    assert enrolment.participant.last_name not in mailoutbox[0].body


def test_a_missed_appointment_neither_activates_nor_counts_as_first_contact(personas, case) -> None:
    enrolment = case("ips", started_on=START)
    contact_on(personas, enrolment, datetime.date(2026, 1, 20), outcome="missed")
    assert not enrolment.milestones.filter(code="first_contact").exists()
    rows = {
        row.enrolment.pk: row
        for row in caseload_for(personas.coach_a, today=datetime.date(2026, 1, 25))
    }
    assert not rows[enrolment.pk].active
    contact_on(personas, enrolment, datetime.date(2026, 1, 22), outcome="outreach")
    contact_on(personas, enrolment, datetime.date(2026, 1, 24))
    assert enrolment.milestones.get(code="first_contact").occurred_on == datetime.date(2026, 1, 24)
    with pytest.raises(DomainError):
        contact_on(personas, enrolment, datetime.date(2026, 1, 24), outcome="imagined")


def test_checklist_items_are_recorded_once(personas, case, client_for) -> None:
    from lotsa.pathways.services.enrolment_records import tick_checklist_item

    enrolment = case("ips", started_on=START)
    tick_checklist_item(
        actor=personas.coach_a, enrolment=enrolment, item_code="disclosure_discussion", day=START
    )
    with pytest.raises(DomainError):
        tick_checklist_item(
            actor=personas.coach_a,
            enrolment=enrolment,
            item_code="disclosure_discussion",
            day=START,
        )
    with pytest.raises(DomainError):
        tick_checklist_item(
            actor=personas.coach_a, enrolment=enrolment, item_code="horoscope", day=START
        )
    response = client_for(personas.coach_a).post(
        f"/cases/{enrolment.pk}/checklist/",
        {"item_code": "vocational_profile", "day": "2026-01-12"},
    )
    assert response.status_code == 302
    assert set(enrolment.checklist.values_list("item_code", flat=True)) == {
        "disclosure_discussion",
        "vocational_profile",
    }


# ------------------------------------------------------------------ rules that stop applying


def test_a_meeting_booking_deadline_no_longer_applies_once_the_person_is_enrolled(
    personas, case
) -> None:
    waiting = case("amia")
    booking = status(waiting, "three_party_meeting_booked", START + datetime.timedelta(days=1))
    assert booking.state == "overdue"
    enrolled = case("amia", started_on=START)
    closed = status(enrolled, "three_party_meeting_booked", START + datetime.timedelta(days=60))
    assert (closed.state, closed.met_on, closed.is_pending) == ("not_applicable", START, False)


def test_the_mapping_deadline_no_longer_applies_once_a_plan_is_agreed(personas, case) -> None:
    enrolment = case("amia", started_on=START)
    late = START + datetime.timedelta(days=60)
    assert status(enrolment, "mapping_completed", late).state == "overdue"
    agreed_on = START + datetime.timedelta(days=20)
    record_milestone(actor=personas.coach_a, enrolment=enrolment, code="plan_agreed", day=agreed_on)
    closed = status(enrolment, "mapping_completed", late)
    assert (closed.state, closed.met_on) == ("not_applicable", agreed_on)
    row = next(r for r in caseload_for(personas.coach_a, today=late) if r.enrolment == enrolment)
    assert "mapping_completed" not in {d.code for d in row.overdue}


def test_a_met_deadline_stays_met_when_a_closing_milestone_follows(personas, case) -> None:
    enrolment = case("amia", started_on=START)
    mapped_on = START + datetime.timedelta(days=10)
    record_milestone(
        actor=personas.coach_a, enrolment=enrolment, code="mapping_completed", day=mapped_on
    )
    record_milestone(
        actor=personas.coach_a,
        enrolment=enrolment,
        code="plan_agreed",
        day=START + datetime.timedelta(days=20),
    )
    kept = status(enrolment, "mapping_completed", START + datetime.timedelta(days=60))
    assert (kept.state, kept.met_on) == ("met", mapped_on)


def test_the_course_deadlines_no_longer_apply_once_the_person_is_sent_back(personas, case) -> None:
    enrolment = case("jom", started_on=START)
    late = START + datetime.timedelta(days=90)
    assert status(enrolment, "preparation_length", late).state == "overdue"
    sent_back_on = START + datetime.timedelta(days=40)
    transition_phase(
        actor=personas.coach_a,
        enrolment=enrolment,
        to_phase="re_referred",
        day=sent_back_on,
        note="Needs treatment first; back to the jobcentre.",
    )
    for code in ("preparation_length", "internship_agreement_before_teaching"):
        closed = status(enrolment, code, late)
        assert (closed.state, closed.met_on) == ("not_applicable", sent_back_on)


def test_the_work_plan_no_longer_applies_once_the_person_is_in_work(personas, case) -> None:
    enrolment = case("knut_pv", started_on=START)
    late = START + datetime.timedelta(days=90)
    assert status(enrolment, "work_plan", late).state == "overdue"
    in_work_on = START + datetime.timedelta(days=45)
    for phase, day in (("visit_and_investigation", START), ("work", in_work_on)):
        transition_phase(
            actor=personas.coach_a,
            enrolment=enrolment,
            to_phase=phase,
            day=day,
            note="Agreed with the participant and the work supervisor.",
        )
    closed = status(enrolment, "work_plan", late)
    assert (closed.state, closed.met_on) == ("not_applicable", in_work_on)


def test_a_referral_waiting_too_long_is_the_team_leaders_flag_not_the_coachs(
    personas, case
) -> None:
    referred_on = datetime.date(2026, 1, 5)
    enrolment = case("ips", referred_on=referred_on)
    limit = referred_on + datetime.timedelta(days=14)
    assert status(enrolment, "referral_taken_up", limit).state == "due"
    flag = status(enrolment, "referral_taken_up", limit + datetime.timedelta(days=1))
    assert (flag.state, flag.owner, flag.is_team_leaders) == ("overdue", "team_leader", True)
    today = limit + datetime.timedelta(days=1)
    (row,) = [r for r in caseload_for(personas.coach_a, today=today) if r.enrolment == enrolment]
    assert row.overdue == []
    assert row.next_deadline is None or not row.next_deadline.is_team_leaders
    assert [d.code for d in row.team_leader_flags] == ["referral_taken_up"]
    board = unit_board(personas.unit_a, today=today)
    assert [row.enrolment for row in board.waiting] == [enrolment]


def test_the_referral_limit_ends_when_the_referral_is_taken_up(personas, case) -> None:
    enrolment = case("ips", started_on=START)
    assert status(enrolment, "referral_taken_up", START + datetime.timedelta(days=60)) is None


def test_a_checklist_item_takes_the_day_it_was_done(personas, case, client_for) -> None:
    enrolment = case("ips", started_on=START)
    client = client_for(personas.coach_a)
    page = client.get(f"/cases/{enrolment.pk}/").content.decode()
    assert 'type="date" id="checklist-first_meeting_offered" name="day"' in page
    done_on = datetime.date(2026, 2, 3)
    response = client.post(
        f"/cases/{enrolment.pk}/checklist/",
        {"item_code": "disclosure_discussion", "day": done_on.isoformat()},
    )
    assert response.status_code == 302
    assert enrolment.checklist.get(item_code="disclosure_discussion").done_on == done_on
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    refused = client.post(
        f"/cases/{enrolment.pk}/checklist/",
        {"item_code": "vocational_profile", "day": tomorrow.isoformat()},
    )
    assert refused.status_code == 400
    assert "day" in refused.context["forms"]["checklist"].errors
    assert not enrolment.checklist.filter(item_code="vocational_profile").exists()
