"""The retention run: what has passed its time goes, the figures and everything else stay."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.audit.verify import verify_chain
from lotsa.casework import services as casework
from lotsa.casework.models import Contact, MeetingReflection, PlanRevision
from lotsa.documents import services as documents
from lotsa.documents.models import FinalDocument
from lotsa.employment import services as employment
from lotsa.employment.models import VocationalProfile
from lotsa.organisations.models import Role
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.models import Enrolment, EnrolmentEvent
from lotsa.pathways.services import lifecycle
from lotsa.people.models import Participant
from lotsa.referrals.models import Referral, ReferralStatus
from lotsa.retention import services
from lotsa.retention.queries import years_before
from lotsa.surveys.models import SurveyId, SurveyKey
from lotsa.testing.clock import TODAY, Clock
from lotsa.testing.factories import (
    EnrolmentFactory,
    MembershipFactory,
    ReferralFactory,
    UnitFactory,
    swedish_number,
)
from lotsa.testing.personas import Personas

pytestmark = pytest.mark.django_db
CLOSED_ON = TODAY
SIX_YEARS_LATER = TODAY.replace(year=TODAY.year + 6)
NOTE = "Samtal om arbete i butik; berättade om sin sjukskrivning."


def _record_a_case(personas: Personas) -> Enrolment:
    """The own participant's IPS case with a note, a plan and a profile, closed today."""
    enrolment = Enrolment.objects.get(participant=personas.own)
    coach = personas.coach_a
    casework.record_contact(
        actor=coach,
        enrolment=enrolment,
        occurred_at=timezone.now() - datetime.timedelta(days=2),
        mode="face_to_face",
        place="office",
        parties=["participant"],
        note=NOTE,
    )
    casework.revise_plan(
        actor=coach,
        enrolment=enrolment,
        plan=casework.PlanInput("Arbete i handeln", sub_goals=["Praktik hos ICA"]),
    )
    employment.save_profile(
        actor=coach,
        enrolment=enrolment,
        written_on=CLOSED_ON,
        work_history="Kassa i tio år",
        strengths="Noggrann",
    )
    return _closed(enrolment, coach)


def _record_a_joint_case(personas: Personas) -> Enrolment:
    """The joint AMiA case with a meeting, a reflection and final documentation, closed."""
    enrolment = Enrolment.objects.get(participant=personas.joint)
    caseworker = personas.fk_caseworker
    meeting = casework.record_meeting(
        actor=caseworker,
        enrolment=enrolment,
        meeting_type="joint_follow_up",
        attendees=[casework.AttendeeInput("participant")],
        occurred_at=timezone.now() - datetime.timedelta(days=1),
        mode="face_to_face",
        place="office",
        agreed="Kontakta arbetsgivaren.",
    )
    casework.write_reflection(actor=caseworker, meeting=meeting, text="Orolig inför starten.")
    documents.write_final_document(
        actor=caseworker,
        enrolment=enrolment,
        text=documents.FinalText(
            joint_planning="Mål: arbete.",
            activities="Arbetsträning.",
            prerequisites="yes",
            assessment="Kan delta i arbetsförberedande insatser.",
        ),
    )
    return _closed(enrolment, caseworker)


def _municipality_rule(
    personas: Personas, *, programme_code: str = "", years: int = 5, **choices: Any
) -> None:
    services.save_rule(
        actor=personas.administrator,
        rule=None,
        organisation=personas.municipality,
        programme_code=programme_code,
        years=years,
        **choices,
    )


def _closed(enrolment: Enrolment, actor: Any) -> Enrolment:
    reason = next(iter(registry().get(enrolment.programme_model).exit_reasons))  # type: ignore[union-attr]
    return lifecycle.exit_enrolment(actor=actor, enrolment=enrolment, day=CLOSED_ON, reason=reason)


def test_a_closed_case_past_its_time_loses_its_content_and_its_person_their_identity(
    personas: Personas, clock: Clock
) -> None:
    case = _record_a_case(personas)
    still_open = Enrolment.objects.get(participant=personas.same_unit)
    clock.move_to(SIX_YEARS_LATER)

    run = services.erase_due(today=clock.today(), dry_run=False)

    assert [enrolment.pk for enrolment in run.cases] == [case.pk]
    case.refresh_from_db()
    assert case.content_erased_on == SIX_YEARS_LATER
    # What reports count stays: the case, its dates, phases and outcome, the contact as a fact.
    assert (case.status, case.end_date, case.outcome) == ("exited", CLOSED_ON, case.outcome)
    assert EnrolmentEvent.objects.filter(enrolment=case).count() > 0
    assert list(Contact.objects.filter(enrolment=case).values_list("note", "mode")) == [
        ("", "face_to_face")
    ]
    # What tells about the person goes.
    assert not PlanRevision.objects.filter(enrolment=case).exists()
    assert not VocationalProfile.objects.filter(enrolment=case).exists()
    assert not EnrolmentEvent.objects.filter(enrolment=case).exclude(note="").exists()
    person = Participant.objects.get(pk=personas.own.pk)
    assert person.is_anonymous and person.display_name == personas.own.code_name
    assert (person.identity_number, person.first_name, person.last_name) == (None, "", "")
    assert (person.birth_year, person.sex) == (personas.own.birth_year, personas.own.sex)
    # Nobody else is touched: an open case, and a person whose case is open.
    still_open.refresh_from_db()
    assert still_open.content_erased_on is None
    assert Participant.objects.get(pk=personas.same_unit.pk).last_name == (
        personas.same_unit.last_name
    )
    assert verify_chain().intact


