from __future__ import annotations

import pytest
from django.core.management import call_command

from lotsa.accounts.models import User
from lotsa.audit.verify import verify_chain
from lotsa.demo.builder import PASSWORD, DemoBuilder
from lotsa.organisations.models import Membership, Organisation, Unit
from lotsa.pathways.models import FollowUp, Milestone
from lotsa.people.identity import parse_identity_number
from lotsa.people.models import IDENTIFYING_FIELDS, Consent, Participant

pytestmark = pytest.mark.django_db


def numbers() -> list[str]:
    return list(
        Participant.objects.exclude(identity_number=None)
        .order_by("pk")
        .values_list("identity_number", flat=True)
    )


def test_the_demo_builds_a_realistic_valid_dataset() -> None:
    logins = DemoBuilder(participants=60, anonymous=4).build()
    assert {login.username for login in logins} >= {
        "coach.asunda",
        "fk.caseworker",
        "jobcentre.sundby",
        "admin",
        "analyst",
    }
    assert set(Organisation.objects.values_list("country", flat=True)) == {"SE", "DK"}
    assert Unit.objects.count() == 10
    assert 38 <= User.objects.count() <= 45
    assert User.objects.get(username="coach.asunda").check_password(PASSWORD)
    joint = Unit.objects.get(name="AMiA Mälarbygden")
    assert Membership.objects.filter(unit=joint).values("employer").distinct().count() == 2
    assert Participant.objects.count() == 60
    for participant in Participant.objects.filter(is_anonymous=False):
        parsed = parse_identity_number(participant.identity_number, participant.identity_country)
        assert parsed.number == participant.identity_number
        assert (parsed.birth_date.year, parsed.sex) == (participant.birth_year, participant.sex)
        unit_country = participant.enrolments.first().unit.organisation.country
        assert unit_country == participant.identity_country
    anonymous = Participant.objects.filter(is_anonymous=True)
    assert anonymous.count() == 4
    for participant in anonymous:
        assert all(getattr(participant, name) in ("", None, False) for name in IDENTIFYING_FIELDS)
    assert Consent.objects.filter(kind="participation").count() == 60
    # the follow-ups that have come are recorded, so the flow and AMiA reports have figures
    assert set(FollowUp.objects.values_list("code", flat=True)) == {
        "ninety_days_after_ali",
        "six_months_after_end",
    }
    assert Milestone.objects.filter(code="ali_end").exists()
    assert verify_chain().intact


def test_the_same_seed_gives_the_same_people() -> None:
    def people(seed: int) -> list[object]:
        builder = DemoBuilder(seed=seed)
        return [builder._details(country, False) for country in ["SE", "DK"] * 10]

    assert people(7) == people(7)
    assert people(7) != people(8)


def test_the_demo_command_loads_once(capsys) -> None:
    User.objects.create_user("someone", password="x-synthetic-123")
    call_command("demo")
    assert "not loaded again" in capsys.readouterr().out
    assert not Participant.objects.exists()
