from __future__ import annotations

import datetime
import json

import pytest

from lotsa.audit.models import AuditEntry, AuditEvent
from lotsa.errors import DomainError, NotFound
from lotsa.pathways.services.lifecycle import register_participant
from lotsa.people.models import IDENTIFYING_FIELDS, Participant
from lotsa.people.services import (
    DuplicateParticipant,
    ParticipantDetails,
    update_participant,
)
from lotsa.testing.factories import swedish_number

pytestmark = pytest.mark.django_db
REFERRAL = datetime.date(2026, 1, 15)
NUMBER = swedish_number(datetime.date(1979, 4, 2), 915)


def identified(**overrides: object) -> ParticipantDetails:
    values: dict[str, object] = {
        "identity_country": "SE",
        "identity_number": NUMBER[2:],
        "first_name": "Maja",
        "last_name": "Testholm",
        "phone": "070-000 00 00",
        "email": "maja@example.org",
        "city": "Testby",
        "preferred_language": "sv",
    }
    values.update(overrides)
    return ParticipantDetails(**values)  # type: ignore[arg-type]


def register(personas, details, actor=None):  # type: ignore[no-untyped-def]
    return register_participant(
        actor=actor or personas.coach_a,
        details=details,
        unit=personas.unit_a,
        programme_model="ips",
        referral_date=REFERRAL,
    )


def test_registration_stores_the_normalised_number_and_derives_birth_year_and_sex(personas) -> None:
    participant = register(personas, identified())
    participant.refresh_from_db()
    assert participant.identity_number == NUMBER.replace("-", "")
    assert participant.identity_kind == "personnummer"
    assert participant.birth_year == 1979
    assert participant.sex == "male"  # serial 915: second-to-last digit 1 is odd
    enrolment = participant.enrolments.get()
    assert (enrolment.unit, enrolment.programme_model, enrolment.referral_date) == (
        personas.unit_a,
        "ips",
        REFERRAL,
    )
    assert enrolment.responsible_staff == personas.coach_a


def test_registration_is_audited_with_the_values_written(personas) -> None:
    participant = register(personas, identified())
    entry = AuditEntry.objects.get(event=AuditEvent.PARTICIPANT_CREATED)
    assert entry.actor == personas.coach_a
    assert entry.participant_id == participant.pk
    assert entry.changes["identity_number"] == [None, NUMBER.replace("-", "")]
    assert entry.changes["last_name"] == [None, "Testholm"]
    assert (
        AuditEntry.objects.filter(
            event=AuditEvent.ENROLMENT_CREATED, participant_id=participant.pk
        ).count()
        == 1
    )


def test_the_same_number_in_another_form_is_refused_and_points_to_the_visible_record(
    personas,
) -> None:
    first = register(personas, identified())
    with pytest.raises(DuplicateParticipant) as refused:
        register(personas, identified(identity_number=NUMBER.replace("-", ""), first_name="Other"))
    assert refused.value.existing_id == first.pk
    assert "already registered" in refused.value.errors["identity_number"][0]
    assert Participant.objects.filter(identity_number=NUMBER.replace("-", "")).count() == 1


def test_a_person_registered_where_the_user_may_not_look_gets_a_record_of_the_unit(
    personas,
) -> None:
    elsewhere = register(personas, identified())
    here = register_participant(
        actor=personas.coach_b,
        details=identified(),
        unit=personas.unit_b,
        programme_model="ips",
        referral_date=REFERRAL,
    )
    assert here.pk != elsewhere.pk
    assert here.identity_number == elsewhere.identity_number
    assert list(here.enrolments.values_list("unit", flat=True)) == [personas.unit_b.pk]


def test_anonymous_registration_stores_nothing_identifying_anywhere(personas) -> None:
    participant = register(
        personas, ParticipantDetails(is_anonymous=True, birth_year=1990, sex="female")
    )
    update_participant(
        actor=personas.coach_a,
        participant=participant,
        details=ParticipantDetails(is_anonymous=True, birth_year=1991, sex="female"),
    )
    stored = Participant.objects.get(pk=participant.pk)
    assert stored.is_anonymous
    assert (stored.birth_year, stored.sex) == (1991, "female")
    assert stored.code_name and stored.display_name == stored.code_name
    for name in IDENTIFYING_FIELDS:
        assert getattr(stored, name) in ("", None, False), name
    entries = AuditEntry.objects.filter(participant_id=participant.pk)
    assert entries.count() >= 3
    for entry in entries:
        text = json.dumps(entry.changes)
        assert "1990" not in text and "1991" not in text
        assert stored.code_name not in text
    update = entries.get(event=AuditEvent.PARTICIPANT_UPDATED)
    assert update.changes == {"fields": ["birth_year"]}