def test_the_case_page_says_its_content_was_erased(
    personas: Personas, clock: Clock, client_for
) -> None:  # type: ignore[no-untyped-def]
    case = _record_a_case(personas)
    clock.move_to(SIX_YEARS_LATER)
    services.erase_due(today=clock.today(), dry_run=False)

    page = client_for(personas.coach_a).get(f"/cases/{case.pk}/").content.decode()

    assert f"gallrades den {SIX_YEARS_LATER.isoformat()}" in page
    assert NOTE not in page and "Arbete i handeln" not in page


def test_a_register_extract_after_erasure_says_what_went_and_when(
    personas: Personas, clock: Clock, client_for
) -> None:  # type: ignore[no-untyped-def]
    case = _record_a_case(personas)
    clock.move_to(SIX_YEARS_LATER)
    services.erase_due(today=clock.today(), dry_run=False)

    answer = client_for(personas.records_officer).get(
        f"/register-extracts/{personas.own.pk}/extract.json"
    )

    assert answer.status_code == 200
    extract = answer.json()
    assert extract["participant"]["is_anonymous"] is True
    assert extract["participant"]["last_name"] == ""
    [enrolment] = extract["enrolments"]
    assert (enrolment["id"], enrolment["content_erased_on"]) == (
        case.pk,
        SIX_YEARS_LATER.isoformat(),
    )
    assert enrolment["plans"] == [] and [c["note"] for c in enrolment["contacts"]] == [""]


def test_the_run_is_audited_without_naming_anyone(personas: Personas, clock: Clock) -> None:
    case = _record_a_case(personas)
    clock.move_to(SIX_YEARS_LATER)
    before = AuditEntry.objects.count()

    services.erase_due(today=clock.today(), dry_run=False)

    entries = list(AuditEntry.objects.order_by("sequence")[before:])
    assert [(entry.event, entry.participant_id) for entry in entries] == [
        (AuditEvent.CASE_CONTENT_ERASED, personas.own.pk),
        (AuditEvent.PARTICIPANT_PSEUDONYMISED, personas.own.pk),
        # Registered but never referred nor enrolled: kept the default period from registering.
        (AuditEvent.PARTICIPANT_PSEUDONYMISED, personas.unenrolled.pk),
        (AuditEvent.RETENTION_RUN, None),
    ]
    erased = entries[0].changes
    assert erased["years_kept"] == 5 and erased["closed_on"] == CLOSED_ON.isoformat()
    assert erased["erased"]["plans"] == 1 and erased["erased"]["profiles"] == 1
    assert entries[3].changes["cases"] == 1 and entries[3].changes["dry_run"] is False
    assert personas.own.last_name not in str([entry.changes for entry in entries])
    assert case.pk == int(entries[0].object_id)


def test_a_joint_case_loses_its_meeting_notes_and_final_documentation(
    personas: Personas, clock: Clock
) -> None:
    case = _record_a_joint_case(personas)
    clock.move_to(SIX_YEARS_LATER)

    services.erase_due(today=clock.today(), dry_run=False)

    assert not FinalDocument.objects.filter(enrolment=case).exists()
    assert not MeetingReflection.objects.filter(meeting__contact__enrolment=case).exists()
    assert list(
        Contact.objects.filter(enrolment=case).values_list("meeting__agreed", flat=True)
    ) == [""]
    assert Participant.objects.get(pk=personas.joint.pk).is_anonymous


def test_the_survey_key_goes_with_the_last_kept_case_of_its_programme(
    personas: Personas, clock: Clock
) -> None:
    def key_for(participant: Participant, n: int) -> SurveyId:
        survey_id = SurveyId.objects.create(
            code=f"TEST{n:04d}", unit=personas.joint_team, programme="amia", issued_on=TODAY
        )
        SurveyKey.objects.create(
            survey_id=survey_id,
            participant=participant,
            programme="amia",
            issued_by=personas.coordinator,
        )
        return survey_id

    case = _record_a_joint_case(personas)
    erased_id = key_for(personas.joint, 1)
    # A person whose other AMiA case is still open keeps the key of that programme.
    open_case = EnrolmentFactory.create(
        unit=personas.joint_team, programme_model="amia", responsible_staff=personas.fk_caseworker
    )
    elsewhere = UnitFactory.create(organisation=personas.fk, runs=["amia"])
    coach = MembershipFactory.create(unit=elsewhere, role=Role.COACH).user
    _closed(
        EnrolmentFactory.create(
            participant=open_case.participant,
            unit=elsewhere,
            programme_model="amia",
            responsible_staff=coach,
        ),
        coach,
    )
    kept_id = key_for(open_case.participant, 2)
    clock.move_to(SIX_YEARS_LATER)

    services.erase_due(today=clock.today(), dry_run=False)

    assert Enrolment.objects.get(pk=case.pk).content_erased_on == SIX_YEARS_LATER
    # The ID and its answers stay for the figures; nothing says whose they were.
    assert SurveyId.objects.filter(pk=erased_id.pk).exists()
    assert not SurveyKey.objects.filter(survey_id=erased_id).exists()
    assert SurveyKey.objects.get(survey_id=kept_id).participant_id == open_case.participant_id
    entry = AuditEntry.objects.get(event=AuditEvent.CASE_CONTENT_ERASED, object_id=str(case.pk))
    assert entry.changes["erased"]["survey_keys"] == 1


def test_a_dry_run_lists_what_would_go_and_changes_nothing(
    personas: Personas, clock: Clock
) -> None:
    case = _record_a_case(personas)
    clock.move_to(SIX_YEARS_LATER)

    run = services.erase_due(today=clock.today(), dry_run=True)

    assert [enrolment.pk for enrolment in run.cases] == [case.pk]
    assert [participant.pk for participant in run.participants] == [
        personas.own.pk,
        personas.unenrolled.pk,
    ]
    case.refresh_from_db()
    assert case.content_erased_on is None
    assert Contact.objects.get(enrolment=case).note == NOTE
    assert Participant.objects.get(pk=personas.own.pk).last_name == personas.own.last_name
    last = AuditEntry.objects.order_by("-sequence").first()
    assert last is not None and last.event == AuditEvent.RETENTION_RUN
    assert last.changes == {
        "day": SIX_YEARS_LATER.isoformat(),
        "dry_run": True,
        "cases": 1,
        "referrals": 0,
        "participants": 2,
    }


def test_nothing_goes_before_its_time(personas: Personas, clock: Clock) -> None:
    _record_a_case(personas)
    clock.move_to(SIX_YEARS_LATER - datetime.timedelta(days=366))

    run = services.erase_due(today=clock.today(), dry_run=False)

    assert (run.cases, run.participants) == ([], [])
    assert Participant.objects.get(pk=personas.unenrolled.pk).last_name
    assert Participant.objects.get(pk=personas.own.pk).last_name == personas.own.last_name


def test_the_organisation_s_rule_for_a_programme_decides(personas: Personas, clock: Clock) -> None:
    _municipality_rule(personas, programme_code="ips", years=10)
    _municipality_rule(personas, years=2)
    ips_case = _record_a_case(personas)
    joint_case = _record_a_joint_case(personas)  # Försäkringskassan: the default, five years
    clock.move_to(SIX_YEARS_LATER)

    run = services.erase_due(today=clock.today(), dry_run=False)

    assert [enrolment.pk for enrolment in run.cases] == [joint_case.pk]
    ips_case.refresh_from_db()
    assert ips_case.content_erased_on is None
    clock.move_to(TODAY.replace(year=TODAY.year + 11))
    assert [e.pk for e in services.erase_due(today=clock.today(), dry_run=False).cases] == [
        ips_case.pk
    ]


@pytest.mark.parametrize(
    ("country", "number", "kept"),
    [
        ("SE", swedish_number(datetime.date(1985, 4, 15), 123), True),
        ("SE", swedish_number(datetime.date(1985, 4, 25), 123, coordination=True), True),
        ("SE", swedish_number(datetime.date(1985, 4, 14), 123), False),
        ("DK", "0504851239", True),
        ("DK", "0604851238", False),
    ],
)
def test_the_research_sample_is_kept_where_the_rule_says_so(
    personas: Personas, clock: Clock, country: str, number: str, kept: bool
) -> None:
    _municipality_rule(personas, keep_research_sample=True)
    Participant.objects.filter(pk=personas.own.pk).update(
        identity_country=country, identity_number=number.replace("-", "")
    )
    case = _record_a_case(personas)
    clock.move_to(SIX_YEARS_LATER)

    run = services.erase_due(today=clock.today(), dry_run=False)

    assert [enrolment.pk for enrolment in run.cases] == ([] if kept else [case.pk])
    person = Participant.objects.get(pk=personas.own.pk)
    assert person.first_name == ("" if not kept else personas.own.first_name)