def test_anonymous_registration_refuses_identifying_data_instead_of_dropping_it(personas) -> None:
    with pytest.raises(DomainError) as refused:
        register(
            personas,
            ParticipantDetails(
                is_anonymous=True, birth_year=1990, sex="male", first_name="Kim", phone="1"
            ),
        )
    assert set(refused.value.errors) == {"first_name", "phone"}
    assert not Participant.objects.filter(first_name="Kim").exists()


@pytest.mark.parametrize(
    ("details", "field"),
    [
        (identified(identity_number="19790402-9150"), "identity_number"),
        (identified(identity_country=""), "identity_country"),
        (identified(first_name=" "), "first_name"),
        (identified(email="not-an-address"), "email"),
        (identified(first_name="x" * 101), "first_name"),
        (identified(preferred_language="xx"), "preferred_language"),
        (ParticipantDetails(is_anonymous=True, sex="female"), "birth_year"),
        (ParticipantDetails(is_anonymous=True, birth_year=1850, sex="female"), "birth_year"),
    ],
)
def test_bad_details_are_refused_field_by_field(personas, details, field) -> None:
    with pytest.raises(DomainError) as refused:
        register(personas, details)
    assert field in refused.value.errors
    assert Participant.objects.count() == 5  # only the personas' participants


def test_a_participant_cannot_be_made_anonymous_afterwards(personas) -> None:
    participant = register(personas, identified())
    with pytest.raises(DomainError) as refused:
        update_participant(
            actor=personas.coach_a,
            participant=participant,
            details=ParticipantDetails(is_anonymous=True, birth_year=1979, sex="male"),
        )
    assert "is_anonymous" in refused.value.errors


def test_an_update_records_old_and_new_values(personas) -> None:
    participant = register(personas, identified())
    update_participant(
        actor=personas.coach_a, participant=participant, details=identified(city="Nyby")
    )
    entry = AuditEntry.objects.get(event=AuditEvent.PARTICIPANT_UPDATED)
    assert entry.changes == {"city": ["Testby", "Nyby"]}


@pytest.mark.parametrize(
    "persona", ["manager_a", "reviewer", "analyst", "administrator", "coach_b"]
)
def test_only_coaches_and_team_leaders_of_the_unit_may_register(personas, persona) -> None:
    with pytest.raises(NotFound):
        register(personas, identified(), actor=getattr(personas, persona))
    assert AuditEntry.objects.filter(
        event=AuditEvent.ACCESS_DENIED, actor=getattr(personas, persona)
    ).exists()


def test_a_typed_birth_year_that_contradicts_the_identity_number_is_refused(personas) -> None:
    with pytest.raises(DomainError) as refused:
        register(personas, identified(birth_year=1990, sex="female"))
    assert set(refused.value.errors) == {"birth_year", "sex"}
    same = register(personas, identified(birth_year=1979, sex="male"))
    assert same.birth_year == 1979


def test_registration_offers_the_models_the_unit_runs_and_preselects_its_own(
    personas, client_for
) -> None:
    from lotsa.pathways.models import UnitProgramme

    UnitProgramme.objects.filter(unit=personas.unit_a).exclude(programme_code="ips").delete()
    form = client_for(personas.coach_a).get("/participants/new/").context["form"]
    assert form["programme_model"].value() == "ips"
    assert [code for code, _name in form.fields["programme_model"].choices] == ["ips"]
    UnitProgramme.objects.create(unit=personas.unit_a, programme_code="knut_pv")
    form = client_for(personas.coach_a).get("/participants/new/").context["form"]
    assert form["programme_model"].value() is None
    assert [code for code, _name in form.fields["programme_model"].choices] == ["ips", "knut_pv"]