def test_without_the_rule_the_research_sample_goes_too(personas: Personas, clock: Clock) -> None:
    Participant.objects.filter(pk=personas.own.pk).update(
        identity_number=swedish_number(datetime.date(1985, 4, 15), 123).replace("-", "")
    )
    case = _record_a_case(personas)
    clock.move_to(SIX_YEARS_LATER)

    assert [e.pk for e in services.erase_due(today=clock.today(), dry_run=True).cases] == [case.pk]


def test_a_person_with_a_case_elsewhere_keeps_their_identity(
    personas: Personas, clock: Clock
) -> None:
    case = _record_a_case(personas)
    Enrolment.objects.filter(participant=personas.same_unit).update(participant=personas.own)
    clock.move_to(SIX_YEARS_LATER)

    run = services.erase_due(today=clock.today(), dry_run=False)

    assert [enrolment.pk for enrolment in run.cases] == [case.pk]
    assert personas.own.pk not in {participant.pk for participant in run.participants}
    assert not Participant.objects.get(pk=personas.own.pk).is_anonymous


def test_a_referral_that_never_became_a_case_loses_its_texts(
    personas: Personas, clock: Clock
) -> None:
    between = {
        "from_unit": personas.joint_team,
        "referred_by": personas.fk_caseworker,
        "to_unit": personas.unit_a,
        "sent_on": TODAY,
    }
    referral = ReferralFactory(
        **between,
        person={"first_name": "Remitterad", "identity_number": "198504150000"},
        status=ReferralStatus.DECLINED,
        decided_on=TODAY,
    )
    waiting = ReferralFactory(**between, participant=personas.own, stated_needs="Vill arbeta.")
    _record_a_case(personas)
    clock.move_to(SIX_YEARS_LATER)

    run = services.erase_due(today=clock.today(), dry_run=False)

    assert [item.pk for item in run.referrals] == [referral.pk]
    referral.refresh_from_db()
    assert (referral.person, referral.stated_needs, referral.requested_service) == ({}, "", "")
    assert (referral.status, referral.decided_on) == (ReferralStatus.DECLINED, TODAY)
    # A referral still waiting for an answer keeps its person identified.
    assert Referral.objects.get(pk=waiting.pk).stated_needs == "Vill arbeta."
    assert not Participant.objects.get(pk=personas.own.pk).is_anonymous


def test_a_referral_of_someone_not_yet_registered_holds_back_nobody(
    personas: Personas, clock: Clock
) -> None:
    ReferralFactory(
        from_unit=personas.joint_team,
        to_unit=personas.unit_a,
        person={"first_name": "Ännu", "last_name": "Oregistrerad"},
        sent_on=TODAY,
    )
    _record_a_case(personas)
    clock.move_to(SIX_YEARS_LATER)

    run = services.erase_due(today=clock.today(), dry_run=False)

    assert personas.own.pk in {participant.pk for participant in run.participants}
    assert Participant.objects.get(pk=personas.own.pk).is_anonymous


def test_a_second_run_finds_nothing_more(personas: Personas, clock: Clock) -> None:
    _record_a_case(personas)
    clock.move_to(SIX_YEARS_LATER)
    services.erase_due(today=clock.today(), dry_run=False)

    again = services.erase_due(today=clock.today(), dry_run=False)

    assert (again.cases, again.referrals, again.participants) == ([], [], [])


def test_the_command_lists_by_number_and_code_name(
    personas: Personas, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    case = _record_a_case(personas)
    clock.move_to(SIX_YEARS_LATER)

    call_command("retention", "--dry-run")

    output = capsys.readouterr().out
    assert f"case {case.pk} (IPS, Testby kommun, closed {CLOSED_ON.isoformat()})" in output
    assert f"participant {personas.own.code_name}: identifying data would be erased" in output
    assert "1 cases, 0 referrals, 2 participants would be erased." in output
    assert personas.own.last_name not in output
    assert Participant.objects.get(pk=personas.own.pk).last_name == personas.own.last_name


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (datetime.date(2026, 12, 3), 5, datetime.date(2021, 12, 3)),
        (datetime.date(2028, 2, 29), 1, datetime.date(2027, 2, 28)),
    ],
)
def test_years_before_keeps_the_calendar_day(
    day: datetime.date, years: int, expected: datetime.date
) -> None:
    assert years_before(day, years) == expected
